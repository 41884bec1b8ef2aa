"""Notes: resolve every note reference, classify every note.

After this stage each ``<note>`` of ``<div type="notes">`` has a ``@type``: ``citation``,
``explanatory``, ``lost`` (the source kept the number but not the text) or ``unresolved``
(referenced, but the source holds no note text at all); a reference to a number the notes list
lacks gets such a note, so that no marker points nowhere. Explaining lost and unresolved notes
is the editorial stage's job.
"""
from __future__ import annotations

from lxml import etree

from pipeline.tei import NS, XML_ID, sub, tag


def apply(root: etree._Element, context) -> None:
    notes = {n.get(XML_ID): n for n in root.xpath(NOTES_XPATH, namespaces=NS) if n.get(XML_ID)}
    references = root.xpath("//tei:ref[@type='noteref']", namespaces=NS)
    for ref in references:
        target = ref.get("target", "").lstrip("#")
        if target not in notes:
            notes[target] = sub(_notes_div(root), "note", place="end", xml_id=target, n=ref.get("n"),
                                type="unresolved")
    counts = dict.fromkeys(SUMMARY_KEYS.values(), 0) | {"notes": len(notes), "references": len(references)}
    for note in notes.values():
        kind = note.get("type") or _classify(note)
        note.set("type", kind)
        counts[SUMMARY_KEYS[kind]] += 1
    context.summary("notes").update(counts)


NOTES_XPATH = "/tei:TEI/tei:text/tei:back/tei:div[@type='notes']/tei:note"
SUMMARY_KEYS = {"citation": "citations", "explanatory": "explanatory", "lost": "lost",
                "unresolved": "unresolved"}


def _notes_div(root: etree._Element) -> etree._Element:
    back = root.find(f"{tag('text')}/{tag('back')}")
    if back is None:
        back = sub(root.find(tag("text")), "back")
    div = back.find(f"{tag('div')}[@type='notes']")
    if div is None:
        div = sub(back, "div", type="notes")
    return div


def _classify(note: etree._Element) -> str:
    """``lost`` for an empty note, ``citation`` otherwise (the citations stage refines this)."""
    text = "".join(note.itertext()).strip()
    return "citation" if text else "lost"
