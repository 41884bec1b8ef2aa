"""Wiki rules over Pandoc inline lists: what the zhwiki conversion left inside paragraphs.

Each rule takes one inline list (and the read context) and returns a new one; the reader
applies them, in the order of :func:`first_rules`, variant resolution, :func:`second_rules`, figure
splitting and :func:`late_rules`, to every inline list of the document. They turn conversion
debris into Pandoc nodes the TEI writer understands:

* raw HTML tags → ``Span.html-sub`` etc., ``Link`` for ``<a href>``, ``LineBreak`` for ``<br>``;
* ``Math`` that is really an escaped note marker or bracketed text → ``Str``;
* ``{{name|key=value}}`` → ``Span.template`` of ``Span.template-param`` (``{{-}}``: empty);
* wiki ``''italics''`` / ``'''bold'''`` → ``Emph`` / ``Strong``;
* empty brackets and empty bold left by lost templates → ``Span.lost`` + ``Span.editorial``;
* category links → keywords; wikilinks whose text ran past the title → link + plain text;
* unpaired debris (``**``, ``]]``, ``-{``, ``}-``) → removed, with a warning.

Spans the writer maps: ``variant``/``reg``/``no-conversion`` (from
:mod:`pipeline.readers.langconv`), ``html-*``, ``template``, ``template-param``, ``lost``,
``editorial``, ``stray-ref``.
"""
from __future__ import annotations

import re
from typing import Callable

from pipeline.readers import langconv
from pipeline.readers.html_tags import single_tag
from pipeline.readers.markers import Marker, split_markers
from pipeline.readers.pandoc_ast import (
    Block, Inline, Span, Space, Str, join_strs, map_inlines_deep, stringify, strip_spaces,
)
from pipeline.readers.wiki_context import ReadContext
from pipeline.readers.wiki_links import categories, trim_wikilinks

# --- raw HTML -------------------------------------------------------------------------------

_FORMATTING_TAGS = {"sub", "sup", "small", "big", "u", "s", "del", "ins", "b", "strong", "i", "em",
                    "span", "tt", "code", "font", "abbr", "q", "cite", "var", "kbd", "samp", "mark"}
_REMOVED_TAGS = {"references", "center", "nowiki", "div", "p"}


def pair_html(inlines: list[Inline], context: ReadContext) -> list[Inline]:
    """Raw HTML tags paired into Pandoc nodes; comments and placeholders removed.

    An opening tag is matched with the next closing tag of the same name at the same level;
    tags left unmatched are dropped (their content stays) with a warning, except ``<ref>``,
    which becomes an editorial note saying the reference was never closed.
    """
    out: list[Inline] = []
    open_tags: list[tuple[str, dict[str, str], int]] = []
    for node in inlines:
        tag = single_tag(node["c"][1]) if node["t"] == "RawInline" and node["c"][0] == "html" else None
        if tag is None:
            out.append(node)
            continue
        if tag.kind == "comment" or tag.name in _REMOVED_TAGS:
            context.normalised("html")
        elif tag.name == "br":
            out.append({"t": "LineBreak"})
            context.normalised("html")
        elif tag.name == "ref" and tag.kind == "empty":
            out.append(Span(["stray-ref"], []))
            context.normalised("stray-ref")
        elif tag.kind == "open" and (tag.name in _FORMATTING_TAGS or tag.name in ("a", "ref")):
            open_tags.append((tag.name, tag.attributes, len(out)))
            out.append(Span(["html-open"], []))
        elif tag.kind == "close" and any(entry[0] == tag.name for entry in open_tags):
            while open_tags[-1][0] != tag.name:
                _drop_open_tag(out, open_tags.pop(), context)
            _, opening_attributes, position = open_tags.pop()
            content = out[position + 1:]
            del out[position:]
            out.append(_html_node(tag.name, opening_attributes, content))
            context.normalised("html")
        else:
            context.warn(node["c"][1], f"HTML tag {node['c'][1].strip()} has no partner and was removed")
            context.normalised("debris")
    while open_tags:
        _drop_open_tag(out, open_tags.pop(), context)
    return out


def _drop_open_tag(out: list[Inline], entry: tuple[str, dict[str, str], int], context: ReadContext) -> None:
    name, _attributes, position = entry
    if name == "ref":
        out[position] = Span(["stray-ref"], [])
        context.normalised("stray-ref")
        return
    del out[position]
    context.warn(f"<{name}", f"HTML tag <{name}> is never closed and was removed (its text is kept)")
    context.normalised("debris")


def _html_node(name: str, attributes: dict[str, str], content: list[Inline]) -> Inline:
    if name == "a":
        return {"t": "Link", "c": [["", [], []], content, [attributes.get("href", ""), attributes.get("title", "")]]}
    if name == "ref":
        return Span(["ref-note"], content)
    return Span([f"html-{name}"], content)


# --- math -----------------------------------------------------------------------------------

_TEX_SIGNS = re.compile(r"[\\^_{}=]")
_ASCII_OPERATORS = re.compile(r"^[\x20-\x7e]*[-+*/<>|()][\x20-\x7e]*$")
_HAS_LETTER_OR_DIGIT = re.compile(r"[A-Za-z0-9]")


def _is_tex(content: str, display: bool) -> bool:
    """Whether the text between ``\\[ \\]`` or ``\\( \\)`` is mathematics rather than prose."""
    if _TEX_SIGNS.search(content):
        return True
    if display:
        return bool(_ASCII_OPERATORS.match(content))
    return content.isascii() and bool(_HAS_LETTER_OR_DIGIT.search(content))


def classify_math(inlines: list[Inline], context: ReadContext) -> list[Inline]:
    """Math nodes that are escaped brackets (``\\[12\\]``, ``\\[光反應\\]``) back to text.

    With single-backslash math on, every escaped note marker arrives as display math; a marker
    or any bracketed prose becomes ``Str "[…]"`` again (joined to its neighbours, so that a
    locator such as ``:5210`` follows its marker), and only real TeX stays ``Math``.
    """
    out: list[Inline] = []
    for node in inlines:
        if node["t"] == "Math":
            display = node["c"][0]["t"] == "DisplayMath"
            content = node["c"][1]
            bracketed = f"[{content}]" if display else f"({content})"
            parts = split_markers(bracketed) if display else []
            is_marker = len(parts) == 1 and isinstance(parts[0], Marker)
            if is_marker or not _is_tex(content, display):
                out.append(Str(bracketed))
                continue
            context.normalised("math")
        out.append(node)
    return join_strs(out)


# --- variants ---------------------------------------------------------------------------------

_LANGCONV_CONTEXT = re.compile(r'^\S+ at "(.*)": ', re.S)
"""The quoted context in a langconv warning (``-{ at "CONTEXT": unbalanced``)."""


def resolve_variants(blocks: list[Block], context: ReadContext) -> list[Block]:
    """Variant markup resolved by :mod:`pipeline.readers.langconv`, its warnings located."""
    resolved, report = langconv.resolve_block_variants_with_report(blocks)
    for warning in report.warnings:
        match = _LANGCONV_CONTEXT.match(warning)
        context.warn(match[1] if match else "", f"variant markup: {warning}")
    if report.flag_forms:
        context.normalised("variant-flags")
    if report.variants or report.protected or report.separators:
        context.normalised("variants")
    return resolved


# --- templates --------------------------------------------------------------------------------

_BRACES = re.compile(r"\{\{|\}\}")


def templates(inlines: list[Inline], context: ReadContext) -> list[Inline]:
    """``{{name|key=value|…}}`` debris → ``Span.template`` (name in its ``name`` attribute).

    The parameters' values stay text (``Span.template-param`` named by key, or by position);
    empty parameters and the names are not text. Braces without a partner are removed.
    """
    tokens: list[Inline | str] = []
    for node in inlines:
        if node["t"] == "Str" and ("{{" in node["c"] or "}}" in node["c"]):
            position = 0
            for match in _BRACES.finditer(node["c"]):
                if match.start() > position:
                    tokens.append(Str(node["c"][position:match.start()]))
                tokens.append(match.group())
                position = match.end()
            if position < len(node["c"]):
                tokens.append(Str(node["c"][position:]))
        else:
            tokens.append(node)
    if not any(isinstance(token, str) for token in tokens):
        return inlines
    out: list[Inline] = []
    openings: list[int] = []
    for token in tokens:
        if token == "{{":
            openings.append(len(out))
            out.append(Span(["template-open"], []))
        elif token == "}}":
            if not openings:
                context.warn("}}", "template braces }} without an opening {{ were removed")
                context.normalised("debris")
                continue
            position = openings.pop()
            content = out[position + 1:]
            del out[position:]
            out.append(_template(content))
            context.normalised("templates")
        else:
            out.append(token)
    for position in reversed(openings):
        context.warn("{{" + stringify(out[position + 1:position + 3])[:20],
                     "template braces {{ without a closing }} were removed")
        context.normalised("debris")
        del out[position]
    return join_strs(out)


def _template(content: list[Inline]) -> Inline:
    segments = _split_at(content, "|")
    name = stringify(segments[0]).strip()
    params: list[Inline] = []
    position = 0
    for segment in segments[1:]:
        key, value = _key_value(segment)
        if key is None:
            position += 1
            key = str(position)
        value = strip_spaces(value)
        if not stringify(value).strip():
            continue
        if params:
            params.append(Space())
        params.append(Span(["template-param"], value, [("name", key)]))
    return Span(["template"], params, [("name", name)])


def _split_at(inlines: list[Inline], separator: str) -> list[list[Inline]]:
    """The inlines cut at every ``separator`` character of their own Str nodes."""
    segments: list[list[Inline]] = [[]]
    for node in inlines:
        if node["t"] == "Str" and separator in node["c"]:
            pieces = node["c"].split(separator)
            for index, piece in enumerate(pieces):
                if index:
                    segments.append([])
                if piece:
                    segments[-1].append(Str(piece))
        else:
            segments[-1].append(node)
    return segments


def _key_value(segment: list[Inline]) -> tuple[str | None, list[Inline]]:
    """``(key, value)`` of a ``key=value`` parameter, ``(None, segment)`` for a positional one."""
    key = ""
    for index, node in enumerate(segment):
        if node["t"] in ("Space", "SoftBreak"):
            key += " "
            continue
        if node["t"] != "Str":
            break
        if "=" not in node["c"]:
            key += node["c"]
            continue
        before, rest = node["c"].split("=", 1)
        key = (key + before).strip()
        if key and re.fullmatch(r"[\w \-]+", key):
            return key, ([Str(rest)] if rest else []) + segment[index + 1:]
        break
    return None, segment


# --- wiki quotes ------------------------------------------------------------------------------

_APOSTROPHES = re.compile(r"'{2,}")


def wiki_quotes(inlines: list[Inline], context: ReadContext) -> list[Inline]:
    """MediaWiki's ``''italic''``, ``'''bold'''`` and ``'''''both'''''`` → Emph / Strong.

    Runs of four apostrophes are an apostrophe then bold, runs over five keep the extras as
    text, as MediaWiki reads them. Marks left open at the end of the list are dropped.
    """
    if not any(node["t"] == "Str" and "''" in node["c"] for node in inlines):
        return inlines
    out: list[Inline] = []
    opened: list[tuple[str, int]] = []

    def toggle(kind: str) -> None:
        if any(entry[0] == kind for entry in opened):
            reopen: list[str] = []
            while opened[-1][0] != kind:
                reopen.append(_close(out, opened.pop()))
            _close(out, opened.pop())
            for other in reversed(reopen):
                opened.append((other, len(out)))
                out.append(Span(["quote-open"], []))
        else:
            opened.append((kind, len(out)))
            out.append(Span(["quote-open"], []))

    for node in inlines:
        if node["t"] != "Str" or "''" not in node["c"]:
            out.append(node)
            continue
        position = 0
        for match in _APOSTROPHES.finditer(node["c"]):
            text = node["c"][position:match.start()]
            run = len(match.group())
            if run == 4:
                text, run = text + "'", 3
            elif run > 5:
                text, run = text + "'" * (run - 5), 5
            if text:
                out.append(Str(text))
            if run in (3, 5):
                toggle("Strong")
            if run in (2, 5):
                toggle("Emph")
            position = match.end()
        if position < len(node["c"]):
            out.append(Str(node["c"][position:]))
    for _kind, position in reversed(opened):
        snippet = stringify(out[position + 1:])[:20] or stringify(inlines)[:30]
        context.warn(snippet, "wiki emphasis mark '' without a partner was removed")
        context.normalised("debris")
        del out[position]
    if any(node["t"] in ("Emph", "Strong") for node in out):
        context.normalised("wiki-quotes")
    return join_strs(out)


def _close(out: list[Inline], entry: tuple[str, int]) -> str:
    kind, position = entry
    content = out[position + 1:]
    del out[position:]
    if content:
        out.append({"t": kind, "c": content})
    return kind


# --- lost template text and debris in text runs ----------------------------------------------

_LOST = re.compile(r"（[，、；：,;: ]*）|《》|〈〉|\*\*\*\*")
_DEBRIS = re.compile(r"\*\*|\]\]|-\{|\}-")


def rewrite_text_runs(inlines: list[Inline], rewrite: Callable[[str], list[Inline] | None]) -> list[Inline]:
    """Each maximal run of Str/Space nodes replaced by ``rewrite`` of its text (None: kept)."""
    out: list[Inline] = []
    run: list[Inline] = []

    def flush() -> None:
        if run:
            replacement = rewrite("".join(node["c"] if node["t"] == "Str" else " " for node in run))
            out.extend(run if replacement is None else replacement)
            run.clear()

    for node in inlines:
        if node["t"] in ("Str", "Space"):
            run.append(node)
        else:
            flush()
            out.append(node)
    flush()
    return out


def text_nodes(text: str) -> list[Inline]:
    """Text as Str and Space nodes (runs of spaces become one Space each)."""
    nodes: list[Inline] = []
    for index, piece in enumerate(text.split(" ")):
        if index:
            nodes.append(Space())
        if piece:
            nodes.append(Str(piece))
    return nodes


def lost_text(inlines: list[Inline], context: ReadContext) -> list[Inline]:
    """Empty brackets (``（，）``, ``《》``) and empty bold (``****``) → gap + editorial note."""

    def rewrite(text: str) -> list[Inline] | None:
        if not _LOST.search(text):
            return None
        nodes: list[Inline] = []
        position = 0
        for match in _LOST.finditer(text):
            nodes.extend(text_nodes(text[position:match.start()]))
            found = match.group()
            if found != "****":
                nodes.append(Str(found[0]))
            nodes.append(Span(["lost"], []))
            if found != "****":
                nodes.extend(text_nodes(found[1:]))
            nodes.append(Span(["editorial"], [Str(context.message("lost-text"))], [("subtype", "lost-text")]))
            position = match.end()
        nodes.extend(text_nodes(text[position:]))
        context.normalised("lost-text")
        return join_strs(nodes)

    return rewrite_text_runs(inlines, rewrite)


def scrub_debris(inlines: list[Inline], context: ReadContext) -> list[Inline]:
    """Unpaired wiki markup left in the text (``**``, ``]]``, ``-{``, ``}-``) removed, warned."""

    def rewrite(text: str) -> list[Inline] | None:
        if not _DEBRIS.search(text):
            return None
        for match in _DEBRIS.finditer(text):
            snippet = text[max(0, match.start() - 10):match.end() + 10]
            context.warn(snippet, f"stray wiki markup {match.group()} removed")
        context.normalised("debris")
        return text_nodes(_DEBRIS.sub("", text))

    return rewrite_text_runs(inlines, rewrite)


# --- all rules ----------------------------------------------------------------------------------

def _deep(rule: Callable[[list[Inline], ReadContext], list[Inline]], context: ReadContext) -> Callable[[list[Inline]], list[Inline]]:
    return lambda inlines: map_inlines_deep(inlines, lambda nodes: rule(nodes, context))


def _in_order(*steps: Callable[[list[Inline]], list[Inline]]) -> Callable[[list[Inline]], list[Inline]]:
    def apply(inlines: list[Inline]) -> list[Inline]:
        for step in steps:
            inlines = step(inlines)
        return inlines

    return apply


def first_rules(context: ReadContext) -> Callable[[list[Inline]], list[Inline]]:
    """The rules before variant resolution: HTML tags paired, escaped brackets back to text."""
    return _in_order(_deep(pair_html, context), _deep(classify_math, context))


def second_rules(context: ReadContext) -> Callable[[list[Inline]], list[Inline]]:
    """The rules after variant resolution and before figures are cut out (they need ``]]``)."""
    return _in_order(_deep(templates, context), _deep(categories, context),
                     _deep(wiki_quotes, context), _deep(lost_text, context))


def late_rules(context: ReadContext) -> Callable[[list[Inline]], list[Inline]]:
    """The rules that run on the text left once figures and their captions are cut out."""
    return _in_order(_deep(scrub_debris, context), _deep(trim_wikilinks, context), strip_spaces)
