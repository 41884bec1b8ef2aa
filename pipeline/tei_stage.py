"""The TEI stage of one article: its committed files (sealed TEI, sealed BibTeX, ID ledger) made
from its source and inputs, and whether those in the project are still what it would make.

The build writes them for an article on its own (:func:`pipeline.build.build_article`) or, for
the witnesses of a work, together with the work's alignment (:mod:`pipeline.works`); ``edition
build --check`` compares them with the committed ones. One module, so the three agree on what
the stage reads (:func:`tei_inputs_key`) and makes (:func:`committed_files`).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from functools import partial
from pathlib import Path

from pipeline import guard, tei
from pipeline.cache import StageCache, code_digest, digest, file_digest
from pipeline.catalog import Article
from pipeline.citations.bibtex import Correction
from pipeline.convert import convert
from pipeline.ids.ledger import dump_ledger
from pipeline.images import ImageCache, fetch as fetch_images
from pipeline.inputs import article_inputs
from pipeline.progress import Log
from pipeline.project import Project


def committed_files(project: Project, article: Article, log: Log,
                    corrections: Mapping[str, Correction]) -> dict[Path, bytes]:
    """The files of an article that are committed with the edition, as this build makes them:
    the sealed TEI (first), the sealed BibTeX and the ID ledger. The conversion's summary is
    logged on the way."""
    settings = project.images
    fetcher = partial(fetch_images, settings=settings, cache=ImageCache(project.images_dir)) if settings.fetch else None
    root, transformed = convert(article.path, article_inputs(project, article, corrections), log,
                                project.options.max_source_bytes, fetcher)
    summary = "; ".join(f"{stage}: " + ", ".join(f"{k} {v}" for k, v in counts.items())
                        for stage, counts in sorted(tei.header_summaries(root).items()))
    if summary:
        log(f"[{article.id}] summary {summary}")
    tei_path = project.tei_path(article.id)
    bib_path = project.bib_path(article.id)
    return {tei_path: guard.seal(tei_path, tei.serialize(root)),
            bib_path: guard.seal(bib_path, transformed.bibtex.encode("utf-8")),
            project.ledger_path(article.id): dump_ledger(transformed.ledger).encode("utf-8")}


def with_placeholders(tei_bytes: bytes) -> bool:
    """Whether a TEI shows a figure as a link where a fetching build would retry its image."""
    return re.search(rb'unit="placeholder" quantity="[1-9]', tei_bytes) is not None


def tei_fresh(project: Project, article: Article, cache: StageCache) -> bool:
    """The TEI stage is cached, and, when this run fetches images, no figure waits for one."""
    if not cache.fresh("tei", tei_inputs_key(project, article)):
        return False
    return not (project.images.fetch and with_placeholders(project.tei_path(article.id).read_bytes()))


def tei_inputs_key(project: Project, article: Article) -> str:
    """Everything the TEI stage of ``article`` reads, as one digest. The catalog's base URL and
    article ids count too: links of the article's annotations to other articles are checked
    against the catalog and written into the TEI as ``BASE_URL/ARTICLE/#ID``."""
    catalog = project.catalog
    return digest(file_digest(article.path), repr(article.meta(catalog.edition)), code_digest(),
                  catalog.edition.base_url, *sorted(other.id for other in catalog.articles),
                  file_digest(project.ledger_path(article.id)),
                  file_digest(project.annotation_path(article.id)),
                  file_digest(project.corrections_path), repr(project.images))
