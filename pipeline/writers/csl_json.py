"""An article's bibliography as CSL-JSON, the data of the Citation Style Language processors.

Zotero, JabRef and Pandoc's citeproc read CSL-JSON items (``{"id", "type", "title",
"author": [{"family", "given"}], "issued": {"date-parts": …}}``); the site serves one file per
article and links it from the page head. A pure function of the TEI's ``biblStruct`` records
(:func:`pipeline.writers.works.works`); a Chinese name without parts stays one ``literal``.
"""
from __future__ import annotations

import json

from lxml import etree

from pipeline.writers.biblstruct import Entry, Person
from pipeline.writers.works import date_parts, works

#: CSL item types by the TEI record's kind
TYPES = {"book": "book", "chapter": "chapter", "journal-article": "article-journal",
         "newspaper-article": "article-newspaper", "report": "report", "thesis": "thesis", "web-page": "webpage"}


def _name(person: Person) -> dict[str, str]:
    """Family and given names when the TEI has the parts, else the name as one ``literal``."""
    if not person.surname:
        return {"literal": person.written}
    return {"family": person.surname} | ({"given": person.forename} if person.forename else {})


def csl_item(key: str, entry: Entry) -> dict[str, object]:
    """One work as a CSL-JSON item."""
    parts = date_parts(entry.date)
    item: dict[str, object] = {
        "id": key, "type": TYPES.get(entry.kind, "document"), "title": entry.part_title or entry.title,
        "container-title": entry.title if entry.part_title else "", "collection-title": entry.series,
        "author": [_name(p) for p in entry.authors], "editor": [_name(p) for p in entry.editors],
        "translator": [_name(p) for p in entry.translators],
        "issued": {"date-parts": [parts]} if parts else ({"literal": entry.date} if entry.date else {}),
        "publisher": entry.publisher, "publisher-place": entry.place, "volume": entry.volume,
        "issue": entry.issue, "page": entry.pages, "ISBN": entry.isbn, "URL": entry.url, "language": entry.lang,
    }
    return {field: value for field, value in item.items() if value}


def csl_json(root: etree._Element) -> bytes:
    """The CSL-JSON file (an array of items) of every ``biblStruct`` in the bibliography."""
    items = [csl_item(key, entry) for key, entry in works(root)]
    return (json.dumps(items, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
