"""Find the title of a Western citation, and the container it sits in: italic, quoted or linked
spans first (``"Article," *Journal*``, ``"Chapter" in Name, Book``), else the text after the
creators, comma by comma or to the full stop, until the imprint begins."""
from __future__ import annotations

import re

from pipeline.citations.dates import YEAR, find_date
from pipeline.citations.draft import GAP
from pipeline.citations.lexicon import GENERIC_LINK_TEXT, WESTERN_PUBLISHERS, is_organisation
from pipeline.citations.names import western_name
from pipeline.citations.western.creators import ROLE, creator_names, is_name_list, name_run, name_text, read_creators
from pipeline.citations.western.imprint import is_imprint, publisher_like
from pipeline.citations.western.reading import WesternReading

# a full stop that ends a sentence: not after an initial (W.), nor after a common abbreviation
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])(?<!\bVol)(?<!\bNo)(?<!\bSt)(?<!\bDr)(?<!\bMr)(?<!\bed)(?<!\beds)(?<!\bpp)(?<!\bp)(?<!\bU\.S)\.(?:\s+|$)")


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


def find_title(r: WesternReading) -> int:
    """Find authors and title; return where the imprint begins."""
    t, d = r.t, r.d
    marks = _marked_spans(r)
    quoted = [m for m in marks if m[3] == "quoted"]
    if quoted and not [m for m in marks if m[3] in ("italic", "link") and m[0] < quoted[0][0]]:
        start, end, title, _ = quoted[0]
        read_creators(r, t.s[:start])
        d.set("title", title)
        t.blank(start, end)
        return _container(r, end, marks)
    if marks:
        start, end, title, how = marks[0]
        read_creators(r, t.s[:start])
        issue = next((a for a, _ in r.date_spans if a >= end), None)
        if how == "italic" and issue is not None and d.date.day and not t.s[end:issue].strip(" ,." + GAP) and not d.creators:
            d.set("container", title)  # ``Human Events, 27 August 1977``: an issue of a periodical
            r.periodical = True
        else:
            site = re.fullmatch(r"(.+?)\s+[-|–]\s+([A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2})", title) if how == "link" else None
            if site:  # ``Battlefield Vietnam - Part 12: The Fall of Saigon - YouTube``
                title = site.group(1)
                d.set("container", site.group(2))
            d.set("title", title)
        t.blank(start, end)
        if how == "link":
            return _after_link_title(r, end, marks)
        return end
    return _plain_title(r)


def _marked_spans(r: WesternReading) -> list[tuple[int, int, str, str]]:
    """(start, end, text, how) of italic, quoted and link-text spans, in order."""
    s, out = r.t.s, []
    for italic in r.italics:
        at = s.find(italic)
        if italic.strip() and at >= 0:
            out.append((at, at + len(italic), italic.strip(), "italic"))
    for match in re.finditer(r"\"([^\"]{3,})\"|“([^”]{3,})”|‘([^’]{3,})’", s):
        quoted = r.t.kept(match.start() + 1, match.end() - 1).strip(" ,.")
        if quoted:
            out.append((match.start(), match.end(), quoted, "quoted"))
    unopened = re.match(r"^([^\"“]{3,}?[?!.])[\"”](?=,?\s+in\s)", s)
    if unopened:  # the opening quote was lost: ``Why …?" in Nathan Sivin, …``
        out.append((0, unopened.end(), unopened.group(1).strip(), "quoted"))
    for text, _ in r.links:
        at = s.find(text)
        if at >= 0 and text.strip() and not GENERIC_LINK_TEXT.match(text.strip()):
            out.append((at, at + len(text), text.strip(), "link"))
        elif at >= 0:
            r.t.blank(at, at + len(text))
    return sorted(out)


def _container(r: WesternReading, start: int, marks, *, plain_journal: bool = True) -> int:
    """After an article's quoted title: ``in Name, Book (…)`` or the journal and its numbers."""
    t, d = r.t, r.d
    rest = t.s[start:]
    source = re.match(r"[\s,\"”]*(?:in|from)\s+(?:(?:his|her|their)\s+)?", rest)
    italic = next((m for m in marks if m[3] in ("italic", "link") and m[0] >= start), None)
    if source and italic and not t.s[start + source.end():italic[0]].strip(GAP + " "):
        d.set("container", italic[2])  # ``…" in his *Book*`` / ``…", from *Book* (1990) by Editor``
        r.chapter = italic[3] == "italic"  # in a linked site it is a page of that site
        t.blank(start, italic[1])
        editors = re.match(rf"[\s{GAP}]*(?:\(\s*{YEAR}\s*\))?[\s{GAP}]*by\s+([^.,;()]+)", t.s[italic[1]:])
        if editors and is_name_list(editors.group(1)):
            d.add_names("editors", creator_names(editors.group(1)))
            t.blank(italic[1] + editors.start(1), italic[1] + editors.end(1))
        return italic[1]
    inside = re.match(r"[\s,\"”]*in\s+(.+?),\s+", rest)
    if inside and is_name_list(inside.group(1)):
        names = creator_names(inside.group(1))
        d.add_names("editors" if d.authors else "authors", names)
        t.blank(start, start + inside.end())
        start += inside.end()
        rest = t.s[start:]
        book = re.match(r"\s*([^(,]+?)\s*(?=\(|,|$)", rest)
        if book:
            d.set("container", book.group(1))
            r.chapter = True
            t.blank(start, start + book.end())
        return start
    italic = next((m for m in marks if m[3] == "italic" and m[0] >= start), None)
    if italic and not t.s[start:italic[0]].strip(" ,.\"”" + GAP):
        d.set("container", italic[2])
        t.blank(italic[0], italic[1])
        r.article = True
        return italic[1]
    journal = re.match(r"[\s,.\"”]*([A-Z][^,;()\d]*?[A-Za-z])(?=\s*(?:\d|\(|,\s*Vol|$))", rest)
    if journal and plain_journal:
        d.set("container", journal.group(1))
        t.blank(start, start + journal.end())
        r.article = True
        return start + journal.end()
    return start


def _after_link_title(r: WesternReading, end: int, marks) -> int:
    """After a linked title: ``in his *Book*``, the periodical in italics, the author, or the site."""
    t, d = r.t, r.d
    r.linked = True
    container_end = _container(r, end, marks, plain_journal=False)
    if d.container:
        if not r.chapter:
            r.article = True
        return container_end
    rest = t.s[end:].replace(GAP, " ")
    first = re.match(r"\s*[,.;，]?\s*([^,;.()]+?)\s*(?:[,;.]|$)", rest)
    if not first:
        return end
    candidate = first.group(1).strip()
    if is_name_list(candidate) and not is_organisation(candidate):
        d.add_names("authors", creator_names(candidate))
        t.blank(end, end + first.end())
    elif candidate and all(w[:1].isupper() or w in ("of", "and", "the", "for") for w in candidate.split()):
        d.set("container", candidate)
        t.blank(end, end + first.end())
    return end


def _plain_title(r: WesternReading) -> int:
    """Creators then title with no italics or quotes to mark the title."""
    t, d = r.t, r.d
    s = t.s
    lead = len(s) - len(s.lstrip(" ," + GAP))
    apa = re.match(rf"(.+?)\s*(?:,?\s*(eds?\.))?\s*\(\s*({YEAR})[a-z]?\s*\)\s*([.,])?\s*", s[lead:])
    if apa and is_name_list(apa.group(1)):
        d.add_names("editors" if apa.group(2) else "authors", creator_names(apa.group(1)))
        d.set("date", find_date(apa.group(3)).date)
        t.blank(lead, lead + apa.end())
        return _title_from(r, lead + apa.end(), sentence=apa.group(4) != ",")
    colon = re.match(r"([^:,]{3,40}?)\s*:\s*(?=\S)", s[lead:])
    if colon and is_name_list(colon.group(1)):
        d.add_names("authors", creator_names(colon.group(1)))
        t.blank(lead, lead + colon.end())
        return _title_from(r, lead + colon.end(), sentence=False)
    names, end, sentence = name_run(r, s, lead)
    if names:
        role = ROLE.search(s[lead:end].rstrip(" ,."))
        after = re.match(r"\s*,?\s*(eds?\.)\s*,?\s*", s[end:])
        if after:  # ``Al Santoli, ed., To Bear Any Burden``
            end += after.end()
        is_editor = bool(after) or (bool(role) and role.group(1).lower().startswith("ed"))
        d.add_names("editors" if is_editor else "authors", [western_name(name_text(n)) for n in names])
        t.blank(lead, end)
    start = _title_from(r, end if names else lead, sentence=sentence)
    if not d.title and d.authors:  # ``Congressional Record, V. 146``: what looked like a name was the title
        d.put(title=d.authors[0].text, authors=())
    return start


def _title_from(r: WesternReading, start: int, *, sentence: bool) -> int:
    """The title from ``start``: to the next full stop in sentence style, else comma by comma
    until the imprint begins. Returns where the title ends."""
    t = r.t
    s = t.s
    while start < len(s) and s[start] in " ,:" + GAP:
        start += 1
    if sentence:
        stop = _SENTENCE_END.search(s, start)
        end = stop.start() if stop else len(s)
        paren = s.find("(", start, end)
        end = paren if paren > 0 else end
        _set_title(r, s[start:end])
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
            title_end > start and publisher_like(text) and len(text.split()) <= 3 and is_imprint(following)
            and not is_imprint(text) and bool(following.strip(" " + GAP))
        )
        if title_end > start and (is_imprint(text) or short_before_imprint):
            break
        title_end = b
        if s[b:b + 1] == "(":
            break
    if title_end > start:
        _set_title(r, s[start:title_end])
        t.blank(start, title_end)
        return title_end
    return origin


def _set_title(r: WesternReading, text: str) -> None:
    """Set the title, splitting off a publisher (and its year) run onto its end."""
    d = r.d
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
