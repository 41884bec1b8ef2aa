"""The citations stage: link every note and source-list item to the works it cites.

Every citing or explanatory note and every source-list item is parsed
(:mod:`pipeline.citations.parser`), the records are grouped into works
(:mod:`pipeline.citations.works`), each work gets its BibTeX key (:mod:`pipeline.citations.keys`),
and the TEI links to the works: each note gets one ``<bibl corresp="#bib-KEY">`` per work it
cites, holding that citation's locator as ``<citedRange>``; each source-list ``<bibl>`` gets
``@corresp``. A citing note from which no work could be read keeps its text as
``<bibl type="unparsed">``. The works and their keys are reported for the bibliography stage.
"""
from __future__ import annotations

from lxml import etree

from pipeline.citations.keys import assign_keys
from pipeline.citations.model import Citation
from pipeline.citations.note_input import NOTES_XPATH, note_input
from pipeline.citations.parser import parse_citation, parse_note
from pipeline.citations.works import group_works
from pipeline.tei import NS, el, sub
from pipeline.transforms.base import ArticleInputs, CitationsReport, Reporter

#: The items of the source's own lists of works (来源, 参考文献 …), in source order.
SOURCES_XPATH = "/tei:TEI/tei:text/tei:back//tei:div[@type='sources']/tei:listBibl[@type='sources']/tei:bibl"


def apply(root: etree._Element, inputs: ArticleInputs, reporter: Reporter) -> CitationsReport:
    """Link every note and source-list item to the works it cites (see the module's docstring).

    The notes and the source list are grouped together, in one pass, because a short note
    (``王树增，第一章``) is only recognisable as a work through the list that describes it in full.
    """
    notes = root.xpath(f"{NOTES_XPATH}[@type='citation' or @type='explanatory']", namespaces=NS)
    cited: list[Citation] = []
    owner: list[int] = []
    for index, note in enumerate(notes):
        reading = parse_note(*note_input(note))
        cited += reading.citations
        owner += [index] * len(reading.citations)
    items = root.xpath(SOURCES_XPATH, namespaces=NS)
    listed = [parse_citation(*note_input(item)) for item in items]
    works = group_works(cited, listed)
    keys = assign_keys(works)
    links: list[dict[tuple[str, str | None], None]] = [{} for _ in notes]
    for work, key in zip(works, keys):
        for i in work.notes:
            links[owner[i]][(key, cited[i].locator)] = None
        for i in work.sources:
            items[i].set("corresp", f"#bib-{key}")
    unparsed = 0
    for note, pointers in zip(notes, links):
        for key, locator in pointers:
            bibl = sub(note, "bibl", corresp=f"#bib-{key}")
            if locator:
                sub(bibl, "citedRange", locator)
        if not pointers and note.get("type") == "citation":
            _keep_unparsed(note)
            unparsed += 1
    return CitationsReport("citations", {
        "records": len(cited) + len(listed), "works": len(works),
        "linked-notes": sum(1 for pointers in links if pointers), "unparsed-notes": unparsed,
        "linked-sources": sum(1 for item in items if item.get("corresp")), "sources": len(items)},
        works=list(zip(keys, works)))


def _keep_unparsed(note: etree._Element) -> None:
    """The note's whole content as ``<bibl type="unparsed">``: a citation no pattern could read,
    kept with its text (and its links and markup) rather than dropped."""
    bibl = el("bibl", type="unparsed")
    bibl.text, note.text = note.text, None
    for child in list(note):
        bibl.append(child)
    note.append(bibl)
