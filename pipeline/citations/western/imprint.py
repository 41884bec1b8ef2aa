"""Read what surrounds the title of a Western citation: volume, issue, part, page and chapter
references, dates with a month, and the imprint (``Chapel Hill, N.C: Algonquin``, ``Stevens,
London, 1964``), and tell an imprint from the rest of a title."""
from __future__ import annotations

import re

from pipeline.citations.dates import YEAR, find_date
from pipeline.citations.draft import GAP
from pipeline.citations.lexicon import (
    US_STATE_OR_COUNTY, WESTERN_PLACES, WESTERN_PUBLISHERS, is_western_place, is_western_publisher,
)
from pipeline.citations.western.reading import WesternReading

PAGES = r"(?<![A-Za-z])(?:pp?\.?\s*|P)\d+\+?(?:\s*[-‐–—~～]\s*\d+)?(?:,\s*\d+(?:\s*[-‐–—~～]\s*\d+)?(?!\d))*(?:\s*ff?\.)?"
LOCATOR = rf"{PAGES}|\bchapter\s+[IVXLC\d]+\b|\bch\.\s*\d+|第\s*\d+\s*[页頁]"


def publisher_like(text: str) -> bool:
    """A short run of capitalised words (``Stevens``, ``US Government``, ``Secker & Warburg``)."""
    words = text.split()
    return 1 <= len(words) <= 4 and all(w[:1].isupper() or w == "&" for w in words) and not re.search(r"\d", text)


def is_imprint(text: str) -> bool:
    """A stretch that belongs to the imprint rather than the title."""
    text = text.replace(GAP, " ").strip(" .;")
    if not text:
        return True
    pair = re.fullmatch(r"(.+?)\s*:\s*(.+)", text)
    if pair:
        left, right = pair.group(1), pair.group(2)
        return is_western_place(left) or is_western_publisher(left) or is_western_publisher(right) or bool(
            re.fullmatch(YEAR, right))
    return bool(
        is_western_place(text) or is_western_publisher(text) or re.fullmatch(rf"\(?{YEAR}\)?", text)
        or (re.search(rf"\b{YEAR}\b", text) and len(text.split()) <= 4 and text.split()[0] in WESTERN_PLACES | WESTERN_PUBLISHERS)
    )


def numbers(r: WesternReading) -> None:
    """Volume, issue, part, page and chapter references, and dates with a month: none of
    them belongs to a title, and taking them first keeps them out of one."""
    t, d = r.t, r.d
    t.take(r"\b(?:Vol|Volume|V)\.\s*(\d+)\b|\bVol\s+(\d+)\b", lambda m: d.set("volume", m.group(1) or m.group(2)))
    t.take(r"\b(?:[Ii]ssue\s+)?(?:No\.?|no\.)\s*(\d+)\b|\bIssue\s+(\d+)\b", lambda m: d.set("issue", m.group(1) or m.group(2)))
    t.take(r"\bPt\.?\s*(\d+)\b", lambda m: d.set("part", m.group(1)))

    def locator(m: re.Match) -> None:
        text = m.group(0).strip()
        (r.page_spans if re.match(r"pp?\.|p\d|P\d", text) else r.locators).append(text)

    t.take(r"\(\s*(\d+(?:\s*,\s*Fn\.\s*\d+)?)\s*;?\s*$|\(\s*(\d+\s*,\s*Fn\.\s*\d+)",
           lambda m: r.locators.append(m.group(1) or m.group(2)))
    t.take(LOCATOR, locator)
    while True:
        found = find_date(t.s, bare_year=False)
        if not found or not found.date.month:
            break
        d.set("date", found.date)
        r.date_spans.append((found.start, found.end))
        t.blank(found.start, found.end)


def imprint(r: WesternReading, start: int) -> None:
    """After the title (from ``start``): a journal's volume and pages, bracketed imprints, the date and the imprint."""
    t, d = r.t, r.d
    rest_start = start
    if r.article:
        journal = re.search(r"^[\s,]*(\d+)\s*(?=\()", t.s[rest_start:])
        if journal:
            d.set("volume", journal.group(1))
            t.blank(rest_start + journal.start(1), rest_start + journal.end(1))
        t.take(r"\)\s*:\s*(\d+\s*[-–]\s*\d+)", lambda m: r.page_spans.append(m.group(1)))
    for match in list(re.finditer(r"\(([^()]*)\)", t.s)):
        inner = match.group(1)
        if re.search(YEAR, inner) or ":" in inner:
            _imprint_text(r, inner.split(";")[0], in_brackets=True)
            found = find_date(inner)
            if found:
                d.set("date", found.date)
            t.blank(match.start(), match.end())
    found = find_date(t.s[rest_start:])
    if found:
        d.set("date", found.date)
        after = t.s[rest_start + found.end:]
        cited = re.match(r"\s*:\s*(\d+(?:\s*[-–]\s*\d+)?)", after)
        if cited:
            r.locators.append(cited.group(1))
            t.blank(rest_start + found.end, rest_start + found.end + cited.end())
        t.blank(rest_start + found.start, rest_start + found.end)
    _imprint_text(r, t.s[rest_start:])


def _imprint_text(r: WesternReading, text: str, *, in_brackets: bool = False) -> None:
    """Place, publisher and year from what follows the title (``Chapel Hill, N.C: Algonquin``,
    ``Speciality Press: North Branch, MN, 2002``, ``Stevens, London, 1964``)."""
    d = r.d
    for chunk in re.split(r"\s*;\s*|(?<!\b[A-Z])\.\s+", text.replace(GAP, " ")):
        pieces: list[str] = []
        for piece in (p.strip(" .()") for p in chunk.split(",")):
            if pieces and re.match(r"(?:[A-Z]\.?\s?[A-Z]\.?|[A-Z][a-z]+\.?)(?=\s*(?::|$))", piece) and (
                    US_STATE_OR_COUNTY.match(piece.split(":")[0].strip())):
                pieces[-1] += ", " + piece  # ``Chapel Hill`` + ``N.C: Algonquin``
            elif piece:
                pieces.append(piece)
        for piece in pieces:
            piece = re.sub(rf"\s+{YEAR}$", "", piece)  # ``(Department of the Army 1991)``
            if not re.search("[A-Za-z]", piece) or piece[0].islower():
                continue
            pair = re.fullmatch(r"(.+?)\s*:\s*(.+)", piece)
            if pair:
                left, right = pair.group(1).strip(), pair.group(2).strip()
                if re.fullmatch(YEAR, right):
                    d.set("publisher", left)
                elif is_western_publisher(left) and not is_western_publisher(right):
                    d.set("publisher", left)
                    d.set("place", right)
                else:
                    d.set("place", left)
                    d.set("publisher", right)
            elif is_western_place(piece):
                d.set("place", piece)
            elif is_western_publisher(piece) or (
                not d.publisher and (publisher_like(piece) or in_brackets) and not d.container and not r.article
            ):
                d.set("publisher", piece)
