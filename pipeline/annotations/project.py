"""What an annotation file is checked against besides the tree: the ID history and the other articles.

The build and ``edition validate`` anchor annotations the same way; they differ only in which tree
they anchor in (a fresh build, or the committed edition with its merged annotations taken out) and
share everything else from here. Nothing here reads a file: :mod:`pipeline.inputs` does, up front.

A retired ID's successor is where the ledger sends a reader of an old link: the block its text was
merged into, or just the nearest block that survived a deletion, possibly down a chain of
retirements. An annotation follows it only when the live block still carries the retired block's
text (:func:`carried`); otherwise the annotation is orphaned and listed, never moved onto text
it did not annotate.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from pipeline.annotations.anchoring import IdHistory, Retired
from pipeline.annotations.loading import AnnotationFile
from pipeline.cite import block_url
from pipeline.ids.ledger import Ledger, retired_entries, successor_chain
from pipeline.ids.text import comparable

SUCCESSOR_MIN = 70.0
"""Least :func:`carried` score for an annotation to follow a retired ID to its live successor.
Measured by ``python -m benchmarks.id_stability --successors`` (each scenario of the ID benchmark
applied twice in a row to both seeds, ten trials: 588 retired IDs that resolve to a live block).
Of the 380 whose successor descends from other text (deletions, chains through a deleted block) the
highest scores are 100, 53 and 42: the 100 is a paragraph new in the first revision that the second
merged into its neighbour (the simulation books that as an edit of the neighbour, so the text is in
fact carried); every truly unrelated successor scores 53 or less. Of the 208 whose successor
descends from them (merges), 157 score 86 or more (156 at least 90) and are followed; 50 of the
other 51 are headings or labels of under ten characters merged into a paragraph, which
:func:`carried` compares whole (and so orphans) because so short a text turns up inside unrelated
paragraphs by chance (朝鲜 in nearly every paragraph of the seeds), and 2 lost most of their text
(51, 16). 70 lies between 53 and 86, like the aligner's thresholds a fifth below identity."""
SHORT = 10
"""Below this many characters a retired text is compared with its successor whole, not looked for
inside it (the aligner's :data:`~pipeline.ids.align.MOVE_MIN_LENGTH` likewise)."""


def id_history(last: Ledger, current: Ledger | None = None) -> IdHistory:
    """What anchoring needs from the ledgers: ``last`` as committed
    before this build, ``current`` as the ids stage left it (None: nothing changed since ``last``)."""
    current = current if current is not None else last
    retired = {block_id: Retired(tuple(successor_chain(current, block_id)), live, live is not None and
                                 carried(entry.text, current.entries[live].text) >= SUCCESSOR_MIN)
               for block_id, entry, live in retired_entries(current)}
    changed = frozenset(block_id for block_id, entry in last.entries.items()
                        if block_id not in current.entries or current.entries[block_id].fingerprint != entry.fingerprint)
    return IdHistory(retired, {block_id: entry.text for block_id, entry in last.entries.items()}, changed)


def carried(old: str, new: str) -> float:
    """How much a block of text ``new`` still holds of a retired block's text ``old`` (0–100):
    rapidfuzz's ratio of the two whole, or for an ``old`` of :data:`SHORT` characters or more, of
    ``old`` and the stretch of a longer ``new`` most like it (a merge), by their
    :func:`~pipeline.ids.text.comparable` forms. An empty text is carried by nothing."""
    old, new = comparable(old), comparable(new)
    if not old:
        return 0.0
    inside = len(old) >= SHORT and len(new) > len(old)
    return fuzz.partial_ratio(old, new) if inside else fuzz.ratio(old, new)


@dataclass(frozen=True)
class OtherEditions:
    """The edition's other articles as far as an annotation file links to them, read up front by
    the build (:func:`pipeline.inputs.other_editions`): checks ``ref/@target="ARTICLE.xml#ID"``
    and gives the block's published URL.

    ``known`` holds, for each article the file links to, every ID of its committed edition, its
    ledger and its annotation file (so that a link to another article's annotation holds before
    that article is built with it), or None when it was never built. An article of the catalog
    that has not been built yet cannot be checked (its IDs do not exist yet): the link is
    accepted, and checked by the builds after that one. ``base_url`` is None outside a project.
    """

    known: Mapping[str, frozenset[str] | None] = field(default_factory=dict)
    catalogued: frozenset[str] = frozenset()
    base_url: str | None = None

    def check(self, file_name: str, fragment: str) -> str | None:
        article_id = file_name.removesuffix(".xml")
        if file_name != f"{article_id}.xml" or "/" in file_name:
            return f"'{file_name}' is not the file name of an edition in tei/ (e.g. korean-war.xml)"
        ids = self.known.get(article_id)
        if ids is None:
            return None if article_id in self.catalogued else \
                f"there is no article '{article_id}' in this edition (not in the catalog, never built)"
        if fragment and fragment not in ids:
            return f"unknown ID '{fragment}' in the edition {article_id}"
        return None

    def url(self, file_name: str, fragment: str) -> str | None:
        """``BASE_URL/ARTICLE/#ID``, the block's address in the published HTML edition."""
        if self.base_url is None:
            return None
        article_id = file_name.removesuffix(".xml")
        return block_url(self.base_url, article_id, fragment) if fragment else \
            f"{self.base_url.rstrip('/')}/{article_id}/"


def linked_articles(annotations: AnnotationFile) -> list[str]:
    """The ids of the other articles the file's notes link to (``ARTICLE.xml#ID``), in order."""
    linked = []
    for annotation in annotations.annotations:
        for target, _ in annotation.refs:
            document = target.partition("#")[0]
            if document.endswith(".xml") and "/" not in document:
                linked.append(document.removesuffix(".xml"))
    return list(dict.fromkeys(linked))
