"""Images cut out of the paragraphs the conversion buried them in.

The converter turned ``[[File:X.jpg|thumb|caption]]`` into a link whose title starts with
``fig:``, followed by the caption and the debris ``]]`` (``\\]\\]`` in the Markdown), and ran
the paragraph's own text on after it on the same line. An image without a caption has no
``]]``: its caption was lost, and the text after it is the paragraph's. A gallery became a line
of ``<File:Name part> more name.jpg|caption`` autolinks. Each image becomes a Pandoc
``Figure`` block (``src`` attribute: the file page URL; caption: a ``Plain``), and the text
around it the paragraphs before and after. A Markdown image alone in its paragraph, which Pandoc
makes a ``Figure`` of its own, becomes one of these too (its address as written, its
description the caption).
"""
from __future__ import annotations

import re

from pipeline.readers.pandoc_ast import (
    Block, Inline, Plain, Str, attr, child_block_lists, is_blank, strip_spaces, stringify,
)
from pipeline.readers.wiki_context import ReadContext
from pipeline.readers.wiki_links import wiki_title, wiki_url

_CAPTION_END = re.compile(r"\]\](?!\])")
#: the class of a figure whose caption lost its beginning in the conversion
DAMAGED = "caption-damaged"
_GALLERY_PREFIXES = ("file:", "image:", "文件:", "檔案:", "档案:", "图像:", "圖像:")


def figure(url: str, caption: list[Inline], damaged: bool = False) -> Block:
    """A Pandoc Figure for one image: its file page URL and caption inlines (``damaged``: the
    converter lost the caption's beginning, see :func:`_caption`)."""
    caption = strip_spaces(caption)
    classes = ["wiki-image", *([DAMAGED] if damaged else [])]
    return {"t": "Figure", "c": [attr(classes, [("src", url)]),
                                 [None, [Plain(caption)] if caption else []], []]}


def figure_url(block: Block) -> str:
    return dict(block["c"][0][2])["src"]


def caption_damaged(block: Block) -> bool:
    return DAMAGED in block["c"][0][1]


def figure_caption(block: Block) -> list[Inline]:
    blocks = block["c"][1][1]
    return blocks[0]["c"] if blocks else []


def _is_image_link(node: Inline) -> bool:
    return node["t"] == "Link" and node["c"][2][1].startswith("fig:")


def _is_gallery_link(node: Inline) -> bool:
    return (node["t"] == "Link" and "uri" in node["c"][0][1]
            and node["c"][2][0].lower().startswith(_GALLERY_PREFIXES))


def split_figures(blocks: list[Block], context: ReadContext) -> list[Block]:
    """The blocks with every image link and gallery line made into Figure blocks (recursively)."""
    out: list[Block] = []
    for block in blocks:
        for children in child_block_lists(block):
            children[:] = split_figures(children, context)
        if block["t"] == "Figure" and not _is_wiki_figure(block):
            out.append(_markdown_figure(block))
            continue
        if block["t"] not in ("Para", "Plain"):
            out.append(block)
            continue
        inlines = block["c"]
        if inlines and _is_gallery_link(inlines[0]):
            out.extend(_gallery(inlines, context))
        elif any(_is_image_link(node) for node in inlines):
            out.extend(_paragraph_with_images(block["t"], inlines, context))
        else:
            out.append(block)
    return out


def _is_wiki_figure(block: Block) -> bool:
    return "wiki-image" in block["c"][0][1]


def _markdown_figure(block: Block) -> Block:
    """Pandoc's figure of a Markdown image alone in its paragraph (``![图片](x)``): the image's
    address and Pandoc's caption (the image's description) as a figure of this reader's form."""
    image = next(node for body in block["c"][2] for node in body["c"] if node["t"] == "Image")
    return figure(image["c"][2][0], figure_caption(block))


def _paragraph_with_images(kind: str, inlines: list[Inline], context: ReadContext) -> list[Block]:
    out: list[Block] = []
    text: list[Inline] = []

    def flush() -> None:
        if not is_blank(text):
            out.append({"t": kind, "c": strip_spaces(list(text))})
        text.clear()

    index = 0
    while index < len(inlines):
        node = inlines[index]
        if not _is_image_link(node):
            text.append(node)
            index += 1
            continue
        flush()
        closed, caption, index = _caption(inlines, index + 1)
        target = node["c"][2][0]
        title = wiki_title(target)
        out.append(figure(wiki_url(title) if title else target, caption, damaged=closed))
        context.normalised("figures")
    flush()
    return out


def _caption(inlines: list[Inline], start: int) -> tuple[bool, list[Inline], int]:
    """Whether ``]]`` closed a caption after an image link, the caption, and the index after it.

    The text after the link is its caption only if ``]]`` closes it before the next image;
    otherwise the image's caption was lost and that text belongs to the paragraph. The rest of
    the Str holding ``]]`` is put back in the list for the paragraph. A caption closed by ``]]``
    is a damaged one: the converter ended the image at the first ``]]`` inside its caption (that
    of a wikilink), so the caption's beginning up to that link's end is lost (``（左）`` was
    ``[[李承晚]]（左）``) and only the rest survives; the source holds nothing to rejoin it from.
    """
    for index in range(start, len(inlines)):
        node = inlines[index]
        if _is_image_link(node):
            break
        if node["t"] == "Str":
            match = _CAPTION_END.search(node["c"])
            if match:
                before, after = node["c"][:match.start()], node["c"][match.end():]
                caption = inlines[start:index] + ([Str(before)] if before else [])
                if after:
                    inlines[index] = Str(after)
                    return True, caption, index
                return True, caption, index + 1
    return False, [], start


def _gallery(inlines: list[Inline], context: ReadContext) -> list[Block]:
    """One figure per ``<File:…> name|caption`` entry of a gallery line."""
    entries: list[list[Inline]] = []
    for node in inlines:
        if _is_gallery_link(node):
            entries.append([Str(stringify(node["c"][1]))])
        else:
            entries[-1].append(node)
    figures = []
    for entry in entries:
        name_part, caption = _split_at_bar(entry)
        figures.append(figure(wiki_url(" ".join(stringify(name_part).split())), caption))
    context.normalised("galleries")
    return figures


def _split_at_bar(entry: list[Inline]) -> tuple[list[Inline], list[Inline]]:
    for index, node in enumerate(entry):
        if node["t"] == "Str" and "|" in node["c"]:
            before, after = node["c"].split("|", 1)
            return entry[:index] + [Str(before)], ([Str(after)] if after else []) + entry[index + 1:]
    return entry, []

