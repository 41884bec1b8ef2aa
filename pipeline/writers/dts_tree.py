"""An article's citation tree read from its TEI ``refsDecl``: the citable units (sections and the
blocks in them) in document order, each with its type, its stable ID, its parent and its depth.

The DTS files (:mod:`pipeline.writers.dts`) are made from this tree and nothing else, so they cite
exactly what the TEI declares citable: any TEI whose ``citeStructure``s name their units by
``@xml:id`` gets a navigation, not only the pipeline's (docs/tei-model.md, ``CITE_STRUCTURE``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from pipeline.tei import NS, XML_ID

#: A name step of a ``citeStructure/@match`` (after ``/`` or an axis), which the TEI reads in its
#: own namespace and lxml's XPath 1.0 only with a prefix.
_NAME_STEP = re.compile(r"(?:(?<=/)|(?<=::))([A-Za-z_][\w.-]*)(?![\w.(-]|::)")


@dataclass(frozen=True)
class Unit:
    """One citable unit: ``identifier`` is the element's ``xml:id``, ``parent`` the nearest
    enclosing unit's (None at the top), ``level`` 1 at the top."""
    identifier: str
    cite_type: str
    parent: str | None
    level: int
    element: etree._Element


def citable_units(root: etree._Element) -> list[Unit]:
    """The units every top-level ``citeStructure`` of the header's ``refsDecl`` selects (those
    cited by ``@xml:id``), in document order; a unit's parent is the nearest unit around it."""
    types: dict[etree._Element, str] = {}
    for structure in root.xpath("/tei:TEI/tei:teiHeader/tei:encodingDesc/tei:refsDecl/tei:citeStructure",
                                namespaces=NS):
        if structure.get("use") != "@xml:id":
            continue
        for element in root.xpath(_NAME_STEP.sub(r"tei:\1", structure.get("match", "")), namespaces=NS):
            types.setdefault(element, structure.get("unit", ""))
    units: list[Unit] = []
    found: dict[etree._Element, Unit] = {}
    for element in root.iter(etree.Element):
        if element not in types:
            continue
        parent = next((found[above] for above in element.iterancestors() if above in found), None)
        unit = Unit(element.get(XML_ID), types[element], parent.identifier if parent else None,
                    parent.level + 1 if parent else 1, element)
        found[element] = unit
        units.append(unit)
    return units


def cite_structure(units: list[Unit]) -> list[dict]:
    """The DTS ``citeStructure`` of the tree: which unit types stand under which, as they occur
    (a section in a section, a paragraph at the top and in sections), in order of first use."""
    by_id = {unit.identifier: unit for unit in units}
    trie: dict[str, dict] = {}
    for unit in units:
        path = []
        step = unit
        while step is not None:
            path.append(step.cite_type)
            step = by_id.get(step.parent) if step.parent else None
        node = trie
        for cite_type in reversed(path):
            node = node.setdefault(cite_type, {})

    def structures(node: dict[str, dict]) -> list[dict]:
        return [{"@type": "CiteStructure", "citeType": cite_type} | ({"citeStructure": structures(below)} if below else {})
                for cite_type, below in node.items()]
    return structures(trie)


def heading(unit: Unit) -> str:
    """A section's heading text (its title for DTS clients), or ""."""
    head = unit.element.find("tei:head", NS)
    return " ".join("".join(head.itertext()).split()) if head is not None else ""
