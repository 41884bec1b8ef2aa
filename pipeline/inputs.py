"""Reading, before the first transform runs, everything the transforms of one article may know.

This is the one place where the build's stages get their files: the article's committed ID
ledger, the scholar's bibliography corrections, the scholar's annotation file (checked), the
edition as last committed, and the IDs of the other articles that file links to. The transforms
then work from :class:`pipeline.transforms.base.ArticleInputs` alone. ``edition validate`` reads
the same things for an annotation file through :func:`annotation_inputs`.
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from lxml import etree

from pipeline.annotations.loading import load_annotation_file
from pipeline.annotations.project import OtherEditions, linked_articles
from pipeline.catalog import Article
from pipeline.citations.bibtex import Correction, read_corrections
from pipeline.errors import EditionError
from pipeline.ids.ledger import load_ledger
from pipeline.ownership import check_annotation_owner
from pipeline.project import Project
from pipeline.tei import XML_ID, parse_user_xml
from pipeline.transforms.base import AnnotationInputs, ArticleInputs


def article_inputs(project: Project, article: Article,
                   corrections: Mapping[str, Correction] | None = None) -> ArticleInputs:
    """The inputs of ``article``'s transforms (a malformed ledger, corrections or annotation
    file stops here, naming the file and line, before any stage has run). ``corrections`` are the
    project's, when the caller has already read them for every article of a build."""
    path = project.annotation_path(article.id)
    return ArticleInputs(meta=article.meta(project.catalog.edition),
                         ledger=load_ledger(project.ledger_path(article.id)),
                         corrections=read_corrections(project.corrections_path) if corrections is None
                         else corrections,
                         annotations=annotation_inputs(project, path) if path.exists() else None)


def annotation_inputs(project: Project, path: Path) -> AnnotationInputs:
    """An annotation file, checked on its own, with the committed edition of its article and the
    other articles it links to (a file of an article the catalog lacks is an error)."""
    check_annotation_owner(project, path)
    annotations = load_annotation_file(path)
    return AnnotationInputs(file=annotations,
                            committed_edition=committed_edition(project, annotations.article_id),
                            others=other_editions(project, linked_articles(annotations)))


def committed_edition(project: Project, article_id: str) -> etree._Element | None:
    """The edition as last written to ``tei/``, or None when there is none (or it no longer parses:
    then there is no earlier position to recover, and the guard has already said it was edited)."""
    path = project.tei_path(article_id)
    if not path.exists():
        return None
    try:
        return parse_user_xml(path).getroot()
    except EditionError:
        return None


def other_editions(project: Project, article_ids: list[str]) -> OtherEditions:
    """What the build knows of the other articles an annotation file links to."""
    return OtherEditions(known={article_id: _known_ids(project, article_id) for article_id in article_ids},
                         catalogued=frozenset(article.id for article in project.catalog.articles),
                         base_url=project.catalog.edition.base_url)


def _known_ids(project: Project, article_id: str) -> frozenset[str] | None:
    """Every ID of an article's committed edition, its retired IDs and the IDs of its annotation
    file; None when the article was never built."""
    root = committed_edition(project, article_id)
    ledger = load_ledger(project.ledger_path(article_id))
    if root is None and not ledger.entries:
        return None
    known = (_ids_of(root) if root is not None else set()) | set(ledger.entries)
    annotations = project.annotation_path(article_id)
    if annotations.exists():
        try:
            known |= _ids_of(parse_user_xml(annotations).getroot())
        except EditionError:
            pass  # that file's own check reports it
    return frozenset(known)


def _ids_of(root: etree._Element) -> set[str]:
    return {e.get(XML_ID) for e in root.iter() if isinstance(e.tag, str) and e.get(XML_ID)}
