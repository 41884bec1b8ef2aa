"""Script-neutral forms of names and titles, for comparing works and for naming BibTeX keys.

Traditional and simplified spellings of one title are the same title (OpenCC t2s), and a Chinese
name and its pinyin are the same name (劉旭 = Liu Xu), so both comparisons and keys go through
these forms.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from pipeline.citations.lexicon import CJK_CHAR, chinese_surname
from pipeline.citations.model import Name
from pipeline.lang import converter

#: pypinyin's toneless readings of characters and phrases (tools/pinyin_table.py makes it)
PINYIN = Path(__file__).with_name("pinyin.tsv")
# Surnames whose reading differs from the character's everyday one.
_SURNAME_READINGS = {"解": "xie", "单": "shan", "單": "shan", "曾": "zeng", "查": "zha", "仇": "qiu",
                     "区": "ou", "區": "ou", "朴": "piao", "盖": "ge", "蓋": "ge", "乐": "yue", "樂": "yue",
                     "尉": "yu", "覃": "qin", "缪": "miao", "繆": "miao", "翟": "zhai", "召": "shao",
                     "燕": "yan", "长孙": "zhangsun", "長孫": "zhangsun", "尉迟": "yuchi", "尉遲": "yuchi"}


@lru_cache(maxsize=4096)
def simplified(text: str) -> str:
    return converter("t2s").convert(text)


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
    """Toneless pinyin syllables of the Chinese characters in ``text`` (other characters dropped),
    as pypinyin reads them: each run cut into the longest phrases of its dictionary from the
    left, a phrase by its own reading (重庆 *chongqing*), any other character by its usual one."""
    readings, longest = _readings()
    text = simplified(text)
    syllables: list[str] = []
    start = 0
    while start < len(text):
        for end in range(min(len(text), start + longest), start + 1, -1):
            phrase = text[start:end]
            if phrase in readings:
                syllables += readings[phrase].split(" ") if readings[phrase] else map(readings.get, phrase)
                start = end
                break
        else:
            syllables.append(readings.get(text[start]))
            start += 1
    return [s for s in syllables if s and s.isalpha()]


@lru_cache(maxsize=1)
def _readings() -> tuple[dict[str, str], int]:
    """The table of :data:`PINYIN` (each character's and phrase's syllables, space-separated; a
    phrase that reads as its characters with none) and its longest phrase. Read from this
    table, not from pypinyin, whose dictionaries take 0.15-0.2 s to load in every process that
    romanises a name (benchmarks/README.md); it gives the same syllables (tools/pinyin_table.py)."""
    readings = dict(line.split("\t", 1) for line in PINYIN.read_text(encoding="utf-8").splitlines())
    return readings, max(map(len, readings))


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
