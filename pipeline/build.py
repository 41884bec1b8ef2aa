"""Running the stages: source → TEI (+ BibTeX) → HTML, EPUB and PDF, for a project or one file.

A project is a folder holding ``articles/``, ``tei/``, ``bibliography/``, ``templates/`` and
``output/``. Each stage reports one progress line with its timing; every file is written
atomically, so a failed or interrupted build leaves the previous outputs as they were.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from pipeline import tei
from pipeline.catalog import Article, Catalog, load_catalog
from pipeline.errors import EditionError
from pipeline.fsutil import atomic_write
from pipeline.readers import read
from pipeline.sources import read_source
from pipeline.transforms import ArticleContext, run_transforms

FORMATS = ("tei", "html", "epub", "pdf")
Log = Callable[[str], None]


def stderr_log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Project:
    """The folders of an edition project."""

    root: Path

    @property
    def tei_dir(self) -> Path:
        return self.root / "tei"

    @property
    def bib_dir(self) -> Path:
        return self.root / "bibliography"

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    def tei_path(self, article_id: str) -> Path:
        return self.tei_dir / f"{article_id}.xml"


@contextmanager
def timed(log: Log, label: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    log(f"{label} {time.perf_counter() - start:.2f}s")


def convert(source: Path, meta: tei.SourceMeta, project: Path | None, log: Log) -> tuple[etree._Element, ArticleContext]:
    """Reader and transforms for one source: the finished TEI tree and what the stages reported."""
    context = ArticleContext(meta=meta, project=project)
    with timed(log, f"[{meta.id}] read"):
        text = read_source(source, context.warnings)
        result = read(text, meta.format, source_name=str(source), lang=meta.lang)
    context.warnings.extend(result.warnings)
    context.extras.normalisations.extend(result.normalisations)
    context.extras.keywords.extend(result.keywords)
    root = tei.assemble(meta, result.body, result.back, result.front)
    with timed(log, f"[{meta.id}] transform"):
        run_transforms(root, context)
    for warning in context.warnings:
        log(warning)
    return root, context


def build(project_root: Path, article_ids: list[str], formats: tuple[str, ...] = FORMATS,
          log: Log = stderr_log) -> Catalog:
    """Build the named articles (all by default) of a project into the requested formats."""
    project = Project(project_root)
    catalog = load_catalog(project_root)
    articles = catalog.select(article_ids)
    for article in articles:
        build_article(project, catalog, article, formats, log)
    if "html" in formats:
        from pipeline.writers.index import render_site_index

        with timed(log, "[index] html"):
            render_site_index(project, catalog)
    return catalog


def build_article(project: Project, catalog: Catalog, article: Article, formats: tuple[str, ...],
                  log: Log) -> None:
    root, context = convert(article.path, article.meta(catalog.edition), project.root, log)
    tei_bytes = tei.serialize(root)
    if "tei" in formats:
        with timed(log, f"[{article.id}] tei"):
            atomic_write(project.tei_path(article.id), tei_bytes)
            if context.bibtex is not None:
                atomic_write(project.bib_dir / f"{article.id}.bib", context.bibtex)
    summary = "; ".join(f"{stage}: " + ", ".join(f"{k} {v}" for k, v in counts.items())
                        for stage, counts in sorted(context.extras.summaries.items()))
    if summary:
        log(f"[{article.id}] summary {summary}")
    render_formats(etree.fromstring(tei_bytes), article.id, project.output_dir, formats, project.templates, log)


def render_formats(root: etree._Element, article_id: str, output: Path, formats: tuple[str, ...],
                   templates: Path | None, log: Log, flat: bool = False) -> None:
    """Render a TEI tree into each requested edition format.

    In a project the editions go to ``output/html/ID/``, ``output/epub/ID.epub`` and
    ``output/pdf/ID.pdf``; with ``flat`` (``edition render``) all go straight into ``output``.
    """
    from pipeline.writers import epub, html, pdf

    downloads = {"EPUB": f"{article_id}.epub", "PDF": f"{article_id}.pdf"} if flat else \
        {"EPUB": f"../../epub/{article_id}.epub", "PDF": f"../../pdf/{article_id}.pdf"}
    if "html" in formats:
        with timed(log, f"[{article_id}] html"):
            html.render_article(root, output if flat else output / "html" / article_id, templates, downloads)
    if "epub" in formats:
        with timed(log, f"[{article_id}] epub"):
            epub.render_epub(root, output / ("" if flat else "epub") / f"{article_id}.epub", templates)
    if "pdf" in formats:
        with timed(log, f"[{article_id}] pdf"):
            pdf.render_pdf(root, output / ("" if flat else "pdf") / f"{article_id}.pdf", templates)


def parse_formats(value: str, allowed: tuple[str, ...] = FORMATS) -> tuple[str, ...]:
    """``tei,html`` → ("tei", "html"); an unknown name is an error naming the known ones."""
    names = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [name for name in names if name not in allowed]
    if unknown or not names:
        shown = ", ".join(unknown) if unknown else repr(value)
        raise EditionError.at("--formats", f"unknown format: {shown} (known: {', '.join(allowed)})")
    return names
