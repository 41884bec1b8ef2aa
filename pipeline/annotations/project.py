"""What an annotation file is checked against besides the tree: the ID history and the other articles.

The build and ``edition validate`` anchor annotations the same way; they differ only in which tree
they anchor in (a fresh build, or the committed edition with its merged annotations taken out) and
share everything else from here. Nothing here reads a file: :mod:`pipeline.inputs` does, up front.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pipeline.annotations.anchoring import IdHistory, Retired
from pipeline.annotations.loading import AnnotationFile
from pipeline.cite import block_url
from pipeline.ids.ledger import Ledger, retired_entries, successor_chain


def id_history(last: Ledger, current: Ledger | None = None) -> IdHistory:
    """What anchoring needs from the ledgers: ``last`` as committed
    before this build, ``current`` as the ids stage left it (None: nothing changed since ``last``)."""
    current = current if current is not None else last
    retired = {block_id: Retired(tuple(successor_chain(current, block_id)), live)
               for block_id, _, live in retired_entries(current)}
    changed = frozenset(block_id for block_id, entry in last.entries.items()
                        if block_id not in current.entries or current.entries[block_id].fingerprint != entry.fingerprint)
    return IdHistory(retired, {block_id: entry.text for block_id, entry in last.entries.items()}, changed)


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
