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
  source order, each with a ``lang`` attribute in BCP 47 (:data:`~pipeline.readers.langconv_rules.BCP47`).  A ``;`` separates
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

The work is shared by :mod:`~pipeline.readers.langconv_tokens` (delimiters),
:mod:`~pipeline.readers.langconv_rules` (one construct), :mod:`~pipeline.readers.langconv_walk`
(the tree) and :mod:`~pipeline.readers.langconv_report` (what was found); this module is the
entry points.
"""
from __future__ import annotations

from typing import Any

from pipeline.readers.langconv_report import VariantReport
from pipeline.readers.langconv_rules import parse_rules, variant_key_to_lang
from pipeline.readers.langconv_tokens import Delim, is_delim, tokenise
from pipeline.readers.langconv_walk import BLOCKS, INLINES, resolve_tree
from pipeline.readers.pandoc_ast import Block, Inline, Str


def resolve_variants(inlines: list[Inline], warnings: list[str] | None = None) -> list[Inline]:
    """Resolve variant markup in one Pandoc inline list, recursively into its containers.

    Returns a new list; the input is not modified (untouched leaf nodes are shared with it).
    Problems (unbalanced delimiters) are appended to ``warnings`` when a list is given.
    """
    return _passing_warnings(resolve_variants_with_report(inlines), warnings)


def resolve_variants_with_report(inlines: list[Inline]) -> tuple[list[Inline], VariantReport]:
    """:func:`resolve_variants` that also returns the full :class:`VariantReport`."""
    return resolve_tree(inlines, INLINES)


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
    return resolve_tree(blocks, BLOCKS)


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
    tokens = tokenise([Str(text)])
    parts: list[str | list[tuple[str, str]]] = []
    literal = ""
    index = 0
    while index < len(tokens):
        window = tokens[index : index + 3]
        rules = None
        if len(window) == 3 and is_delim(window[0], "-{") and is_delim(window[2], "}-"):
            if not isinstance(window[1], Delim):
                rules = parse_rules([window[1]])
        if rules is None:
            token = tokens[index]
            literal += token.text if isinstance(token, Delim) else token["c"]
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
