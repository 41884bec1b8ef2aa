"""What an annotation file is checked against in a project: the edition, its ID ledger, other articles.

The build and ``edition validate`` anchor annotations the same way; they differ only in which tree
they anchor in (a fresh build, or the committed edition with its merged annotations taken out) and
share everything else from here.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from pipeline.annotations.anchoring import Retired
from pipeline.annotations.loading import annotation_path
from pipeline.errors import EditionError
from pipeline.ids.ledger import ledger_path
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


def retirements(ledger) -> dict[str, Retired]:
    """Every retired ID of a ledger (``pipeline.transforms.ids.Ledger``) with where it leads."""
    from pipeline.transforms.ids import resolve, successor_chain

    return {block_id: Retired(tuple(successor_chain(ledger, block_id)), resolve(ledger, block_id))
            for block_id, entry in sorted(ledger.entries.items()) if not entry.live}


def committed_retirements(project: Path, article_id: str) -> dict[str, Retired]:
    """The retired IDs of an article's committed ledger (empty when it has none yet)."""
    from pipeline.transforms.ids import load_ledger

    return retirements(load_ledger(ledger_path(project, article_id)))


class OtherEditions:
    """Checks ``ref/@target="ARTICLE.xml#ID"`` against that article's committed edition and ledger."""

    def __init__(self, project: Path):
        self.project = project
        self._ids: dict[str, set[str] | None] = {}

    def __call__(self, file_name: str, fragment: str) -> str | None:
        article_id = file_name.removesuffix(".xml")
        if file_name != f"{article_id}.xml" or "/" in file_name:
            return f"'{file_name}' is not the file name of an edition in tei/ (e.g. korean-war.xml)"
        ids = self._known(article_id)
        if ids is None:
            return f"there is no edition tei/{file_name} (build that article first)"
        if fragment and fragment not in ids:
            return f"unknown ID '{fragment}' in the edition {article_id}"
        return None

    def _known(self, article_id: str) -> set[str] | None:
        """Every ID of the edition, its retired IDs, and the IDs of its annotation file (so that a
        link to another article's annotation holds before that article is built with it)."""
        if article_id not in self._ids:
            root = committed_edition(self.project, article_id)
            if root is None:
                self._ids[article_id] = None
            else:
                known = _ids_of(root)
                known |= set(committed_retirements(self.project, article_id))
                annotations = annotation_path(self.project, article_id)
                if annotations.exists():
                    try:
                        known |= _ids_of(parse_user_xml(annotations).getroot())
                    except EditionError:
                        pass  # that file's own check reports it
                self._ids[article_id] = known
        return self._ids[article_id]


def _ids_of(root: etree._Element) -> set[str]:
    return {e.get(XML_ID) for e in root.iter() if isinstance(e.tag, str) and e.get(XML_ID)}
