"""Reader for Markdown converted from Chinese Wikipedia wikitext (``korean-war.wiki.md``).

Pandoc parses the Markdown (:mod:`pipeline.readers.pandoc_ast`); the wiki rules then reshape
its tree — blocks (:mod:`~pipeline.readers.wiki_blocks`), the banner, notes and end matter
(:mod:`~pipeline.readers.endmatter`), inlines (:mod:`~pipeline.readers.wiki_inlines`,
:mod:`~pipeline.readers.wiki_links`, :mod:`~pipeline.readers.langconv`) and figures
(:mod:`~pipeline.readers.wiki_figures`) — and the result is written as TEI
(:mod:`~pipeline.readers.tei_blocks`). Every character of the source's text is kept; what the
conversion broke is repaired and reported (warnings, ``editorialDecl`` sentences), and what the
pipeline adds is marked ``resp="#pipeline"``.
"""
from __future__ import annotations

import re

from pipeline.errors import EditionError, Problem
from pipeline.readers import ReaderResult
from pipeline.readers.endmatter import build_sections, extract_end_matter, split_banner, split_notes
from pipeline.readers.pandoc_ast import Block, PandocFailure, child_block_lists, is_blank, map_blocks_inlines, parse_markdown
from pipeline.readers.tei_blocks import BlockWriter
from pipeline.readers.wiki_blocks import hoist_headings, html_blocks, strip_block_variant_flags
from pipeline.readers.wiki_context import ReadContext
from pipeline.readers.wiki_figures import split_figures
from pipeline.readers.wiki_inlines import early_rules, late_rules
from pipeline.tei import el, sub

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_MAX_REPORTED = 20


def read(text: str, *, source_name: str, lang: str) -> ReaderResult:
    """The TEI body, back and front of one wiki-Markdown source."""
    _refuse_non_xml_characters(text, source_name)
    if not text.strip():
        raise EditionError.at(source_name, "the source holds no text")
    context = ReadContext(source_name, text, lang)
    try:
        blocks = parse_markdown(text)
    except PandocFailure as failure:
        raise EditionError.at(source_name, f"Pandoc cannot read this Markdown: {failure}") from None
    try:
        return _read(blocks, context)
    except RecursionError:
        raise EditionError.at(source_name, "the document nests too deeply to be read") from None


def _read(blocks: list[Block], context: ReadContext) -> ReaderResult:
    blocks = hoist_headings(blocks, context)
    blocks = strip_block_variant_flags(blocks, context)
    blocks = html_blocks(blocks, context)
    banner, blocks = split_banner(blocks, context)
    notes, blocks = split_notes(blocks, context)

    banner = _apply_wiki_rules(banner, context)
    blocks = _apply_wiki_rules(blocks, context)
    notes = [(number, _apply_wiki_rules(item, context)) for number, item in notes]

    tree = build_sections(blocks)
    end_matter = extract_end_matter(tree)
    writer = BlockWriter(context)
    body = writer.body(tree)
    if not len(body):
        raise EditionError.at(context.source_name, "the source holds no article text, only end matter")
    back = writer.back(notes, end_matter)
    front = None
    if banner:
        front = el("front")
        writer.write_blocks(sub(front, "div", type="provenance"), banner)
    return ReaderResult(body=body, back=back, front=front, keywords=context.keywords,
                        normalisations=context.normalisations, warnings=context.warnings)


def _apply_wiki_rules(blocks: list[Block], context: ReadContext) -> list[Block]:
    """The inline rules, figures cut out between the two halves, and emptied paragraphs gone."""
    map_blocks_inlines(blocks, early_rules(context))
    blocks = split_figures(blocks, context)
    map_blocks_inlines(blocks, late_rules(context))
    return _without_empty_paragraphs(blocks)


def _without_empty_paragraphs(blocks: list[Block]) -> list[Block]:
    kept = []
    for block in blocks:
        for children in child_block_lists(block):
            children[:] = _without_empty_paragraphs(children)
        if block["t"] in ("Para", "Plain") and is_blank(block["c"]):
            continue
        kept.append(block)
    return kept


def _refuse_non_xml_characters(text: str, source_name: str) -> None:
    """Characters XML cannot hold mean the file is damaged: refused, by line, never dropped."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        found = _NOT_XML.search(line)
        if found:
            problems.append(Problem(source_name, f"character U+{ord(found.group()):04X} cannot be kept in XML", number))
            if len(problems) == _MAX_REPORTED:
                break
    if problems:
        raise EditionError(problems)
