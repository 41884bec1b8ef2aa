"""What the citation parser reads of a TEI ``<note>`` or ``<bibl>``: its text, links and italics.

:func:`note_input` reads them as the readers write them (external links, italic ``hi``, the first
reading of a variant ``choice``, a ``{{cite …}}`` template's ``seg`` parameters), leaving out what
the pipeline added (editorial notes, gaps). ``parse_note(*note_input(note))`` is how the TEI
stages call :mod:`pipeline.citations.parser`, which itself knows nothing of TEI.
"""
from __future__ import annotations

from typing import NamedTuple

from lxml import etree

from pipeline.tei import TEI_NS

#: The end notes of a TEI document (readers put them in ``<div type="notes">``).
NOTES_XPATH = "/tei:TEI/tei:text/tei:back/tei:div[@type='notes']/tei:note"


class NoteInput(NamedTuple):
    """What the parser reads of a note: ``parse_note(*note_input(element))``."""

    text: str
    links: tuple[tuple[str, str], ...]
    italics: tuple[str, ...]


def note_input(element: etree._Element) -> NoteInput:
    """The plain text, external links and italic spans of a TEI ``<note>`` or ``<bibl>``."""
    links: list[tuple[str, str]] = []
    italics: list[str] = []

    def text_of(node: etree._Element) -> str:
        out = [node.text or ""] if _readable(node) else []
        for child in node:
            out.append(inline(child) + (child.tail or ""))
        return "".join(out)

    def inline(child) -> str:
        if not isinstance(child.tag, str) or not _readable(child):
            return ""
        name = etree.QName(child).localname
        if name == "choice":
            readings = child.findall(f"{{{TEI_NS}}}reg")
            return text_of(readings[0]) if readings else ""
        if name == "lb":
            return " "
        if name == "seg" and child.get("type") == "template":
            params = [f"|{p.get('n')}={text_of(p).strip()}" for p in child.iterfind(f"{{{TEI_NS}}}seg[@type='param']")]
            return "{{" + " ".join([child.get("n", "cite"), *params]) + "}}"
        text = text_of(child)
        if name == "ref" and child.get("type") == "external" and child.get("target"):
            links.append((text.strip(), child.get("target")))
        elif name == "hi" and child.get("rend") == "italic" and text.strip():
            italics.append(text.strip())
        return text

    text = " ".join(text_of(element).split())
    return NoteInput(text, tuple(links), tuple(italics))


def _readable(node: etree._Element) -> bool:
    """Source text, not what the pipeline added (editorial notes, gap descriptions)."""
    name = etree.QName(node).localname
    return not (name in ("gap", "desc") or (name == "note" and node.get("type") in ("editorial", "maintenance")))
