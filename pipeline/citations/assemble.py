"""Turn one record's labelled field spans into a :class:`Citation`: values, names, kind, language, link.

The sequence labeller (or the gold corpus) says which characters of a note are which field; what
each field is *worth* is decided here, once, by rules that are exact for the job: a field's own
markers come off (``第3卷`` → ``3``, ``頁23-45`` → ``23-45``), dates become Gregorian (``昭和5年`` →
1930), each name span becomes one :class:`Name` split into family and given parts as its script
tells, and the kind and language of the work follow from the fields and type marks present.
Keeping this apart from the labeller means a better labeller never has to relearn value rules.
"""
from __future__ import annotations

import re

from pipeline.citations.cleanup import clean
from pipeline.citations.dates import parse_date
from pipeline.citations.draft import page_range
from pipeline.citations.lexicon import GENERIC_LINK_TEXT, chinese_number
from pipeline.citations.model import Citation, Name
from pipeline.citations.names import name as read_name
from pipeline.citations.spans import FieldSpan, RecordSpans
from pipeline.citations.work_kind import kind_of, language_of_record

#: Corpus name fields → the Citation's name lists.
ROLES = {"author": "authors", "editor": "editors", "translator": "translators"}
_OPENING, _CLOSING = "《〈「『“\"'‘(（", "》〉」』”\"'’)）"
_ROMAN = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "Ⅴ": 5, "Ⅵ": 6, "Ⅶ": 7, "Ⅷ": 8, "Ⅸ": 9, "Ⅹ": 10}
_ROMAN_LATIN = re.compile(r"\b(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})\b")
_JOINED = re.compile(r"(\d+)\s*([-–/])\s*(\d+)")  # a double issue: 58-60, 206/207
_LISTED = re.compile(r"(\d+)(?:\s*[、,，]\s*\d+)*\s*[、,，]\s*(\d+)")  # 第58、59、60集, 35,36
_MARKUP = re.compile(r"-\{|\}-|\[\[|''|<[a-z/]")
_ORDINALS = {w: i for i, w in enumerate(
    ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"), start=1)}


def text_value(text: str) -> str:
    """A publisher's or place's value: markup debris resolved, enclosing brackets off."""
    value = clean(text).text if _MARKUP.search(text) else text.strip()
    while len(value) > 1 and value[0] in _OPENING and value[-1] == _CLOSING[_OPENING.index(value[0])]:
        value = value[1:-1].strip()
    return value


def title_value(text: str) -> str:
    """A title's value: as :func:`text_value`, a title inside it written 《》 (〈儒林外史〉新評 → 《儒林外史》新評)."""
    return text_value(text).replace("〈", "《").replace("〉", "》")


def number_value(text: str) -> str:
    """``第53卷`` / ``Vol. 3`` / ``05期`` / ``第七分册`` / ``(Ⅰ)`` / ``SECOND EDITION`` → the number;
    a double issue as its two numbers (``58-60``); ``（下）`` / ``上编`` → ``下`` / ``上``; else as written."""
    joined = _JOINED.search(text)
    if joined:
        return f"{int(joined.group(1))}{joined.group(2)}{int(joined.group(3))}"
    listed = _LISTED.search(text)
    if listed:
        return f"{int(listed.group(1))}-{int(listed.group(2))}"
    digits = re.search(r"\d+", text)
    if digits:
        return str(int(digits.group(0)))
    numeral = re.search("[〇○零一二三四五六七八九十百两兩]+", text)
    if numeral and chinese_number(numeral.group(0)) is not None:
        return str(chinese_number(numeral.group(0)))
    roman = next((v for ch, v in _ROMAN.items() if ch in text), None)
    if roman:
        return str(roman)
    ordinal = next((v for w, v in _ORDINALS.items() if re.search(rf"\b{w}\b", text, re.I)), None)
    if ordinal:
        return str(ordinal)
    latin = _ROMAN_LATIN.search(re.sub(r"^(?:vol|no|pt|part)\.?\s*", "", text.strip(), flags=re.I))
    if latin:
        return str(_roman_number(latin.group(0)))
    bare = re.sub("[第卷冊册期號号编編篇（）()\\s]", "", text)
    return bare if len(bare) == 1 else text.strip("（）() ")


def edition_value(text: str) -> str:
    """``第2版`` / ``2nd ed.`` / ``SECOND EDITION`` / ``2e`` → ``2``; a description (``增訂版``, ``26卷本``) as written."""
    if re.search(r"版|ed\b|ed\.|edition|^\d+\s*/?\s*e$", text, re.I):
        return number_value(text)
    return text


def _roman_number(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, ch in enumerate(numeral):
        value = values[ch]
        total += -value if i + 1 < len(numeral) and values[numeral[i + 1]] > value else value
    return total


def pages_value(text: str) -> str:
    """``頁23-45`` → ``23-45``, ``583+`` → ``583``; an abbreviated end takes the start's leading digits (``411-31`` → ``411-431``)."""
    value = page_range(text).rstrip("+")
    start, _, end = value.partition("-")
    if end and start.isdigit() and end.isdigit() and len(end) < len(start) and int(end) < int(start):
        value = f"{start}-{start[:len(start) - len(end)]}{end}"
    return value


def names(text: str, spans: list[FieldSpan], language: str | None) -> tuple[Name, ...]:
    """One :class:`Name` per span; a span in brackets right after another is that name's other script
    (``愛德華‧豪士（Edward H. House）``, ``Joseph Needham（李約瑟）``)."""
    out: list[Name] = []
    i = 0
    while i < len(spans):
        written = clean(text[spans[i].start:spans[i].end]).text
        alternate = None
        if i + 1 < len(spans) and _bracketed_after(text, spans[i], spans[i + 1]):
            alternate = clean(text[spans[i + 1].start:spans[i + 1].end]).text
            i += 1
        person = read_name(written, language)
        out.append(Name(person.text, person.family, person.given, alternate or person.alternate,
                        person.organisation))
        i += 1
    return tuple(out)


def _bracketed_after(text: str, span: FieldSpan, following: FieldSpan) -> bool:
    return (re.fullmatch(r"\s*[（(]\s*", text[span.end:following.start]) is not None
            and re.match(r"\s*[）)]", text[following.end:]) is not None)


def record_urls(text: str, links, spans: tuple[FieldSpan, ...]) -> list[str]:
    """The URLs of the note's links that belong to this record.

    A link belongs to the record whose spans its text lies in (a linked title); a link whose
    text says nothing (``1``, ``在此``, a bare URL) belongs to the record it follows or
    stands in; a note whose only record has no spans is its links.
    """
    if not spans:
        return [url for _, url in links]
    start, end = spans[0].start, spans[-1].end
    out, cursor = [], 0
    for link_text, url in links:
        link_text = link_text.strip()
        at = text.find(link_text, cursor) if link_text else -1
        if at < 0:
            continue
        cursor = at + len(link_text)
        inside = at < end and cursor > start
        generic = bool(GENERIC_LINK_TEXT.match(link_text))
        follows = generic and end <= at and at - end <= 20 and not re.search("[;；]", text[end:at])
        precedes = generic and cursor <= start and not text[cursor:start].strip()
        if inside or follows or precedes:
            out.append(url)
    return out


#: How the value of each single-valued field is read from its first span (Citation's attribute has
#: the field's name). Fields the Citation has no place for (parallel-title, volume-title, role,
#: type, note, contributor, issn) inform kind and language only.
VALUES = {
    "title": title_value, "container": title_value,
    "publisher": text_value, "place": text_value, "series": text_value,
    "volume": number_value, "part": number_value, "issue": number_value,
    "edition": edition_value, "pages": pages_value,
    "date": parse_date, "accessed": parse_date,
    "isbn": str.strip, "doi": str.strip, "number": str.strip, "locator": str.strip, "url": str.strip,
}


def assemble(text: str, links, italics, record: RecordSpans) -> Citation:
    """The citation one record of the note ``text`` describes (``links``: its ``(text, URL)`` pairs).

    ``italics`` is accepted for the shared interface; the spans already say what is a title.
    """
    spans = record.fields
    by_field: dict[str, list[FieldSpan]] = {}
    for span in spans:
        by_field.setdefault(span.field, []).append(span)

    def first(field: str) -> str | None:
        return text[by_field[field][0].start:by_field[field][0].end] if field in by_field else None

    values: dict = {field: read(first(field)) for field, read in VALUES.items() if field in by_field}
    values["url"] = values.get("url") or next(iter(record_urls(text, links, spans)), None)
    values["ibid"] = "ibid" in by_field
    language = language_of_record(text, spans)
    for field, attribute in ROLES.items():
        values[attribute] = names(text, by_field.get(field, []), language)
    kind = kind_of(text, spans, has_link=bool(values["url"]))
    return Citation(raw=text, kind=kind, language=language, **values)
