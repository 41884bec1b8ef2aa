"""MediaWiki language-variant markup (``-{…}-``) resolved over Pandoc's JSON AST.

Chinese Wikipedia writes one text for every script and region and marks the places where
the variants differ in wording, not only in script: ``-{zh-hans:朝鲜;zh-hant:韓國}-``.  An
edition must keep every variant with its language, keep protected text (``-{庄}-``) out of
script conversion, and drop the no-op separator ``-{}-``.  Because links, bold and line
breaks may sit inside the markup, Pandoc sees one construct as several inline nodes
(``Str "-{zh-hans:"``, ``Link``, ``Str ";zh-hant:"``, ``Link``, ``Str "}-"``), so it is
recognised here over the sequence of inlines, never over the raw Markdown.

What the functions produce (Pandoc 3 JSON inlines):

* ``-{zh-hans:A;zh-hant:B}-`` → ``Span.variant`` holding one ``Span.reg`` per variant, in
  source order, each with a ``lang`` attribute in BCP 47 (:data:`BCP47`).  A ``;`` separates
  variants only when the next thing is a variant key (or the end), as in MediaWiki, so a
  value may itself contain ``;``; values are trimmed; an empty value (``zh-cn:;``) is kept as
  an empty ``reg``.
* ``-{A}-`` (no variant keys) → ``Span.no-conversion`` of A, unchanged.
* ``-{}-`` → removed; the text around it joins up.
* Flag forms ``-{FLAGS|TEXT}-``, as MediaWiki reads them: ``R`` (raw) → no-conversion of
  TEXT; a list of variants (``zh-hans;zh-hant``: TEXT shown only in those) → no-conversion of
  TEXT, removed when TEXT is empty; ``A`` (add a page rule and show it) and ``D`` (describe
  it) → shown as variants; ``H``, ``T`` and ``-`` (hidden rule, title rule, rule removal:
  nothing shown inline) → removed; ``N`` (show a variant's name) → no-conversion of TEXT.
  Every flag form is recorded in :attr:`VariantReport.flag_forms` for the editorial notes.
* An escaped ``\\-{`` reaches us as ``Str "-{"`` (Pandoc drops the backslash), so it is
  treated as markup too: the backslash was an artefact of the wikitext conversion.
* Code (``Code``, ``CodeBlock``), ``Math`` and raw HTML/TeX keep their text literally: code
  is what its author typed.  For a code block that holds variant rules (the pseudocode
  of 冒泡排序, once per script) :func:`code_variants` gives its parts so a reader can still
  render a ``<choice>`` inside the code.

Unbalanced markup never raises: the delimiter is left as text and a warning is reported,
``-{ at "CONTEXT": unbalanced`` or ``}- at "CONTEXT": unbalanced``, where CONTEXT is up to
ten characters either side of the delimiter taken from the one ``Str`` node that holds it,
exactly as Pandoc gives it (escapes already removed), so the reader can find it in the
source to report a line.

The tree is walked with an explicit stack, not recursion, so that any document Pandoc's
JSON could be loaded from (hundreds of nested lists or quotes) can be resolved too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterator

Inline = dict[str, Any]
Block = dict[str, Any]

BCP47: dict[str, str] = {
    "zh": "zh",
    "zh-hans": "zh-Hans",
    "zh-hant": "zh-Hant",
    "zh-cn": "zh-Hans-CN",
    "zh-sg": "zh-Hans-SG",
    "zh-my": "zh-Hans-MY",
    "zh-tw": "zh-Hant-TW",
    "zh-hk": "zh-Hant-HK",
    "zh-mo": "zh-Hant-MO",
}
"""MediaWiki variant key → BCP 47 language tag (script and region subtags)."""


def variant_key_to_lang(key: str) -> str:
    """The BCP 47 tag of a MediaWiki variant key (``zh-hant`` → ``zh-Hant``).

    Keys are matched case-insensitively and without surrounding spaces, as MediaWiki does.
    """
    try:
        return BCP47[key.strip().lower()]
    except KeyError:
        raise ValueError(f"not a MediaWiki variant key: {key!r}") from None


@dataclass
class VariantReport:
    """What resolution did and what it could not do, for the reader's header and warnings.

    ``warnings``: unbalanced delimiters left as text (format in the module docstring).
    ``flag_forms``: one sentence per flag form met, ``-{FLAGS|…}- at "CONTEXT": what was done``.
    Both are in document order.  The counts (variant choices made, protected spans made,
    separators removed) say which kinds of normalisation happened, for ``editorialDecl``.
    """

    warnings: list[str] = field(default_factory=list)
    flag_forms: list[str] = field(default_factory=list)
    variants: int = 0
    protected: int = 0
    separators: int = 0


# --------------------------------------------------------------------------- entry points


def resolve_variants(inlines: list[Inline], warnings: list[str] | None = None) -> list[Inline]:
    """Resolve variant markup in one Pandoc inline list, recursively into its containers.

    Returns a new list; the input is not modified (untouched leaf nodes are shared with it).
    Problems (unbalanced delimiters) are appended to ``warnings`` when a list is given.
    """
    return _passing_warnings(resolve_variants_with_report(inlines), warnings)


def resolve_variants_with_report(inlines: list[Inline]) -> tuple[list[Inline], VariantReport]:
    """:func:`resolve_variants` that also returns the full :class:`VariantReport`."""
    return _resolve_tree(inlines, _INLINES)


def resolve_block_variants(blocks: list[Block], warnings: list[str] | None = None) -> list[Block]:
    """Resolve variant markup in every inline list of a Pandoc block list, recursively.

    Besides what :func:`resolve_variants` does, a flag-form opener ``-{zh-hans;zh-hant|``
    ending one paragraph and its ``}-`` starting a later sibling paragraph (the seed's
    外部链接 section wraps a whole list that way) are removed as a pair: they only restrict
    which variants display the blocks between, which is every variant there is.  A
    paragraph (``Para``/``Plain``) that held nothing but removed markup is dropped, and
    spaces a removal leaves at the edges of a paragraph or heading are trimmed.
    """
    return _passing_warnings(resolve_block_variants_with_report(blocks), warnings)


def resolve_block_variants_with_report(blocks: list[Block]) -> tuple[list[Block], VariantReport]:
    """:func:`resolve_block_variants` that also returns the full :class:`VariantReport`."""
    return _resolve_tree(blocks, _BLOCKS)


def _passing_warnings(result: tuple[list[Any], VariantReport], warnings: list[str] | None) -> list[Any]:
    """The resolved list, after handing the report's warnings to the caller's list."""
    resolved, report = result
    if warnings is not None:
        warnings.extend(report.warnings)
    return resolved


def code_variants(text: str) -> list[str | list[tuple[str, str]]] | None:
    """A code block's text cut into literal code and ``-{key:…;key:…}-`` variant choices.

    MediaWiki converts variant markup inside space-indented preformatted text, which the
    Markdown conversion turned into code blocks (the pseudocode of 冒泡排序 exists once per
    script that way).  Returns the parts in order, each either a literal ``str`` or a list
    of ``(bcp47_tag, code)`` pairs, or None when the text holds no such construct.  Any
    other ``-{…}-`` in code stays in the literal parts, exactly as written.
    """
    tokens = _tokenise([_str(text)])
    parts: list[str | list[tuple[str, str]]] = []
    literal = ""
    index = 0
    while index < len(tokens):
        window = tokens[index : index + 3]
        rules = None
        if len(window) == 3 and _is_delim(window[0], "-{") and _is_delim(window[2], "}-"):
            if not isinstance(window[1], _Delim):
                rules = _parse_rules([window[1]])
        if rules is None:
            token = tokens[index]
            literal += token.text if isinstance(token, _Delim) else token["c"]
            index += 1
            continue
        if literal:
            parts.append(literal)
            literal = ""
        parts.append([(variant_key_to_lang(key), "".join(n["c"] for n in value)) for key, value in rules])
        index += 3
    if not any(isinstance(part, list) for part in parts):
        return None
    return parts + [literal] if literal else parts


# --------------------------------------------------------------------------- tokens


@dataclass
class _Delim:
    """An opening ``-{`` or closing ``}-`` cut out of a Str, with where it was found:
    the Str's index in its list and the text around the delimiter."""

    text: str
    context: str
    position: int

    def warning(self) -> str:
        return f'{self.text} at "{self.context}": unbalanced'


_DELIMITER = re.compile(r"-\{|\}-|\}\u2013\{")
"""``-{``, ``}-``, and ``}–{``: Pandoc's ``smart`` extension reads the ``--`` of two adjacent
constructs (``-{H|…}--{H|…}-``, common in zhwiki) as an en dash."""
_CONTEXT = 10
_WHITESPACE = frozenset({"Space", "SoftBreak"})
_TEXTUAL = _WHITESPACE | {"Str"}


def _str(text: str) -> Inline:
    return {"t": "Str", "c": text}


def _is_delim(token: Any, text: str) -> bool:
    return isinstance(token, _Delim) and token.text == text


def _tokenise(nodes: list[Inline]) -> list[Inline | _Delim]:
    """Cut every ``-{`` and ``}-`` out of the Str nodes, scanning left to right.

    A ``}–{`` becomes the ``}-`` and ``-{`` it was typed as; left unbalanced, it goes back
    as ``}--{``, the source's characters.
    """
    tokens: list[Inline | _Delim] = []
    for position, node in enumerate(nodes):
        if node["t"] != "Str":
            tokens.append(node)
            continue
        text, start = node["c"], 0
        for match in _DELIMITER.finditer(text):
            if match.start() > start:
                tokens.append(_str(text[start : match.start()]))
            context = text[max(0, match.start() - _CONTEXT) : match.end() + _CONTEXT]
            if match.group() == "}\u2013{":
                tokens += [_Delim("}-", context, position), _Delim("-{", context, position)]
            else:
                tokens.append(_Delim(match.group(), context, position))
            start = match.end()
        if start < len(text):
            tokens.append(_str(text[start:]))
    return tokens


def _untokenise(tokens: list[Inline | _Delim]) -> list[Inline]:
    """Tokens back to inlines: delimiters become text again, Strs are joined."""
    return _tidy([_str(t.text) if isinstance(t, _Delim) else t for t in tokens])


def _tidy(nodes: list[Inline]) -> list[Inline]:
    """Join adjacent Strs, drop empty ones and collapse runs of spaces left by removals.

    Pandoc itself never emits adjacent Strs or adjacent spaces, so on untouched input this
    changes nothing.
    """
    out: list[Inline] = []
    for node in nodes:
        if node["t"] == "Str":
            if not node["c"]:
                continue
            if out and out[-1]["t"] == "Str":
                out[-1] = _str(out[-1]["c"] + node["c"])
                continue
        elif node["t"] in _WHITESPACE and out and out[-1]["t"] in _WHITESPACE:
            continue
        out.append(node)
    return out


# --------------------------------------------------------------------------- the tree walk

_INLINES, _PARAGRAPH, _BLOCKS = "inlines", "paragraph", "blocks"
"""Kinds of child list: inlines; the inlines of a Para, Plain or Header (edges trimmed,
emptying recorded); blocks."""

_INLINE_CONTAINERS = frozenset(
    {"Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps"}
)


def _resolve_tree(root: list[Any], kind: str) -> tuple[list[Any], VariantReport]:
    """Resolve every list of the tree, children before the list that holds them.

    A first pass, in document order, copies each node with fresh child lists (the input
    stays as it was), joins split Strs, and pairs flag forms across sibling paragraphs
    before those paragraphs are read.  The second pass resolves the lists deepest first,
    so a list's containers are finished when its own markup is matched.  Each list keeps
    its own :class:`_Findings`, keyed by its path in the tree, so that the report lists
    them in document order.
    """
    root = list(root)
    found: list[tuple[list[Any], str, _Findings]] = []
    stack: list[tuple[list[Any], str, tuple[int, ...]]] = [(root, kind, ())]
    while stack:
        items, kind, path = stack.pop()
        findings = _Findings(path)
        if kind == _BLOCKS:
            items[:] = _remove_flag_pairs(items, findings)
        else:
            items[:] = _tidy(items)
        found.append((items, kind, findings))
        children: list[tuple[list[Any], str, tuple[int, ...]]] = []
        for index, node in enumerate(items):
            slots: list[tuple[list[Any], str]] = []
            items[index] = _copy_node(node, slots)
            children += [(child, k, (*path, index, n)) for n, (child, k) in enumerate(slots)]
        stack.extend(reversed(children))
    emptied: set[int] = set()
    for items, kind, findings in reversed(found):
        if kind == _BLOCKS:
            items[:] = [b for b in items if not (b["t"] in _PARAGRAPHS and id(b["c"]) in emptied)]
            continue
        resolved = _resolve_level(items, findings)
        if kind == _PARAGRAPH:
            resolved = _strip_edges(resolved)
            if items and not resolved:
                emptied.add(id(items))
        items[:] = resolved
    return root, _report([findings for _, _, findings in found])


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
        return [None if short is None else child(short, _INLINES), child(blocks, _BLOCKS)]

    def rows(value: list[Any]) -> list[Any]:
        return [[attr, [[*cell[:4], child(cell[4], _BLOCKS)] for cell in cells]] for attr, cells in value]

    kind, c = node["t"], node.get("c")
    if kind in _INLINE_CONTAINERS:
        c = child(c, _INLINES)
    elif kind in _PARAGRAPHS:
        c = child(c, _PARAGRAPH)
    elif kind in ("Quoted", "Span"):
        c = [c[0], child(c[1], _INLINES)]
    elif kind in ("Link", "Image"):
        c = [c[0], child(c[1], _INLINES), c[2]]
    elif kind == "Cite":
        citations = [
            {**x, "citationPrefix": child(x["citationPrefix"], _INLINES),
             "citationSuffix": child(x["citationSuffix"], _INLINES)}
            for x in c[0]
        ]
        c = [citations, child(c[1], _INLINES)]
    elif kind in ("Note", "BlockQuote"):
        c = child(c, _BLOCKS)
    elif kind == "Header":
        c = [c[0], c[1], child(c[2], _PARAGRAPH)]
    elif kind == "LineBlock":
        c = [child(line, _INLINES) for line in c]
    elif kind == "BulletList":
        c = [child(item, _BLOCKS) for item in c]
    elif kind == "OrderedList":
        c = [c[0], [child(item, _BLOCKS) for item in c[1]]]
    elif kind == "DefinitionList":
        c = [[child(term, _INLINES), [child(d, _BLOCKS) for d in definitions]] for term, definitions in c]
    elif kind == "Div":
        c = [c[0], child(c[1], _BLOCKS)]
    elif kind == "Figure":
        c = [c[0], caption(c[1]), child(c[2], _BLOCKS)]
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


@dataclass
class _Findings:
    """What resolving one list found; warnings and flag notes keyed by tree position."""

    path: tuple[int, ...]
    warnings: list[tuple[tuple[int, ...], str]] = field(default_factory=list)
    flag_forms: list[tuple[tuple[int, ...], str]] = field(default_factory=list)
    variants: int = 0
    protected: int = 0
    separators: int = 0

    def warn(self, delimiter: "_Delim") -> None:
        self.warnings.append(((*self.path, delimiter.position), delimiter.warning()))

    def note(self, position: int, text: str) -> None:
        self.flag_forms.append(((*self.path, position), text))


def _report(findings: list[_Findings]) -> VariantReport:
    """All lists' findings as one report, warnings and notes in document order."""
    return VariantReport(
        warnings=[text for _, text in sorted((w for f in findings for w in f.warnings), key=lambda w: w[0])],
        flag_forms=[text for _, text in sorted((n for f in findings for n in f.flag_forms), key=lambda n: n[0])],
        variants=sum(f.variants for f in findings),
        protected=sum(f.protected for f in findings),
        separators=sum(f.separators for f in findings),
    )


# --------------------------------------------------------------------------- one inline list


def _resolve_level(inlines: list[Inline], report: _Findings) -> list[Inline]:
    """Match the delimiters of one inline list whose containers are already resolved."""
    out: list[Inline | _Delim] = []
    openers: list[int] = []
    for token in _tokenise(inlines):
        if _is_delim(token, "-{"):
            openers.append(len(out))
            out.append(token)
        elif _is_delim(token, "}-"):
            if openers:
                start = openers.pop()
                construct = _construct(out[start], out[start + 1 :], report)
                del out[start:]
                out.extend(construct)
            else:
                report.warn(token)
                out.append(token)
        else:
            out.append(token)
    for start in openers:
        report.warn(out[start])
    return _untokenise(out)


def _construct(opener: _Delim, content: list[Inline | _Delim], report: _Findings) -> list[Inline]:
    """The inlines that replace one complete ``-{ content }-``."""
    if not content:
        report.separators += 1
        return []
    split = _split_flags(content)
    if split is None:
        return _rules_or_protected(content, report)
    flags, text = split
    text = _tidy(text)
    langs = [f for f in flags if f.lower() in BCP47]
    letters = {f for f in flags if f.lower() not in BCP47}
    label = f'{_flag_label(flags)} at "{opener.context}"'
    if not text and not flags:
        report.separators += 1
        return []
    if not flags:
        return _rules_or_protected(text, report)
    if "R" in letters:
        return _protected(text, report) if text else []
    if langs:
        shown = ", ".join(_flag_names(langs))
        if _is_blank(text):
            report.note(opener.position, f"{label}: text shown only in {shown} is empty, removed")
            return []
        report.note(opener.position, f"{label}: text shown only in {shown}, kept as protected text")
        return _protected(text, report)
    if letters & {"A", "D"}:
        report.note(opener.position, f"{label}: page-wide rule also shown here, kept as variants")
        return _rules_or_protected(text, report)
    if letters & {"H", "T", "-"}:
        report.note(opener.position, f"{label}: hidden conversion rule, not shown, removed")
        return []
    report.note(opener.position, f"{label}: variant-name flag, text kept as protected text")
    return _protected(text, report)


_FLAG_LETTERS = frozenset({"A", "T", "R", "D", "-", "H", "N"})


def _split_flags(content: list[Inline | _Delim]) -> tuple[list[str], list[Inline | _Delim]] | None:
    """``(flags, text)`` when the content opens with ``FLAGS|``, else None.

    Flags are MediaWiki's letters or variant keys separated by ``;``, written in plain text
    before the first ``|``; anything else before a ``|`` means the bar is ordinary text.
    """
    head, bar, _ = _leading_text(content).partition("|")
    if not bar:
        return None
    flags = [f.strip() for f in head.split(";") if f.strip()]
    if not all(f in _FLAG_LETTERS or f.lower() in BCP47 for f in flags):
        return None
    return flags, _drop_leading(content, len(head) + 1)


def _leading_text(nodes: list[Inline | _Delim]) -> str:
    """The plain text that opens ``nodes``: Strs and spaces up to the first other node."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, _Delim) or node["t"] not in _TEXTUAL:
            break
        parts.append(node["c"] if node["t"] == "Str" else " ")
    return "".join(parts)


def _drop_leading(nodes: list[Inline | _Delim], count: int) -> list[Inline | _Delim]:
    """``nodes`` without the first ``count`` characters of their :func:`_leading_text`."""
    for index, node in enumerate(nodes):
        if count == 0:
            return nodes[index:]
        size = len(node["c"]) if node["t"] == "Str" else 1
        if count < size:
            return [_str(node["c"][count:]), *nodes[index + 1 :]]
        count -= size
    return []


def _rules_or_protected(content: list[Inline], report: _Findings) -> list[Inline]:
    rules = _parse_rules(content)
    if rules is None:
        return _protected(content, report)
    report.variants += 1
    regs = [
        {"t": "Span", "c": [["", ["reg"], [["lang", variant_key_to_lang(key)]]], _tidy(value)]}
        for key, value in rules
    ]
    return [{"t": "Span", "c": [["", ["variant"], []], regs]}]


def _protected(content: list[Inline], report: _Findings) -> list[Inline]:
    report.protected += 1
    return [{"t": "Span", "c": [["", ["no-conversion"], []], _tidy(content)]}]


_RULE = re.compile(r"\s*(?:(?P<source>[^;]*?)\s*=>\s*)?(?P<key>zh(?:-[A-Za-z]+)?)\s*:")
"""``key:`` or the unidirectional ``SOURCE=>key:`` that opens a rule (MediaWiki treats any
``=>`` before the key as unidirectional)."""


def _parse_rules(content: list[Inline]) -> list[tuple[str, list[Inline]]] | None:
    """``[(key, value inlines), …]`` when the content is ``key:value;key:value…``, else None.

    MediaWiki splits at a ``;`` only when a rule or the end follows it; a segment that does
    not start with a rule belongs, with its ``;``, to the value before it.  The source text
    of a unidirectional rule ``SOURCE=>zh-cn:VALUE`` is what the other variants show, so
    it is kept as the ``zh`` (undifferentiated) reading unless the markup gives one.
    """
    rules: list[tuple[str, list[Inline]]] = []
    segments = list(_split_semicolons(content))
    for number, segment in enumerate(segments):
        rule = _RULE.match(_leading_text(segment))
        if rule is not None and rule.group("key").lower() in BCP47:
            source = (rule.group("source") or "").strip()
            if source and all(key != "zh" for key, _ in rules):
                rules.append(("zh", [_str(source)]))
            rules.append((rule.group("key").lower(), _drop_leading(segment, rule.end())))
        elif not rules:
            return None
        elif number < len(segments) - 1 or not _is_blank(segment):
            rules[-1][1].extend([_str(";"), *segment])
    return [(key, _trim(value)) for key, value in rules]


def _split_semicolons(content: list[Inline]) -> Iterator[list[Inline]]:
    """The content cut at every ``;`` of its own text (not inside links or emphasis)."""
    segment: list[Inline] = []
    for node in content:
        if node["t"] != "Str" or ";" not in node["c"]:
            segment.append(node)
            continue
        first, *others = node["c"].split(";")
        segment.append(_str(first))
        for piece in others:
            yield segment
            segment = [_str(piece)]
    yield segment


def _trim(value: list[Inline]) -> list[Inline]:
    """A value without the spaces and line breaks around it, as MediaWiki trims it."""
    nodes = _tidy(value)
    while nodes and nodes[0]["t"] in _WHITESPACE:
        nodes.pop(0)
    while nodes and nodes[-1]["t"] in _WHITESPACE:
        nodes.pop()
    if nodes and nodes[0]["t"] == "Str":
        nodes[0] = _str(nodes[0]["c"].lstrip())
    if nodes and nodes[-1]["t"] == "Str":
        nodes[-1] = _str(nodes[-1]["c"].rstrip())
    return _tidy(nodes)


def _is_blank(nodes: list[Inline]) -> bool:
    """Nothing but spaces at this level (what MediaWiki's trim would reduce to nothing)."""
    return all(n["t"] in _WHITESPACE or (n["t"] == "Str" and not n["c"].strip()) for n in nodes)


# --------------------------------------------------------------------------- blocks


def _strip_edges(inlines: list[Inline]) -> list[Inline]:
    """Drop spaces a removal left at the start or end of a paragraph or heading."""
    start, end = 0, len(inlines)
    while start < end and inlines[start]["t"] in _WHITESPACE:
        start += 1
    while end > start and inlines[end - 1]["t"] in _WHITESPACE:
        end -= 1
    return inlines[start:end]


_PARAGRAPHS = ("Para", "Plain")


def _unmatched(tokens: list[Inline | _Delim]) -> tuple[list[int], list[int]]:
    """Indices of the closers and openers in ``tokens`` that have no partner there."""
    closers: list[int] = []
    openers: list[int] = []
    for index, token in enumerate(tokens):
        if _is_delim(token, "-{"):
            openers.append(index)
        elif _is_delim(token, "}-"):
            if openers:
                openers.pop()
            else:
                closers.append(index)
    return closers, openers


def _remove_flag_pairs(blocks: list[Block], report: _Findings) -> list[Block]:
    """Remove each flag-form opener ending a paragraph with the ``}-`` that closes it later.

    The closer must be the first unmatched ``}-`` of a later sibling paragraph, with no
    paragraph between them holding an unmatched delimiter of its own.  A paragraph that
    held nothing but a marker is dropped.
    """
    blocks = list(blocks)
    emptied: set[int] = set()
    tokens = {
        i: _tokenise(_tidy(b["c"])) for i, b in enumerate(blocks) if b["t"] in _PARAGRAPHS
    }
    for i in sorted(tokens):
        _, openers = _unmatched(tokens[i])
        if not openers:
            continue
        opener = openers[-1]
        split = _split_flags(tokens[i][opener + 1 :])
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
                blocks[i] = {"t": blocks[i]["t"], "c": _untokenise(tokens[i])}
                blocks[j] = {"t": blocks[j]["t"], "c": _untokenise(tokens[j])}
                emptied.update(k for k in (i, j) if not _strip_edges(blocks[k]["c"]))
                report.note(
                    i,
                    f'{_flag_label(flags)} at "{context}" around {j - i - 1} block(s): '
                    f"shown in {', '.join(_flag_names(flags))}, markers removed"
                )
                break
            if later_openers:
                break
    return [block for index, block in enumerate(blocks) if index not in emptied]


def _flag_label(flags: list[str]) -> str:
    """A flag form as written, its text elided: ``-{zh-hans;zh-hant|…}-``."""
    return "-{" + ";".join(flags) + "|…}-"


def _flag_names(flags: list[str]) -> list[str]:
    return [variant_key_to_lang(f) if f.lower() in BCP47 else f for f in flags]
