"""The walk that resolves variant markup over a whole Pandoc tree: every list of the tree, deepest
first, with an explicit stack (so that hundreds of nested lists cannot overflow it), and flag forms
whose opener and closer stand in different paragraphs."""
from __future__ import annotations

from typing import Any

from pipeline.readers.langconv_report import Findings, VariantReport, merged_report
from pipeline.readers.langconv_rules import flag_label, flag_names, resolve_construct, split_flags
from pipeline.readers.langconv_tokens import Delim, is_delim, tidy, tokenise, untokenise
from pipeline.readers.pandoc_ast import Block, Inline, strip_spaces

INLINES, PARAGRAPH, BLOCKS = "inlines", "paragraph", "blocks"
"""Kinds of child list: inlines; the inlines of a Para, Plain or Header (edges trimmed,
emptying recorded); blocks."""
_PARAGRAPHS = ("Para", "Plain")

_INLINE_CONTAINERS = frozenset(
    {"Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps"}
)


def resolve_tree(root: list[Any], kind: str) -> tuple[list[Any], VariantReport]:
    """Resolve every list of the tree, children before the list that holds them.

    A first pass, in document order, copies each node with fresh child lists (the input
    stays as it was), joins split Strs, and pairs flag forms across sibling paragraphs
    before those paragraphs are read.  The second pass resolves the lists deepest first,
    so a list's containers are finished when its own markup is matched.  Each list keeps
    its own :class:`Findings`, keyed by its path in the tree, so that the report lists
    them in document order.
    """
    root = list(root)
    found: list[tuple[list[Any], str, Findings]] = []
    stack: list[tuple[list[Any], str, tuple[int, ...]]] = [(root, kind, ())]
    while stack:
        items, kind, path = stack.pop()
        findings = Findings(path)
        if kind == BLOCKS:
            items[:] = _remove_flag_pairs(items, findings)
        else:
            items[:] = tidy(items)
        found.append((items, kind, findings))
        children: list[tuple[list[Any], str, tuple[int, ...]]] = []
        for index, node in enumerate(items):
            slots: list[tuple[list[Any], str]] = []
            items[index] = _copy_node(node, slots)
            children += [(child, k, (*path, index, n)) for n, (child, k) in enumerate(slots)]
        stack.extend(reversed(children))
    emptied: set[int] = set()
    for items, kind, findings in reversed(found):
        if kind == BLOCKS:
            items[:] = [b for b in items if not (b["t"] in _PARAGRAPHS and id(b["c"]) in emptied)]
            continue
        resolved = _resolve_level(items, findings)
        if kind == PARAGRAPH:
            resolved = strip_spaces(resolved)
            if items and not resolved:
                emptied.add(id(items))
        items[:] = resolved
    return root, merged_report([findings for _, _, findings in found])


def _copy_node(node: Any, children: list[tuple[list[Any], str]]) -> Any:
    """``node`` with fresh copies of its child lists, which are added to ``children``.

    This table is where the walk learns Pandoc's JSON shapes; leaves come back as they are.
    """

    def child(items: list[Any], kind: str) -> list[Any]:
        fresh = list(items)
        children.append((fresh, kind))
        return fresh

    def caption(value: list[Any]) -> list[Any]:
        short, blocks = value
        return [None if short is None else child(short, INLINES), child(blocks, BLOCKS)]

    def rows(value: list[Any]) -> list[Any]:
        return [[attr, [[*cell[:4], child(cell[4], BLOCKS)] for cell in cells]] for attr, cells in value]

    kind, c = node["t"], node.get("c")
    if kind in _INLINE_CONTAINERS:
        c = child(c, INLINES)
    elif kind in _PARAGRAPHS:
        c = child(c, PARAGRAPH)
    elif kind in ("Quoted", "Span"):
        c = [c[0], child(c[1], INLINES)]
    elif kind in ("Link", "Image"):
        c = [c[0], child(c[1], INLINES), c[2]]
    elif kind == "Cite":
        citations = [
            {**x, "citationPrefix": child(x["citationPrefix"], INLINES),
             "citationSuffix": child(x["citationSuffix"], INLINES)}
            for x in c[0]
        ]
        c = [citations, child(c[1], INLINES)]
    elif kind in ("Note", "BlockQuote"):
        c = child(c, BLOCKS)
    elif kind == "Header":
        c = [c[0], c[1], child(c[2], PARAGRAPH)]
    elif kind == "LineBlock":
        c = [child(line, INLINES) for line in c]
    elif kind == "BulletList":
        c = [child(item, BLOCKS) for item in c]
    elif kind == "OrderedList":
        c = [c[0], [child(item, BLOCKS) for item in c[1]]]
    elif kind == "DefinitionList":
        c = [[child(term, INLINES), [child(d, BLOCKS) for d in definitions]] for term, definitions in c]
    elif kind == "Div":
        c = [c[0], child(c[1], BLOCKS)]
    elif kind == "Figure":
        c = [c[0], caption(c[1]), child(c[2], BLOCKS)]
    elif kind == "Table":
        attr, table_caption, colspecs, head, bodies, foot = c
        c = [
            attr,
            caption(table_caption),
            colspecs,
            [head[0], rows(head[1])],
            [[body[0], body[1], rows(body[2]), rows(body[3])] for body in bodies],
            [foot[0], rows(foot[1])],
        ]
    else:
        return node
    return {"t": kind, "c": c}


def _resolve_level(inlines: list[Inline], report: Findings) -> list[Inline]:
    """Match the delimiters of one inline list whose containers are already resolved."""
    out: list[Inline | Delim] = []
    openers: list[int] = []
    for token in tokenise(inlines):
        if is_delim(token, "-{"):
            openers.append(len(out))
            out.append(token)
        elif is_delim(token, "}-"):
            if openers:
                start = openers.pop()
                construct = resolve_construct(out[start], out[start + 1 :], report)
                del out[start:]
                out.extend(construct)
            else:
                report.warn(token)
                out.append(token)
        else:
            out.append(token)
    for start in openers:
        report.warn(out[start])
    return untokenise(out)


def _unmatched(tokens: list[Inline | Delim]) -> tuple[list[int], list[int]]:
    """Indices of the closers and openers in ``tokens`` that have no partner there."""
    closers: list[int] = []
    openers: list[int] = []
    for index, token in enumerate(tokens):
        if is_delim(token, "-{"):
            openers.append(index)
        elif is_delim(token, "}-"):
            if openers:
                openers.pop()
            else:
                closers.append(index)
    return closers, openers


def _remove_flag_pairs(blocks: list[Block], report: Findings) -> list[Block]:
    """Remove each flag-form opener ending a paragraph with the ``}-`` that closes it later.

    The closer must be the first unmatched ``}-`` of a later sibling paragraph, with no
    paragraph between them holding an unmatched delimiter of its own.  A paragraph that
    held nothing but a marker is dropped.
    """
    blocks = list(blocks)
    emptied: set[int] = set()
    tokens = {
        i: tokenise(tidy(b["c"])) for i, b in enumerate(blocks) if b["t"] in _PARAGRAPHS
    }
    for i in sorted(tokens):
        _, openers = _unmatched(tokens[i])
        if not openers:
            continue
        opener = openers[-1]
        split = split_flags(tokens[i][opener + 1 :])
        if split is None or not split[0]:
            continue
        for j in (k for k in sorted(tokens) if k > i):
            later_closers, later_openers = _unmatched(tokens[j])
            if later_closers:
                closer = later_closers[0]
                flags, text = split
                context = tokens[i][opener].context
                tokens[i] = tokens[i][:opener] + text
                tokens[j] = tokens[j][:closer] + tokens[j][closer + 1 :]
                blocks[i] = {"t": blocks[i]["t"], "c": untokenise(tokens[i])}
                blocks[j] = {"t": blocks[j]["t"], "c": untokenise(tokens[j])}
                emptied.update(k for k in (i, j) if not strip_spaces(blocks[k]["c"]))
                report.note(
                    i,
                    f'{flag_label(flags)} at "{context}" around {j - i - 1} block(s): '
                    f"shown in {', '.join(flag_names(flags))}, markers removed"
                )
                break
            if later_openers:
                break
    return [block for index, block in enumerate(blocks) if index not in emptied]
