"""Wiki rules over Pandoc block lists: structure the conversion left in the wrong shape.

* a heading written straight after a list line (no blank line) lands inside the list item;
  it is lifted out, and the list continues after it only if it had more items;
* raw HTML blocks: comments and ``<!-- end list -->`` separators, ``<center>`` and the like
  are removed; an HTML ``<table>`` (its tags arrive as separate raw blocks with the cell
  contents parsed as Markdown between them) becomes a Pandoc ``Table``.
"""
from __future__ import annotations


from pipeline.readers.html_tags import Tag, tags_in, text_outside_tags
from pipeline.readers.pandoc_ast import Block, Plain, attr, child_block_lists
from pipeline.readers.wiki_context import ReadContext

# --- headings inside lists ------------------------------------------------------------------


def hoist_headings(blocks: list[Block], context: ReadContext) -> list[Block]:
    """The blocks with every heading that sits inside a list moved out after that list."""
    out: list[Block] = []
    for block in blocks:
        if block["t"] not in ("BulletList", "OrderedList"):
            out.append(block)
            continue
        kept, spilled = _cut_list(block)
        if spilled:
            context.normalised("headings-hoisted")
        if _items(kept):
            out.append(kept)
        out.extend(hoist_headings(spilled, context))
    return out


def _items(block: Block) -> list[list[Block]]:
    return block["c"] if block["t"] == "BulletList" else block["c"][1]


def _with_items(block: Block, items: list[list[Block]], skipped: int = 0) -> Block:
    if block["t"] == "BulletList":
        return {"t": "BulletList", "c": items}
    start, style, delimiter = block["c"][0]
    return {"t": "OrderedList", "c": [[start + skipped, style, delimiter], items]}


def _cut_list(block: Block) -> tuple[Block, list[Block]]:
    """``(list up to the first heading inside it, blocks from that heading on)``."""
    items = _items(block)
    for index, item in enumerate(items):
        kept, spilled = _cut_item(item)
        if spilled:
            rest = items[index + 1:]
            if rest:
                spilled = spilled + [_with_items(block, rest, index + 1)]
            return _with_items(block, items[:index] + [kept]), spilled
    return block, []


def _cut_item(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    for index, block in enumerate(blocks):
        if block["t"] == "Header":
            return blocks[:index], blocks[index:]
        if block["t"] in ("BulletList", "OrderedList"):
            kept, spilled = _cut_list(block)
            if spilled:
                head = blocks[:index] + ([kept] if _items(kept) else [])
                return head, spilled + blocks[index + 1:]
    return blocks, []


# --- raw HTML blocks ---------------------------------------------------------------------------

_TABLE_TAGS = {"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "p", "colgroup", "col", "br"}
_DROPPED_BLOCK_TAGS = {"center", "div", "references", "p", "span", "small", "big", "blockquote", "font"}


def html_blocks(blocks: list[Block], context: ReadContext) -> list[Block]:
    """Raw HTML blocks resolved: tables built, comments and layout tags removed (recursively)."""
    out: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block["t"] != "RawBlock" or block["c"][0] != "html":
            for children in child_block_lists(block):
                children[:] = html_blocks(children, context)
            out.append(block)
            index += 1
            continue
        tags = tags_in(block["c"][1])
        if any(tag.kind == "open" and tag.name == "table" for tag in tags):
            table, leftovers, index = _read_table(blocks, index, context)
            out.append(table)
            out.extend(html_blocks(leftovers, context))
            continue
        leftover_text = text_outside_tags(block["c"][1]).strip()
        if leftover_text:
            out.append(Plain([{"t": "Str", "c": leftover_text}]))
            context.warn(block["c"][1].strip()[:40], "raw HTML block reduced to its text")
        for tag in tags:
            if tag.kind != "comment" and tag.name not in _DROPPED_BLOCK_TAGS:
                context.warn(block["c"][1].strip()[:40], f"HTML tag <{tag.name}> removed")
                context.normalised("debris")
        context.normalised("html")
        index += 1
    return out


class _TableBuilder:
    """The rows and caption of an HTML table, fed its tags and content blocks in order."""

    def __init__(self) -> None:
        self.caption: list[Block] = []
        self.rows: list[tuple[bool, list[tuple[Tag, list[Block]]]]] = []
        self.in_head = False
        self.target: list[Block] | None = None
        self.outside: list[Block] = []

    def tag(self, tag: Tag) -> None:
        opening = tag.kind == "open"
        if tag.name == "thead":
            self.in_head = opening
        elif tag.name == "caption":
            self.target = self.caption if opening else None
        elif tag.name == "tr" and opening:
            self.rows.append((self.in_head, []))
        elif tag.name in ("td", "th") and opening:
            if not self.rows:
                self.rows.append((self.in_head, []))
            blocks: list[Block] = []
            self.rows[-1][1].append((tag, blocks))
            self.target = blocks
        elif tag.name in ("td", "th", "tr") and tag.kind == "close":
            self.target = None

    def content(self, block: Block) -> None:
        (self.target if self.target is not None else self.outside).append(block)

    def table(self) -> Block:
        """A Pandoc table: leading rows in ``thead`` or of ``th`` cells only are its head."""
        head_count = 0
        for in_head, cells in self.rows:
            if not (in_head or (cells and all(tag.name == "th" for tag, _ in cells))):
                break
            head_count += 1
        width = max((sum(_span(tag, "colspan") for tag, _ in cells) for _, cells in self.rows), default=1)
        return {"t": "Table", "c": [
            attr(["html"]), [None, self.caption],
            [[{"t": "AlignDefault"}, {"t": "ColWidthDefault"}] for _ in range(max(width, 1))],
            [attr(), [_row(cells) for _, cells in self.rows[:head_count]]],
            [[attr(), 0, [], [_row(cells) for _, cells in self.rows[head_count:]]]],
            [attr(), []],
        ]}


def _span(tag: Tag, key: str) -> int:
    value = tag.attributes.get(key, "1")
    return int(value) if value.isdigit() and int(value) > 0 else 1


def _row(cells: list[tuple[Tag, list[Block]]]) -> list:
    return [attr(), [[attr(), {"t": "AlignDefault"}, _span(tag, "rowspan"), _span(tag, "colspan"), blocks]
                     for tag, blocks in cells]]


def _read_table(blocks: list[Block], start: int, context: ReadContext) -> tuple[Block, list[Block], int]:
    """The table that opens at ``blocks[start]``, stray blocks inside it, and where it ends.

    A table never closed ends after its last table tag, with a warning: the blocks after
    that are the article again, not the last cell.
    """
    last_table_tag = start
    end = None
    for index in range(start, len(blocks)):
        block = blocks[index]
        if block["t"] == "RawBlock" and block["c"][0] == "html":
            tags = tags_in(block["c"][1])
            if any(tag.name in _TABLE_TAGS for tag in tags):
                last_table_tag = index
            if any(tag.kind == "close" and tag.name == "table" for tag in tags):
                end = index
                break
            if index > start and any(tag.kind == "open" and tag.name == "table" for tag in tags):
                break
    if end is None:
        end = last_table_tag
        context.warn(blocks[start]["c"][1].strip()[:40], "HTML table is never closed; it ends after its last cell")
        context.normalised("debris")
    builder = _TableBuilder()
    for block in blocks[start:end + 1]:
        if block["t"] == "RawBlock" and block["c"][0] == "html":
            for tag in tags_in(block["c"][1]):
                builder.tag(tag)
        else:
            builder.content(block)
    context.normalised("html")
    return builder.table(), builder.outside, end + 1
