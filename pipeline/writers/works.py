"""The works of an article's bibliography as the reference-manager formats read them.

COinS spans (:mod:`.coins`), RIS (:mod:`.ris`) and CSL-JSON (:mod:`.csl_json`) all say the same
facts of a ``biblStruct`` in different words: its citation key, what the TEI records of it
(:func:`pipeline.writers.biblstruct.read_entry`, the one reading of a work), its date split into
numbers and its page range split in two. These are read here once so that the three formats
cannot disagree about a work.
"""
from __future__ import annotations

import re

from lxml import etree

from pipeline.tei import NS
from pipeline.writers.biblstruct import Entry, read_entry

_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def works(root: etree._Element) -> list[tuple[str, Entry]]:
    """Each ``biblStruct`` of the back matter's bibliography as (citation key, entry), in the
    bibliography's order; the key is the BibTeX key (``@n``), else the ``xml:id``."""
    found = root.xpath("//tei:back//tei:div[@type='bibliography']//tei:biblStruct", namespaces=NS)
    return [(work.get("n") or work.get("{http://www.w3.org/XML/1998/namespace}id", ""), read_entry(work))
            for work in found]


def date_parts(date: str) -> list[int]:
    """``1953-10-16`` → [1953, 10, 16], ``1998`` → [1998]; a date written otherwise → []."""
    found = _ISO_DATE.fullmatch(date)
    return [int(part) for part in found.groups() if part] if found else []


def page_range(pages: str) -> tuple[str, str]:
    """``411-31`` → ("411", "31"), ``130`` → ("130", ""): a range's first and last page."""
    first, _, last = re.sub(r"\s*[–—]\s*", "-", pages.strip()).partition("-")
    return first.strip(), last.strip()
