"""MediaWiki's apostrophe emphasis in a Pandoc inline list: ``''italic''``, ``'''bold'''`` and
``'''''both'''''`` become ``Emph`` and ``Strong``, read as MediaWiki reads runs of apostrophes."""
from __future__ import annotations

import re

from pipeline.readers.pandoc_ast import Inline, Span, Str, join_strs, stringify
from pipeline.readers.wiki_context import ReadContext

_APOSTROPHES = re.compile(r"'{2,}")


def wiki_quotes(inlines: list[Inline], context: ReadContext) -> list[Inline]:
    """MediaWiki's ``''italic''``, ``'''bold'''`` and ``'''''both'''''`` → Emph / Strong.

    Runs of four apostrophes are an apostrophe then bold, runs over five keep the extras as
    text, as MediaWiki reads them. Marks left open at the end of the list are dropped.
    """
    if not any(node["t"] == "Str" and "''" in node["c"] for node in inlines):
        return inlines
    out: list[Inline] = []
    opened: list[tuple[str, int]] = []

    def toggle(kind: str) -> None:
        if any(entry[0] == kind for entry in opened):
            reopen: list[str] = []
            while opened[-1][0] != kind:
                reopen.append(_close(out, opened.pop()))
            _close(out, opened.pop())
            for other in reversed(reopen):
                opened.append((other, len(out)))
                out.append(Span(["quote-open"], []))
        else:
            opened.append((kind, len(out)))
            out.append(Span(["quote-open"], []))

    for node in inlines:
        if node["t"] != "Str" or "''" not in node["c"]:
            out.append(node)
            continue
        position = 0
        for match in _APOSTROPHES.finditer(node["c"]):
            text = node["c"][position:match.start()]
            run = len(match.group())
            if run == 4:
                text, run = text + "'", 3
            elif run > 5:
                text, run = text + "'" * (run - 5), 5
            if text:
                out.append(Str(text))
            if run in (3, 5):
                toggle("Strong")
            if run in (2, 5):
                toggle("Emph")
            position = match.end()
        if position < len(node["c"]):
            out.append(Str(node["c"][position:]))
    for _kind, position in reversed(opened):
        snippet = stringify(out[position + 1:])[:20] or stringify(inlines)[:30]
        context.warn(snippet, "wiki emphasis mark '' without a partner was removed")
        context.normalised("debris")
        del out[position]
    if any(node["t"] in ("Emph", "Strong") for node in out):
        context.normalised("wiki-quotes")
    return join_strs(out)


def _close(out: list[Inline], entry: tuple[str, int]) -> str:
    kind, position = entry
    content = out[position + 1:]
    del out[position:]
    if content:
        out.append({"t": kind, "c": content})
    return kind
