"""The notes and source-list items of the seed and dev articles, read independently of the readers.

The hand-labelled citations in ``tests/data/citations.jsonl`` quote their input strings; this
module re-extracts those strings from the Markdown sources through Pandoc's JSON AST so that a
test can prove every labelled input is exactly what the article holds (no label is for a string
that was retyped or tidied by hand). It mirrors what a reader hands the citation parser: the
plain text of a note, the text and URL of each external link (wikilinks are not sources) and the
italic spans. Pandoc's ``smart`` extension is off, so quotes and dashes stay as typed.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pypandoc

from tests.conftest import DATA, DEV_ARTICLES, REPO

SEED_ARTICLES = REPO / "articles"
CORPUS_ARTICLES = DATA / "citation-corpus" / "articles"

#: Headings whose following list holds works (the source lists), in the articles' spellings.
SOURCE_LIST_HEADINGS = ("来源", "研究書目", "参考文献")


@dataclass(frozen=True)
class NoteInput:
    """What the parser is given for one note or list item."""

    text: str
    links: tuple[tuple[str, str], ...]  # (link text, URL) of each external link
    italics: tuple[str, ...]


def _flatten(inlines: list, links: list[tuple[str, str]], italics: list[str]) -> str:
    out: list[str] = []
    for node in inlines:
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind in ("Code", "Math", "RawInline"):
            if kind != "RawInline":
                out.append(content[1])
        elif kind == "Emph":
            inner = _flatten(content, links, italics)
            italics.append(inner)
            out.append(inner)
        elif kind == "Link":
            target, title = content[2]
            text = _flatten(content[1], links, italics)
            if title != "wikilink":
                links.append((text, target))
            out.append(text)
        elif kind in ("Cite", "Span", "Image"):
            out.append(_flatten(content[1], links, italics))
        else:  # Strong, Underline, Strikeout, Superscript, Subscript, SmallCaps
            out.append(_flatten(content, links, italics))
    return "".join(out)


def _item_input(blocks: list) -> NoteInput:
    links: list[tuple[str, str]] = []
    italics: list[str] = []
    parts = [_flatten(b["c"], links, italics) for b in blocks if b["t"] in ("Plain", "Para")]
    return NoteInput(" ".join(parts).strip(), tuple(links), tuple(italics))


@lru_cache(maxsize=None)
def _ast(path: Path) -> list:
    return _unwrap_divs(json.loads(pypandoc.convert_text(path.read_text(encoding="utf-8"), "json",
                                                         format="markdown-smart"))["blocks"])


def _unwrap_divs(blocks: list) -> list:
    """The blocks with every ``Div`` replaced by its content, as the reader walks them.

    An unclosed ``<div>`` in a dump (蘭嶼) makes Pandoc wrap the rest of the article, headings and
    end-notes included, in one Div; the article's reader descends into Divs, so the corpus must too.
    """
    out: list = []
    for block in blocks:
        out += _unwrap_divs(block["c"][1]) if block["t"] == "Div" else [block]
    return out


def article_notes(path: Path) -> dict[int, NoteInput]:
    """Numbered end-notes (the ordered list after the category line), empty ones included."""
    blocks = _ast(path)
    notes: dict[int, NoteInput] = {}
    seen_categories = False
    for block in blocks:
        if _is_category_line(block):
            seen_categories = True
        elif seen_categories and block["t"] == "OrderedList":
            start = block["c"][0][0]
            for offset, item in enumerate(block["c"][1]):
                notes[start + offset] = _item_input(item)
    return notes


def _is_category_line(block: dict) -> bool:
    if block["t"] != "Para":
        return False
    links = [n for n in block["c"] if n["t"] == "Link"]
    return bool(links) and all(n["c"][2][0].split("/wiki/")[-1].startswith("Category:") for n in links)


def _list_items_by_heading(blocks: list):
    """(heading text, item blocks) for every list item, following the heading above it.

    Pandoc folds a heading that directly follows a list (no blank line) into the list's last
    item, so a heading found inside an item switches the heading for the items after it. The
    end-notes after the category line belong to no heading.
    """
    heading = None
    for block in blocks:
        if block["t"] == "Header":
            heading = _flatten(block["c"][2], [], []).strip()
        elif _is_category_line(block):  # the notes list that follows is under no heading
            heading = None
        elif block["t"] in ("BulletList", "OrderedList"):
            items = block["c"] if block["t"] == "BulletList" else block["c"][1]
            for item in items:
                inner_heads = [b for b in item if b["t"] == "Header"]
                if inner_heads:
                    heading = _flatten(inner_heads[-1]["c"][2], [], []).strip()
                else:
                    yield heading, item


def article_source_list(path: Path, heading: str) -> list[NoteInput]:
    """Items of the lists under the heading named ``heading`` (empty items included)."""
    return [_item_input(item) for under, item in _list_items_by_heading(_ast(path)) if under == heading]


def article_path(name: str) -> Path:
    """A seed (``korean-war.wiki.md``), dev (``火药.md``) or citation-corpus article by file name."""
    for folder in (SEED_ARTICLES, DEV_ARTICLES):
        if (folder / name).exists():
            return folder / name
    return CORPUS_ARTICLES / name
