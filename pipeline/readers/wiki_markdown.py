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

from pipeline.errors import EditionError
from pipeline.readers.base import ReaderResult
from pipeline.readers.endmatter import build_sections, extract_end_matter, split_banner, split_notes
from pipeline.readers.formulas import check_formulas
from pipeline.readers.pandoc_ast import (
    Block, PandocFailure, child_block_lists, is_blank, map_blocks_inlines, most_indented_line, parse_markdown,
)
from pipeline.readers.tei_blocks import BlockWriter
from pipeline.readers.wiki_blocks import hoist_headings, html_blocks
from pipeline.readers.wiki_context import ReadContext
from pipeline.readers.wiki_figures import split_figures
from pipeline.readers.wiki_inlines import first_rules, late_rules, resolve_variants, second_rules
from pipeline.sources import refuse_non_xml_characters, repaired_text
from pipeline.tei import el, sub


def read(text: str, *, source_name: str, lang: str) -> ReaderResult:
    """The TEI body, back and front of one wiki-Markdown source."""
    warnings: list[str] = []
    text = repaired_text(text, source_name, warnings)
    refuse_non_xml_characters(text, source_name)
    context = ReadContext(source_name, text, lang, warnings=warnings)
    try:
        blocks = parse_markdown(text)
    except PandocFailure as failure:
        raise EditionError.at(source_name, f"Pandoc cannot read this Markdown: {failure}", failure.line) from None
    try:
        return _read(blocks, context)
    except RecursionError:
        raise EditionError.at(source_name, "the document nests too deeply to be read",
                              most_indented_line(text)) from None


def _read(blocks: list[Block], context: ReadContext) -> ReaderResult:
    blocks = hoist_headings(blocks, context)
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
    summaries = check_formulas([body, back, front], context)
    return ReaderResult(body=body, back=back, front=front, keywords=context.keywords,
                        normalisations=context.normalisations, warnings=context.warnings, summaries=summaries)


def _apply_wiki_rules(blocks: list[Block], context: ReadContext) -> list[Block]:
    """The inline rules, figures cut out before the last ones, and emptied paragraphs gone.

    Variant markup is resolved over the whole block list at once, because a flag form such
    as ``-{zh-hans;zh-hant|`` may open in one paragraph and close blocks later.
    """
    map_blocks_inlines(blocks, first_rules(context))
    blocks = resolve_variants(blocks, context)
    map_blocks_inlines(blocks, second_rules(context))
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
