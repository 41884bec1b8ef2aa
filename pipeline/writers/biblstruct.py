"""A ``<biblStruct>`` as the entry a reader sees in a bibliography.

The TEI keeps a work's parts apart (creators, titles by level, imprint, scopes, identifiers); the
editions need one readable entry, formatted the way readers of that work expect:

- a work with a Chinese title follows GB/T 7714 (the Chinese national standard):
  ``作者. 题名[M]. 出版地: 出版者, 年: 页码.`` with the document-type code ([M] book, [J]
  journal, [N] newspaper, [C] proceedings, [R] report, [D] thesis, [EB/OL] web page, ``/OL`` for
  an online copy), ``//`` before the book a chapter is part of, and ``年, 卷(期): 页码`` for
  journals;
- any other work follows Chicago (bibliography form): ``Last, First, and First Last. *Title*.
  Place: Publisher, Year.``; ``"Article." *Journal* 15, no. 3 (1991): 411–31.``; ``"Chapter." In
  *Book*, edited by …``; newspaper and web dates written out (October 16, 1953); a Chinese title
  there (a Russian journal named in Chinese) in 《》, as Chinese has no italic.

The result is view-model nodes (text, italic, link), so that every format renders the same entry.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from pipeline.tei import NS
from pipeline.writers.nodes import Kind, Node

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
#: GB/T 7714 document-type codes by the record's kind.
GBT_CODES = {"book": "M", "chapter": "M", "journal-article": "J", "newspaper-article": "N", "report": "R",
             "thesis": "D", "web-page": "EB/OL"}


@dataclass(frozen=True)
class Person:
    """A creator as the TEI gives it: the name as written, its parts when it has them, and the
    same person's name in another script (``persName type="alternate"``: Needham's 李约瑟)."""

    written: str
    surname: str = ""
    forename: str = ""
    alternate: str = ""


@dataclass
class Entry:
    """What a ``biblStruct`` says, read once for either convention."""

    kind: str
    lang: str = ""
    authors: list[Person] = field(default_factory=list)
    editors: list[Person] = field(default_factory=list)
    translators: list[Person] = field(default_factory=list)
    part_title: str = ""        # an article's or chapter's title (analytic)
    title: str = ""             # the book's, journal's, newspaper's or site's title (monogr)
    series: str = ""
    place: str = ""
    publisher: str = ""
    date: str = ""              # ISO (1953-10-16, 2001-03, 1994) or as written
    volume: str = ""
    part: str = ""
    issue: str = ""
    pages: str = ""
    isbn: str = ""
    url: str = ""

    @property
    def chinese(self) -> bool:
        """The work's language (``xml:lang``) decides the convention; without one, the title's
        script does (a Western book with a Chinese publisher is still a Western book), and without
        a title, the creators' names."""
        if self.lang:
            return self.lang.startswith("zh")
        titles = self.part_title + self.title
        return bool(CJK.search(titles or "".join(p.written for p in self.authors + self.editors)))

    @property
    def year(self) -> str:
        found = re.match(r"\d{4}", self.date)
        return found.group() if found else self.date


def format_biblstruct(element: etree._Element) -> list[Node]:
    """The entry's inline nodes: text, italic titles and links."""
    entry = read_entry(element)
    pieces = gbt_7714(entry) if entry.chinese else chicago(entry)
    nodes = []
    for style, value in pieces:
        words = Node(Kind.TEXT, text=value)
        if style == "text":
            nodes.append(words)
        elif style == "italic":
            nodes.append(Node(Kind.HI, None, {"rend": "italic"}, [words]))
        else:
            nodes.append(Node(Kind.LINK, None, {"href": value, "type": "external"}, [words]))
    return nodes or [Node(Kind.TEXT, text=" ".join(" ".join(element.itertext()).split()))]


# -- reading the TEI ------------------------------------------------------------------------------
def read_entry(element: etree._Element) -> Entry:
    def first(path: str) -> str:
        found = element.xpath(path, namespaces=NS)
        if not found:
            return ""
        value = found[0] if isinstance(found[0], str) else "".join(found[0].itertext())
        return " ".join(value.split())

    def people(path: str) -> list[Person]:
        return [_person(holder) for holder in element.xpath(path, namespaces=NS)]

    analytic = element.find("tei:analytic", NS) is not None
    where = "tei:analytic" if analytic else "tei:monogr"
    scope = "tei:monogr/tei:biblScope[@unit='{0}'] | tei:monogr/tei:imprint/tei:biblScope[@unit='{0}']"
    return Entry(
        kind=element.get("type", "book"),
        lang=element.get("{http://www.w3.org/XML/1998/namespace}lang", ""),
        authors=people(f"{where}/tei:author"),
        editors=people("tei:monogr/tei:editor[not(@role='translator')]"),
        translators=people("tei:monogr/tei:editor[@role='translator']"),
        part_title=first("tei:analytic/tei:title"),
        title=first("tei:monogr/tei:title"),
        series=first("tei:series/tei:title"),
        place=first("tei:monogr/tei:imprint/tei:pubPlace"),
        publisher=first("tei:monogr/tei:imprint/tei:publisher"),
        date=first("tei:monogr/tei:imprint/tei:date/@when") or first("tei:monogr/tei:imprint/tei:date"),
        volume=first(scope.format("volume")),
        part=first(scope.format("part")),
        issue=first(scope.format("issue")),
        pages=first(scope.format("page")),
        isbn=first(".//tei:idno[@type='ISBN']"),
        url=first("tei:ptr/@target | tei:ref/@target | tei:monogr/tei:ptr/@target | .//tei:idno[@type='URI']"),
    )


def _person(holder: etree._Element) -> Person:
    """The name inside an ``author``/``editor``, with its ``@type="alternate"`` spelling."""
    name = holder.xpath("(tei:persName[not(@type='alternate')] | tei:orgName | tei:name)[1]", namespaces=NS)
    target = name[0] if name else holder
    written = " ".join("".join(target.itertext()).split())
    surname = " ".join("".join(target.xpath("string(tei:surname)", namespaces=NS)).split())
    forename = " ".join("".join(target.xpath("string(tei:forename)", namespaces=NS)).split())
    if surname and not CJK.search(written) and written in (surname + forename, forename + surname):
        written = f"{forename} {surname}".strip()  # parts written without a space between them
    alternate = " ".join(holder.xpath("string(tei:persName[@type='alternate'])", namespaces=NS).split())
    return Person(written, surname, forename, alternate)


def _with_alternate(person: Person, name: str) -> str:
    """``Needham J（李约瑟）``: a name followed by the same person's name in the other script."""
    return f"{name}（{person.alternate}）" if person.alternate else name


# -- assembling -----------------------------------------------------------------------------------
Piece = tuple[str, str]        # (style: "text" | "italic" | "link", value); styles, not node kinds
Sentence = list[Piece]


def _assemble(sentences: list[Sentence]) -> list[Piece]:
    """Sentences closed with a full stop (unless they end in one, in a closing quote after one, or
    in a URL) and joined by spaces; adjacent text pieces merged."""
    out: list[Piece] = []
    for sentence in sentences:
        sentence = [piece for piece in sentence if piece[1]]
        if not sentence:
            continue
        style, last = sentence[-1]
        if style != "link" and not re.search(r"[.?!。？！][”\"]?$", last):
            sentence.append(("text", "."))
        if out:
            sentence.insert(0, ("text", " "))
        for piece in sentence:
            if piece[0] == "text" and out and out[-1][0] == "text":
                out[-1] = ("text", out[-1][1] + piece[1])
            else:
                out.append(piece)
    return out


def _comma(*values: str) -> str:
    return ", ".join(value for value in values if value)


# -- GB/T 7714 ------------------------------------------------------------------------------------
def _gbt_names(people: list[Person]) -> str:
    """Up to three names, then 等; a Western name as surname and initials:
    ``王树增``, ``MacMillan M``, ``Thompson W E, McLaren D R``."""
    def written(p: Person) -> str:
        if CJK.search(p.written) or not p.surname:
            return p.written
        initials = " ".join(word[0] for word in re.findall(r"[^\W\d_]+", p.forename))
        return f"{p.surname} {initials}".strip()

    names = [_with_alternate(p, written(p)) for p in people]
    return ", ".join(names[:3]) + (", 等" if len(names) > 3 else "")


def _gbt_number(value: str, unit: str) -> str:
    return f"第{value}{unit}" if value.isdigit() else value


def gbt_7714(e: Entry) -> list[Piece]:
    code = GBT_CODES.get(e.kind, "M")
    if e.kind == "chapter" and re.search(r"论文集|論文集|会议|會議|Proceedings", e.title):
        code = "C"
    if e.url and "/" not in code:
        code += "/OL"
    dated = e.date if e.kind in ("newspaper-article", "web-page") else e.year
    imprint = ": ".join(x for x in (e.place, e.publisher) if x)
    sentences: list[Sentence] = []

    def say(text: str) -> None:
        sentences.append([("text", text)])

    creators = _gbt_names(e.authors) or (_gbt_names(e.editors) + ", 编" if e.editors else "")
    say(creators)
    volume = ": ".join(x for x in (_gbt_number(e.volume, "卷"), _gbt_number(e.part, "分册")) if x)
    if e.kind == "journal-article" and e.part_title:
        say(f"{e.part_title}[{code}]")
        numbers = e.volume + (f"({e.issue})" if e.issue else "")
        say(_comma(e.title, e.year) + (f", {numbers}" if e.volume else numbers) + (f": {e.pages}" if e.pages else ""))
    elif e.kind == "newspaper-article" and e.part_title:
        say(f"{e.part_title}[{code}]")
        say(_comma(e.title, dated) + (f"({e.pages})" if e.pages else ""))
    else:
        if e.part_title:  # a chapter: its title, then // and the book it is part of
            editors = f"{_gbt_names(e.editors)}, 编. " if e.editors and e.authors else ""
            say(f"{e.part_title}[{code}]//{editors}{e.title}" + (f": {volume}" if volume else ""))
        else:
            say((e.title or "") + (f": {volume}" if volume else "") + f"[{code}]")
            if e.editors and e.authors:
                say(f"{_gbt_names(e.editors)}, 编")
        if e.translators:
            say(f"{_gbt_names(e.translators)}, 译")
        say(_comma(imprint, dated) + (f": {e.pages}" if e.pages else "") + (f"({e.series})" if e.series else ""))
    if e.isbn:
        say(f"ISBN {e.isbn}")
    if e.url:
        sentences.append([("link", e.url)])
    return _assemble(sentences)


# -- Chicago --------------------------------------------------------------------------------------
def _chicago_names(people: list[Person]) -> str:
    """``Thompson, Warren E., and David R. McLaren``: the first name inverted, the others not."""
    names = [_with_alternate(p, (f"{p.surname}, {p.forename}" if index == 0 and p.forename
                                 else f"{p.forename} {p.surname}".strip())
                             if p.surname and not CJK.search(p.written) else p.written)
             for index, p in enumerate(people)]
    return _series(names, inverted=True)


def _natural_names(people: list[Person]) -> str:
    """``David R. McLaren and Robin Higham``: names after "edited by", "translated by"."""
    return _series([f"{p.forename} {p.surname}".strip() if p.surname and not CJK.search(p.written) else p.written
                    for p in people])


def _series(names: list[str], inverted: bool = False) -> str:
    if len(names) == 2:
        return f"{names[0]}{',' if inverted and ',' in names[0] else ''} and {names[1]}"
    return ", ".join(names[:-1]) + ", and " + names[-1] if len(names) > 2 else "".join(names)


def _written_date(iso: str) -> str:
    """``1953-10-16`` → ``October 16, 1953``; ``2001-03`` → ``March 2001``; anything else as is."""
    found = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", iso)
    if not found:
        return iso
    year, month, day = found.groups()
    name = MONTHS[int(month) - 1]
    return f"{name} {int(day)}, {year}" if day else f"{name} {year}"


def _quoted(title: str) -> Piece:
    """A part's title in quotation marks, its full stop inside them; a Chinese one in 《》."""
    if CJK.search(title):
        return ("text", f"《{title}》")
    return ("text", f"“{title if re.search(r'[.?!]$', title) else title + '.'}”")


def _italic(title: str) -> Piece:
    """A work's title in italics; a Chinese one, which has no italic, in 《》 (GB/T 15834)."""
    return ("text", f"《{title}》") if CJK.search(title) else ("italic", title)


def chicago(e: Entry) -> list[Piece]:
    pages = e.pages.replace("-", "–")
    imprint = ": ".join(x for x in (e.place, e.publisher) if x)
    creators = _chicago_names(e.authors)
    if not creators and e.editors and not e.part_title:
        creators = _chicago_names(e.editors) + (", eds" if len(e.editors) > 1 else ", ed")
    sentences: list[Sentence] = [[("text", creators)]]
    if e.kind == "journal-article" and e.part_title:
        numbers = e.volume + (f", no. {e.issue}" if e.issue else "") if e.volume else (f"no. {e.issue}" if e.issue else "")
        when = f" ({_written_date(e.date)})" if e.date else ""
        sentences += [[_quoted(e.part_title)],
                      [_italic(e.title), ("text", (f" {numbers}" if numbers else "") + when
                                              + (f": {pages}" if pages else ""))]]
    elif e.kind == "newspaper-article" and e.part_title:
        sentences += [[_quoted(e.part_title)],
                      [_italic(e.title), ("text", f", {_written_date(e.date)}" if e.date else "")]]
    elif e.part_title:  # a chapter in a book
        after = (f", edited by {_natural_names(e.editors)}" if e.editors else "") + (f", {pages}" if pages else "")
        sentences += [[_quoted(e.part_title)], [("text", "In "), _italic(e.title), ("text", after)],
                      [("text", _comma(imprint, e.year))]]
    elif e.kind in ("web-page", "thesis"):
        when = _written_date(e.date) if e.kind == "web-page" else e.year
        sentences += [[_quoted(e.title)], [("text", _comma("Thesis" if e.kind == "thesis" else "", e.publisher, when))]]
    else:
        sentences.append([_italic(e.title)])
        if e.volume:
            sentences.append([("text", f"Vol. {e.volume}" + (f", part {e.part}" if e.part else ""))])
        for value in (e.series, f"Translated by {_natural_names(e.translators)}" if e.translators else "",
                      f"Edited by {_natural_names(e.editors)}" if e.editors and e.authors else "",
                      _comma(imprint, e.year), pages):
            sentences.append([("text", value)])
    if e.isbn:
        sentences.append([("text", f"ISBN {e.isbn}")])
    if e.url:
        sentences.append([("link", e.url)])
    return _assemble(sentences)
