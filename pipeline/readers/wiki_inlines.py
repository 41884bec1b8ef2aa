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

Three rules have modules of their own: :mod:`~pipeline.readers.wiki_html` (HTML tags),
:mod:`~pipeline.readers.wiki_templates` (template debris) and :mod:`~pipeline.readers.wiki_quotes`
(apostrophe emphasis); math, variants, lost text and debris are here, with the order of all rules.
"""
from __future__ import annotations

import re
from typing import Callable

from pipeline.readers import langconv
from pipeline.readers.markers import Marker, split_markers
from pipeline.readers.pandoc_ast import Block, Inline, Space, Span, Str, join_strs, map_inlines_deep, strip_spaces
from pipeline.readers.wiki_context import ReadContext
from pipeline.readers.wiki_html import pair_html
from pipeline.readers.wiki_links import categories, trim_wikilinks
from pipeline.readers.wiki_quotes import wiki_quotes
from pipeline.readers.wiki_templates import templates

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
