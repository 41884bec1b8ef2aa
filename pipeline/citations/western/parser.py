"""Parse a citation written in Western conventions (Chicago, APA, Harvard and their loose variants).

Forms met: ``Last, First (1964). Title. Place: Publisher.``; ``First Last, Title, Publisher, Place,
1964, pp.29–60``; ``Last, First, *Title* (Publisher, 1994)``; ``Last, First, "Article," *Journal*
15 (Summer 1991): 411-31``; ``"Chapter" in Name, Book (Place: Publisher, 1995), chapter VII``;
short forms ``Burgan 2002, p. 7``; and lists with no punctuation at all
(``Richard H. Enns George C. McCGuire, Nonlinear Physics Birkhauser,1997``). Italic spans, when
the reader kept them, are the strongest sign of a title.
"""
from __future__ import annotations

import re

from pipeline.citations.dates import YEAR, find_date
from pipeline.citations.draft import GAP, Draft, page_range
from pipeline.citations.lexicon import (
    CJK, GOVERNMENT, WESTERN_NEWSPAPER, WESTERN_PERIODICAL, cjk_count, language_of, latin_count,
)
from pipeline.citations.western.creators import creator_names
from pipeline.citations.western.imprint import LOCATOR, PAGES, imprint, numbers
from pipeline.citations.western.reading import WesternReading
from pipeline.citations.western.titles import find_title


def parse_western(text: str, links: tuple[tuple[str, str], ...] = (), italics: tuple[str, ...] = ()) -> Draft:
    """A citation written in Western conventions → its draft record (the passes in order)."""
    r = WesternReading(text, links, italics)
    t, d = r.t, r.d
    t.take_isbn_and_urls(d, r.links)
    t.take(r"^\s*(?:See also|See generally|See|Cf\.|Compare)\s+")
    _glosses(r)
    t.take(r"(?i)\b(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|revised|new|English)\s+(?:edition\b|ed\.|ed\b)")
    t.take(rf"^\s*({PAGES})\s*,\s*", lambda m: r.locators.append(m.group(1)))
    if not _short_form(r):
        numbers(r)
        start = find_title(r)
        imprint(r, start)
    _kind(r)
    _finish(r)
    return d


def _glosses(r: WesternReading) -> None:
    """A Chinese rendering beside the Western citation (``（《非线性偏微分方程手册》）``,
    ``…p101-107麦都思：《中国的现状和传教展望》，1838``): dropped, keeping a year it gives."""
    t = r.t
    t.take(rf"[（(][^（）()]*[{CJK}][^（）()]*[）)]")
    first = re.search(f"[{CJK}]", t.s)
    if first and latin_count(t.s[: first.start()]) >= 12:
        tail = t.s[first.start():]
        found = find_date(tail)
        if found:
            r.d.set("date", found.date)
        page = re.search(r"第?\s*\d+(?:\s*[-–—]\s*\d+)?\s*[页頁]", tail)
        if page:
            r.locators.append(page.group(0).strip())
        t.blank(first.start(), len(t.s))


def _short_form(r: WesternReading) -> bool:
    """``Burgan 2002, p. 7`` / ``Brook 2010`` / ``Smith and Jones 1999: 12``."""
    match = re.fullmatch(
        rf"\s*([A-Z][\w'’-]+(?:\s+(?:and|&)\s+[A-Z][\w'’-]+)?)\s*,?\s*\(?({YEAR})[a-z]?\)?\s*(?:[,:]\s*({LOCATOR}|\d+(?:\s*[-–]\s*\d+)?))?\s*\.?\s*",
        r.t.s.replace(GAP, " "))
    if not match:
        return False
    r.d.add_names("authors", creator_names(match.group(1)))
    r.d.set("date", find_date(match.group(2)).date)
    if match.group(3):
        r.locators.append(match.group(3))
    return True


def _kind(r: WesternReading) -> None:
    d = r.d
    container = d.container or ""
    newspaper = bool(WESTERN_NEWSPAPER.search(container))
    if r.chapter and d.container:
        kind = "chapter"
    elif r.periodical or (r.article and newspaper):
        kind = "newspaper-article" if newspaper else "journal-article"
    elif r.article and (d.volume or d.issue or r.page_spans or WESTERN_PERIODICAL.search(container)
                        or (d.date and d.date.month)):
        kind = "journal-article"
    elif r.article and d.url:
        kind = "web-page"
    elif r.article:
        kind = "chapter"
    elif re.search(r"\b(?:thesis|dissertation)\b", r.t.orig, re.I):
        kind = "thesis"
    elif re.search(r"\b(?:report|Record|Hearings?)\b", d.title or "", re.I) or any(
            n.organisation and GOVERNMENT.search(n.text) for n in d.creators):
        kind = "report"
    elif d.url and "books.google." not in d.url and not d.isbn and (
            not d.publisher or (r.linked and not d.date)):
        kind = "web-page"
    elif d.title or d.creators_found():
        kind = "book"
    else:
        return
    d.put(kind=kind)


def _finish(r: WesternReading) -> None:
    d = r.d
    if d.kind == "journal-article" and r.page_spans:
        d.set("pages", page_range(r.page_spans[0]))
        rest = r.page_spans[1:]
    else:
        rest = r.page_spans
    pieces = r.locators[:1] + rest + r.locators[1:] if r.locators else rest
    if pieces:
        d.set("locator", " ".join(dict.fromkeys(pieces)))
    if d.title:
        d.put(language="zh" if cjk_count(d.title) > latin_count(d.title) / 3 else language_of(d.title))
    elif d.creators_found():
        d.put(language="en")
    elif d.container:
        d.put(language=language_of(d.container))
