"""Aligning the witnesses of one work: a function of their TEI roots and catalog entries alone.

The first witness (in catalog order) is the one every other is aligned with; each pair's links
are written into both witnesses' TEI (:mod:`.record`), after what an earlier alignment wrote
is cleared, and each witness's header counts its blocks aligned by link type and those without
counterpart. The build calls this once all the witnesses have their TEI (:mod:`pipeline.works`).
"""
from __future__ import annotations

from collections import Counter

from lxml import etree

from pipeline.collation.align import align
from pipeline.collation.model import LINK_TYPES, Link, Witness
from pipeline.collation.normalise import aligned_elements
from pipeline.collation.record import UNALIGNED, clear, record, summarise


def align_work(witnesses: list[Witness], roots: dict[str, etree._Element]) -> dict[str, list[Link]]:
    """Align ``witnesses`` (two or more; ``roots`` by article id, edited in place): the links of
    the first witness with each other one, by the other's article id."""
    first = witnesses[0]
    for witness in witnesses:
        clear(roots[witness.article_id])
    found = {}
    for other in witnesses[1:]:
        links = align(roots[first.article_id], roots[other.article_id])
        for witness in (first, other):
            record(roots[witness.article_id], witness, first, other, links)
        found[other.article_id] = links
    for witness in witnesses:
        summarise(roots[witness.article_id], witness_counts(witness, first, found, roots[witness.article_id]))
    return found


def witness_counts(witness: Witness, first: Witness, found: dict[str, list[Link]],
                   root: etree._Element) -> dict[str, int]:
    """The blocks of ``witness`` aligned by link type (with any other witness) and those without counterpart."""
    types: dict[str, str] = {}
    for other_id, links in found.items():
        if witness.article_id not in (first.article_id, other_id):
            continue
        for link in links:
            for block_id in (link.a if witness == first else link.b):
                types.setdefault(block_id, link.type)
    aligned = Counter(types.values())
    counts = {kind: aligned[kind] for kind in LINK_TYPES}
    counts[UNALIGNED] = len(aligned_elements(root)[0]) - len(types)
    return counts
