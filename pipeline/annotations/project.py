"""What an annotation file is checked against in a project: the edition, its ID ledger, other articles.

The build and ``edition validate`` anchor annotations the same way; they differ only in which tree
they anchor in (a fresh build, or the committed edition with its merged annotations taken out) and
share everything else from here.
"""
from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree

from pipeline.annotations.anchoring import IdHistory, Retired
from pipeline.annotations.loading import annotation_path
from pipeline.catalog import Catalog
from pipeline.cite import block_url
from pipeline.errors import EditionError
from pipeline.project import Project
from pipeline.ids.ledger import Ledger, ledger_path, load_ledger, retired_entries, successor_chain
from pipeline.tei import XML_ID, parse_user_xml


def edition_path(project: Path, article_id: str) -> Path:
    return project / "tei" / f"{article_id}.xml"


def committed_edition(project: Path, article_id: str) -> etree._Element | None:
    """The edition as last written to ``tei/``, or None when there is none (or it no longer parses:
    then there is no earlier position to recover, and the guard has already said it was edited)."""
    path = edition_path(project, article_id)
    if not path.exists():
        return None
    try:
        return parse_user_xml(path).getroot()
    except EditionError:
        return None


def id_history(last: Ledger, current: Ledger | None = None) -> IdHistory:
    """What anchoring needs from the ledgers: ``last`` as committed
    before this build, ``current`` as the ids stage left it (None: nothing changed since ``last``)."""
    current = current if current is not None else last
    retired = {block_id: Retired(tuple(successor_chain(current, block_id)), live)
               for block_id, _, live in retired_entries(current)}
    changed = frozenset(block_id for block_id, entry in last.entries.items()
                        if block_id not in current.entries or current.entries[block_id].fingerprint != entry.fingerprint)
    return IdHistory(retired, {block_id: entry.text for block_id, entry in last.entries.items()}, changed)


def committed_ledger(project: Path, article_id: str) -> Ledger:
    """An article's ledger as committed (empty when it has none yet)."""
    return load_ledger(ledger_path(project, article_id))


class OtherEditions:
    """Checks ``ref/@target="ARTICLE.xml#ID"`` against that article's committed edition, ledger and
    annotation file. An article of the catalog that has not been built yet cannot be checked (its
    IDs do not exist yet): the link is accepted, and checked by the builds after that one."""

    def __init__(self, project: Path):
        self.project = project
        self._ids: dict[str, set[str] | None] = {}

    def check(self, file_name: str, fragment: str) -> str | None:
        article_id = file_name.removesuffix(".xml")
        if file_name != f"{article_id}.xml" or "/" in file_name:
            return f"'{file_name}' is not the file name of an edition in tei/ (e.g. korean-war.xml)"
        ids = self._known(article_id)
        if ids is None:
            return None if article_id in self._catalogued() else \
                f"there is no article '{article_id}' in this edition (not in the catalog, never built)"
        if fragment and fragment not in ids:
            return f"unknown ID '{fragment}' in the edition {article_id}"
        return None

    def _known(self, article_id: str) -> set[str] | None:
        """Every ID of the edition, its retired IDs, and the IDs of its annotation file (so that a
        link to another article's annotation holds before that article is built with it); None
        when the article was never built."""
        if article_id not in self._ids:
            root = committed_edition(self.project, article_id)
            ledger = committed_ledger(self.project, article_id)
            known = None
            if root is not None or ledger.entries:
                known = (_ids_of(root) if root is not None else set()) | set(ledger.entries)
                annotations = annotation_path(self.project, article_id)
                if annotations.exists():
                    try:
                        known |= _ids_of(parse_user_xml(annotations).getroot())
                    except EditionError:
                        pass  # that file's own check reports it
            self._ids[article_id] = known
        return self._ids[article_id]

    def url(self, file_name: str, fragment: str) -> str | None:
        """``BASE_URL/ARTICLE/#ID``, the block's address in the published HTML edition."""
        catalog = self._catalog
        if catalog is None:
            return None
        article_id = file_name.removesuffix(".xml")
        return block_url(catalog.edition.base_url, article_id, fragment) if fragment else \
            f"{catalog.edition.base_url.rstrip('/')}/{article_id}/"

    def _catalogued(self) -> set[str]:
        catalog = self._catalog
        return {article.id for article in catalog.articles} if catalog else set()

    @functools.cached_property
    def _catalog(self) -> Catalog | None:
        try:
            return Project.load(self.project).catalog
        except EditionError:
            return None


def _ids_of(root: etree._Element) -> set[str]:
    return {e.get(XML_ID) for e in root.iter() if isinstance(e.tag, str) and e.get(XML_ID)}
