"""A note cut into tokens with character offsets, fine enough for every field boundary.

Chinese and Japanese citations run fields together without spaces (``明张燮东西洋考``: author
张燮, title 东西洋考), so a CJK or kana character is a token of its own and the labeller decides
where a name or title stops; the features tell it which run a character sits in. Latin words
(with Cyrillic, Hangul and other scripts written with spaces), digit runs and each punctuation
mark are tokens, so that ``p135`` is ``p`` + ``135`` and ``2003a`` is ``2003`` + ``a`` — the
places where the labels split. A URL is one token (the labels never split one) as long as it
runs, without the closing punctuation a sentence puts after it. White space is no token.
Measured on the corpus (4151 spans): with one token per CJK run between punctuation, 628 spans
(15 %) would start or end inside a token and could never be labelled exactly (``明张燮东西洋考``,
``著`` glued to a name, ``第53卷3期``); with one token per character, none do.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u31f0-\u31ff"
_TOKEN = re.compile(
    rf"(?:https?://|www\.)[^\s{CJK_CHARS}，。；、（）《》「」『』〈〉\"<>\[\]“”‘’]+(?<![.,;:)\]])"
    rf"|[{CJK_CHARS}]"
    rf"|[^\W\d_{CJK_CHARS}]+"
    r"|\d+"
    r"|\S")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def tokenise(text: str) -> list[Token]:
    """The note's tokens in order; ``text[t.start:t.end] == t.text``."""
    return [Token(match.group(), match.start(), match.end()) for match in _TOKEN.finditer(text)]
