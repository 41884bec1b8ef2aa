"""The order of a bibliography as scholarly books print it, rather than the order of first citation.

Chinese, Japanese and Korean works come first, by the pinyin of their first creator (syllable by
syllable, the family name read as a surname: 曾 is ``zeng``, 单 is ``shan``), then by the pinyin
of their title, then by date; Western works follow, by the first creator's family name folded to
plain letters (``Lizárraga`` as ``lizarraga``), then by the whole name, title and date. A work
without a creator is placed by its title. Kana and hangul, which have no pinyin, are compared as
written and so come after every romanised word; the written form then decides between works that
romanise alike, so the order depends on input order only between works that print alike.

Public API: :func:`sort_key` and :func:`scholarly_order`.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Sequence, TypeVar

from pipeline.citations.lexicon import CJK, CJK_CHAR, chinese_surname
from pipeline.citations.model import Citation, Name
from pipeline.citations.romanise import family_key, pinyin, simplified

_EAST_ASIAN = ("zh", "ja", "ko")
#: Han characters, kana and hangul.
_EAST_ASIAN_SCRIPT = re.compile(f"[{CJK}\u3040-\u30ff\u1100-\u11ff\uac00-\ud7af]")

T = TypeVar("T")


def east_asian(record: Citation) -> bool:
    """A Chinese, Japanese or Korean work: by its language, or by the script its first creator
    (or, without one, its title) is printed in, so that a translation printed in Chinese stands
    with the Chinese works whatever its original language."""
    if record.language and record.language.split("-")[0].lower() in _EAST_ASIAN:
        return True
    text = record.creators[0].text if record.creators else record.title or ""
    return bool(_EAST_ASIAN_SCRIPT.search(text))


def _folded(text: str) -> str:
    """``Lizárraga`` → ``lizarraga``, ``Сталин`` → ``сталин``: lower case, without accents,
    spaces or punctuation, in any alphabet."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed.casefold() if ch.isalnum() and not unicodedata.combining(ch))


def _syllables(text: str) -> tuple[str, ...]:
    """The pinyin syllables of a text with Chinese characters, else its words folded: kana and
    hangul, which have no pinyin, fold to themselves and so come after every Latin letter."""
    if CJK_CHAR.search(text):
        return tuple(pinyin(text))
    return tuple(filter(None, (_folded(word) for word in re.split(r"[\s,.·‧・]+", text))))


def _words(text: str, cjk: bool) -> tuple[tuple[str, ...], str]:
    """A text's sort form: its syllables (or, in a Western work, the text folded as one word),
    then the text itself for what romanising left out or made alike."""
    text = simplified(text) if cjk else text
    return (_syllables(text) if cjk else (_folded(text),)), _folded(text)


def _creator(name: Name, cjk: bool) -> tuple[tuple[str, ...], str]:
    """The family name first (its reading as a surname: 曾 is ``zeng``), then the given name,
    whichever order the name is written in; an organisation by its whole name, which so sorts
    with the persons of the same first syllable."""
    if name.organisation:
        return _words(name.text, cjk)
    if cjk and CJK_CHAR.search(name.text):
        given = name.given if name.family else name.text[len(chinese_surname(name.text) or name.text[:1]):]
        return (family_key(name),) + _syllables(simplified(given or "")), _folded(simplified(name.text))
    family = name.family or (name.text.split() or [""])[-1]
    given = name.given if name.family else name.text[:len(name.text) - len(family)]
    # family, then given name: ``Cumings, Bruce`` and ``Bruce Cumings`` are one name
    return (_folded(family), _folded(given or "")), _folded(family + (given or ""))


def sort_key(record: Citation) -> tuple:
    """Where a work stands in the bibliography: group (East Asian first), first creator (or the
    title, for a work without one), title, date."""
    cjk = east_asian(record)
    title = _words(record.title or record.container or "", cjk)
    creator = _creator(record.creators[0], cjk) if record.creators else title
    return not cjk, creator, title, record.date.iso() if record.date else ""


def scholarly_order(records: Sequence[Citation], items: Sequence[T]) -> list[T]:
    """``items`` (one for each of ``records``) in the order of their records' :func:`sort_key`;
    items whose records sort alike keep their order."""
    order = sorted(range(len(records)), key=lambda i: sort_key(records[i]))
    return [items[i] for i in order]
