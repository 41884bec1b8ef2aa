"""The ids stage: give every citable block of a TEI document its stable ID from the ledger.

Which blocks are citable and what text each is known by is :mod:`pipeline.ids.blocks`; how IDs
follow revised text is :mod:`pipeline.ids.revise`.

Provisional IDs on citable blocks (the readers' ``note-N``, the bibliography's ``bib-…``) are
replaced, and every ``@target``/``@corresp`` pointing at them is rewritten, so notes keep their
IDs when they are reordered. ``xml:id``s on other elements are left alone and never minted.
"""
from __future__ import annotations

from lxml import etree

from pipeline.errors import EditionError, Problem
from pipeline.ids.blocks import block_texts, citable_blocks, local_name
from pipeline.ids.ledger import RETIRED, Ledger, next_build, retired_entries
from pipeline.ids.revise import Observed, revise
from pipeline.tei import XML_ID, sub, tag
from pipeline.transforms.base import ArticleInputs, IdsReport, Reporter

_POINTERS = ("target", "corresp")


def _document_name(root: etree._Element) -> str:
    return root.getroottree().docinfo.URL or "the TEI document"


def assign_ids(tei_root: etree._Element, ledger: Ledger, build: str) -> Ledger:
    """Set the ``xml:id`` of every citable block from ``ledger`` and return the updated ledger.

    Edits ``tei_root`` in place: IDs on citable blocks, and ``@target``/``@corresp`` pointers
    to the IDs they replaced. ``build`` labels the IDs first seen and retired now (see
    :func:`next_build`). The input ledger is not changed. Raises EditionError (status 1) when
    two citable blocks share a provisional ``xml:id`` or another element already bears an ID
    the ledger gives to a block.
    """
    blocks = citable_blocks(tei_root)
    citable = {b.element for b in blocks}
    reserved: dict[str, etree._Element] = {}
    previous: dict[str, etree._Element] = {}
    problems = []
    for element in tei_root.iter():
        xml_id = element.get(XML_ID) if isinstance(element.tag, str) else None
        if xml_id is None:
            continue
        group = previous if element in citable else reserved
        if xml_id in previous or xml_id in reserved:
            first = previous.get(xml_id, reserved.get(xml_id))
            problems.append(Problem(_document_name(tei_root), f"duplicate xml:id {xml_id!r} "
                                    f"(first at line {first.sourceline})", element.sourceline))
        group[xml_id] = element
    if problems:
        raise EditionError(problems, status=1)

    observed = [Observed(b.kind, text, b.parent) for b, text in zip(blocks, block_texts(blocks))]
    updated, ids = revise(ledger, observed, build, reserved)
    for block_id in ids:
        if block_id in reserved:
            clash = reserved[block_id]
            raise EditionError.at(_document_name(tei_root),
                                  f"<{local_name(clash)} xml:id={block_id!r}> uses an ID that the ID "
                                  "ledger gives to a citable block; rename that xml:id",
                                  clash.sourceline, status=1)
    renamed = {}
    for block, block_id in zip(blocks, ids):
        old = block.element.get(XML_ID)
        if old is not None and old != block_id:
            renamed[old] = block_id
        block.element.set(XML_ID, block_id)
    if renamed:
        _rewrite_pointers(tei_root, renamed)
    return updated


def _rewrite_pointers(root: etree._Element, renamed: dict[str, str]) -> None:
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in _POINTERS:
            value = element.get(attribute)
            if value is None or "#" not in value:
                continue
            tokens = [f"#{renamed[t[1:]]}" if t.startswith("#") and t[1:] in renamed else t
                      for t in value.split()]
            element.set(attribute, " ".join(tokens))


NORMALISATION = ("Every citable block carries a stable xml:id from the ID ledger tei/ids/{id}.json; the IDs of "
                 "blocks that vanished in a revision are retired there with a successor, never reused.")


def apply(root: etree._Element, inputs: ArticleInputs, reporter: Reporter) -> IdsReport:
    """The ids stage of the build.

    Assigns the IDs from the article's committed ledger (an empty one outside a project or
    before the first build) with the next numeric build label, and reports the updated ledger
    for the annotations stage and for the build to write (:func:`dump_ledger`) with the edition.
    """
    ledger = assign_ids(root, inputs.ledger, next_build(inputs.ledger))
    # Only counts that the ledger after this build determines go into the header: how many IDs
    # this particular run minted depends on whether the ledger was already up to date, and the
    # same inputs must give the same TEI.
    entries = ledger.entries.values()
    record_retired(root, ledger)
    return IdsReport("ids", {"blocks": sum(1 for e in entries if e.live),
                             "retired": sum(1 for e in entries if e.status == RETIRED)},
                     [NORMALISATION.format(id=inputs.meta.id)], ledger=ledger)


def record_retired(root: etree._Element, ledger: Ledger) -> None:
    """Write every retired ID that still leads somewhere into the TEI, so that the editions
    (which read only the TEI) can keep old links working.

    Each becomes ``<ptr xml:id="OLD" target="#LIVE" n="BUILD"/>`` in
    ``<standOff><linkGrp type="retired-ids">``: the old ID stays defined in the document, never
    reused, and points at the live end of its successor chain.
    """
    pointers = [(block_id, live, entry.retired_in or "")
                for block_id, entry, live in retired_entries(ledger) if live is not None]
    if not pointers:
        return
    stand_off = root.find(tag("standOff"))
    if stand_off is None:
        stand_off = sub(root, "standOff")
    group = sub(stand_off, "linkGrp", type="retired-ids")
    for block_id, live, build in pointers:
        sub(group, "ptr", xml_id=block_id, target=f"#{live}", n=build)
