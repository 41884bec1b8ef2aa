"""Where the article ends and its apparatus begins, in the converter's layout.

The conversion leaves, in order: an optional banner quoting the source article
(``> 本文内容由…转换而来。``); the article's sections; the end-matter sections (注释, 参考文献
with 引用/来源, 外部链接 …); a line of category links; and the numbered notes list, one item
per note including the empty ones. This module finds each of those parts in the Pandoc tree
and builds the section tree the TEI writer walks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.readers.pandoc_ast import Block, Inline, stringify, stringify_blocks
from pipeline.readers.wiki_context import ReadContext
from pipeline.readers.wiki_links import category_of, fold

NOTES_TITLES = frozenset({"注释", "注解", "脚注", "注", "备注", "附注"})
SOURCES_TITLES = frozenset({
    "参考文献", "参考资料", "参考书目", "参考来源", "参考", "来源", "资料来源", "引用", "引用文献",
    "研究书目", "书目", "文献", "延伸阅读", "扩展阅读", "进阶阅读", "参考书籍",
})
EXTERNAL_LINKS_TITLES = frozenset({"外部链接", "外部连结", "外部连接", "外链", "外部网站"})
"""Heading texts (compared in simplified script, spaces and punctuation ignored) that name the
end-matter sections."""

_IGNORED_IN_TITLES = re.compile(r"[\s\W_]+")


def split_banner(blocks: list[Block], context: ReadContext) -> tuple[list[Block], list[Block]]:
    """``(banner blocks, the rest)``: the converter's quote naming the source article, if first."""
    if blocks and blocks[0]["t"] == "BlockQuote":
        text = fold(stringify_blocks(blocks[0]["c"]))
        if "本文内容由" in text and "转换而来" in text:
            context.normalised("banner")
            return blocks[0]["c"], blocks[1:]
    return [], blocks


def _is_category_line(block: Block) -> bool:
    if block["t"] not in ("Para", "Plain"):
        return False
    links = [node for node in block["c"] if node["t"] not in ("Space", "SoftBreak")]
    return bool(links) and all(category_of(node) for node in links)


def split_notes(blocks: list[Block], context: ReadContext) -> tuple[list[tuple[int, list[Block]]], list[Block]]:
    """``(notes as (number, blocks), the other blocks)``.

    The notes are the numbered lists after the first line of category links; an article without
    categories has its notes in a numbered list that ends the document, if its text holds note
    markers. An item's number is its position from the list's start (the converter numbers
    them consecutively, and Pandoc keeps only the first number).
    """
    first_category = next((i for i, block in enumerate(blocks) if _is_category_line(block)), None)
    if first_category is None:
        candidates = [len(blocks) - 1] if (blocks and blocks[-1]["t"] == "OrderedList"
                                          and _has_note_markers(blocks[:-1])) else []
    else:
        candidates = [i for i in range(first_category + 1, len(blocks)) if blocks[i]["t"] == "OrderedList"]
    notes: list[tuple[int, list[Block]]] = []
    for index in candidates:
        start = blocks[index]["c"][0][0]
        notes.extend((start + offset, item) for offset, item in enumerate(blocks[index]["c"][1]))
    if notes:
        context.normalised("end-matter")
    chosen = set(candidates)
    return notes, [block for i, block in enumerate(blocks) if i not in chosen]


_MARKER_TEXT = re.compile(r"\[[1-9][0-9]*\]")


def _has_note_markers(blocks: list[Block]) -> bool:
    """Whether the blocks cite notes: escaped markers arrive as display math of a number."""
    found = False

    def visit(node: object) -> None:
        nonlocal found
        if found:
            return
        if isinstance(node, dict):
            if node.get("t") == "Math" and node["c"][0]["t"] == "DisplayMath" and node["c"][1].isdigit():
                found = True
            elif node.get("t") == "Str" and _MARKER_TEXT.search(node["c"]):
                found = True
            else:
                visit(node.get("c"))
        elif isinstance(node, list):
            for child in node:
                visit(child)

    visit(blocks)
    return found


@dataclass
class Section:
    """A heading (None for the document itself), the blocks under it, and its subsections."""

    level: int
    heading: list[Inline] | None
    blocks: list[Block] = field(default_factory=list)
    children: list["Section"] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not self.blocks and not self.children


def build_sections(blocks: list[Block]) -> Section:
    """The section tree of a block list: each heading opens a section inside the nearest
    open one of a lower level."""
    root = Section(0, None)
    open_sections = [root]
    for block in blocks:
        if block["t"] != "Header":
            open_sections[-1].blocks.append(block)
            continue
        level = block["c"][0]
        while open_sections[-1].level >= level:
            open_sections.pop()
        section = Section(level, block["c"][2])
        open_sections[-1].children.append(section)
        open_sections.append(section)
    return root


@dataclass
class EndMatter:
    """The end-matter sections taken out of the body, in source order by kind."""

    notes_headings: list[list[Inline]] = field(default_factory=list)
    sources: list[Section] = field(default_factory=list)
    external_links: list[Section] = field(default_factory=list)


def end_matter_kind(section: Section) -> str | None:
    """``notes``, ``sources`` or ``external-links`` for an end-matter heading, else None."""
    title = _IGNORED_IN_TITLES.sub("", fold(stringify(section.heading or [])))
    if title in NOTES_TITLES and section.is_empty():
        return "notes"
    if title in SOURCES_TITLES:
        return "sources"
    if title in EXTERNAL_LINKS_TITLES:
        return "external-links"
    return None


def extract_end_matter(section: Section, found: EndMatter | None = None) -> EndMatter:
    """Take the end-matter sections out of the tree (in place) and return them."""
    found = found if found is not None else EndMatter()
    kept = []
    for child in section.children:
        kind = end_matter_kind(child)
        if kind == "notes":
            found.notes_headings.append(child.heading or [])
        elif kind == "sources":
            found.sources.append(child)
        elif kind == "external-links":
            found.external_links.append(child)
        else:
            extract_end_matter(child, found)
            kept.append(child)
    section.children = kept
    return found
