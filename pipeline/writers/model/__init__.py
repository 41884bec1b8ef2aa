"""The view model: a TEI document turned into the plain tree that every writer renders.

Writers never walk TEI themselves. :func:`build_document` reads the TEI once and gives them a
small, format-neutral tree of nodes (:mod:`pipeline.writers.nodes`: a kind, an id, attributes,
children or text), the article's metadata, its table of contents, its notes with
back-references, and its back matter. A writer then only looks up each node's kind in its own
table of renderings.

This module assembles the document; the parts are built by :mod:`.blocks` and :mod:`.inlines`
(one behaviour per TEI element), :mod:`.back` (notes and lists of works, sources, links) and
:mod:`pipeline.writers.biblstruct` (a work's entry).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from lxml import etree

from pipeline.tei import NS, XML_ID, XML_LANG, header_summaries, tag
from pipeline.texmath import convert
from pipeline.writers.annotations import anchor_annotations, anchor_phrases, read_annotations
from pipeline.writers.model.apparatus import collapse_textless
from pipeline.writers.model.back import (back_div, back_matter, link_works_to_notes, notes_head, read_notes,
                                         source_lists)
from pipeline.writers.model.blocks import BlockBuilder
from pipeline.writers.nodes import Document, Kind, Node, TocEntry

__all__ = ["Document", "Kind", "Node", "TocEntry", "back_matter", "build_document", "read_meta",
           "retired_from_tei", "section_title", "table_of_contents"]


def build_document(root: etree._Element, retired: Mapping[str, Sequence[str]] | None = None) -> Document:
    """The view model of a whole TEI document.

    ``retired`` maps a live block ID to the retired IDs that now resolve to it; by default it is
    read from the TEI's ``standOff/linkGrp[@type='retired-ids']`` (written by the ids stage). Each
    such block gets them as ``attrs["retired"]`` so a writer can keep old links working. The
    standOff's annotations are anchored in the text (see :mod:`pipeline.writers.annotations`).
    """
    root = anchor_phrases(root)
    builder = BlockBuilder(root)
    text = root.find(tag("text"))
    body = text.find(tag("body"))
    front = text.find(tag("front"))
    back = text.find(tag("back"))
    body_nodes = builder.blocks(body, level=1)
    document = Document(
        id=root.get(XML_ID, ""),
        lang=root.get(XML_LANG, "zh"),
        meta=read_meta(root),
        front=builder.blocks(front, level=1) if front is not None else [],
        body=body_nodes,
        toc=table_of_contents(body_nodes),
        notes=read_notes(builder, back),
        notes_head=notes_head(builder, back),
        sources=source_lists(builder, back, root.get(XML_LANG, "zh")),
        links=back_div(builder, back, "external-links"),
        bibliography=back_div(builder, back, "bibliography"),
        summaries=header_summaries(root),
        annotations=read_annotations(root, builder, Node),
    )
    document.apparatus = builder.apparatus.entries
    link_works_to_notes(document)
    collapse_textless(document)
    _mark_retired(document, retired if retired is not None else retired_from_tei(root))
    _typeset_math(document)
    anchor_annotations(document.annotations, [document.front, document.body, document.notes, document.sources,
                                              document.links, document.bibliography,
                                              [document.notes_head] if document.notes_head else []], Node)
    return document


def retired_from_tei(root: etree._Element) -> dict[str, list[str]]:
    """Live block ID → the retired IDs whose successor chain ends at it, from the TEI."""
    retired: dict[str, list[str]] = {}
    for ptr in root.xpath("tei:standOff/tei:linkGrp[@type='retired-ids']/tei:ptr", namespaces=NS):
        retired.setdefault(ptr.get("target", "").lstrip("#"), []).append(ptr.get(XML_ID))
    return retired


def _mark_retired(document: Document, retired: Mapping[str, Sequence[str]]) -> None:
    """Give each live block the retired IDs that resolve to it (``attrs["retired"]``)."""
    for node in document.all_blocks():
        if node.id and node.id in retired:
            node.attrs["retired"] = " ".join(retired[node.id])


def _typeset_math(document: Document) -> None:
    """Give each formula its MathML (``attrs["mathml"]``), all of the article's converted in one
    Pandoc run shared by the HTML and the EPUB; a formula Pandoc cannot convert has none and is
    shown as its TeX."""
    formulas = [node for node in [*document.all_blocks(), *(n for a in document.annotations for n in a.walk())]
                if node.kind == Kind.MATH]
    mathml = convert(((node.attrs.get("display", ""), node.text or "") for node in formulas), "mathml")
    for node in formulas:
        markup = mathml.get((node.attrs.get("display", ""), node.text or ""))
        if markup:
            node.attrs["mathml"] = markup


def section_title(section: Node) -> str:
    """A section's title as the contents, bookmarks and running heads show it: its heading's
    words, or for a heading lost in conversion the title supplied for it (〔标题缺失〕, explained
    in the apparatus); "" for none."""
    heading = next((c for c in section.children if c.kind == Kind.HEADING), None)
    if heading is not None:
        return heading.reading_text().strip()
    gap = section.children[0] if section.children and section.children[0].kind == Kind.GAP else None
    return gap.attrs.get("title", "") if gap is not None else ""


def table_of_contents(nodes: list[Node]) -> list[TocEntry]:
    """The sections among ``nodes``, nested, titled by :func:`section_title` ("—" for none)."""
    return [TocEntry(node.attrs.get("anchor") or node.id or "", section_title(node) or "—", int(node.attrs["level"]),
                     table_of_contents(node.children)) for node in nodes if node.kind == Kind.SECTION]


def read_meta(root: etree._Element) -> dict[str, str]:
    """The header facts every edition shows: title, publisher, licence, date, source."""
    def first(path: str, attr: str | None = None) -> str:
        found = root.xpath(path, namespaces=NS)
        if not found:
            return ""
        return found[0].get(attr, "") if attr else "".join(found[0].itertext()).strip()

    header = "/tei:TEI/tei:teiHeader/tei:fileDesc"
    return {
        "title": first(f"{header}/tei:titleStmt/tei:title"),
        "publisher": first(f"{header}/tei:publicationStmt/tei:publisher"),
        "licence": first(f"{header}/tei:publicationStmt/tei:availability/tei:licence"),
        "licence_url": first(f"{header}/tei:publicationStmt/tei:availability/tei:licence", "target"),
        "date": first(f"{header}/tei:publicationStmt/tei:date", "when"),
        "source": first(f"{header}/tei:sourceDesc/tei:bibl/tei:ref", "target"),
        "revision": first(f"{header}/tei:sourceDesc/tei:bibl/tei:idno[@type='revision']"),
        "file": first(f"{header}/tei:sourceDesc/tei:bibl/tei:idno[@type='file']"),
        "format": first(f"{header}/tei:sourceDesc/tei:bibl/tei:note[@type='format']"),
    }
