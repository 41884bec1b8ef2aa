"""Works as TEI ``<biblStruct>``: the structured bibliography of an article.

Public API (pure functions):

- :func:`biblstruct` turns one :class:`~pipeline.transforms.works.Work` into a ``<biblStruct>``
  as TEI prescribes: ``analytic`` for the part (article, chapter), ``monogr`` for the book,
  journal or newspaper (creators, ``title`` with its ``@level``, ``idno``, ``imprint`` with
  ``pubPlace``/``publisher``/``date``, then ``biblScope`` for volume, part, issue and pages),
  ``series``, and a ``ptr`` to the URL. ``@type`` is the record's kind, ``@xml:lang`` its language.
- :func:`works_cited` is the ``<listBibl type="works-cited">`` of all works, each ``biblStruct``
  with ``xml:id="bib-KEY"`` (the BibTeX key, so that the TEI and the ``.bib`` name a work alike).

The writers render these (``pipeline/writers/biblstruct.py``); a web page's site is its publisher,
which is how GB/T 7714 and Chicago both print it.
"""
from __future__ import annotations

import re
from typing import Sequence

from lxml import etree

from pipeline.bib.model import Citation, Name
from pipeline.tei import el, sub
from pipeline.transforms.works import Work

_PERIODICALS = ("journal-article", "newspaper-article")
_PARTS = ("chapter",) + _PERIODICALS


def _name(parent: etree._Element, element: str, person: Name, **attrs: str) -> None:
    holder = sub(parent, element, **attrs)
    if person.organisation:
        sub(holder, "orgName", person.text)
    elif person.family:
        name = sub(holder, "persName")
        sub(name, "surname", person.family)
        if person.given:
            sub(name, "forename", person.given)
    else:
        sub(holder, "persName", person.text)
    if person.alternate:
        sub(holder, "persName", person.alternate, type="alternate")


def _creators(parent: etree._Element, record: Citation, *, authors: bool, editors: bool) -> None:
    if authors:
        for person in record.authors:
            _name(parent, "author", person)
    if editors:
        for person in record.editors:
            _name(parent, "editor", person)
        for person in record.translators:
            _name(parent, "editor", person, role="translator")


def _scope(parent: etree._Element, unit: str, value: str | None) -> None:
    if not value:
        return
    numbers = re.findall(r"\d+", value)
    attrs = {}
    if unit == "page" and len(numbers) >= 2:
        attrs = {"from": numbers[0], "to": numbers[1]}
    elif numbers and value.strip() == numbers[0]:
        attrs = {"n": numbers[0]}
    sub(parent, "biblScope", value, unit=unit, **attrs)


def biblstruct(work: Work | Citation, xml_id: str | None = None) -> etree._Element:
    """The TEI ``<biblStruct>`` of a work (or of a single record)."""
    record = work.record if isinstance(work, Work) else work
    kind = record.kind
    root = el("biblStruct", xml_id=xml_id, type=kind, xml_lang=record.language)
    part = kind in _PARTS and bool(record.container)
    if part:
        analytic = sub(root, "analytic")
        _creators(analytic, record, authors=True, editors=False)
        if record.title:
            sub(analytic, "title", record.title, level="a")
    monogr = sub(root, "monogr")
    _creators(monogr, record, authors=not part, editors=True)
    if part:
        title, level = record.container, "j" if kind in _PERIODICALS else "m"
    else:
        title, level = record.title, "m"
    sub(monogr, "title", title or "", level=level, type=None if title else "missing")
    if record.isbn:
        sub(monogr, "idno", record.isbn, type="ISBN")
    imprint = sub(monogr, "imprint")
    publisher = record.publisher or (record.container if kind == "web-page" else None)
    if record.place:
        sub(imprint, "pubPlace", record.place)
    if publisher:
        sub(imprint, "publisher", publisher)
    if record.date or not (record.place or publisher):
        sub(imprint, "date", record.date.iso() if record.date else None,
            when=record.date.iso() if record.date else None)
    _scope(monogr, "volume", record.volume)
    _scope(monogr, "part", record.part)
    _scope(monogr, "issue", record.issue)
    _scope(monogr, "page", record.pages)
    if record.container and not part and kind != "web-page":
        series = sub(root, "series")
        sub(series, "title", record.container, level="s")
    if record.url:
        sub(root, "ptr", target=record.url)
    return root


def works_cited(works: Sequence[Work], keys: Sequence[str]) -> etree._Element:
    """``<listBibl type="works-cited">`` of every work, ``xml:id="bib-KEY"``, in work order."""
    listing = el("listBibl", type="works-cited")
    for work, key in zip(works, keys):
        listing.append(biblstruct(work, f"bib-{key}"))
    return listing
