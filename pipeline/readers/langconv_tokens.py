"""The delimiters of MediaWiki variant markup (``-{``, ``}-``) cut out of Pandoc ``Str`` nodes, and
put back.

:mod:`pipeline.readers.langconv` matches variant markup over the sequence of inlines, because links
and emphasis may sit inside it; these tokens are what it matches: inline nodes, with each delimiter
a :class:`Delim` of its own that remembers where it was found (for warnings).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pipeline.readers.pandoc_ast import Inline, Str, join_strs


@dataclass
class Delim:
    """An opening ``-{`` or closing ``}-`` cut out of a Str, with where it was found:
    the Str's index in its list and the text around the delimiter."""

    text: str
    context: str
    position: int

    def warning(self) -> str:
        return f'{self.text} at "{self.context}": unbalanced'


_DELIMITER = re.compile(r"-\{|\}-|\}\u2013\{")
"""``-{``, ``}-``, and ``}–{``: Pandoc's ``smart`` extension reads the ``--`` of two adjacent
constructs (``-{H|…}--{H|…}-``, common in zhwiki) as an en dash."""
_CONTEXT = 10
SPACES = frozenset({"Space", "SoftBreak"})
TEXTUAL = SPACES | {"Str"}


def is_delim(token: Any, text: str) -> bool:
    return isinstance(token, Delim) and token.text == text


def tokenise(nodes: list[Inline]) -> list[Inline | Delim]:
    """Cut every ``-{`` and ``}-`` out of the Str nodes, scanning left to right.

    A ``}–{`` becomes the ``}-`` and ``-{`` it was typed as; left unbalanced, it goes back
    as ``}--{``, the source's characters.
    """
    tokens: list[Inline | Delim] = []
    for position, node in enumerate(nodes):
        if node["t"] != "Str":
            tokens.append(node)
            continue
        text, start = node["c"], 0
        for match in _DELIMITER.finditer(text):
            if match.start() > start:
                tokens.append(Str(text[start : match.start()]))
            context = text[max(0, match.start() - _CONTEXT) : match.end() + _CONTEXT]
            if match.group() == "}\u2013{":
                tokens += [Delim("}-", context, position), Delim("-{", context, position)]
            else:
                tokens.append(Delim(match.group(), context, position))
            start = match.end()
        if start < len(text):
            tokens.append(Str(text[start:]))
    return tokens


def untokenise(tokens: list[Inline | Delim]) -> list[Inline]:
    """Tokens back to inlines: delimiters become text again, Strs are joined."""
    return tidy([Str(t.text) if isinstance(t, Delim) else t for t in tokens])


def tidy(nodes: list[Inline]) -> list[Inline]:
    """Join adjacent Strs, drop empty ones and collapse runs of spaces left by removals.

    Pandoc itself never emits adjacent Strs or adjacent spaces, so on untouched input this
    changes nothing.
    """
    out: list[Inline] = []
    for node in join_strs(nodes):
        if node["t"] in SPACES and out and out[-1]["t"] in SPACES:
            continue
        out.append(node)
    return out
