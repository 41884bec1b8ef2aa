"""Writing anchored annotations into the edition's ``<standOff>`` (docs/tei-model.md, "Scholarly annotations").

Each annotation is copied from the scholar's file as it is (who, motivation, language, every note),
with only its ``@target`` replaced by the concrete anchors, a ``<revisionDesc>`` when the pipeline
moved it, and, for an orphan, a first note giving its old position. The scholar's file is never
touched: the copies are new elements.
"""
from __future__ import annotations

import copy

from lxml import etree

from pipeline.annotations.anchoring import Anchoring, Outcome
from pipeline.tei import NS, PIPELINE_RESP, XML_ID, el, sub, tag
from pipeline.visible import unwrap

ORPHAN_TARGET = "#{article}"


def merge(root: etree._Element, anchoring: Anchoring) -> dict[str, int]:
    """Append the annotations to ``root``'s ``<standOff>``; return the counts for the build summary."""
    article = root.get(XML_ID, "")
    anchored = [outcome for outcome in anchoring.outcomes if outcome.orphaned is None]
    orphaned = [outcome for outcome in anchoring.outcomes if outcome.orphaned is not None]
    stand_off = root.find(tag("standOff"))
    if stand_off is None and (anchored or orphaned):
        stand_off = sub(root, "standOff")
    for kind, outcomes in (("scholarly", anchored), ("orphaned", orphaned)):
        if outcomes:
            listing = sub(stand_off, "listAnnotation", type=kind)
            for outcome in outcomes:
                listing.append(_copy(outcome, article))
    return {"annotations": len(anchoring.outcomes), "anchored": len(anchored),
            "reanchored": sum(1 for outcome in anchored if outcome.changes), "orphaned": len(orphaned)}


def _copy(outcome: Outcome, article: str) -> etree._Element:
    annotation = copy.deepcopy(outcome.annotation.element)
    for node in annotation.xpath(".//comment() | .//processing-instruction()"):
        _drop_keeping_tail(node)
    annotation.tail = None
    if outcome.orphaned is None:
        annotation.set("target", " ".join(f"#{target}" for target in outcome.targets))
    else:
        annotation.set("target", ORPHAN_TARGET.format(article=article))
    for ref in annotation.iter(tag("ref")):
        if ref.get("target") in outcome.ref_targets:
            target, kind = outcome.ref_targets[ref.get("target")]
            ref.set("target", target)
            if kind:
                ref.set("type", kind)
    after_resp = annotation.findall(tag("respStmt"))[-1]
    if outcome.changes and outcome.orphaned is None:
        history = el("revisionDesc")
        for change in outcome.changes:
            history.append(el("change", change, who=PIPELINE_RESP, type="reanchored"))
        after_resp.addnext(history)
    if outcome.orphaned is not None:
        after_resp.addnext(el("note", outcome.orphaned, type="orphaned", resp=PIPELINE_RESP))
    return annotation


def _drop_keeping_tail(node: etree._Element) -> None:
    """Remove a comment or processing instruction; the text after it stays in place."""
    parent, previous = node.getparent(), node.getprevious()
    if node.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def strip(root: etree._Element) -> None:
    """Take merged annotations out of an edition again (its standOff lists and anchor segs), so that an
    annotation file can be checked against a committed edition as if against a fresh build."""
    for listing in root.xpath("tei:standOff/tei:listAnnotation[@type='scholarly' or @type='orphaned']",
                              namespaces=NS):
        stand_off = listing.getparent()
        stand_off.remove(listing)
        if not len(stand_off):
            root.remove(stand_off)
    for seg in root.xpath("//tei:text//tei:seg[@type='annotated']", namespaces=NS):
        unwrap(seg)
