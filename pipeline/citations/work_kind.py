"""What kind of work a labelled record cites, and in which language, from its fields and words.

A record's kind (book, journal article, web page …) decides how it is rendered and exported, and
its language which name order and title script apply. Both follow from evidence the labelled
spans expose: GB/T 7714 type marks (``[M]``, ``[J]``, ``[EB/OL]``), thesis words, which fields are
present (a container with an issue is a journal), and the script of the title (kana is Japanese).
"""
from __future__ import annotations

import re

from pipeline.citations.lexicon import (CJK_CHAR, JAPANESE_KANJI, WESTERN_NEWSPAPER, language_of)
from pipeline.citations.spans import FieldSpan

# GB/T 7714 type marks and type words → kind.
_TYPE_KINDS = (
    (re.compile(r"\[M\]|專著|专著"), "book"),
    (re.compile(r"\[J\]"), "journal-article"),
    (re.compile(r"\[N\]"), "newspaper-article"),
    (re.compile(r"\[(?:EB|DB|CP)?/?OL\]|網頁|网页"), "web-page"),
    (re.compile(r"\[D\]|論文|论文|thesis|diss|dissertation", re.I), "thesis"),
    (re.compile(r"\[R\]|報告|报告|report", re.I), "report"),
    (re.compile(r"\[[CA]\]"), "chapter"),
)
_NEWSPAPER = re.compile(r"(?:日報|日报|晚報|晚报|時報|时报|新報|新报|新聞|新闻|早報|早报|官報|官报|報$|报$)")
_WEBSITE = re.compile(r"(?:網|网|\.com|\.org|\.net|\.gov|\.edu|\.tw|\.cn|Online|Website|BBC|CNN)", re.I)
_JAPANESE_PLACES = re.compile("東京|东京|京都|大阪|名古屋|横浜|神戸|札幌|福岡")
_JAPANESE_BODIES = re.compile("日日新報|日日新报|官報|台灣經世新報|株式会社|出版局|新書|文庫")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
# Words frequent in titles of a language and rare in English ones.
_LATIN_LANGUAGES = (
    ("nl", re.compile(r"\b(?:van|het|een|voor|en|tot|der|Nederlandse?|Oost-Indische|dagregisters?)\b", re.I)),
    ("de", re.compile(r"\b(?:und|der|die|das|über|für|zur|zum|einer?|im|Geschichte)\b", re.I)),
    ("fr", re.compile(r"\b(?:les|des|du|et|pour|dans|une|sur|au|aux)\b", re.I)),
    ("id", re.compile(r"\b(?:dan|yang|dari|untuk|dalam|sejarah)\b", re.I)),
)


def _field(text: str, spans: tuple[FieldSpan, ...], field: str) -> str:
    return " ".join(text[s.start:s.end] for s in spans if s.field == field)


def kind_of(text: str, spans: tuple[FieldSpan, ...], *, has_link: bool = False) -> str | None:
    """The kind of work the record cites; None for a bare locator or back-reference."""
    present = {s.field for s in spans}
    marks = _field(text, spans, "type")
    for pattern, kind in _TYPE_KINDS:
        if marks and pattern.search(marks):
            return kind
    if not present - {"locator", "ibid", "note", "role", "pages"}:
        return "web-page" if has_link else None
    container = _field(text, spans, "container")
    online = has_link or bool(present & {"url", "accessed"})
    if container:
        if _NEWSPAPER.search(container) or WESTERN_NEWSPAPER.search(container):
            return "web-page" if _WEBSITE.search(container) else "newspaper-article"
        if present & {"volume", "issue", "pages"} and not present & {"editor", "isbn"}:
            return "journal-article"
        if _WEBSITE.search(container) or (online and not present & {"publisher", "isbn", "editor"}):
            return "web-page"
        if present & {"editor", "publisher", "isbn", "place"}:
            return "chapter"
        return "journal-article"
    if "number" in present and not present & {"isbn"}:
        return "report"
    if present & {"publisher", "isbn", "place", "edition", "series"}:
        return "book"
    return "web-page" if online else "book"


def language_of_record(text: str, spans: tuple[FieldSpan, ...]) -> str | None:
    """The language of the work as cited: that of its title's script and words (see the corpus guide)."""
    title = (_field(text, spans, "title") or _field(text, spans, "container")
             or _field(text, spans, "volume-title") or _field(text, spans, "series"))
    if not title:
        title = " ".join(text[s.start:s.end] for s in spans if s.field not in ("date", "locator", "pages"))
    language = language_of(title)
    if _CYRILLIC.search(title):
        return "ru"
    if language == "zh":
        imprint = " ".join(_field(text, spans, f) for f in ("container", "publisher", "place", "series"))
        if (JAPANESE_KANJI.search(title) or language_of(imprint) == "ja" or JAPANESE_KANJI.search(imprint)
                or _JAPANESE_PLACES.search(imprint) or _JAPANESE_BODIES.search(imprint)):
            return "ja"
    if language == "en" and not CJK_CHAR.search(title):
        for code, words in _LATIN_LANGUAGES:
            if len(words.findall(title)) >= 2:
                return code
    return language
