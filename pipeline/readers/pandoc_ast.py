"""Pandoc's JSON AST: parsing Markdown into it, building nodes, walking and flattening it.

The wiki-Markdown reader never looks at the raw Markdown for structure: Pandoc parses it, and
every wiki-specific rule is a transformation of the tree it returns. This module holds what
those rules share: the one place the Markdown dialect is chosen, node constructors, a walk
over every inline list of a block tree, and ``stringify`` for comparing texts.
"""
from __future__ import annotations

import json
from typing import Any, Callable, Iterator

from pipeline.pandoc import PandocError, run_pandoc

Inline = dict[str, Any]
Block = dict[str, Any]
Attr = list[Any]

MARKDOWN_FORMAT = "-".join([
    "markdown+tex_math_single_backslash",
    # typographic quotes and dashes would rewrite source characters; '' is wiki italics
    "smart",
    # dollar signs are prices and currencies in these articles, never TeX
    "tex_math_dollars",
    # a paragraph of a nested list's item ("  - text" then "      -") is misread as a
    # simple table whose column cuts off the first characters of the text
    "simple_tables", "multiline_tables",
    # "A. Smith", "(1)", "i." and "term\n: def" are text here, not list or definition syntax
    "fancy_lists", "example_lists", "definition_lists",
    # "| …" lines, ^…^, ~…~ and ~~…~~ are text (the converter escapes what it meant literally)
    "line_blocks", "superscript", "subscript", "strikeout",
    # @names, [^n] and ^[…] are not used by the converter; keep them as text
    "citations", "footnotes", "inline_notes",
    # a source starting with --- or % must not be read as metadata; \commands stay text
    "yaml_metadata_block", "pandoc_title_block", "raw_tex", "latex_macros", "fenced_divs",
    # the converter sometimes puts a heading straight after a list line
    "blank_before_header",
])
"""The Markdown dialect of the zhwiki conversion, as Pandoc extensions.

``tex_math_single_backslash`` is on so that ``\\(…\\)`` and ``\\[…\\]`` arrive as ``Math``
nodes; escaped note markers (``\\[12\\]``) then arrive as display math too, and
:func:`pipeline.readers.wiki_inlines.classify_math` turns those back into bracketed text.
"""


class PandocFailure(Exception):
    """Pandoc could not parse the source (the message is Pandoc's), at ``line`` if known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def with_pandoc_fence_attributes(text: str) -> str:
    """Code fences whose info string has several words, in the attribute form Pandoc reads.

    The converter wrote CommonMark info strings (`` ``` Objective-C numberLines``); Pandoc's
    Markdown takes only one word there and otherwise reads the whole block as a paragraph,
    turning the code's asterisks into emphasis. ``{.Objective-C .numberLines}`` says the same
    in Pandoc's dialect. Only such opening fence lines change; nothing else is rewritten.
    """
    lines = text.split("\n")
    for index, line in enumerate(lines):
        fence = line[:len(line) - len(line.lstrip("`~"))]
        if len(fence) < 3 or len(set(fence)) != 1:
            continue
        words = line[len(fence):].split()
        if len(words) > 1 and not words[0].startswith("{") and all("`" not in word for word in words):
            lines[index] = fence + " {" + " ".join("." + word for word in words) + "}"
    return "\n".join(lines)


def parse_markdown(text: str) -> list[Block]:
    """The top-level blocks of ``text`` parsed as the converter's Markdown."""
    try:
        output = run_pandoc([f"--from={MARKDOWN_FORMAT}", "--to=json"], with_pandoc_fence_attributes(text))
    except PandocError as error:
        raise PandocFailure(str(error).strip().splitlines()[-1] if str(error).strip() else "pandoc failed") from None
    try:
        return json.loads(output)["blocks"]
    except RecursionError:
        raise PandocFailure("the document nests too deeply to be read (lists or quotes hundreds of levels "
                            "deep)", most_indented_line(text)) from None


def most_indented_line(text: str) -> int:
    """The line that starts furthest right: where a too deeply nested list goes deepest."""
    lines = text.split("\n")
    depths = [len(line) - len(line.lstrip(" \t>")) for line in lines]
    return depths.index(max(depths)) + 1


# --- constructors -------------------------------------------------------------------------

def attr(classes: list[str] | None = None, pairs: list[tuple[str, str]] | None = None) -> Attr:
    """A Pandoc ``Attr`` with no identifier."""
    return ["", list(classes or []), [list(pair) for pair in pairs or []]]


def Str(text: str) -> Inline:
    return {"t": "Str", "c": text}


def Space() -> Inline:
    return {"t": "Space"}


def Span(classes: list[str], inlines: list[Inline], pairs: list[tuple[str, str]] | None = None) -> Inline:
    return {"t": "Span", "c": [attr(classes, pairs), inlines]}


def Plain(inlines: list[Inline]) -> Block:
    return {"t": "Plain", "c": inlines}


# --- inspection -----------------------------------------------------------------------------

def span_classes(node: Inline) -> list[str]:
    """The classes of a Span (empty for any other node)."""
    return node["c"][0][1] if node.get("t") == "Span" else []


def span_attr(node: Inline, key: str) -> str | None:
    """The value of one key=value attribute of a Span or Link."""
    for name, value in node["c"][0][2]:
        if name == key:
            return value
    return None


def is_span(node: Inline, cls: str) -> bool:
    return node.get("t") == "Span" and cls in node["c"][0][1]


WHITESPACE = ("Space", "SoftBreak", "LineBreak")


def is_blank(inlines: list[Inline]) -> bool:
    """True when the inlines hold no text at all (only spaces, or nothing)."""
    return all(node["t"] in WHITESPACE or (node["t"] == "Str" and not node["c"].strip()) for node in inlines)


def strip_spaces(inlines: list[Inline]) -> list[Inline]:
    """The inlines without leading and trailing spaces and soft breaks."""
    start, end = 0, len(inlines)
    while start < end and inlines[start]["t"] in ("Space", "SoftBreak"):
        start += 1
    while end > start and inlines[end - 1]["t"] in ("Space", "SoftBreak"):
        end -= 1
    return inlines[start:end]


# --- walking ----------------------------------------------------------------------------------

_INLINE_CONTAINERS = {"Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"}


def child_inline_lists(node: Inline) -> Iterator[tuple[Callable[[list[Inline]], None], list[Inline]]]:
    """Each inline list directly inside an inline node, with a setter to replace it."""
    kind = node["t"]
    if kind in _INLINE_CONTAINERS:
        yield (lambda new: node.__setitem__("c", new)), node["c"]
    elif kind in ("Link", "Image", "Span"):
        yield (lambda new: node["c"].__setitem__(1, new)), node["c"][1]


def map_inlines_deep(inlines: list[Inline], function: Callable[[list[Inline]], list[Inline]]) -> list[Inline]:
    """``function`` applied to every nested inline list (innermost first), then to ``inlines``."""
    for node in inlines:
        for setter, children in list(child_inline_lists(node)):
            setter(map_inlines_deep(children, function))
    return function(inlines)


def block_inline_lists(block: Block) -> Iterator[tuple[Callable[[list[Inline]], None], list[Inline]]]:
    """Each inline list held directly by a block (paragraph text, heading, caption…)."""
    kind = block["t"]
    if kind in ("Para", "Plain"):
        yield (lambda new: block.__setitem__("c", new)), block["c"]
    elif kind == "Header":
        yield (lambda new: block["c"].__setitem__(2, new)), block["c"][2]


def child_block_lists(block: Block) -> Iterator[list[Block]]:
    """Each list of blocks nested in a block (list items, quotes, table cells, captions)."""
    kind = block["t"]
    if kind in ("BulletList", "OrderedList"):
        items = block["c"] if kind == "BulletList" else block["c"][1]
        yield from items
    elif kind in ("BlockQuote",):
        yield block["c"]
    elif kind == "Div":
        yield block["c"][1]
    elif kind == "Figure":
        yield block["c"][1][1]
        yield block["c"][2]
    elif kind == "Table":
        yield from table_cell_blocks(block)
        yield block["c"][1][1]


def table_cell_blocks(table: Block) -> Iterator[list[Block]]:
    """The block list of every cell of a Pandoc table (head, bodies, foot)."""
    _attr, _caption, _specs, head, bodies, foot = table["c"]
    rows = list(head[1])
    for body in bodies:
        rows.extend(body[2])
        rows.extend(body[3])
    rows.extend(foot[1])
    for row in rows:
        for cell in row[1]:
            yield cell[4]


def map_blocks_inlines(blocks: list[Block], function: Callable[[list[Inline]], list[Inline]]) -> None:
    """Replace, in place, every inline list of a block tree by ``function`` of it."""
    for block in blocks:
        for setter, inlines in list(block_inline_lists(block)):
            setter(function(inlines))
        for children in child_block_lists(block):
            map_blocks_inlines(children, function)


def join_strs(nodes: list[Inline]) -> list[Inline]:
    """The nodes with adjacent Str nodes merged and empty ones dropped."""
    out: list[Inline] = []
    for node in nodes:
        if node["t"] == "Str":
            if not node["c"]:
                continue
            if out and out[-1]["t"] == "Str":
                out[-1] = Str(out[-1]["c"] + node["c"])
                continue
        out.append(node)
    return out


# --- text -------------------------------------------------------------------------------------

def stringify(inlines: list[Inline]) -> str:
    """The text of inlines as a reader would see it (every variant reading included)."""
    parts: list[str] = []
    for node in inlines:
        kind = node["t"]
        if kind == "Str":
            parts.append(node["c"])
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif kind in ("Code", "Math"):
            parts.append(node["c"][1])
        elif kind == "RawInline":
            continue
        else:
            for _setter, children in child_inline_lists(node):
                parts.append(stringify(children))
    return "".join(parts)


def stringify_blocks(blocks: list[Block]) -> str:
    """The text of a block list, blocks separated by spaces."""
    parts: list[str] = []
    for block in blocks:
        for _setter, inlines in block_inline_lists(block):
            parts.append(stringify(inlines))
        if block["t"] == "CodeBlock":
            parts.append(block["c"][1])
        for children in child_block_lists(block):
            parts.append(stringify_blocks(children))
    return " ".join(part for part in parts if part)
