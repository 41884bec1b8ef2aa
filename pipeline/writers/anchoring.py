"""The standOff's annotations placed in the view model: marks in the text, margin lists, orphans.

The annotations transform has already made every anchor concrete (docs/tei-model.md): a phrase
is wrapped in ``<seg type="annotated" xml:id="anchor-…" ana="#ANNOTATION">`` and ``@target``
lists those segs, or names a block's ``xml:id``. This module only follows those IDs, so every
edition shows the same thing: annotations get letters (a, b, c…) in standOff order, an
``annot-ref`` node carrying the letter follows the annotation's last seg (or ends its block),
and the first annotated block lists the annotation in ``Node.annotations`` for a margin note.
Annotations in ``<listAnnotation type="orphaned">``, or whose targets are not in the text, go to
``Document.orphaned`` with the old position the pipeline recorded; none is dropped.
"""
from __future__ import annotations

from dataclasses import dataclass
from string import ascii_lowercase
from typing import TYPE_CHECKING

from lxml import etree

from pipeline.tei import NS, PIPELINE_RESP, XML_ID, tag

if TYPE_CHECKING:
    from pipeline.writers.model import Document, Node, _Builder

ORPHANED = "orphaned"


@dataclass
class Anchor:
    """Where an ID of the text sits: the node, the list holding it and its citable block."""

    node: "Node"
    container: list["Node"]
    block: "Node"


def letter(index: int) -> str:
    """0 → a, 25 → z, 26 → aa: the mark of the index-th annotation."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = ascii_lowercase[rest] + label
    return label


def anchor_annotations(document: "Document", root: etree._Element, builder: "_Builder") -> None:
    """Read the standOff's annotations into ``document`` (see the module's text)."""
    from pipeline.writers.model import Node

    anchors = _anchors(document)
    elements = root.xpath("tei:standOff/tei:listAnnotation/tei:annotation", namespaces=NS)
    for index, element in enumerate(elements):
        node = _annotation_node(element, root, builder, letter(index))
        targets = [anchors[t[1:]] for t in element.get("target", "").split() if t[1:] in anchors]
        if element.getparent().get("type") == ORPHANED or not targets:
            node.attrs["status"] = ORPHANED
            document.orphaned.append(node)
            continue
        segs = [t for t in targets if t.node.kind == "annotated"]
        for target in targets:
            if target.node.kind != "annotated":
                _inline_slot(target.block).append(Node("annot-ref", None, _mark_attrs(node)))
        if segs:
            last = segs[-1]
            last.container.insert(_position(last.container, last.node) + 1,
                                  Node("annot-ref", None, _mark_attrs(node)))
        targets[0].block.annotations.append(node)
        node.attrs["block"] = targets[0].block.id or ""
        node.attrs["anchor"] = targets[0].node.id or ""
        document.annotations.append(node)
    for anchor in anchors.values():
        if anchor.node.kind == "annotated":
            owners = [a for a in document.annotations if a.id in anchor.node.attrs.get("annotation", "").split()]
            anchor.node.attrs["letter"] = " ".join(a.attrs["letter"] for a in owners)


def _anchors(document: "Document") -> dict[str, Anchor]:
    """Every ID in the text, with its container and the citable block around it."""
    found: dict[str, Anchor] = {}

    def visit(nodes: list["Node"], block: "Node | None") -> None:
        for node in nodes:
            here = block
            if node.id and node.kind != "annotated":
                here = _citable(node)
            if node.id:
                found.setdefault(node.id, Anchor(node, nodes, here or node))
            visit(node.children, here)

    for part in (document.front, document.body, document.notes, document.bibliography, document.sources,
                 document.links):
        visit(part, None)
    return found


def _annotation_node(element: etree._Element, root: etree._Element, builder: "_Builder", mark: str) -> "Node":
    from pipeline.writers.model import Node

    names, role = _who(element, root)
    position = ""
    paragraphs = []
    for note in element.findall(tag("note")):
        if note.get("type") == ORPHANED:
            position = " ".join("".join(note.itertext()).split())
        else:
            paragraphs.append(Node("p", None, {}, builder.inlines(note)))
    return Node("annotation", element.get(XML_ID) or f"annotation-{mark}", {
        "type": "editorial" if element.get("resp") == PIPELINE_RESP else "scholarly",
        "motivation": element.get("motivation", "commenting").split()[0] if element.get("motivation") else "commenting",
        "resp": names,
        "role": role,
        "letter": mark,
        "position": position,
        "reanchored": " ".join(" ".join(c.itertext()).split()
                               for c in element.xpath("tei:revisionDesc/tei:change", namespaces=NS)),
        "status": "anchored",
    }, paragraphs)


def _who(element: etree._Element, root: etree._Element) -> tuple[str, str]:
    """The names and the role of whoever wrote the annotation: its own ``respStmt``, or the
    ``respStmt`` its ``@resp`` points at."""
    statements = element.xpath("tei:respStmt", namespaces=NS)
    if not statements and element.get("resp", "").startswith("#"):
        statements = root.xpath("//tei:respStmt[@xml:id=$id]", namespaces=NS, id=element.get("resp")[1:])
    names, roles = [], []
    for statement in statements:
        people = statement.xpath("tei:persName | tei:name | tei:orgName", namespaces=NS)
        names.extend(" ".join("".join(p.itertext()).split()) for p in people)
        roles.extend(" ".join("".join(r.itertext()).split()) for r in statement.xpath("tei:resp", namespaces=NS))
    return "、".join(n for n in names if n), "、".join(r for r in roles if r)


def _mark_attrs(annotation: "Node") -> dict[str, str]:
    return {"annotation": annotation.id or "", "letter": annotation.attrs["letter"],
            "type": annotation.attrs["type"]}


def _citable(node: "Node") -> "Node":
    """A section is annotated through its heading."""
    if node.kind == "section":
        return next((child for child in node.children if child.kind == "heading"), node)
    return node


def _inline_slot(block: "Node") -> list["Node"]:
    """The inline list at the end of a block, where a block-level mark goes."""
    from pipeline.writers.model import Node

    if block.kind == "table" and block.children and block.children[0].kind == "caption":
        return block.children[0].children
    if block.kind in ("item", "quote"):
        if not block.children or block.children[-1].kind != "span":
            block.children.append(Node("span"))
        return block.children[-1].children
    return block.children


def _position(container: list["Node"], node: "Node") -> int:
    return next(index for index, candidate in enumerate(container) if candidate is node)
