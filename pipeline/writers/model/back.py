"""The back matter of the view model: the source's notes, its lists of works, sources and links.

The edition's works-cited list is titled 参考文献 and the source's own lists 来源（原文）: one
title for each list. Notes are read after the text, so that each knows every call made of it
(``backrefs``) and the works it cites (``works``); each work then learns which notes cite it
(``cited_by``). A book
(EPUB, PDF) sets these sections after the text in the order :func:`back_matter` gives.
"""
from __future__ import annotations

from dataclasses import replace

from lxml import etree

from pipeline.tei import NS, XML_ID, tag
from pipeline.wording import labels
from pipeline.writers.model.apparatus import TEXTLESS_NOTES, textless
from pipeline.writers.model.blocks import BlockBuilder
from pipeline.writers.nodes import Document, Kind, Node, text_node


def read_notes(builder: BlockBuilder, back: etree._Element | None) -> list[Node]:
    """The notes of ``div[@type='notes']``, each with the anchors of its calls in the text
    (which ``builder`` has walked already) and the works it cites."""
    if back is None:
        return []
    result = []
    for note in back.xpath("tei:div[@type='notes']/tei:note", namespaces=NS):
        note_id = note.get(XML_ID, "")
        bibls = dict.fromkeys(b.get("corresp", "").split()[0].lstrip("#") for b in note.iter(tag("bibl"))
                              if b.get("corresp", "").strip())
        result.append(Node(Kind.NOTE, note_id, {"n": note.get("n", ""), "type": note.get("type", ""),
                                                "backrefs": " ".join(builder.note_refs.get(note_id, [])),
                                                "works": " ".join(bibls)},
                           [] if note.get("type") in TEXTLESS_NOTES else builder.inlines(note)))
    return result


def notes_head(builder: BlockBuilder, back: etree._Element | None) -> Node | None:
    """The source's own heading of its notes (注释), with its ID, when it has one."""
    head = back.find(f"{tag('div')}[@type='notes']/{tag('head')}") if back is not None else None
    return Node(Kind.HEADING, head.get(XML_ID), {"level": "1"}, builder.inlines(head)) if head is not None else None


def back_div(builder: BlockBuilder, back: etree._Element | None, div_type: str) -> list[Node]:
    """The blocks of every back-matter division of a type (a source may have several 来源
    lists, each under its own heading), in order."""
    if back is None:
        return []
    return [node for div in back.findall(f"{tag('div')}[@type='{div_type}']") for node in builder.blocks(div, level=2)]


def source_lists(builder: BlockBuilder, back: etree._Element | None, lang: str) -> list[Node]:
    """The source's own lists of works (``div[@type='sources']``), titled as the source's
    (来源（原文）): the heading the source gave them, often 参考文献, would repeat the title of the
    edition's own works-cited list, which every edition sets just before. The heading keeps its ID,
    so that links to it still land; the TEI keeps the source's words."""
    nodes = back_div(builder, back, "sources")
    if nodes and nodes[0].kind == Kind.HEADING:
        nodes[0] = replace(nodes[0], children=text_node(labels(lang)["sources"]))
    return nodes


def link_works_to_notes(document: Document) -> None:
    """Each bibliography entry learns which notes cite it (``cited_by``: note ids in note order)."""
    entries = {item.id: item for block in document.bibliography for item in block.children
               if item.kind == Kind.ITEM and item.id}
    for note in document.notes:
        for work in dict.fromkeys(note.attrs.get("works", "").split()):
            if work in entries:
                cited = entries[work].attrs.get("cited_by", "")
                entries[work].attrs["cited_by"] = f"{cited} {note.id}".strip()


def back_matter(document: Document, endnotes: list[Node], endannotations: list[Node],
                remark: str) -> list[tuple[str, str, list[Node]]]:
    """The sections a book (EPUB, PDF) sets after the text, each present one as (anchor, label
    key, nodes), in order: the notes left for the end (after the source's notes heading and the
    book's ``remark`` on where the other notes are; the notes without text only in the statements
    of their numbers), the bibliography, sources, external links, the annotations left for the
    end and the editorial apparatus."""
    sections = []
    heading = [document.notes_head] if document.notes_head else []
    endnotes = [note for note in endnotes if not textless(note)]
    if endnotes or heading or document.note_statements:
        referenced = any(note.attrs.get("backrefs") for note in endnotes) or bool(document.note_statements)
        said = [Node(Kind.EDITORIAL, None, {}, text_node(remark))] if remark else []
        sections.append(("notes", "notes" if heading or referenced else "unreferenced_notes",
                         [*heading, *said, *document.note_statements, *endnotes]))
    for anchor, key, nodes in (("bibliography", "bibliography", document.bibliography),
                               ("sources", "sources", document.sources),
                               ("external-links", "external_links", document.links),
                               ("annotations", "annotations", endannotations),
                               ("apparatus", "apparatus", document.apparatus)):
        if nodes:
            sections.append((anchor, key, nodes))
    return sections
