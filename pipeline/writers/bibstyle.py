"""A ``biblStruct`` as a reader expects to see it: GB/T 7714-like for Chinese works,
Chicago-like for Western ones.

Every edition shows the bibliography the same way, so the formatting is done once, here, from
the TEI record, and handed to the view model as styled runs of text (plain, title, link) that
each writer renders in its own markup. A record missing a field simply leaves it out; nothing
is invented.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from pipeline.tei import NS, XML_LANG

#: GB/T 7714 document-type codes by the record's kind
GBT_CODES = {"book": "M", "chapter": "M", "journal-article": "J", "newspaper-article": "N",
             "web-page": "EB/OL", "report": "R", "thesis": "D"}
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Run:
    """A piece of a formatted entry: ``style`` is ``text``, ``title`` (set off) or ``link``."""

    style: str
    text: str


@dataclass
class Record:
    """The fields of a ``biblStruct`` that the styles use, read once."""

    kind: str
    chinese: bool
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    translators: list[str] = field(default_factory=list)
    title: str = ""
    container: str = ""
    series: str = ""
    place: str = ""
    publisher: str = ""
    date: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    isbn: str = ""
    url: str = ""


def format_biblstruct(entry: etree._Element) -> list[Run]:
    """The entry as runs of text in the style of its language."""
    record = read_record(entry)
    return _chinese(record) if record.chinese else _western(record)


def read_record(entry: etree._Element) -> Record:
    def text(path: str) -> str:
        """The first match's text (an element's or an attribute's), whitespace collapsed."""
        found = entry.xpath(path, namespaces=NS)
        if not found:
            return ""
        return _clean(found[0] if isinstance(found[0], str) else "".join(found[0].itertext()))

    analytic = bool(entry.xpath("tei:analytic", namespaces=NS))
    title = text("tei:analytic/tei:title") if analytic else text("tei:monogr/tei:title")
    lang = entry.get(XML_LANG) or text("tei:monogr/tei:textLang/@mainLang")
    record = Record(
        kind=entry.get("type", "book"),
        chinese=lang.startswith("zh") if lang else bool(CJK.search(title)),
        authors=_names(entry, "tei:analytic/tei:author" if analytic else "tei:monogr/tei:author"),
        editors=_names(entry, "tei:monogr/tei:editor[not(@role) or @role='editor']"),
        translators=_names(entry, ".//tei:editor[@role='translator'] | .//tei:respStmt[tei:resp[contains(., '译') "
                                  "or contains(., '譯') or contains(., 'transl')]]/tei:*[not(self::tei:resp)]"),
        title=title,
        container=text("tei:monogr/tei:title") if analytic else "",
        series=text("tei:series/tei:title"),
        place=text("tei:monogr/tei:imprint/tei:pubPlace"),
        publisher=text("tei:monogr/tei:imprint/tei:publisher"),
        date=text("tei:monogr/tei:imprint/tei:date/@when") or text("tei:monogr/tei:imprint/tei:date"),
        volume=text(".//tei:biblScope[@unit='volume']"),
        issue=text(".//tei:biblScope[@unit='issue']"),
        pages=text(".//tei:biblScope[@unit='page' or @unit='pp']"),
        isbn=text(".//tei:idno[@type='ISBN']"),
        url=text(".//tei:idno[@type='URL' or @type='URI']") or text(".//tei:ptr/@target") or text(".//tei:ref/@target"),
    )
    if not analytic and record.kind == "chapter":
        record.kind = "book"
    return record


def _names(entry: etree._Element, path: str) -> list[str]:
    names = []
    for element in entry.xpath(path, namespaces=NS):
        surname = element.xpath("string(.//tei:surname)", namespaces=NS).strip()
        forename = element.xpath("string(.//tei:forename)", namespaces=NS).strip()
        if surname and forename and not CJK.search(surname):
            names.append(f"{surname}, {forename}")
        else:
            names.append(_clean("".join(element.itertext())))
    return [name for name in names if name]


def _clean(value: str) -> str:
    return " ".join(value.split())


class _Builder:
    """Joins parts into sentences: each part ends with the separator unless it already does."""

    def __init__(self) -> None:
        self.runs: list[Run] = []

    def add(self, value: str, style: str = "text") -> None:
        if value:
            self.runs.append(Run(style, value))

    def end(self, separator: str = ". ") -> None:
        if not self.runs:
            return
        last = self.runs[-1]
        if last.style == "text" and last.text.rstrip().endswith((".", "。", "?", "？", "!", "！")):
            if not last.text.endswith(" "):
                self.runs[-1] = Run("text", last.text + " ")
            return
        self.runs.append(Run("text", separator))

    def result(self) -> list[Run]:
        runs = list(self.runs)
        if runs and runs[-1].style == "text":
            runs[-1] = Run("text", runs[-1].text.rstrip())
        merged: list[Run] = []
        for run in runs:
            if merged and run.style == "text" and merged[-1].style == "text":
                merged[-1] = Run("text", merged[-1].text + run.text)
            else:
                merged.append(run)
        return merged


def _chinese(r: Record) -> list[Run]:
    """作者. 题名[M]. 译者, 译. 出版地: 出版者, 年: 页码. ISBN. URL"""
    b = _Builder()
    if r.authors or r.editors:
        b.add(", ".join(r.authors) if r.authors else ", ".join(r.editors) + ", 编")
        b.end()
    b.add(r.title or r.container)
    b.add(f"[{GBT_CODES.get(r.kind, 'Z')}]")
    if r.translators:
        b.end()
        b.add(", ".join(r.translators) + ", 译")
    if r.container and r.title:
        if r.kind == "chapter":
            b.add("//" + (", ".join(r.editors) + ". " if r.editors else "") + r.container)
        else:
            b.end()
            b.add(r.container)
    if r.kind in ("journal-article",):
        parts = [r.date, r.volume]
        b.add("".join(", " + p for p in parts if p) + (f"({r.issue})" if r.issue else "")
              + (f": {r.pages}" if r.pages else ""))
    elif r.kind == "newspaper-article":
        b.add(f", {r.date}" if r.date else "")
        b.add(f"({r.pages})" if r.pages else "")
    else:
        imprint = ": ".join(p for p in (r.place, r.publisher) if p)
        if imprint or r.date:
            b.end()
            b.add(imprint + (", " if imprint and r.date else "") + r.date + (f": {r.pages}" if r.pages else ""))
    if r.series:
        b.add(f"({r.series})")
    _identifiers(b, r)
    b.end(".")
    return b.result()


def _western(r: Record) -> list[Run]:
    """Authors. "Title." *Container* vol, no. issue (Date): pages. Place: Publisher, Year. URL."""
    b = _Builder()
    if r.authors:
        b.add(_and(r.authors))
        b.end()
    elif r.editors and not r.container:
        b.add(_and(r.editors) + (", eds" if len(r.editors) > 1 else ", ed"))
        b.end()
    if r.container:
        b.add(f"\u201c{r.title}.\u201d " if r.title else "")
        if r.kind == "chapter":
            b.add("In ")
        b.add(r.container, "title")
        if r.kind == "chapter" and r.editors:
            b.add(", edited by " + _and(r.editors))
        if r.kind == "journal-article":
            b.add((f" {r.volume}" if r.volume else "") + (f", no. {r.issue}" if r.issue else "")
                  + (f" ({r.date})" if r.date else "") + (f": {r.pages}" if r.pages else ""))
        elif r.kind in ("newspaper-article", "web-page") and r.date:
            b.add(f", {r.date}")
        elif r.pages:
            b.add(f", {r.pages}")
    else:
        b.add(r.title, "title")
    if r.translators:
        b.end()
        b.add("Translated by " + _and(r.translators))
    if r.series:
        b.end()
        b.add(r.series)
    if r.kind not in ("journal-article", "newspaper-article", "web-page") or not r.container:
        imprint = ": ".join(p for p in (r.place, r.publisher) if p)
        if imprint or (r.date and not r.container):
            b.end()
            b.add(imprint + (", " if imprint and r.date else "") + (r.date if not r.container or imprint else ""))
        if r.pages and not r.container:
            b.add(f", {r.pages}")
    _identifiers(b, r)
    b.end(".")
    return b.result()


def _identifiers(b: _Builder, r: Record) -> None:
    if r.isbn:
        b.end()
        b.add(f"ISBN {r.isbn}")
    if r.url:
        b.end()
        b.add(r.url, "link")


def _and(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]
