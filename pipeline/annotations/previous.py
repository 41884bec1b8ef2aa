"""What the previous edition remembers about the annotations: where each phrase was, which were orphaned.

The committed ``tei/<article>.xml`` that a build is about to replace holds, for each phrase target,
its anchor segs (their IDs name the annotation and the target: :func:`pipeline.targets.anchor_seg_id`),
and so the block's old text and the phrase's old surroundings, which
:mod:`pipeline.annotations.anchoring` needs to find a phrase again after a revision; and its standOff
lists the annotations already orphaned or re-anchored.
"""
from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from pipeline.targets import ANCHOR_PREFIX, parse_anchor_seg_id
from pipeline.tei import NS, XML_ID
from pipeline.visible import VisibleText

CONTEXT_CHARS = 24
"""Characters of old text kept on each side of a phrase to find it again (about a clause of Chinese)."""


@dataclass(frozen=True)
class OldAnchor:
    """Where a phrase target sat in the previous edition."""

    block_id: str
    text: str
    start: int
    end: int

    def context(self) -> tuple[str, str, str]:
        return (self.text[max(0, self.start - CONTEXT_CHARS):self.start], self.text[self.start:self.end],
                self.text[self.end:self.end + CONTEXT_CHARS])


class PreviousEdition:
    """The committed edition the build replaces: where each annotation's phrases were, and which
    annotations it already listed as orphaned."""

    def __init__(self, root: etree._Element, lang: str):
        self._anchors: dict[tuple[str, int], list[etree._Element]] = {}
        self._lang = lang
        for seg in root.iterfind(".//tei:text//tei:seg[@type='annotated']", NS):
            parsed = parse_anchor_seg_id(seg.get(XML_ID, ""))
            if parsed:
                self._anchors.setdefault(parsed, []).append(seg)
        self._orphaned = set(root.xpath("tei:standOff/tei:listAnnotation[@type='orphaned']/tei:annotation/@xml:id",
                                        namespaces=NS))
        self._reanchored = set(root.xpath("tei:standOff/tei:listAnnotation/tei:annotation"
                                          "[tei:revisionDesc/tei:change[@type='reanchored']]/@xml:id", namespaces=NS))

    def orphaned(self, annotation_id: str) -> bool:
        return annotation_id in self._orphaned

    def reanchored(self, annotation_id: str) -> bool:
        """Whether the previous build had already moved this annotation (so its anchor may differ from
        the phrase as written without the scholar having changed anything)."""
        return annotation_id in self._reanchored

    def anchor(self, annotation_id: str, number: int) -> OldAnchor | None:
        segs = self._anchors.get((annotation_id, number))
        if not segs:
            return None
        block = segs[0].getparent()
        while block is not None and (not block.get(XML_ID) or block.get(XML_ID).startswith(ANCHOR_PREFIX)):
            block = block.getparent()
        if block is None:
            return None
        text = VisibleText(block, self._lang)
        spans = [span for span in (text.span_of(seg) for seg in segs) if span]
        if not spans:
            return None
        return OldAnchor(block.get(XML_ID), text.text, spans[0][0], spans[-1][1])
