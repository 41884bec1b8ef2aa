"""Constructors of Pandoc AST elements (JSON, API 1.23), so that the EPUB builder reads as layout.

Each function returns one element as Pandoc's JSON reader expects it (``{"t": type, "c":
content}``); attributes are ``[identifier, classes, key-value pairs]``.
"""
from __future__ import annotations

import html
import re

WHITESPACE = re.compile(r"(\s+)")


def attr(identifier: str | None = "", classes: list[str] | None = None,
         pairs: list[list[str]] | None = None) -> list:
    return [identifier or "", classes or [], pairs or []]


def text_inlines(text: str) -> list[dict]:
    """Str/Space inlines for plain text (a run of whitespace is one Space)."""
    result: list[dict] = []
    for piece in WHITESPACE.split(text):
        if not piece:
            continue
        result.append({"t": "Space"} if piece.isspace() else {"t": "Str", "c": piece})
    return result


def span(classes: list[str], inlines: list[dict], identifier: str = "", pairs: list[list[str]] | None = None) -> dict:
    return {"t": "Span", "c": [attr(identifier, classes, pairs), inlines]}


def link(target: str, inlines: list[dict], classes: list[str] | None = None, identifier: str = "",
         pairs: list[list[str]] | None = None) -> dict:
    return {"t": "Link", "c": [attr(identifier, classes, pairs), inlines, [target, ""]]}


def bracketed(inlines: list[dict]) -> list[dict]:
    """``inlines`` between the edition's brackets 〔〕, which mark what the pipeline says."""
    return [{"t": "Str", "c": "〔"}, *inlines, {"t": "Str", "c": "〕"}]


def div(identifier: str | None, classes: list[str], blocks: list[dict], pairs: list[list[str]] | None = None) -> dict:
    return {"t": "Div", "c": [attr(identifier, classes, pairs), blocks]}


def header(level: int, identifier: str, inlines: list[dict], pairs: list[list[str]] | None = None) -> dict:
    return {"t": "Header", "c": [level, attr(identifier, [], pairs), inlines]}


def para(inlines: list[dict]) -> dict:
    return {"t": "Para", "c": inlines}


def raw_html(markup: str) -> dict:
    return {"t": "RawBlock", "c": ["html", markup]}


def aside(identifier: str, classes: str, blocks: list[dict]) -> list[dict]:
    """An EPUB 3 footnote around ``blocks`` (raw HTML: Pandoc has no aside element, but knows
    the id for its links across chapter files)."""
    opening = (f'<aside id="{html.escape(identifier)}" class="{html.escape(classes)}" epub:type="footnote"'
               ' role="doc-footnote">')
    return [raw_html(opening), *blocks, raw_html("</aside>")]
