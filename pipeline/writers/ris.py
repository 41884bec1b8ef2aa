"""An article's bibliography as RIS, the tagged format every reference manager imports.

EndNote, Citavi, JabRef and Zotero all read RIS (``TY  - BOOK`` … ``ER  -``); the site serves
one file per article next to its BibTeX and links it from the page head, so a connector or a
reader can take the whole bibliography at once. A pure function of the TEI's ``biblStruct``
records (:func:`pipeline.writers.works.works`); rispy writes the tags, so the file follows the
format as its own reader reads it.
"""
from __future__ import annotations

import rispy
from lxml import etree

from pipeline.writers.biblstruct import Entry, Person
from pipeline.writers.works import date_parts, page_range, works

#: RIS reference types by the TEI record's kind
TYPES = {"book": "BOOK", "chapter": "CHAP", "journal-article": "JOUR", "newspaper-article": "NEWS",
         "report": "RPRT", "thesis": "THES", "web-page": "ELEC"}


def _name(person: Person) -> str:
    """``Surname, Forename`` when the TEI has the parts, else the name as written."""
    return f"{person.surname}, {person.forename}" if person.surname and person.forename else person.written


def ris_record(key: str, entry: Entry) -> dict[str, object]:
    """One work as rispy's record (its keys name the RIS tags)."""
    first, last = page_range(entry.pages)
    parts = date_parts(entry.date)
    record: dict[str, object] = {
        "type_of_reference": TYPES.get(entry.kind, "GEN"), "id": key,
        "authors": [_name(p) for p in entry.authors], "secondary_authors": [_name(p) for p in entry.editors],
        "translated_author": "; ".join(_name(p) for p in entry.translators),
        "title": entry.part_title or entry.title, "secondary_title": entry.title if entry.part_title else "",
        "tertiary_title": entry.series, "year": str(parts[0]) if parts else entry.date,
        "date": "/".join(f"{n:02d}" for n in parts) if len(parts) > 1 else "",
        "publisher": entry.publisher, "place_published": entry.place, "volume": entry.volume,
        "number": entry.issue, "start_page": first, "end_page": last, "issn": entry.isbn,
        "language": entry.lang, "urls": [entry.url] if entry.url else [],
    }
    return {tag: value for tag, value in record.items() if value}


def ris(root: etree._Element) -> bytes:
    """The RIS file of every ``biblStruct`` in the article's bibliography."""
    return rispy.dumps([ris_record(key, entry) for key, entry in works(root)]).encode("utf-8")
