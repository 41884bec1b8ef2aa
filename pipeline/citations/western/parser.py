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
from pipeline.citations.draft import GAP, Draft, WorkingText, page_range
from pipeline.citations.lexicon import (
    CJK, GENERIC_LINK_TEXT, GOVERNMENT, US_STATE_OR_COUNTY, WESTERN_NEWSPAPER, WESTERN_PERIODICAL, WESTERN_PLACES,
    WESTERN_PUBLISHERS, cjk_count, is_organisation, is_western_place, is_western_publisher, language_of, latin_count,
)
from pipeline.citations.names import looks_like_western_name, split_western_names, western_name

_PAGES = r"(?<![A-Za-z])(?:pp?\.?\s*|P)\d+\+?(?:\s*[-‐–—~～]\s*\d+)?(?:,\s*\d+(?:\s*[-‐–—~～]\s*\d+)?(?!\d))*(?:\s*ff?\.)?"
_LOCATOR = rf"{_PAGES}|\bchapter\s+[IVXLC\d]+\b|\bch\.\s*\d+|第\s*\d+\s*[页頁]"
# a full stop that ends a sentence: not after an initial (W.), nor after a common abbreviation
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])(?<!\bVol)(?<!\bNo)(?<!\bSt)(?<!\bDr)(?<!\bMr)(?<!\bed)(?<!\beds)(?<!\bpp)(?<!\bp)(?<!\bU\.S)\.(?:\s+|$)")
_ROLE = re.compile(r",?\s*\(?\b(eds?\.?|editors?|edited by|trans\.?|translated by)\)?\s*,?\s*$", re.I)


def _name_text(text: str) -> str:
    """Trim a name's edges, keeping the full stop of a final initial (``Hopkins, William B.``)."""
    text = text.replace(GAP, " ").strip(" ,;:")
    if text.endswith(".") and not re.search(r"(?:^|[\s.])(?:[A-Z]|Jr|Sr)\.$", text):
        text = text[:-1].rstrip()
    return text


def _names(text: str) -> list:
    return [western_name(_name_text(n)) for n in split_western_names(_name_text(text)) if n.strip(" .,")]


def _is_name_list(text: str) -> bool:
    text = _ROLE.sub("", text.strip(" ,.:"))
    if not text:
        return False
    parts = split_western_names(text)
    return bool(parts) and all(looks_like_western_name(p) or is_organisation(p) for p in parts) and (
        len(text.split()) <= 12)


_LAST_FIRST = r"[A-Z][\w'’-]+,\s+(?:[A-Z][a-z]+|[A-Z]\.?)(?:\s+[A-Z]\.?)*\.?(?=\s*[,.(]|\s+(?:and|&|eds?\.)\s)"
_FIRST_UNIT = r"[A-Z][a-z'’-]+\s+(?:[A-Z]\.\s?)*(?:Mc|Mac)?[A-Z][A-Za-zà-ÿ'’-]+"
_LATER_UNIT = r"[A-Z][a-z'’-]+\s+(?:[A-Z]\.\s?)+(?:Mc|Mac)?[A-Z][A-Za-zà-ÿ'’-]+"


def _unpunctuated_names(text: str) -> tuple[list[str], int] | None:
    """``Graham W. Griffiths William E.Shiesser Traveling Wave…``: names with no separator.
    The first may lack an initial (``George Articolo Partial…``); later ones need one."""
    first = re.match(rf"\s*({_FIRST_UNIT})(?=\s)", text)
    if not first or not looks_like_western_name(first.group(1)):
        return None
    names, end = [first.group(1)], first.end()
    while more := re.match(rf"\s+({_LATER_UNIT})(?=[\s,])", text[end:]):
        names.append(more.group(1))
        end += more.end()
    return (names, end) if text[end:].strip() else None


def _publisher_like(text: str) -> bool:
    """A short run of capitalised words (``Stevens``, ``US Government``, ``Secker & Warburg``)."""
    words = text.split()
    return 1 <= len(words) <= 4 and all(w[:1].isupper() or w == "&" for w in words) and not re.search(r"\d", text)


def _trailing_publisher(text: str) -> tuple[str, str | None]:
    """Split a publisher run onto the end of a title: ``Nonlinear Physics Birkhauser`` → title, publisher."""
    text = text.strip(" ,.")
    for known in sorted(WESTERN_PUBLISHERS, key=len, reverse=True):
        if text.endswith(" " + known) and len(text) > len(known) + 3:
            return text[: -len(known)].strip(" ,."), known
    match = re.search(r"\s((?:[A-Z][\w&'’.-]*\s){0,2}(?:Press|PRESS|Books|Publishing|Publishers))$", text)
    if match:
        publisher = match.group(1)
        words = publisher.split()
        if len(words) == 3 and words[1] not in ("University", "College", "State"):
            publisher = " ".join(words[1:])  # ``…with Maple V Academic Press``: the press is the last two words
        return text[: -len(publisher)].strip(" ,."), publisher
    return text, None


class WesternParser:
    def __init__(self, text: str, links: tuple[tuple[str, str], ...], italics: tuple[str, ...]):
        self.t = WorkingText(text)
        self.links = links
        self.italics = italics
        self.d = Draft()
        self.article = False     # a quoted or linked title in a named container
        self.chapter = False     # … ``in`` or ``from`` a book
        self.periodical = False  # an issue of a periodical cited by its date
        self.linked = False      # the title is a link's text
        self.date_spans: list[tuple[int, int]] = []
        self.page_spans: list[str] = []
        self.locators: list[str] = []

    def parse(self) -> Draft:
        t, d = self.t, self.d
        t.take_isbn_and_urls(d, self.links)
        t.take(r"^\s*(?:See also|See generally|See|Cf\.|Compare)\s+")
        self._glosses()
        t.take(r"(?i)\b(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|revised|new|English)\s+(?:edition\b|ed\.|ed\b)")
        t.take(rf"^\s*({_PAGES})\s*,\s*", lambda m: self.locators.append(m.group(1)))
        if not self._short_form():
            self._numbers()
            start = self._title()
            self._imprint(start)
        self._kind()
        self._finish()
        return d

    # -- pieces ---------------------------------------------------------------------------------
    def _glosses(self) -> None:
        """A Chinese rendering beside the Western citation (``（《非线性偏微分方程手册》）``,
        ``…p101-107麦都思：《中国的现状和传教展望》，1838``): dropped, keeping a year it gives."""
        t = self.t
        t.take(rf"[（(][^（）()]*[{CJK}][^（）()]*[）)]")
        first = re.search(f"[{CJK}]", t.s)
        if first and latin_count(t.s[: first.start()]) >= 12:
            tail = t.s[first.start():]
            found = find_date(tail)
            if found:
                self.d.set("date", found.date)
            page = re.search(r"第?\s*\d+(?:\s*[-–—]\s*\d+)?\s*[页頁]", tail)
            if page:
                self.locators.append(page.group(0).strip())
            t.blank(first.start(), len(t.s))

    def _short_form(self) -> bool:
        """``Burgan 2002, p. 7`` / ``Brook 2010`` / ``Smith and Jones 1999: 12``."""
        match = re.fullmatch(
            rf"\s*([A-Z][\w'’-]+(?:\s+(?:and|&)\s+[A-Z][\w'’-]+)?)\s*,?\s*\(?({YEAR})[a-z]?\)?\s*(?:[,:]\s*({_LOCATOR}|\d+(?:\s*[-–]\s*\d+)?))?\s*\.?\s*",
            self.t.s.replace(GAP, " "))
        if not match:
            return False
        self.d.add_names("authors", _names(match.group(1)))
        self.d.set("date", find_date(match.group(2)).date)
        if match.group(3):
            self.locators.append(match.group(3))
        return True

    def _marked_spans(self) -> list[tuple[int, int, str, str]]:
        """(start, end, text, how) of italic, quoted and link-text spans, in order."""
        s, out = self.t.s, []
        for italic in self.italics:
            at = s.find(italic)
            if italic.strip() and at >= 0:
                out.append((at, at + len(italic), italic.strip(), "italic"))
        for match in re.finditer(r"\"([^\"]{3,})\"|“([^”]{3,})”|‘([^’]{3,})’", s):
            quoted = self.t.kept(match.start() + 1, match.end() - 1).strip(" ,.")
            if quoted:
                out.append((match.start(), match.end(), quoted, "quoted"))
        unopened = re.match(r"^([^\"“]{3,}?[?!.])[\"”](?=,?\s+in\s)", s)
        if unopened:  # the opening quote was lost: ``Why …?" in Nathan Sivin, …``
            out.append((0, unopened.end(), unopened.group(1).strip(), "quoted"))
        for text, _ in self.links:
            at = s.find(text)
            if at >= 0 and text.strip() and not GENERIC_LINK_TEXT.match(text.strip()):
                out.append((at, at + len(text), text.strip(), "link"))
            elif at >= 0:
                self.t.blank(at, at + len(text))
        return sorted(out)

    def _title(self) -> int:
        """Find authors and title; return where the imprint begins."""
        t, d = self.t, self.d
        marks = self._marked_spans()
        quoted = [m for m in marks if m[3] == "quoted"]
        if quoted and not [m for m in marks if m[3] in ("italic", "link") and m[0] < quoted[0][0]]:
            start, end, title, _ = quoted[0]
            self._creators(t.s[:start])
            d.set("title", title)
            t.blank(start, end)
            return self._container(end, marks)
        if marks:
            start, end, title, how = marks[0]
            self._creators(t.s[:start])
            issue = next((a for a, _ in self.date_spans if a >= end), None)
            if how == "italic" and issue is not None and d.date.day and not t.s[end:issue].strip(" ,." + GAP) and not d.creators:
                d.set("container", title)  # ``Human Events, 27 August 1977``: an issue of a periodical
                self.periodical = True
            else:
                site = re.fullmatch(r"(.+?)\s+[-|–]\s+([A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2})", title) if how == "link" else None
                if site:  # ``Battlefield Vietnam - Part 12: The Fall of Saigon - YouTube``
                    title = site.group(1)
                    d.set("container", site.group(2))
                d.set("title", title)
            t.blank(start, end)
            if how == "link":
                return self._after_link_title(end, marks)
            return end
        return self._plain_title()

    def _creators(self, text: str) -> None:
        text = _name_text(text)
        apa = re.search(rf"\(\s*({YEAR})[a-z]?\s*\)\s*[.,]?\s*$", text)
        if apa:
            self.d.set("date", find_date(apa.group(1)).date)
            text = _name_text(text[: apa.start()])
        role = _ROLE.search(text)
        if role and text:
            target = "editors" if role.group(1).lower().startswith("ed") else "translators"
            text = text[: role.start()]
        else:
            target = "authors"
        if text and _is_name_list(text):
            self.d.add_names(target, _names(text))

    def _container(self, start: int, marks, *, plain_journal: bool = True) -> int:
        """After an article's quoted title: ``in Name, Book (…)`` or the journal and its numbers."""
        t, d = self.t, self.d
        rest = t.s[start:]
        source = re.match(r"[\s,\"”]*(?:in|from)\s+(?:(?:his|her|their)\s+)?", rest)
        italic = next((m for m in marks if m[3] in ("italic", "link") and m[0] >= start), None)
        if source and italic and not t.s[start + source.end():italic[0]].strip(GAP + " "):
            d.set("container", italic[2])  # ``…" in his *Book*`` / ``…", from *Book* (1990) by Editor``
            self.chapter = italic[3] == "italic"  # in a linked site it is a page of that site
            t.blank(start, italic[1])
            editors = re.match(rf"[\s{GAP}]*(?:\(\s*{YEAR}\s*\))?[\s{GAP}]*by\s+([^.,;()]+)", t.s[italic[1]:])
            if editors and _is_name_list(editors.group(1)):
                d.add_names("editors", _names(editors.group(1)))
                t.blank(italic[1] + editors.start(1), italic[1] + editors.end(1))
            return italic[1]
        inside = re.match(r"[\s,\"”]*in\s+(.+?),\s+", rest)
        if inside and _is_name_list(inside.group(1)):
            names = _names(inside.group(1))
            d.add_names("editors" if d.authors else "authors", names)
            t.blank(start, start + inside.end())
            start += inside.end()
            rest = t.s[start:]
            book = re.match(r"\s*([^(,]+?)\s*(?=\(|,|$)", rest)
            if book:
                d.set("container", book.group(1))
                self.chapter = True
                t.blank(start, start + book.end())
            return start
        italic = next((m for m in marks if m[3] == "italic" and m[0] >= start), None)
        if italic and not t.s[start:italic[0]].strip(" ,.\"”" + GAP):
            d.set("container", italic[2])
            t.blank(italic[0], italic[1])
            self.article = True
            return italic[1]
        journal = re.match(r"[\s,.\"”]*([A-Z][^,;()\d]*?[A-Za-z])(?=\s*(?:\d|\(|,\s*Vol|$))", rest)
        if journal and plain_journal:
            d.set("container", journal.group(1))
            t.blank(start, start + journal.end())
            self.article = True
            return start + journal.end()
        return start

    def _after_link_title(self, end: int, marks) -> int:
        """After a linked title: ``in his *Book*``, the periodical in italics, the author, or the site."""
        t, d = self.t, self.d
        self.linked = True
        container_end = self._container(end, marks, plain_journal=False)
        if d.container:
            if not self.chapter:
                self.article = True
            return container_end
        rest = t.s[end:].replace(GAP, " ")
        first = re.match(r"\s*[,.;，]?\s*([^,;.()]+?)\s*(?:[,;.]|$)", rest)
        if not first:
            return end
        candidate = first.group(1).strip()
        if _is_name_list(candidate) and not is_organisation(candidate):
            d.add_names("authors", _names(candidate))
            t.blank(end, end + first.end())
        elif candidate and all(w[:1].isupper() or w in ("of", "and", "the", "for") for w in candidate.split()):
            d.set("container", candidate)
            t.blank(end, end + first.end())
        return end

    def _plain_title(self) -> int:
        """Creators then title with no italics or quotes to mark the title."""
        t, d = self.t, self.d
        s = t.s
        lead = len(s) - len(s.lstrip(" ," + GAP))
        apa = re.match(rf"(.+?)\s*(?:,?\s*(eds?\.))?\s*\(\s*({YEAR})[a-z]?\s*\)\s*([.,])?\s*", s[lead:])
        if apa and _is_name_list(apa.group(1)):
            d.add_names("editors" if apa.group(2) else "authors", _names(apa.group(1)))
            d.set("date", find_date(apa.group(3)).date)
            t.blank(lead, lead + apa.end())
            return self._title_from(lead + apa.end(), sentence=apa.group(4) != ",")
        colon = re.match(r"([^:,]{3,40}?)\s*:\s*(?=\S)", s[lead:])
        if colon and _is_name_list(colon.group(1)):
            d.add_names("authors", _names(colon.group(1)))
            t.blank(lead, lead + colon.end())
            return self._title_from(lead + colon.end(), sentence=False)
        names, end, sentence = self._name_run(s, lead)
        if names:
            role = _ROLE.search(s[lead:end].rstrip(" ,."))
            after = re.match(r"\s*,?\s*(eds?\.)\s*,?\s*", s[end:])
            if after:  # ``Al Santoli, ed., To Bear Any Burden``
                end += after.end()
            is_editor = bool(after) or (bool(role) and role.group(1).lower().startswith("ed"))
            d.add_names("editors" if is_editor else "authors", [western_name(_name_text(n)) for n in names])
            t.blank(lead, end)
        start = self._title_from(end if names else lead, sentence=sentence)
        if not d.title and d.authors:  # ``Congressional Record, V. 146``: what looked like a name was the title
            d.put(title=d.authors[0].text, authors=())
        return start

    def _name_run(self, s: str, lead: int) -> tuple[list[str], int, bool]:
        """The creators' names at the start of ``s`` (from ``lead``), where they end, and whether a
        full stop (rather than a comma) ends them."""
        pair = re.match(rf"{_LAST_FIRST}(?:,?\s+(?:and|&)\s+{_LAST_FIRST})*", s[lead:])
        if pair:
            end = lead + pair.end()
            sep = re.match(r"\s*(?:,?\s*eds?\.)?\s*([,.])?\s*", s[end:])
            full_stop = sep.group(1) == "." or (sep.group(1) is None and re.search(r"[a-z]\.$", s[:end]) is not None)
            return split_western_names(_ROLE.sub("", s[lead:end])), end + sep.end(), full_stop
        names: list[str] = []
        names_text = ""  # the last segment taken as names
        end = lead
        segments = [(lead + m.start(), lead + m.end()) for m in re.finditer(r"[^,]+", s[lead:])]
        for i, (a, b) in enumerate(segments):
            text = s[a:b].strip()
            sentence_cut = re.match(r"(.+?[a-z])\.\s+(?=[A-Z])", text)
            if sentence_cut and _is_name_list(sentence_cut.group(1)):
                offset = a + len(s[a:b]) - len(s[a:b].lstrip())
                return names + split_western_names(sentence_cut.group(1)), offset + sentence_cut.end(), True
            if not _is_name_list(text):
                if i == 0:
                    run = _unpunctuated_names(s[a:])
                    if run:
                        return run[0], a + run[1], False
                break
            following = s[b + 1:].split(",")[0].strip() if b < len(s) else ""
            if i > 0 and (not following or self._is_imprint(following) or re.search(r"\s(?:and|&)\s", names_text)):
                break  # a title must remain: ``Dongming Wang, Elimination Practice, Imperial College Press``
            names += split_western_names(_ROLE.sub("", text))
            names_text = text
            end = b + (1 if b < len(s) else 0)
        return names, end, False

    def _is_imprint(self, text: str) -> bool:
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

    def _title_from(self, start: int, *, sentence: bool) -> int:
        """The title from ``start``: to the next full stop in sentence style, else comma by comma
        until the imprint begins. Returns where the title ends."""
        t = self.t
        s = t.s
        while start < len(s) and s[start] in " ,:" + GAP:
            start += 1
        if sentence:
            stop = _SENTENCE_END.search(s, start)
            end = stop.start() if stop else len(s)
            paren = s.find("(", start, end)
            end = paren if paren > 0 else end
            self._set_title(s[start:end])
            t.blank(start, end)
            return end
        origin = title_end = start
        for a, b in ((origin + m.start(), origin + m.end()) for m in re.finditer(r"[^,(]+", s[origin:])):
            text = s[a:b].replace(GAP, " ").strip()
            if not text or (title_end == start and not text[0].isupper() and text[0] not in "&'\""):
                if title_end > start:
                    break
                start = b + 1  # debris before the title (``to`` left from a date range)
                continue
            following = s[b + 1:].split(",")[0] if b < len(s) else ""
            short_before_imprint = (
                title_end > start and _publisher_like(text) and len(text.split()) <= 3 and self._is_imprint(following)
                and not self._is_imprint(text) and bool(following.strip(" " + GAP))
            )
            if title_end > start and (self._is_imprint(text) or short_before_imprint):
                break
            title_end = b
            if s[b:b + 1] == "(":
                break
        if title_end > start:
            self._set_title(s[start:title_end])
            t.blank(start, title_end)
            return title_end
        return origin

    def _set_title(self, text: str) -> None:
        """Set the title, splitting off a publisher (and its year) run onto its end."""
        d = self.d
        text = text.replace(GAP, " ").strip(" ,.:")
        year = re.search(rf"\s+({YEAR})$", text)
        if year:
            title, publisher = _trailing_publisher(text[: year.start()])
            if publisher:
                d.set("date", find_date(year.group(1)).date)
                text = text[: year.start()]
        title, publisher = _trailing_publisher(text)
        if re.search(r"\w", title):
            d.set("title", re.sub(r"\s{2,}", " ", title).strip("\"'“”‘’ "))
        d.set("publisher", publisher)

    def _numbers(self) -> None:
        """Volume, issue, part, page and chapter references, and dates with a month: none of
        them belongs to a title, and taking them first keeps them out of one."""
        t, d = self.t, self.d
        t.take(r"\b(?:Vol|Volume|V)\.\s*(\d+)\b|\bVol\s+(\d+)\b", lambda m: d.set("volume", m.group(1) or m.group(2)))
        t.take(r"\b(?:[Ii]ssue\s+)?(?:No\.?|no\.)\s*(\d+)\b|\bIssue\s+(\d+)\b", lambda m: d.set("issue", m.group(1) or m.group(2)))
        t.take(r"\bPt\.?\s*(\d+)\b", lambda m: d.set("part", m.group(1)))

        def locator(m: re.Match) -> None:
            text = m.group(0).strip()
            (self.page_spans if re.match(r"pp?\.|p\d|P\d", text) else self.locators).append(text)

        t.take(r"\(\s*(\d+(?:\s*,\s*Fn\.\s*\d+)?)\s*;?\s*$|\(\s*(\d+\s*,\s*Fn\.\s*\d+)",
               lambda m: self.locators.append(m.group(1) or m.group(2)))
        t.take(_LOCATOR, locator)
        while True:
            found = find_date(t.s, bare_year=False)
            if not found or not found.date.month:
                break
            d.set("date", found.date)
            self.date_spans.append((found.start, found.end))
            t.blank(found.start, found.end)

    def _imprint(self, start: int) -> None:
        t, d = self.t, self.d
        rest_start = start
        if self.article:
            journal = re.search(r"^[\s,]*(\d+)\s*(?=\()", t.s[rest_start:])
            if journal:
                d.set("volume", journal.group(1))
                t.blank(rest_start + journal.start(1), rest_start + journal.end(1))
            t.take(r"\)\s*:\s*(\d+\s*[-–]\s*\d+)", lambda m: self.page_spans.append(m.group(1)))
        for match in list(re.finditer(r"\(([^()]*)\)", t.s)):
            inner = match.group(1)
            if re.search(YEAR, inner) or ":" in inner:
                self._imprint_text(inner.split(";")[0], in_brackets=True)
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
                self.locators.append(cited.group(1))
                t.blank(rest_start + found.end, rest_start + found.end + cited.end())
            t.blank(rest_start + found.start, rest_start + found.end)
        self._imprint_text(t.s[rest_start:])

    def _imprint_text(self, text: str, *, in_brackets: bool = False) -> None:
        """Place, publisher and year from what follows the title (``Chapel Hill, N.C: Algonquin``,
        ``Speciality Press: North Branch, MN, 2002``, ``Stevens, London, 1964``)."""
        d = self.d
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
                    not d.publisher and (_publisher_like(piece) or in_brackets) and not d.container and not self.article
                ):
                    d.set("publisher", piece)

    def _kind(self) -> None:
        d = self.d
        container = d.container or ""
        newspaper = bool(WESTERN_NEWSPAPER.search(container))
        if self.chapter and d.container:
            kind = "chapter"
        elif self.periodical or (self.article and newspaper):
            kind = "newspaper-article" if newspaper else "journal-article"
        elif self.article and (d.volume or d.issue or self.page_spans or WESTERN_PERIODICAL.search(container)
                               or (d.date and d.date.month)):
            kind = "journal-article"
        elif self.article and d.url:
            kind = "web-page"
        elif self.article:
            kind = "chapter"
        elif re.search(r"\b(?:thesis|dissertation)\b", self.t.orig, re.I):
            kind = "thesis"
        elif re.search(r"\b(?:report|Record|Hearings?)\b", d.title or "", re.I) or any(
                n.organisation and GOVERNMENT.search(n.text) for n in d.creators):
            kind = "report"
        elif d.url and "books.google." not in d.url and not d.isbn and (
                not d.publisher or (self.linked and not d.date)):
            kind = "web-page"
        elif d.title or d.creators_found():
            kind = "book"
        else:
            return
        d.put(kind=kind)

    def _finish(self) -> None:
        d = self.d
        if d.kind == "journal-article" and self.page_spans:
            d.set("pages", page_range(self.page_spans[0]))
            rest = self.page_spans[1:]
        else:
            rest = self.page_spans
        pieces = self.locators[:1] + rest + self.locators[1:] if self.locators else rest
        if pieces:
            d.set("locator", " ".join(dict.fromkeys(pieces)))
        if d.title:
            d.put(language="zh" if cjk_count(d.title) > latin_count(d.title) / 3 else language_of(d.title))
        elif d.creators_found():
            d.put(language="en")
        elif d.container:
            d.put(language=language_of(d.container))


def parse_western(text: str, links: tuple[tuple[str, str], ...] = (), italics: tuple[str, ...] = ()) -> Draft:
    return WesternParser(text, links, italics).parse()
