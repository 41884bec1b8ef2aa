"""DTS Document answers: an article's TEI whole, or a passage of it inside ``dts:wrapper``.

DTS 1.0 asks for a ``TEI`` root in the TEI namespace, and for a passage (by ``ref`` or by a
``start``/``end`` range) the requested elements inside a ``wrapper`` of the DTS namespace. The
passage keeps the article's title, publisher, licence and source, so a fragment
saved on its own still says what it is from, under which licence.
"""
from __future__ import annotations

import copy

from lxml import etree

from pipeline.tei import NS, TEI_NS, XML_LANG, el, sub

DTS_NS = "https://w3id.org/api/dts#"
FILE_DESC = "tei:teiHeader/tei:fileDesc"


def whole(root: etree._Element) -> bytes:
    """The Resource without a reference: the article's TEI as the edition publishes it."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def passage(root: etree._Element, elements: list[etree._Element], *, ref: str | None = None,
            start: str | None = None, end: str | None = None) -> bytes:
    """``elements`` (consecutive units of ``root``) as a DTS passage: a TEI document whose body
    holds them in a ``dts:wrapper`` carrying the reference or range asked for."""
    tei = el("TEI")
    tei.set(XML_LANG, root.get(XML_LANG, "zh"))
    file_desc = sub(sub(tei, "teiHeader"), "fileDesc")
    sub(sub(file_desc, "titleStmt"), "title", _text(root, "tei:titleStmt/tei:title"))
    publication = sub(file_desc, "publicationStmt")
    sub(publication, "publisher", _text(root, "tei:publicationStmt/tei:publisher"))
    licence = root.find(f"{FILE_DESC}/tei:publicationStmt/tei:availability", NS)
    if licence is not None:
        publication.append(_copy(licence))
    source = sub(sub(file_desc, "sourceDesc"), "bibl")
    sub(source, "title", _text(root, "tei:sourceDesc/tei:bibl/tei:title"))
    link = root.find(f"{FILE_DESC}/tei:sourceDesc/tei:bibl/tei:ref", NS)
    if link is not None:
        source.append(_copy(link))
    body = sub(sub(tei, "text"), "body")
    wrapper = etree.SubElement(body, f"{{{DTS_NS}}}wrapper", nsmap={"dts": DTS_NS})
    for name, value in (("ref", ref), ("start", start), ("end", end)):
        if value:
            wrapper.set(name, f"//*[@xml:id='{value}']")
    for element in elements:
        wrapper.append(_copy(element))
    etree.cleanup_namespaces(tei, top_nsmap={None: TEI_NS, "dts": DTS_NS})
    return etree.tostring(tei, xml_declaration=True, encoding="UTF-8") + b"\n"


def _text(root: etree._Element, path: str) -> str:
    """The text of the first element at ``path`` in the article's ``fileDesc``, or ""."""
    found = root.find(f"{FILE_DESC}/{path}", NS)
    return " ".join("".join(found.itertext()).split()) if found is not None else ""


def _copy(element: etree._Element) -> etree._Element:
    """A copy of ``element`` without the text that follows it in the article."""
    piece = copy.deepcopy(element)
    piece.tail = None
    return piece
