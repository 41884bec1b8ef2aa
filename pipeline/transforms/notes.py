"""Notes: resolve every note reference, classify every note.

After this stage each ``<note>`` of ``<div type="notes">`` has a ``@type``: ``citation``,
``explanatory``, ``lost`` (the source kept the number but not the text) or ``unresolved``
(referenced, but the source holds no note text at all); a reference to a number the notes list
lacks gets such a note, so that no marker points nowhere.
"""
from __future__ import annotations

from lxml import etree

from pipeline.tei import NS, PIPELINE_RESP, XML_ID, sub, tag

LOST_TEXT = {
    "zh-Hans": "此注释的原文在转换中丢失。",
    "zh-Hant": "此註釋的原文在轉換中遺失。",
}
UNRESOLVED_TEXT = {
    "zh-Hans": "此版本未收录该注释的原文。",
    "zh-Hant": "此版本未收錄該註釋的原文。",
}


def apply(root: etree._Element, context) -> None:
    lang = context.meta.lang
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
        explanation = {"lost": LOST_TEXT, "unresolved": UNRESOLVED_TEXT}.get(kind)
        if explanation and not note.xpath("tei:note[@type='editorial']", namespaces=NS):
            sub(note, "note", explanation.get(lang, explanation["zh-Hans"]), type="editorial",
                resp=PIPELINE_RESP)
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
