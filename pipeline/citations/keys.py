"""Readable, stable BibTeX keys for an article's works (``wang2009chaoxian``).

:func:`assign_keys` gives each work a key made of the first creator's family name (romanised
with pypinyin for Chinese), the year, and the first word of the title (two characters' pinyin for
a Chinese title). Works that would share a key get ``a``, ``b``… in work order, so the same works
always get the same keys: the TEI (``bib-KEY``) and the ``.bib`` name a work alike.
"""
from __future__ import annotations

import re
from typing import Sequence

from pipeline.citations.lexicon import CJK_CHAR
from pipeline.citations.model import Citation
from pipeline.citations.romanise import ascii_fold, family_key, pinyin
from pipeline.citations.works import Work
from pipeline.wording import lettering

_STOPWORDS = {"a", "an", "the", "on", "of", "in", "to", "and", "for", "le", "la", "les", "der", "die", "das"}


def _title_word(title: str | None) -> str:
    if not title:
        return ""
    if CJK_CHAR.search(title):
        body = re.sub(r"^[^\u3400-\u9fff]*(?:\d+[-–]?\d*年)?", "", title)
        return "".join(pinyin("".join(CJK_CHAR.findall(body)[:2])))
    for word in re.findall(r"[^\W_]+", title):
        folded = ascii_fold(word)
        if folded and folded not in _STOPWORDS:
            return folded
    return ""


def _site_word(url: str | None) -> str:
    """``http://news.yam.com/…`` → ``yam``: the name of the site, for a work known only by its URL."""
    url = re.sub(r"^https?://web\.archive\.org/web/\w+/", "", url or "")
    host = re.sub(r"^[a-z]+://", "", url).split("/")[0].split(":")[0].lower()
    labels = [label for label in host.split(".") if label not in ("www", "news", "com", "org", "net", "edu", "gov")]
    return ascii_fold(labels[0]) if labels else ""


def base_key(record: Citation) -> str:
    """``wang2009chaoxian``: first creator's family name, year, first title word."""
    family = family_key(record.creators[0]) if record.creators else ""
    year = str(record.date.year) if record.date else ""
    word = _title_word(record.title) or _site_word(record.url)
    key = f"{family}{year}{word}" if family else f"{word}{year}"
    return re.sub(r"[^a-z0-9]", "", key) or "anon"


def assign_keys(works: Sequence[Work]) -> list[str]:
    """One key per work, in order; colliding keys get ``a``, ``b``, … in work order."""
    bases = [base_key(w.record) for w in works]
    counts: dict[str, int] = {}
    for key in bases:
        counts[key] = counts.get(key, 0) + 1
    seen: dict[str, int] = {}
    keys = []
    for key in bases:
        if counts[key] > 1:
            n = seen.get(key, 0)
            seen[key] = n + 1
            key += lettering(n)
        keys.append(key)
    return keys
