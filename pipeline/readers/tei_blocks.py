"""Pandoc blocks and the section tree, after the wiki rules, written as TEI body and back.

Block-level mapping as ``docs/tei-model.md`` gives it: sections as nested ``div``, paragraphs,
lists, tables, figures, block quotes, code. Containers that hold a flow (list items, table
cells, notes) take their text inline when they have at most one paragraph, and one ``<p>``
per paragraph otherwise. Lists nested deeper than :data:`MAX_LIST_DEPTH` are flattened into
their ancestor at that depth, with a warning.
"""
from __future__ import annotations

import re

from lxml import etree

from pipeline.readers import langconv
from pipeline.readers.endmatter import EndMatter, Section
from pipeline.readers.markers import append_text
from pipeline.readers.pandoc_ast import Block, Inline, Str, is_blank, span_classes, stringify
from pipeline.readers.tei_inlines import InlineWriter
from pipeline.readers.wiki_context import ReadContext
from pipeline.readers.wiki_figures import caption_damaged, figure_caption, figure_url
from pipeline.tei import PIPELINE_RESP, XML_ID, el, sub

MAX_LIST_DEPTH = 32
_TEXT_BLOCKS = ("Para", "Plain")
_LABEL = re.compile(r"^[\w\s]{1,8}$")


class BlockWriter:
    """Writes one document's blocks; keeps the list depth and the note ids it has given."""

    def __init__(self, context: ReadContext):
        self.context = context
        self.inlines = InlineWriter(context)
        self._list_depth = 0
        self._flattened = False

    # --- flows -------------------------------------------------------------------------

    def write_blocks(self, parent: etree._Element, blocks: list[Block]) -> None:
        """Blocks as TEI blocks: each paragraph a ``<p>``."""
        for block in blocks:
            self._block(parent, block, paragraphs=True)

    def write_flow(self, parent: etree._Element, blocks: list[Block]) -> None:
        """Blocks inside an item, cell or note: a single paragraph's text goes in directly."""
        paragraphs = sum(block["t"] in _TEXT_BLOCKS for block in blocks) > 1
        for block in blocks:
            self._block(parent, block, paragraphs=paragraphs)

    def _block(self, parent: etree._Element, block: Block, *, paragraphs: bool) -> None:
        kind = block["t"]
        if kind in _TEXT_BLOCKS:
            if is_blank(block["c"]):
                return
            holds_text = paragraphs and not _only_editorial(block["c"])
            self.inlines.write(sub(parent, "p") if holds_text else parent, block["c"])
        elif kind in ("BulletList", "OrderedList"):
            self._list(parent, block)
        elif kind == "BlockQuote":
            self.write_blocks(sub(parent, "quote", type="block"), block["c"])
        elif kind == "CodeBlock":
            self._code(parent, block)
        elif kind == "Table":
            self._table(parent, block)
        elif kind == "Figure":
            self.figure(parent, block)
        elif kind == "Div":
            self.write_blocks(parent, block["c"][1])

    # --- block kinds ---------------------------------------------------------------------

    def _list(self, parent: etree._Element, block: Block) -> None:
        ordered = block["t"] == "OrderedList"
        items = block["c"][1] if ordered else block["c"]
        if self._list_depth >= MAX_LIST_DEPTH:
            if not self._flattened:
                self.context.warn(_first_text(items),
                                  f"lists nested deeper than {MAX_LIST_DEPTH} levels were flattened")
                self._flattened = True
            for item in items:
                self.write_flow(parent, item)
            return
        start = block["c"][0][0] if ordered else 1
        tei_list = sub(parent, "list", rend="numbered" if ordered else "bulleted")
        self._list_depth += 1
        for offset, item in enumerate(items):
            element = sub(tei_list, "item", n=str(start + offset) if ordered else None)
            if not item or all(b["t"] in _TEXT_BLOCKS and is_blank(b["c"]) for b in item):
                self.lost(element, "lost-item")
                self.context.normalised("empty-items")
            else:
                self.write_flow(element, item)
        self._list_depth -= 1

    def _code(self, parent: etree._Element, block: Block) -> None:
        classes = block["c"][0][1]
        language = next((c for c in classes if c != "numberLines"), None)
        ab = sub(parent, "ab", type="code", subtype=_token(language) if language else None,
                 rend="numbered-lines" if "numberLines" in classes else None)
        ab.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        parts = langconv.code_variants(block["c"][1])
        if parts is None:
            ab.text = block["c"][1]
            return
        self.context.normalised("variants")
        for part in parts:
            if isinstance(part, str):
                append_text(ab, part)
                continue
            choice = sub(ab, "choice") if len(part) > 1 else ab
            for lang, code in part:
                sub(choice, "reg", code, type="variant", xml_lang=lang)

    def _table(self, parent: etree._Element, block: Block) -> None:
        _attr, caption, _specs, head, bodies, foot = block["c"]
        table = sub(parent, "table")
        if caption[1]:
            head_element = sub(table, "head")
            for caption_block in caption[1]:
                if caption_block["t"] in _TEXT_BLOCKS:
                    self.inlines.write(head_element, caption_block["c"])
        for row in head[1]:
            self._row(table, row, label=True)
        for body in bodies:
            for row in body[2]:
                self._row(table, row, label=True)
            for row in body[3]:
                self._row(table, row, label=False)
        for row in foot[1]:
            self._row(table, row, label=False)
        if table.find("{*}row") is None:
            parent.remove(table)
            for caption_block in caption[1]:
                self._block(parent, caption_block, paragraphs=True)

    def _row(self, table: etree._Element, row: list, *, label: bool) -> None:
        element = sub(table, "row", role="label" if label else None)
        for cell in row[1]:
            _attr, _align, rows, cols, blocks = cell
            cell_element = sub(element, "cell", rows=str(rows) if rows > 1 else None,
                               cols=str(cols) if cols > 1 else None)
            self.write_flow(cell_element, blocks)

    def figure(self, parent: etree._Element, block: Block) -> None:
        figure = sub(parent, "figure")
        sub(figure, "graphic", url=figure_url(block))
        caption = figure_caption(block)
        damaged = caption_damaged(block)  # kept, even empty, so the editions can say it is
        if damaged or caption and not is_blank(caption):
            self.inlines.write(sub(figure, "head", type="damaged" if damaged else None), caption)

    def lost(self, parent: etree._Element, message: str) -> etree._Element:
        """A ``<gap reason="lost">`` saying, in the article's script, what was lost."""
        gap = sub(parent, "gap", reason="lost", resp=PIPELINE_RESP)
        sub(gap, "desc", self.context.message(message))
        return gap

    # --- sections ----------------------------------------------------------------------------

    def section(self, parent: etree._Element, section: Section, div_type: str = "section") -> None:
        div = sub(parent, "div", type=div_type)
        self.heading(div, section.heading or [])
        self.write_blocks(div, section.blocks)
        for child in section.children:
            self.section(div, child, div_type)

    def heading(self, div: etree._Element, heading: list[Inline]) -> None:
        if is_blank(heading):
            self.lost(div, "empty-heading")
            self.context.normalised("empty-headings")
        else:
            self.inlines.write(sub(div, "head"), heading)

    def body(self, root: Section) -> etree._Element:
        body = el("body")
        self.write_blocks(body, root.blocks)
        for child in root.children:
            self.section(body, child)
        return body

    # --- back matter -----------------------------------------------------------------------------

    def back(self, notes: list[tuple[int, list[Block]]], end_matter: EndMatter) -> etree._Element:
        back = el("back")
        if notes or end_matter.notes_headings:
            div = sub(back, "div", type="notes")
            for heading in end_matter.notes_headings:
                self.heading(div, heading)
            self._notes(div, notes)
        for section in end_matter.sources:
            self._sources(back, section)
        for section in end_matter.external_links:
            self.section(back, section, "external-links")
        return back

    def _notes(self, div: etree._Element, notes: list[tuple[int, list[Block]]]) -> None:
        given: set[str] = set()
        for number, blocks in notes:
            identifier = f"note-{number}"
            if identifier in given:
                self.context.warn(_first_text([blocks]), f"note {number} is numbered twice")
                identifier = f"{identifier}-{sum(i.startswith(identifier) for i in given) + 1}"
            given.add(identifier)
            note = sub(div, "note", place="end", n=str(number))
            note.set(XML_ID, identifier)
            self.write_flow(note, blocks)

    def _sources(self, parent: etree._Element, section: Section) -> None:
        """A source section: each list a ``listBibl`` of ``bibl``; a one-item list holding
        only a short label (書目, 引用) that precedes another list is that list's heading."""
        div = sub(parent, "div", type="sources")
        if section.heading is not None:
            self.heading(div, section.heading)
        pending_label: list[Inline] | None = None
        for block in section.blocks:
            if block["t"] in ("BulletList", "OrderedList"):
                items = block["c"][1] if block["t"] == "OrderedList" else block["c"]
                label = _label_of(items)
                if label is not None and pending_label is None:
                    pending_label = label
                    continue
                list_bibl = sub(div, "listBibl", type="sources")
                if pending_label is not None:
                    self.inlines.write(sub(list_bibl, "head"), pending_label)
                    pending_label = None
                for item in items:
                    self._bibl(list_bibl, item)
                continue
            if pending_label is not None:
                self.inlines.write(sub(div, "p"), pending_label)
                pending_label = None
            self._block(div, block, paragraphs=True)
        if pending_label is not None:
            self.inlines.write(sub(div, "p"), pending_label)
        self.context.normalised("end-matter")
        for child in section.children:
            self._sources(div, child)

    def _bibl(self, list_bibl: etree._Element, item: list[Block]) -> None:
        bibl = sub(list_bibl, "bibl")
        inlines = _flat_inlines(item)
        if is_blank(inlines):
            self.lost(bibl, "lost-bibl")
            self.context.normalised("empty-items")
        else:
            self.inlines.write(bibl, inlines)


def _only_editorial(inlines: list[Inline]) -> bool:
    """Whether a paragraph holds nothing but what the pipeline says (a removed template):
    then the editorial note stands on its own, not in a paragraph of no source text."""
    def editorial(node: Inline) -> bool:
        classes = span_classes(node)
        return "editorial" in classes or "stray-ref" in classes or ("template" in classes and not node["c"][1])

    return all(node["t"] in ("Space", "SoftBreak") or editorial(node) for node in inlines)


def _flat_inlines(blocks: list[Block]) -> list[Inline]:
    """The text of an item's blocks as one inline list (a ``bibl`` holds no paragraphs)."""
    inlines: list[Inline] = []
    for block in blocks:
        if block["t"] in _TEXT_BLOCKS:
            part = block["c"]
        elif block["t"] in ("BulletList", "OrderedList"):
            items = block["c"][1] if block["t"] == "OrderedList" else block["c"]
            part = [node for item in items for node in [{"t": "Space"}] + _flat_inlines(item)]
        elif block["t"] == "CodeBlock":
            part = [Str(block["c"][1])]
        else:
            part = []
        if part and inlines:
            inlines.append({"t": "Space"})
        inlines.extend(part)
    return inlines


def _label_of(items: list[list[Block]]) -> list[Inline] | None:
    """The label of a one-item list that is only a short word or two (書目), else None."""
    if len(items) != 1 or len(items[0]) != 1 or items[0][0]["t"] not in _TEXT_BLOCKS:
        return None
    inlines = items[0][0]["c"]
    if all(node["t"] in ("Str", "Space") for node in inlines) and _LABEL.match(stringify(inlines)):
        return inlines
    return None


def _first_text(items: list[list[Block]]) -> str:
    """The text of the first paragraph in some list items: a snippet to find their line by."""
    for item in items:
        for block in item:
            if block["t"] in _TEXT_BLOCKS:
                return stringify(block["c"])[:30]
    return ""


def _token(text: str) -> str:
    """A value for a ``teidata.enumerated`` attribute: no spaces."""
    return re.sub(r"\s+", "-", text.strip()) or "unknown"

