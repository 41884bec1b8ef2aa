"""Notes: resolve every note reference, classify every note.

After this stage each ``<note>`` of ``<div type="notes">`` has a ``@type``:

- ``lost``: the source kept the number but not the text (the editorial stage explains it);
- ``unresolved``: referenced, but the source holds no note text at all (a plain-text witness):
  a reference to a number the notes list lacks gets such a note, so that no marker points nowhere;
- ``explanatory``: the note explains rather than cites (the citation parser tells, since only it
  knows what a citation looks like; a note may explain and still name a work, which the
  citations stage links);
- ``citation``: everything else that holds text.

A note cited from many places stays one note: every marker points at it, each keeping its own
locator (``<bibl type="noteref">…<citedRange>``, as the readers write it). The report counts notes,
citations, explanatory, lost, unresolved, references (the markers), located (markers with a
locator) and unreferenced (notes no marker points at). The citations stage reads the same notes
again; the parser remembers its recent readings, so no note is parsed twice.
"""
from __future__ import annotations

from lxml import etree

from pipeline.tei import NS, XML_ID, sub, tag
from pipeline.transforms.base import ArticleInputs, Report, Reporter
from pipeline.citations.note_input import NOTES_XPATH, note_input
from pipeline.citations.parser import parse_note

SUMMARY_KEYS = {"citation": "citations", "explanatory": "explanatory", "lost": "lost",
                "unresolved": "unresolved"}


def apply(root: etree._Element, inputs: ArticleInputs, reporter: Reporter) -> Report:
    notes = {n.get(XML_ID): n for n in root.xpath(NOTES_XPATH, namespaces=NS) if n.get(XML_ID)}
    references = root.xpath("/tei:TEI/tei:text//tei:ref[@type='noteref']", namespaces=NS)
    targets = [ref.get("target", "").lstrip("#") for ref in references]
    for ref, target in zip(references, targets):
        if target not in notes:
            notes[target] = sub(_notes_div(root), "note", place="end", xml_id=target, n=ref.get("n"),
                                type="unresolved")
    counts = {"notes": len(notes), **dict.fromkeys(SUMMARY_KEYS.values(), 0), "references": len(references),
              "located": len(root.xpath("/tei:TEI/tei:text//tei:bibl[@type='noteref'][tei:citedRange]",
                                        namespaces=NS)),
              "unreferenced": len(set(notes) - set(targets))}
    for note_id, note in notes.items():
        if not note.get("type"):
            note.set("type", _classify(note))
        if note.get("type") in SUMMARY_KEYS:
            counts[SUMMARY_KEYS[note.get("type")]] += 1
    return Report("notes", counts)


def _notes_div(root: etree._Element) -> etree._Element:
    back = root.find(f"{tag('text')}/{tag('back')}")
    if back is None:
        back = sub(root.find(tag("text")), "back")
    div = back.find(f"{tag('div')}[@type='notes']")
    if div is None:
        div = sub(back, "div", type="notes")
    return div


def _classify(note: etree._Element) -> str:
    """``lost`` when nothing of the source is left in the note, else the parser's verdict."""
    reading = note_input(note)
    if not reading.text and not reading.links:
        return "lost"
    return "explanatory" if parse_note(*reading).explanatory else "citation"
