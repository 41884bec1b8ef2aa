"""The collation document of a work (``tei/works/NAME.xml``): its witnesses and their aligned text
in TEI parallel segmentation.

Each witness keeps its own TEI; this document is where they meet. The text is written once per
link between the witnesses' blocks (an ``ab`` pointing at the blocks on both sides with
``@corresp``), agreeing text as it stands and an ``app`` with one ``rdg`` per witness where they
differ, typed as :mod:`pipeline.collation.collate` types the variant — the encoding every TEI
apparatus tool reads, so the edition's synoptic view and apparatus, and any other tool, can be
made from it alone. A block with no counterpart is an ``app`` whose other reading is empty. The
header lists the witnesses (``listWit``) and counts what was aligned and how the texts differ.
"""
from __future__ import annotations

from collections import Counter
from copy import deepcopy

from lxml import etree

from pipeline.collation.collate import EDITORIAL, ORTHOGRAPHIC, SAME, SUBSTANTIVE, variants
from pipeline.collation.model import LINK_TYPES, Link, Witness
from pipeline.ids.blocks import citable_blocks, local_name
from pipeline.tei import LANGUAGE_NAMES, NS, XML_ID, el, sub, tag
from pipeline.visible import visible_text

UNMATCHED = "unmatched"
"""The ``@type`` of the ``ab`` of a block with no counterpart in the other witness."""
_NOT_COLLATED = frozenset({"s", "q", "n", "b"})
"""Block kinds that are not collated on their own: sections and quotes (their members are), notes
and bibliography entries (notes are no part of the compared text)."""


def collation_document(work: str, witnesses: list[Witness], roots: dict[str, etree._Element],
                       links: list[Link]) -> etree._Element:
    """The TEI document of ``work``: ``witnesses`` (the first two are collated, ``links`` joining
    the blocks of the first to those of the second), ``roots`` the TEI root of each witness by
    siglum. A link with one side empty, and a block of the text's body that no link names, is
    written unmatched where it stands (a moved block is written where its link comes, and moves
    nothing else)."""
    body = el("body")
    counts: Counter[tuple[str, str]] = Counter()
    sides = tuple(_Side(witness, roots[witness.siglum], links, index) for index, witness in enumerate(witnesses[:2]))
    sigla = tuple(side.witness.siglum for side in sides)
    for link in links:
        for side, block_ids in zip(sides, (link.a, link.b)):
            if block_ids and link.type != "moved":
                side.flush(body, sigla, block_ids, counts)
        if link.a and link.b:
            _linked(body, sides, link, counts)
        else:
            for side, block_ids in zip(sides, (link.a, link.b)):
                for block_id in block_ids:
                    side.unmatched_ab(body, sigla, block_id, counts)
    for side in sides:
        side.flush(body, sigla, (), counts)
    root = el("TEI")
    root.append(_header(work, witnesses, roots, counts))
    sub(root, "text").append(body)
    return root


class _Side:
    """One collated witness (the ``index``-th): its blocks in order, those no link names still to be
    written, and the text of each as the collation compares it."""

    def __init__(self, witness: Witness, root: etree._Element, links: list[Link], index: int) -> None:
        self.witness = witness
        self.by_id = {element.get(XML_ID): element for element in root.iter() if element.get(XML_ID)}
        body = root.find(f"{tag('text')}/{tag('body')}")
        self.order = [block.element.get(XML_ID) for block in (citable_blocks(body) if body is not None else [])
                      if block.kind not in _NOT_COLLATED and block.element.get(XML_ID)]
        self.position = {block_id: index for index, block_id in enumerate(self.order)}
        named = {block_id for link in links for block_id in (link.a, link.b)[index]}
        self.pending = [block_id for block_id in self.order if block_id not in named]
        self.file = f"../{witness.article_id}.xml"

    def pointer(self, block_id: str) -> str:
        return f"{self.file}#{block_id}"

    def text(self, block_ids: tuple[str, ...]) -> str:
        return "".join(_block_text(self.by_id[block_id], self.witness.lang) for block_id in block_ids)

    def flush(self, body: etree._Element, sigla: tuple[str, str], before: tuple[str, ...], counts: Counter) -> None:
        """Write the blocks no link names that stand before the first of ``before`` (all, if empty)."""
        limit = min((self.position[block_id] for block_id in before if block_id in self.position),
                    default=len(self.order))
        while self.pending and self.position[self.pending[0]] < limit:
            self.unmatched_ab(body, sigla, self.pending.pop(0), counts)

    def unmatched_ab(self, body: etree._Element, sigla: tuple[str, str], block_id: str, counts: Counter) -> None:
        """The ``ab`` of a block with no counterpart: one ``app``, the other witness's reading empty."""
        ab = sub(body, "ab", type=UNMATCHED, corresp=self.pointer(block_id))
        app = sub(ab, "app", type=SUBSTANTIVE)
        for siglum in sigla:
            sub(app, "rdg", self.text((block_id,)) if siglum == self.witness.siglum else None, wit=f"#{siglum}")
        counts["unmatched", self.witness.siglum] += 1


def _linked(body: etree._Element, sides: tuple[_Side, _Side], link: Link, counts: Counter) -> None:
    """The ``ab`` of one link: the two sides' texts collated."""
    corresp = " ".join([*map(sides[0].pointer, link.a), *map(sides[1].pointer, link.b)])
    ab = sub(body, "ab", type=link.type, corresp=corresp)
    counts["alignment", link.type] += 1
    for segment in variants(sides[0].text(link.a), sides[1].text(link.b)):
        if segment.type == SAME:
            _append_text(ab, segment.a)
            continue
        app = sub(ab, "app", type=segment.type)
        sub(app, "rdg", segment.a or None, wit=f"#{sides[0].witness.siglum}")
        sub(app, "rdg", segment.b or None, wit=f"#{sides[1].witness.siglum}")
        counts["variants", segment.type] += 1


def _append_text(parent: etree._Element, text: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _block_text(block: etree._Element, lang: str) -> str:
    """The text of a block as collated: what a reader sees in the witness's own script (notes and
    note markers left out, blocks nested in it too), a maintenance tag kept as its bracketed label
    so that it is collated as one, white space collapsed."""
    copy = deepcopy(block)
    for nested in [element for element in copy.iterdescendants() if local_name(element) in ("figure", "table")]:
        _replace(nested, "")
    for tag_note in copy.xpath(".//tei:note[@type='maintenance']", namespaces=NS):
        _replace(tag_note, f"[{''.join(tag_note.itertext())}]")
    return " ".join(visible_text(copy, lang).split())


def _replace(element: etree._Element, text: str) -> None:
    """Remove ``element`` from its tree, leaving ``text`` (and its tail) where it stood."""
    parent, previous = element.getparent(), element.getprevious()
    joined = text + (element.tail or "")
    if previous is not None:
        previous.tail = (previous.tail or "") + joined
    else:
        parent.text = (parent.text or "") + joined
    parent.remove(element)


def _header(work: str, witnesses: list[Witness], roots: dict[str, etree._Element], counts: Counter) -> etree._Element:
    """The ``teiHeader``: the work's title, the counts, the witness list and the apparatus encoding."""
    header = el("teiHeader")
    file_desc = sub(header, "fileDesc")
    title_stmt = sub(file_desc, "titleStmt")
    first_title = roots[witnesses[0].siglum].findtext(f".//{tag('titleStmt')}/{tag('title')}") or work
    sub(title_stmt, "title", f"{first_title}: collation of {len(witnesses)} witnesses", type="main")
    resp = sub(title_stmt, "respStmt", xml_id="pipeline")
    sub(resp, "resp", "alignment and collation of the witnesses")
    sub(resp, "name", "edition pipeline")
    extent = sub(file_desc, "extent")
    measures = [("alignment", link_type) for link_type in LINK_TYPES]
    measures += [("variants", kind) for kind in (ORTHOGRAPHIC, SUBSTANTIVE, EDITORIAL)]
    measures += [("unmatched", witness.siglum) for witness in witnesses[:2]]
    for stage, unit in measures:
        sub(extent, "measure", str(counts[stage, unit]), type=stage, unit=unit, quantity=str(counts[stage, unit]))
    sub(sub(file_desc, "publicationStmt"), "p", f"Made by the edition pipeline from the witnesses of the work {work}.")
    list_wit = sub(sub(file_desc, "sourceDesc"), "listWit")
    for witness in witnesses:
        entry = sub(list_wit, "witness", xml_id=witness.siglum, n=witness.article_id)
        entry.text = witness.description + " "
        sub(entry, "ptr", target=f"../{witness.article_id}.xml")
    encoding = sub(header, "encodingDesc")
    sub(encoding, "variantEncoding", method="parallel-segmentation", location="internal")
    usage = sub(sub(header, "profileDesc"), "langUsage")
    for lang in dict.fromkeys(witness.lang for witness in witnesses):
        sub(usage, "language", LANGUAGE_NAMES.get(lang, lang), ident=lang)
    return header
