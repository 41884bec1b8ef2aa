"""Works as TEI ``<biblStruct>``: the structured bibliography of an article.

Public API (pure functions):

- :func:`biblstruct` turns one :class:`~pipeline.citations.works.Work` into a ``<biblStruct>``
  as TEI prescribes: ``analytic`` for the part (article, chapter), ``monogr`` for the book,
  journal or newspaper (creators, ``title`` with its ``@level``, ``idno``, ``imprint`` with
  ``pubPlace``/``publisher``/``date``, then ``biblScope`` for volume, part, issue and pages),
  ``series``, and a ``ptr`` to the URL. ``@type`` is the record's kind, ``@xml:lang`` its language.
- :func:`works_cited` is the ``<listBibl type="works-cited">`` of all works, each ``biblStruct``
  with ``xml:id="bib-KEY"`` and ``n="KEY"`` (the BibTeX key, so that the TEI and the ``.bib`` name
  a work alike; the ids stage later gives the entry its ledger ID, and ``@n`` keeps the key).
  The list is in the order scholarly books print (:func:`pipeline.citations.order.sort_key`:
  Chinese, Japanese and Korean works by pinyin, then Western works by family name), not in the
  order of first citation, so that every edition, and the ``.bib``, print it alike; the keys were
  given in citation order before, so sorting changes none.
- :func:`apply` is the bibliography stage: the works the citations stage found become
  ``<div type="bibliography">`` at the end of ``<back>``, and its report carries their BibTeX,
  with the project's ``bibliography/corrections.bib`` (read by the build) applied.

The writers render these (``pipeline/writers/biblstruct.py``); a web page's site is its publisher,
which is how GB/T 7714 and Chicago both print it.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from lxml import etree

from pipeline.citations.bibtex import bibtex_text, correct_record
from pipeline.citations.model import Citation, Name
from pipeline.citations.order import scholarly_order
from pipeline.citations.works import Work
from pipeline.tei import el, sub, tag
from pipeline.transforms.base import ArticleInputs, BibliographyReport, Reporter

_PERIODICALS = ("journal-article", "newspaper-article")
_PARTS = ("chapter",) + _PERIODICALS


def _name(parent: etree._Element, element: str, person: Name, **attrs: str) -> None:
    holder = sub(parent, element, **attrs)
    if person.organisation:
        sub(holder, "orgName", person.text)
    elif person.family:
        _parts(sub(holder, "persName"), person)
    else:
        sub(holder, "persName", person.text)
    if person.alternate:
        sub(holder, "persName", person.alternate, type="alternate")


def _parts(name: etree._Element, person: Name) -> None:
    """Surname and forename in the order the citation wrote them, with the separator that stood
    between (``史蒂芬·艾迪科特``, ``Derek W. Bowett``, ``Rees, David``): the name reads as written."""
    given, family, text = person.given or "", person.family or "", person.text
    order = [("surname", family), ("forename", given)]
    if given and text.startswith(given) and text.endswith(family):
        order.reverse()
    first, second = order
    between = text[len(first[1]):len(text) - len(second[1])] if text.startswith(first[1]) and \
        text.endswith(second[1]) and len(text) >= len(given) + len(family) else ""
    sub(name, *first).tail = between if between and not between.strip(" ,·") else None
    if given:
        sub(name, *second)


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
    """``<listBibl type="works-cited">`` of every work, ``xml:id="bib-KEY"``, in the order given."""
    listing = el("listBibl", type="works-cited")
    for work, key in zip(works, keys):
        entry = biblstruct(work, f"bib-{key}")
        entry.set("n", key)
        listing.append(entry)
    return listing


def apply(root: etree._Element, inputs: ArticleInputs, reporter: Reporter,
          cited: list[tuple[str, Work]]) -> BibliographyReport:
    """The works-cited list and the BibTeX of the works ``cited`` (with their keys, from the
    citations stage), both with the project's corrections and in the scholarly order (by the
    corrected records, so that a corrected name sorts where it now reads).

    A correction changes the record before either is written, so that the TEI (and so every
    edition) shows the corrected work; the scholar's exact values then override the BibTeX
    fields, including those a record has no place for. Keys come from the uncorrected records,
    so a correction keeps matching its entry.
    """
    corrections = inputs.corrections
    corrected_works = [(key, replace(work, record=correct_record(work.record, corrections[key])))
                       if key in corrections else (key, work) for key, work in cited]
    ordered = scholarly_order([work.record for _, work in corrected_works], corrected_works)
    keys = [key for key, _ in ordered]
    works = [work for _, work in ordered]
    if works:
        text = root.find(tag("text"))
        back = text.find(tag("back"))
        if back is None:
            back = sub(text, "back")
        sub(back, "div", type="bibliography").append(works_cited(works, keys))
    corrected = [key for key, _ in cited if key in corrections]   # in citation order, as keys were given
    report = BibliographyReport("bibliography", {"entries": len(works), "corrected": len(corrected)},
                                bibtex=bibtex_text(works, corrections, keys))
    if corrected:
        report.normalisations.append(
            f"The bibliography entries {', '.join(corrected)} (BibTeX keys, kept in biblStruct/@n) carry the "
            "corrections of bibliography/corrections.bib, applied by key to the TEI and the BibTeX alike.")
    return report
