"""The view model: a TEI document turned into the plain tree that every writer renders.

Writers never walk TEI themselves. This module reads the TEI once and gives them a small,
format-neutral tree of :class:`Node` (a kind, an id, attributes, children or text), the
article's metadata, its table of contents, its notes with back-references, and its back
matter. A template or the EPUB builder then only dispatches on ``node.kind``.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from lxml import etree

from pipeline.lang import shown_variant
from pipeline.tei import NS, XML_ID, XML_LANG, header_summaries, tag
from pipeline.writers.annotations import anchor_annotations, anchor_phrases, read_annotations
from pipeline.writers.biblstruct import format_biblstruct

LOCAL = etree.QName


@dataclass
class Node:
    """One piece of the view model: ``kind`` says how to render it."""

    kind: str
    id: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)
    children: list["Node"] = field(default_factory=list)
    text: str | None = None
    #: the annotations anchored on this block (kind ``annotation``), for margin notes
    annotations: list["Node"] = field(default_factory=list)

    def plain_text(self) -> str:
        """The text a reader sees, for tables of contents, search and citations.

        A variant shows only the reading it was given (``shown``), not all of them.
        """
        if self.text is not None:
            return self.text
        children = self.children
        if self.kind == "variant":
            children = [c for c in children if c.attrs.get("lang") == self.attrs.get("shown")]
        return "".join(child.plain_text() for child in children)

    def reading_text(self) -> str:
        """The source's own words only: :meth:`plain_text` without note references, locators,
        annotation marks and what the pipeline added, and without blocks nested inside that
        have their own ID (a nested list item is its own citable block)."""
        if self.kind in NOT_READING_TEXT:
            return ""
        if self.text is not None:
            return self.text
        children = self.children
        if self.kind == "variant":
            children = [c for c in children if c.attrs.get("lang") == self.attrs.get("shown")]
        return "".join(child.reading_text() for child in children
                       if child.id is None or child.kind in ("annotated", "noteref"))

    def walk(self) -> Iterator["Node"]:
        """This node and every node below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class TocEntry:
    id: str
    title: str
    level: int
    children: list["TocEntry"] = field(default_factory=list)


@dataclass
class Document:
    """Everything a writer needs about one article."""

    id: str
    lang: str
    meta: dict[str, str]
    front: list[Node]
    body: list[Node]
    toc: list[TocEntry]
    notes: list[Node]
    sources: list[Node]
    links: list[Node]
    bibliography: list[Node]
    summaries: dict[str, dict[str, str]]
    #: ``annotation`` nodes (standOff), lettered in reading order; their calls are in the trees.
    annotations: list[Node] = field(default_factory=list)
    #: the source's heading of its notes (``div[@type='notes']/head``), when it has one
    notes_head: Node | None = None

    def all_blocks(self) -> Iterator[Node]:
        """Every node of the article's text and back matter, in reading order."""
        for part in (self.front, self.body, [self.notes_head] if self.notes_head else [], self.notes,
                     self.bibliography, self.sources, self.links):
            for node in part:
                yield from node.walk()

    def notes_by_id(self) -> dict[str, Node]:
        return {note.id: note for note in self.notes if note.id}


#: inline kinds that are not the source's words: marks, references and editorial additions
NOT_READING_TEXT = ("noteref", "annotation-ref", "locator", "editorial", "maintenance", "gap")

BLOCK_KINDS = {"p": "p", "head": "heading", "list": "list", "item": "item", "figure": "figure",
               "table": "table", "row": "row", "cell": "cell", "quote": "quote", "listBibl": "list"}


def build_document(root: etree._Element, retired: Mapping[str, Sequence[str]] | None = None) -> Document:
    """The view model of a whole TEI document.

    ``retired`` maps a live block ID to the retired IDs that now resolve to it; by default it is
    read from the TEI's ``standOff/linkGrp[@type='retired-ids']`` (written by the ids stage). Each
    such block gets them as ``attrs["retired"]`` so a writer can keep old links working. The standOff's annotations are anchored in the text (see :mod:`.annotations`).
    """
    root = anchor_phrases(root)
    builder = _Builder(root)
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
        notes=builder.notes(back),
        notes_head=_notes_head(builder, back),
        sources=_back_div(builder, back, "sources"),
        links=_back_div(builder, back, "external-links"),
        bibliography=_back_div(builder, back, "bibliography"),
        summaries=header_summaries(root),
        annotations=read_annotations(root, builder, Node),
    )
    _link_works_to_notes(document)
    _mark_retired(document, retired if retired is not None else retired_from_tei(root))
    anchor_annotations(document.annotations, [document.front, document.body, document.notes, document.sources,
                                              document.links, document.bibliography,
                                              [document.notes_head] if document.notes_head else []], Node)
    return document


class _Builder:
    """Walks TEI elements into nodes, numbering each note reference for back-links."""

    def __init__(self, root: etree._Element):
        self.lang = root.get(XML_LANG, "zh")
        self.note_refs: dict[str, list[str]] = {}
        self.sections = 0

    # blocks --------------------------------------------------------------------------------
    def blocks(self, parent: etree._Element, level: int) -> list[Node]:
        nodes = []
        for child in parent:
            if not isinstance(child.tag, str):
                continue
            node = self.block(child, level)
            if node is not None:
                nodes.append(node)
        return nodes

    def block(self, element: etree._Element, level: int) -> Node | None:
        name = LOCAL(element).localname
        xml_id = element.get(XML_ID)
        if name == "div":
            # a section without an xml:id still needs a link target (contents, bookmarks)
            self.sections += 1
            anchor = xml_id or f"section-{self.sections}"
            return Node("section", xml_id, {"level": str(level), "type": element.get("type", ""), "anchor": anchor},
                        self.blocks(element, level + 1))
        if name == "head":
            return Node("heading", xml_id, {"level": str(level - 1)}, self.inlines(element))
        if name in ("p", "ab") and element.get("type") != "code":
            return Node("p", xml_id, {}, self.inlines(element))
        if name == "ab":
            return Node("code", xml_id, {"lang": element.get("subtype", "")}, text="".join(element.itertext()))
        if name == "list":
            return Node("list", xml_id, {"rend": element.get("rend", "bulleted")},
                        [self.item(item, level) for item in element.findall(tag("item"))])
        if name == "figure":
            graphic = element.find(tag("graphic"))
            url = graphic.get("url", "") if graphic is not None else ""
            head = element.find(tag("head"))
            return Node("figure", xml_id, {"url": url, "name": url.rsplit(":", 1)[-1]},
                        self.inlines(head) if head is not None else [])
        if name == "table":
            head = element.find(tag("head"))
            rows = [Node("row", None, {"role": row.get("role", "data")},
                         [Node("cell", None, {"role": cell.get("role", row.get("role", "data"))},
                               self.mixed(cell, level)) for cell in row.findall(tag("cell"))])
                    for row in element.findall(tag("row"))]
            caption = Node("caption", None, {}, self.inlines(head) if head is not None else [])
            return Node("table", xml_id, {}, [caption, *rows])
        if name == "quote":
            return Node("quote", xml_id, {}, self.mixed(element, level))
        if name == "gap":
            return Node("gap", xml_id, {"reason": element.get("reason", "")}, text=_desc(element))
        if name == "note":
            return Node("editorial", xml_id, {"type": element.get("type", "")}, self.inlines(element))
        if name == "listBibl":
            entries = Node("list", xml_id, {"rend": "bibliography"},
                           [self.bibliography_entry(b) for b in element
                            if isinstance(b.tag, str) and LOCAL(b).localname in ("bibl", "biblStruct")])
            head = element.find(tag("head"))
            if head is None:
                return entries
            # a list's own label (書目): a heading one level below its section's, kept with the list
            return Node("section", None, {"level": str(level), "type": "listBibl", "anchor": head.get(XML_ID, "")},
                        [Node("heading", head.get(XML_ID), {"level": str(level)}, self.inlines(head)), entries])
        if name == "formula":
            return Node("p", xml_id, {}, self.inlines_of([element]))
        return Node("p", xml_id, {}, self.inlines(element))

    def bibliography_entry(self, entry: etree._Element) -> Node:
        """A ``bibl`` as written, or a ``biblStruct`` formatted; ``cited_by`` is filled in later."""
        if LOCAL(entry).localname == "biblStruct":
            return Node("item", entry.get(XML_ID), {"work": "yes", "cited_by": "", "lang": entry.get(XML_LANG, "")},
                        format_biblstruct(entry, Node))
        return Node("item", entry.get(XML_ID), {}, self.inlines(entry))

    def item(self, item: etree._Element, level: int) -> Node:
        return Node("item", item.get(XML_ID), {}, self.mixed(item, level))

    def mixed(self, element: etree._Element, level: int) -> list[Node]:
        """Content that may hold both inline text and blocks (list items, cells, quotes)."""
        nodes: list[Node] = []
        run: list[Node] = _text(element.text)
        for child in element:
            if isinstance(child.tag, str) and LOCAL(child).localname in ("list", "p", "table", "quote", "figure"):
                if run:
                    nodes.append(Node("span", None, {}, run))
                    run = []
                nodes.append(self.block(child, level))
            else:
                run.extend(self.inline(child))
            run.extend(_text(child.tail))
        if run:
            nodes.append(Node("span", None, {}, run))
        return nodes

    # inlines -------------------------------------------------------------------------------
    def inlines(self, element: etree._Element) -> list[Node]:
        nodes = _text(element.text)
        for child in element:
            nodes.extend(self.inline(child))
            nodes.extend(_text(child.tail))
        return nodes

    def inlines_of(self, elements) -> list[Node]:
        nodes = []
        for child in elements:
            nodes.extend(self.inline(child))
        return nodes

    def inline(self, element: etree._Element) -> list[Node]:
        if not isinstance(element.tag, str):
            return []
        name = LOCAL(element).localname
        if name == "hi":
            return self.in_language(element, [Node("hi", None, {"rend": element.get("rend", "")},
                                                   self.inlines(element))])
        if name == "emph":
            return self.in_language(element, [Node("hi", None, {"rend": "italic"}, self.inlines(element))])
        if name == "ref" and element.get("type") == "noteref":
            return [self.noteref(element)]
        if name in ("ref", "ptr"):
            return [Node("link", None, {"href": element.get("target", ""), "type": element.get("type", "")},
                         self.inlines(element))]
        if name == "choice":
            regs = [Node("reg", None, {"lang": r.get(XML_LANG, "")}, self.inlines(r))
                    for r in element.findall(tag("reg"))]
            shown = shown_variant([reg.attrs["lang"] for reg in regs], self.lang)
            return [Node("variant", None, {"shown": shown}, regs)]
        if name == "foreign":
            return [Node("foreign", None, {"lang": element.get(XML_LANG, "")}, self.inlines(element))]
        if name == "seg" and element.get("type") == "annotated":
            return [Node("annotated", element.get(XML_ID),
                         {"annotation": " ".join(a.lstrip("#") for a in element.get("ana", "").split())},
                         self.inlines(element))]
        if name == "seg" and element.get("type") == "no-conversion":
            return [Node("noconv", None, {}, self.inlines(element))]
        if name == "formula":
            return [Node("math", None, {"display": element.get("rend", "")}, text="".join(element.itertext()))]
        if name == "code":
            return [Node("code-inline", None, {}, text="".join(element.itertext()))]
        if name == "note":
            return [Node("editorial" if element.get("type") != "maintenance" else "maintenance", element.get(XML_ID),
                         {"type": element.get("type", ""), "subtype": element.get("subtype", ""),
                          "resp": element.get("resp", "")}, self.inlines(element))]
        if name == "gap":
            return [Node("gap", None, {"reason": element.get("reason", "")}, text=_desc(element))]
        if name == "bibl" and element.get("type") == "noteref":
            nodes = self.inlines(element)
            return nodes
        if name == "bibl" and element.get("corresp"):
            return [self.biblref(element)]
        if name == "citedRange":
            return [Node("locator", None, {}, text="".join(element.itertext()))]
        if name == "lb":
            return [Node("br")]
        if name == "graphic":
            return [Node("link", None, {"href": element.get("url", ""), "type": "graphic"},
                         _text(element.get("url", "").rsplit(":", 1)[-1]))]
        return self.in_language(element, self.inlines(element))

    def in_language(self, element: etree._Element, nodes: list[Node]) -> list[Node]:
        """``nodes`` wrapped in a ``foreign`` node when the element has an ``xml:lang`` of its own
        (emphasis, a title…), so writers can set ``lang`` on it."""
        lang = element.get(XML_LANG)
        return nodes if lang is None else [Node("foreign", None, {"lang": lang}, nodes)]

    def biblref(self, element: etree._Element) -> Node:
        """A note's link to the work it cites (``<bibl corresp>``). The locator the bibl holds is
        the note's own words again (``王树增，第一章`` → 第一章), so it is an attribute, not text:
        writers label the link themselves and may show the locator as a hint."""
        ranges = element.findall(tag("citedRange"))
        words = _text(element.text)
        for child in element:
            if child not in ranges:
                words += self.inline(child)
            words += _text(child.tail)
        return Node("biblref", None, {"target": element.get("corresp", "").split()[0].lstrip("#"),
                                      "locator": " ".join("".join(r.itertext()).strip() for r in ranges)}, words)

    def noteref(self, element: etree._Element) -> Node:
        target = element.get("target", "").lstrip("#")
        anchors = self.note_refs.setdefault(target, [])
        anchor = f"ref-{target}-{len(anchors) + 1}"
        anchors.append(anchor)
        label = "".join(element.itertext()) or element.get("n", "")
        return Node("noteref", anchor, {"note": target, "n": element.get("n", label),
                                        "subtype": element.get("subtype", "")}, text=label)

    # back matter ---------------------------------------------------------------------------
    def notes(self, back: etree._Element | None) -> list[Node]:
        if back is None:
            return []
        result = []
        for note in back.xpath("tei:div[@type='notes']/tei:note", namespaces=NS):
            note_id = note.get(XML_ID, "")
            bibls = dict.fromkeys(b.get("corresp", "").split()[0].lstrip("#") for b in note.iter(tag("bibl"))
                                  if b.get("corresp", "").strip())
            result.append(Node("note", note_id, {"n": note.get("n", ""), "type": note.get("type", ""),
                                                 "backrefs": " ".join(self.note_refs.get(note_id, [])),
                                                 "works": " ".join(bibls)},
                               self.inlines(note)))
        return result


def _link_works_to_notes(document: Document) -> None:
    """Each bibliography entry learns which notes cite it (``cited_by``: note ids in note order)."""
    entries = {item.id: item for block in document.bibliography for item in block.children
               if item.kind == "item" and item.id}
    for note in document.notes:
        for work in dict.fromkeys(note.attrs.get("works", "").split()):
            if work in entries:
                cited = entries[work].attrs.get("cited_by", "")
                entries[work].attrs["cited_by"] = f"{cited} {note.id}".strip()


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


def _back_div(builder: _Builder, back: etree._Element | None, div_type: str) -> list[Node]:
    """The blocks of every back-matter division of a type (a source may have several 来源
    lists, each under its own heading), in order."""
    if back is None:
        return []
    return [node for div in back.findall(f"{tag('div')}[@type='{div_type}']") for node in builder.blocks(div, level=2)]


def _notes_head(builder: _Builder, back: etree._Element | None) -> Node | None:
    """The source's own heading of its notes (注释), with its ID, when it has one."""
    head = back.find(f"{tag('div')}[@type='notes']/{tag('head')}") if back is not None else None
    return Node("heading", head.get(XML_ID), {"level": "1"}, builder.inlines(head)) if head is not None else None


def _text(text: str | None) -> list[Node]:
    return [Node("text", text=text)] if text else []


def _desc(element: etree._Element) -> str:
    desc = element.find(tag("desc"))
    return "".join(desc.itertext()) if desc is not None else ""


def back_matter(document: Document, endnotes: list[Node], endannotations: list[Node],
                remark: str) -> list[tuple[str, str, list[Node]]]:
    """The sections a book (EPUB, PDF) sets after the text, each present one as (anchor, label
    key, nodes), in order: the notes left for the end (after the source's notes heading and the
    book's ``remark`` on where the other notes are), the bibliography, sources, external links
    and the annotations left for the end."""
    sections = []
    heading = [document.notes_head] if document.notes_head else []
    if endnotes or heading:
        referenced = any(note.attrs.get("backrefs") for note in endnotes)
        said = [Node("editorial", None, {}, [Node("text", text=remark)])] if remark else []
        sections.append(("notes", "notes" if heading or referenced else "unreferenced_notes",
                         [*heading, *said, *endnotes]))
    for anchor, key, nodes in (("bibliography", "bibliography", document.bibliography),
                               ("sources", "sources", document.sources),
                               ("external-links", "external_links", document.links),
                               ("annotations", "annotations", endannotations)):
        if nodes:
            sections.append((anchor, key, nodes))
    return sections


def section_title(section: Node) -> str:
    """A section's title as the contents, bookmarks and running heads show it: its heading's
    words, or for a heading lost in conversion the first clause of the gap standing for it (the
    gap explains itself at length, which the section's own heading still shows); "" for none."""
    heading = next((c for c in section.children if c.kind == "heading"), None)
    if heading is not None:
        return heading.reading_text().strip()
    gap = section.children[0] if section.children and section.children[0].kind == "gap" else None
    return f"〔{gap.text.split('：')[0].rstrip('。')}〕" if gap is not None and gap.text else ""


def table_of_contents(nodes: list[Node]) -> list[TocEntry]:
    return [TocEntry(node.attrs.get("anchor") or node.id or "", section_title(node) or "—", int(node.attrs["level"]),
                     table_of_contents(node.children)) for node in nodes if node.kind == "section"]


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
        "file": first(f"{header}/tei:sourceDesc/tei:bibl/tei:idno[@type='file']"),
        "format": first(f"{header}/tei:sourceDesc/tei:bibl/tei:note[@type='format']"),
    }
