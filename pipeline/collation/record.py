"""The alignment written into each witness's TEI, and its counts.

Each aligned block carries ``@corresp``, the pointers to its counterpart(s) in the other witness
(``korean-war-zh-hant.xml#p-…``); each link is a ``<link>`` in ``standOff/linkGrp[@type='alignment']``
whose ``@type`` says how the blocks correspond and whose ``@target`` lists the first witness's
blocks, then the second's (this document's own as ``#ID``, the other's as ``FILE#ID``), so a link
reads the same in both files. Blocks without counterpart carry nothing. Writing is idempotent:
what an earlier alignment wrote is removed first, so a witness's TEI is a function of its
conversion and of the current alignment. No block's ID is touched.
"""
from __future__ import annotations

from lxml import etree

from pipeline.collation.model import Link, Witness
from pipeline.tei import NS, XML_ID, el, sub, tag

STAGE = "alignment"
#: The summary's count of blocks without counterpart (every other count is a link type's).
UNALIGNED = "unaligned"


def file_name(witness: Witness) -> str:
    """The name a witness's TEI has next to the other witnesses' (``tei/ID.xml``)."""
    return f"{witness.article_id}.xml"


def clear(root: etree._Element) -> None:
    """Remove what :func:`record` wrote: the ``@corresp`` of blocks and the alignment link groups."""
    for group in root.xpath(f"tei:standOff/tei:linkGrp[@type='{STAGE}']", namespaces=NS):
        stand_off = group.getparent()
        stand_off.remove(group)
        if len(stand_off) == 0:
            root.remove(stand_off)
    text = root.find(tag("text"))
    if text is not None:
        for element in text.iter():
            kept = [token for token in (element.get("corresp") or "").split() if ".xml#" not in token]
            if element.get("corresp") is not None and element.get(XML_ID):
                if kept:
                    element.set("corresp", " ".join(kept))
                else:
                    del element.attrib["corresp"]


def record(root: etree._Element, this: Witness, first: Witness, second: Witness, links: list[Link]) -> None:
    """Write the links between ``first`` and ``second`` into ``root``, the TEI of ``this`` (one of them)."""
    mine_first = this == first
    other = second if mine_first else first
    by_id = {element.get(XML_ID): element for element in root.iter() if isinstance(element.tag, str)}

    def pointer(witness: Witness, block_id: str) -> str:
        return f"#{block_id}" if witness == this else f"{file_name(witness)}#{block_id}"

    stand_off = root.find(tag("standOff"))
    if stand_off is None:
        stand_off = sub(root, "standOff")
    group = sub(stand_off, "linkGrp", type=STAGE, corresp=file_name(other))
    for link in links:
        own, theirs = (link.a, link.b) if mine_first else (link.b, link.a)
        for block_id in own:
            element = by_id.get(block_id)
            if element is not None:
                pointers = [pointer(other, other_id) for other_id in theirs]
                element.set("corresp", " ".join(filter(None, [element.get("corresp"), *pointers])))
        targets = [pointer(first, block_id) for block_id in link.a] + [pointer(second, block_id) for block_id in link.b]
        group.append(el("link", type=link.type, target=" ".join(targets)))


def summarise(root: etree._Element, found: dict[str, int]) -> None:
    """Record the alignment's counts in the header, as the stages record theirs (``extent/measure``)."""
    header = root.find(tag("teiHeader"))
    for measure in header.xpath(f"tei:fileDesc/tei:extent/tei:measure[@type='{STAGE}']", namespaces=NS):
        measure.getparent().remove(measure)
    extent = header.find(f"{tag('fileDesc')}/{tag('extent')}")
    if extent is None:
        extent = el("extent")
        header.find(f"{tag('fileDesc')}/{tag('titleStmt')}").addnext(extent)
    after = [m for m in extent if m.get("type", "") < STAGE]
    position = extent.index(after[-1]) + 1 if after else 0
    for offset, (unit, value) in enumerate(found.items()):
        extent.insert(position + offset, el("measure", str(value), type=STAGE, unit=unit, quantity=str(value)))
