"""Wiki links: which page a link names, its canonical URL, and the link-text repairs.

The converter wrote internal links two ways (``../Page/T.md`` and ``https://zh.wikipedia.org/
wiki/T``, both titled ``wikilink``) and often let the link text run past the linked title
(``[朝鮮半島上的](…/朝鮮半島)``). Category links file the article rather than point anywhere,
so they become keywords.
"""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import unquote

from pipeline.lang import converter
from pipeline.readers.pandoc_ast import Inline, Str, is_span, join_strs, stringify, strip_spaces
from pipeline.readers.wiki_context import ReadContext

WIKI_BASE = "https://zh.wikipedia.org/wiki/"
_PAGE_PREFIX = "../Page/"
CATEGORY_PREFIXES = ("category:", "分类:", "分類:")


# --- categories -------------------------------------------------------------------------------

def wiki_title(target: str) -> str | None:
    """The page title a wiki link's target names (``../Page/T.md``, ``…/wiki/T``), or None."""
    if target.startswith(_PAGE_PREFIX):
        title = target[len(_PAGE_PREFIX):]
        return title[:-3] if title.endswith(".md") else title
    for prefix in (WIKI_BASE, "http://zh.wikipedia.org/wiki/"):
        if target.startswith(prefix):
            return unquote(target[len(prefix):])
    return None


def is_wikilink(node: Inline) -> bool:
    return node["t"] == "Link" and node["c"][2][1] == "wikilink" and wiki_title(node["c"][2][0]) is not None


def category_of(node: Inline) -> str | None:
    """The category a link files the article under, or None."""
    if node["t"] != "Link":
        return None
    title = wiki_title(node["c"][2][0])
    if title is None:
        return None
    for prefix in CATEGORY_PREFIXES:
        if title.lower().startswith(prefix):
            return title[len(prefix):].replace("_", " ").strip()
    return None


def categories(inlines: list[Inline], context: ReadContext) -> list[Inline]:
    """Category links removed from the text and recorded as keywords."""
    if not any(category_of(node) for node in inlines):
        return inlines
    out: list[Inline] = []
    for node in inlines:
        name = category_of(node)
        if name is None:
            out.append(node)
            continue
        context.keyword(name)
        context.normalised("categories")
        while out and out[-1]["t"] in ("Space", "SoftBreak"):
            out.pop()
    return strip_spaces(out)


# --- wikilinks ----------------------------------------------------------------------------------

@lru_cache(maxsize=65536)
def _fold_char(char: str) -> str:
    converted = converter("t2s").convert(char)
    return converted.lower() if len(converted) == 1 else char.lower()


def fold(text: str) -> str:
    """A text compared without regard to script, case or underscore-for-space."""
    return "".join(_fold_char(char) for char in text.replace("_", " "))


def iri_safe(target: str) -> str:
    """A link target usable as a TEI pointer: spaces and the ASCII signs IRIs forbid escaped."""
    return "".join(f"%{ord(c):02X}" if c in ' "<>\\^`{|}' or ord(c) < 0x21 else c for c in target)


def wiki_url(title: str) -> str:
    """The Wikipedia URL of a page title (spaces as underscores)."""
    return WIKI_BASE + iri_safe(title.replace(" ", "_"))


def trim_wikilinks(inlines: list[Inline], context: ReadContext) -> list[Inline]:
    """Wikilinks pointed at their Wikipedia URL; text that ran past the title moved after them.

    ``[朝鮮半島上的](…/朝鮮半島)`` is the link 朝鮮半島 followed by plain 上的: when the link
    text, compared without regard to script and case, starts with the title and goes on, the
    link keeps the title's length of text. A text that does not start with the title (a piped
    link such as ``[被日本统治](…/朝鲜日治时期)``) is kept whole.
    """
    out: list[Inline] = []
    for node in inlines:
        if not is_wikilink(node):
            out.append(node)
            continue
        title = wiki_title(node["c"][2][0])
        link = {"t": "Link", "c": [node["c"][0], node["c"][1], [wiki_url(title), "wikilink"]]}
        context.normalised("wikilinks")
        split = _split_after_title(node["c"][1], fold(title.split("#", 1)[0]))
        if split is None:
            out.append(link)
            continue
        inside, after = split
        link["c"][1] = inside
        out.append(link)
        out.extend(after)
    return join_strs(out)


def _split_after_title(text: list[Inline], title: str) -> tuple[list[Inline], list[Inline]] | None:
    """``(link part, rest)`` when the text starts with ``title`` and goes on, else None."""
    position = 0
    for index, node in enumerate(text):
        if position == len(title):
            rest = text[index:]
            return (text[:index], rest) if stringify(rest).strip() else None
        kind = node["t"]
        if kind == "Str":
            chars = node["c"]
            for offset, char in enumerate(chars):
                if position == len(title):
                    return text[:index] + [Str(chars[:offset])], [Str(chars[offset:])] + text[index + 1:]
                if _fold_char(char) != title[position]:
                    return None
                position += 1
        elif kind in ("Space", "SoftBreak"):
            if title[position] != " ":
                return None
            position += 1
        elif is_span(node, "variant"):
            readings = [fold(stringify(reg["c"][1])) for reg in node["c"][1]]
            reading = next((r for r in readings if r and title.startswith(r, position)), None)
            if reading is None:
                return None
            position += len(reading)
        else:
            shown = fold(stringify([node]))
            if not title.startswith(shown, position):
                return None
            position += len(shown)
    return None
