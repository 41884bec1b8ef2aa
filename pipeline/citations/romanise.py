"""Script-neutral forms of names and titles, for comparing works and for naming BibTeX keys.

Traditional and simplified spellings of one title are the same title (OpenCC t2s), and a Chinese
name and its pinyin are the same name (劉旭 = Liu Xu), so both comparisons and keys go through
these forms.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

from pipeline.citations.lexicon import CJK_CHAR, chinese_surname
from pipeline.citations.model import Name

_T2S = opencc.OpenCC("t2s")
# Surnames whose reading differs from the character's everyday one.
_SURNAME_READINGS = {"解": "xie", "单": "shan", "單": "shan", "曾": "zeng", "查": "zha", "仇": "qiu",
                     "区": "ou", "區": "ou", "朴": "piao", "盖": "ge", "蓋": "ge", "乐": "yue", "樂": "yue",
                     "尉": "yu", "覃": "qin", "缪": "miao", "繆": "miao", "翟": "zhai", "召": "shao",
                     "燕": "yan", "长孙": "zhangsun", "長孫": "zhangsun", "尉迟": "yuchi", "尉遲": "yuchi"}


@lru_cache(maxsize=4096)
def simplified(text: str) -> str:
    return _T2S.convert(text)


def comparable(text: str | None) -> str:
    """Lower-case, simplified, without spaces or punctuation: ``《評〈抗美援朝戰爭史〉》`` → ``评抗美援朝战争史``."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", simplified(text)).lower().replace("&", "and")
    return "".join(ch for ch in text if ch.isalnum())


def ascii_fold(text: str) -> str:
    """``Lizárraga`` → ``lizarraga``: lower-case ASCII letters and digits only."""
    text = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", text.encode("ascii", "ignore").decode().lower())


def pinyin(text: str) -> list[str]:
    """Toneless pinyin syllables of the Chinese characters in ``text`` (other characters dropped).

    pypinyin is imported here, not with the module: loading its phrase dictionary costs about
    0.2 s, and most processes that import the bibliography code (a rebuild with nothing to redo
    reads ``corrections.bib`` through it) never romanise a name.
    """
    from pypinyin import Style, lazy_pinyin  # lazy on purpose: 0.2 s at import (benchmarks/README.md)

    return [s for s in lazy_pinyin(simplified(text), style=Style.NORMAL, errors="ignore") if s.isalpha()]


def surname_pinyin(surname: str) -> str:
    return _SURNAME_READINGS.get(surname) or "".join(pinyin(surname))


def name_tokens(name: Name) -> frozenset[str]:
    """The romanised words of a person's name, order-free: 劉旭 and ``Liu Xu`` give {liu, xu}."""
    if name.organisation:
        return frozenset()
    if CJK_CHAR.search(name.text):
        surname = name.family or chinese_surname(name.text)
        if surname and "·" not in name.text:
            given = name.text[len(surname):]
            return frozenset(filter(None, (surname_pinyin(surname), "".join(pinyin(given)))))
        return frozenset(filter(None, (ascii_fold(p) for p in re.split(r"[·‧・\s]", name.text))))
    return frozenset(filter(None, (ascii_fold(w) for w in re.split(r"[\s,.]+", name.text))))


def family_key(name: Name) -> str:
    """The romanised family name (``wang``, ``needham``), or the first words of an organisation."""
    if name.organisation:
        syllables = pinyin(name.text[:2]) if CJK_CHAR.search(name.text) else [ascii_fold(name.text.split()[0])]
        return "".join(syllables)
    family = name.family or name.text
    if CJK_CHAR.search(family):
        if name.family is None:  # not known to be whole (李奇微 is): guess the surname
            family = chinese_surname(family) or family[0]
        return surname_pinyin(family)
    return ascii_fold(family.split()[-1] if family.split() else family)
