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
"""
from __future__ import annotations

import copy
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
    The counts say which kinds of normalisation happened, for ``editorialDecl``.
    """

    warnings: list[str] = field(default_factory=list)
    flag_forms: list[str] = field(default_factory=list)
    variants: int = 0
    protected: int = 0
    separators: int = 0


# --------------------------------------------------------------------------- entry points


def resolve_variants(inlines: list[Inline], warnings: list[str] | None = None) -> list[Inline]:
    """Resolve variant markup in one Pandoc inline list; the input is not modified.

    Problems (unbalanced delimiters) are appended to ``warnings`` when a list is given.
    """
    return _passing_warnings(resolve_variants_with_report(inlines), warnings)


def resolve_variants_with_report(inlines: list[Inline]) -> tuple[list[Inline], VariantReport]:
    """:func:`resolve_variants` that also returns the full :class:`VariantReport`."""
    report = VariantReport()
    return _resolve_inlines(copy.deepcopy(inlines), report), report


def resolve_block_variants(blocks: list[Block], warnings: list[str] | None = None) -> list[Block]:
    """Resolve variant markup in every inline list of a Pandoc block list, recursively.

    Besides what :func:`resolve_variants` does, a flag-form opener ``-{zh-hans;zh-hant|``
    ending one paragraph and its ``}-`` starting a later sibling paragraph (the seed's
    外部链接 section wraps a whole list that way) are removed as a pair: they only restrict
    which variants display the blocks between, which is every variant there is.  A
    paragraph left empty by the removal is dropped.
    """
    return _passing_warnings(resolve_block_variants_with_report(blocks), warnings)


def resolve_block_variants_with_report(blocks: list[Block]) -> tuple[list[Block], VariantReport]:
    """:func:`resolve_block_variants` that also returns the full :class:`VariantReport`."""
    report = VariantReport()
    return _resolve_blocks(copy.deepcopy(blocks), report), report


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
        parts.append([(variant_key_to_lang(key), _plain(value)) for key, value in rules])
        index += 3
    if not any(isinstance(part, list) for part in parts):
        return None
    return parts + [literal] if literal else parts


# --------------------------------------------------------------------------- tokens


@dataclass
class _Delim:
    """An opening ``-{`` or closing ``}-`` cut out of a Str, with where it was found."""

    text: str
    context: str

    def warning(self) -> str:
        return f'{self.text} at "{self.context}": unbalanced'


_DELIMITER = re.compile(r"-\{|\}-")
_CONTEXT = 10
_WHITESPACE = frozenset({"Space", "SoftBreak"})


def _str(text: str) -> Inline:
    return {"t": "Str", "c": text}


def _is_delim(token: Any, text: str) -> bool:
    return isinstance(token, _Delim) and token.text == text


def _tokenise(nodes: list[Inline]) -> list[Inline | _Delim]:
    """Cut every ``-{`` and ``}-`` out of the Str nodes, scanning left to right."""
    tokens: list[Inline | _Delim] = []
    for node in nodes:
        if node["t"] != "Str":
            tokens.append(node)
            continue
        text, start = node["c"], 0
        for match in _DELIMITER.finditer(text):
            if match.start() > start:
                tokens.append(_str(text[start : match.start()]))
            context = text[max(0, match.start() - _CONTEXT) : match.end() + _CONTEXT]
            tokens.append(_Delim(match.group(), context))
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


# --------------------------------------------------------------------------- inline lists


def _resolve_inlines(inlines: list[Inline], report: VariantReport) -> list[Inline]:
    """Resolve one inline list: children first, then the constructs at this level."""
    nodes = [_resolve_children(node, report) for node in _tidy(inlines)]
    out: list[Inline | _Delim] = []
    openers: list[int] = []
    for token in _tokenise(nodes):
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
                report.warnings.append(token.warning())
                out.append(token)
        else:
            out.append(token)
    for start in openers:
        report.warnings.append(out[start].warning())
    return _untokenise(out)


def _resolve_children(node: Inline, report: VariantReport) -> Inline:
    """Resolve inside an inline container (link text, emphasis, note…); leaves as they are."""
    kind, content = node["t"], node.get("c")
    if kind in ("Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
        return {"t": kind, "c": _resolve_inlines(content, report)}
    if kind in ("Quoted", "Span"):
        return {"t": kind, "c": [content[0], _resolve_inlines(content[1], report)]}
    if kind in ("Link", "Image"):
        return {"t": kind, "c": [content[0], _resolve_inlines(content[1], report), content[2]]}
    if kind == "Cite":
        citations = [
            {**c, "citationPrefix": _resolve_inlines(c["citationPrefix"], report),
             "citationSuffix": _resolve_inlines(c["citationSuffix"], report)}
            for c in content[0]
        ]
        return {"t": kind, "c": [citations, _resolve_inlines(content[1], report)]}
    if kind == "Note":
        return {"t": kind, "c": _resolve_blocks(content, report)}
    return node


def _construct(opener: _Delim, content: list[Inline | _Delim], report: VariantReport) -> list[Inline]:
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
        if not _plain(text).strip():
            report.flag_forms.append(f"{label}: text shown only in {shown} is empty, removed")
            return []
        report.flag_forms.append(f"{label}: text shown only in {shown}, kept as protected text")
        return _protected(text, report)
    if letters & {"A", "D"}:
        report.flag_forms.append(f"{label}: page-wide rule also shown here, kept as variants")
        return _rules_or_protected(text, report)
    if letters & {"H", "T", "-"}:
        report.flag_forms.append(f"{label}: hidden conversion rule, not shown, removed")
        return []
    report.flag_forms.append(f"{label}: variant-name flag, text kept as protected text")
    return _protected(text, report)


_FLAG_LETTERS = frozenset({"A", "T", "R", "D", "-", "H", "N"})


def _split_flags(content: list[Inline | _Delim]) -> tuple[list[str], list[Inline]] | None:
    """``(flags, text)`` when the content opens with ``FLAGS|``, else None.

    Flags are MediaWiki's letters or variant keys separated by ``;``, written in plain text
    before the first ``|``; anything else before a ``|`` means the bar is ordinary text.
    """
    prefix = ""
    for index, node in enumerate(content):
        if isinstance(node, _Delim) or node["t"] not in _WHITESPACE | {"Str"}:
            return None
        text = node["c"] if node["t"] == "Str" else " "
        if "|" not in text:
            prefix += text
            continue
        head, _, rest = text.partition("|")
        flags = [f.strip() for f in (prefix + head).split(";") if f.strip()]
        if not all(f in _FLAG_LETTERS or f.lower() in BCP47 for f in flags):
            return None
        return flags, [_str(rest), *content[index + 1 :]]
    return None


def _rules_or_protected(content: list[Inline], report: VariantReport) -> list[Inline]:
    rules = _parse_rules(content)
    if rules is None:
        return _protected(content, report)
    report.variants += 1
    regs = [
        {"t": "Span", "c": [["", ["reg"], [["lang", variant_key_to_lang(key)]]], _tidy(value)]}
        for key, value in rules
    ]
    return [{"t": "Span", "c": [["", ["variant"], []], regs]}]


def _protected(content: list[Inline], report: VariantReport) -> list[Inline]:
    report.protected += 1
    return [{"t": "Span", "c": [["", ["no-conversion"], []], _tidy(content)]}]


_KEY = re.compile(r"\s*(zh(?:-[A-Za-z]+)?)\s*:")


def _parse_rules(content: list[Inline]) -> list[tuple[str, list[Inline]]] | None:
    """``[(key, value inlines), …]`` when the content is ``key:value;key:value…``, else None.

    MediaWiki splits at a ``;`` only when a variant key or the end follows it; a segment
    that does not start with a key belongs, with its ``;``, to the value before it.
    """
    rules: list[tuple[str, list[Inline]]] = []
    segments = list(_split_semicolons(content))
    for number, segment in enumerate(segments):
        keyed = _leading_key(segment)
        if keyed is not None:
            rules.append(keyed)
        elif not rules:
            return None
        elif number < len(segments) - 1 or _plain(segment).strip():
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


def _leading_key(segment: list[Inline]) -> tuple[str, list[Inline]] | None:
    """``(key, rest)`` when the segment starts (after spaces) with a variant key and ``:``."""
    for index, node in enumerate(segment):
        if node["t"] in _WHITESPACE or (node["t"] == "Str" and not node["c"].strip()):
            continue
        if node["t"] != "Str":
            return None
        match = _KEY.match(node["c"])
        if match is None or match.group(1).lower() not in BCP47:
            return None
        return match.group(1).lower(), [_str(node["c"][match.end() :]), *segment[index + 1 :]]
    return None


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


def _plain(nodes: list[Inline]) -> str:
    """The visible text of inlines, enough to tell empty from not and to quote code."""
    parts: list[str] = []
    for node in nodes:
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            parts.append(content)
        elif kind in _WHITESPACE or kind == "LineBreak":
            parts.append(" ")
        elif kind in ("Code", "Math", "RawInline"):
            parts.append(content[1])
        elif kind in ("Link", "Image", "Quoted", "Span"):
            parts.append(_plain(content[1]))
        elif kind in ("Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            parts.append(_plain(content))
        elif kind == "Cite":
            parts.append(_plain(content[1]))
    return "".join(parts)


# --------------------------------------------------------------------------- blocks


def _resolve_blocks(blocks: list[Block], report: VariantReport) -> list[Block]:
    """Resolve a block list: cross-block flag pairs first, then every block's inlines."""
    out: list[Block] = []
    for block in _remove_flag_pairs(blocks, report):
        resolved = _resolve_block(block, report)
        if resolved is not None:
            out.append(resolved)
    return out


def _resolve_block(block: Block, report: VariantReport) -> Block | None:
    """One block with its inlines resolved; None for a paragraph the markup alone filled."""
    kind, content = block["t"], block.get("c")
    if kind in ("Para", "Plain"):
        inlines = _strip_edges(_resolve_inlines(content, report))
        return {"t": kind, "c": inlines} if inlines or not content else None
    if kind == "Header":
        return {"t": kind, "c": [content[0], content[1], _strip_edges(_resolve_inlines(content[2], report))]}
    if kind == "LineBlock":
        return {"t": kind, "c": [_resolve_inlines(line, report) for line in content]}
    if kind == "BlockQuote":
        return {"t": kind, "c": _resolve_blocks(content, report)}
    if kind == "BulletList":
        return {"t": kind, "c": [_resolve_blocks(item, report) for item in content]}
    if kind == "OrderedList":
        return {"t": kind, "c": [content[0], [_resolve_blocks(item, report) for item in content[1]]]}
    if kind == "DefinitionList":
        return {
            "t": kind,
            "c": [
                [_resolve_inlines(term, report), [_resolve_blocks(d, report) for d in definitions]]
                for term, definitions in content
            ],
        }
    if kind == "Div":
        return {"t": kind, "c": [content[0], _resolve_blocks(content[1], report)]}
    if kind == "Figure":
        return {"t": kind, "c": [content[0], _resolve_caption(content[1], report), _resolve_blocks(content[2], report)]}
    if kind == "Table":
        attr, caption, colspecs, head, bodies, foot = content
        return {
            "t": kind,
            "c": [
                attr,
                _resolve_caption(caption, report),
                colspecs,
                [head[0], _resolve_rows(head[1], report)],
                [[b[0], b[1], _resolve_rows(b[2], report), _resolve_rows(b[3], report)] for b in bodies],
                [foot[0], _resolve_rows(foot[1], report)],
            ],
        }
    return block


def _resolve_caption(caption: list[Any], report: VariantReport) -> list[Any]:
    short, blocks = caption
    return [None if short is None else _resolve_inlines(short, report), _resolve_blocks(blocks, report)]


def _resolve_rows(rows: list[Any], report: VariantReport) -> list[Any]:
    return [
        [attr, [[c[0], c[1], c[2], c[3], _resolve_blocks(c[4], report)] for c in cells]]
        for attr, cells in rows
    ]


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


def _remove_flag_pairs(blocks: list[Block], report: VariantReport) -> list[Block]:
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
        closers, openers = _unmatched(tokens[i])
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
                report.flag_forms.append(
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
