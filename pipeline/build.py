"""Running the stages: source → TEI (+ BibTeX) → HTML, EPUB and PDF, for a project or one file.

A project is a folder holding ``articles/``, ``tei/``, ``bibliography/``, ``templates/`` and
``output/``. Each stage reports one progress line with its timing; every file is written
atomically, so a failed or interrupted build leaves the previous outputs as they were.
"""
from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from lxml import etree

from pipeline import tei
from pipeline.cache import StageCache, code_digest, digest, file_digest, tree_digest
from pipeline.catalog import Article, Catalog, load_catalog
from pipeline.errors import EditionError, Problem
from pipeline.fsutil import atomic_write, sweep_temporaries
from pipeline import guard
from pipeline.ids.ledger import dump_ledger, ledger_path
from pipeline.readers import read
from pipeline.sources import read_source
from pipeline.transforms import ArticleContext, run_transforms
from pipeline.writers import SHIPPED_TEMPLATES

FORMATS = ("tei", "html", "epub", "pdf")
#: Rendered in a task of their own after an article's other editions: the PDF (WeasyPrint) is
#: most of a build's time and nothing waits for it, so the site step runs meanwhile.
LAST_FORMATS = {"pdf"}
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

    def bib_path(self, article_id: str) -> Path:
        return self.bib_dir / f"{article_id}.bib"

    def generated(self, article_id: str) -> list[Path]:
        """The committed files the build writes for an article, which the hand-edit guard protects."""
        return [self.tei_path(article_id), self.bib_path(article_id)]


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
          log: Log = stderr_log, jobs: int | None = None, force: bool = False) -> Catalog:
    """Build the named articles (all by default) of a project into the requested formats.

    Articles are independent, so they are built in parallel processes (``jobs``, default: one
    per core). A failing article does not stop the others; the first failure is raised at the
    end, after every other article has been written. Nothing is built when a generated file was
    edited by hand since the last build (:mod:`pipeline.guard`), unless ``force``.
    """
    project = Project(project_root)
    catalog = load_catalog(project_root)
    articles = catalog.select(article_ids)
    guard.check(project_root, [path for article in articles for path in project.generated(article.id)], force)
    from pipeline.citations.bibtex import corrections_path, read_corrections  # not loaded for render, resolve, cite

    corrections = read_corrections(corrections_path(project_root))  # malformed: stop before building
    sweep_temporaries(project.tei_dir, project.bib_dir, project.output_dir, project.root / ".cache" / "build")
    stale = [article for article in articles if not up_to_date(project, catalog, article, formats)]
    for article in articles:
        if article not in stale:
            for fmt in formats:
                log(f"[{article.id}] {fmt} unchanged (cached)")
    site = (lambda: render_site_if_changed(project, catalog, log)) if "html" in formats else (lambda: None)
    cores = jobs or os.cpu_count() or 1
    # Only articles with a stage to redo go to workers, and a worker (~0.5 s of imports) is only
    # started when it pays: for two articles at once, or to typeset a PDF while this process
    # writes the site's pages.
    overlap = "html" in formats and bool(LAST_FORMATS & set(formats))
    if stale and cores > 1 and (len(stale) > 1 or overlap):
        failures = _build_in_parallel(project, catalog, stale, formats, min(cores, len(stale)), site)
    else:
        failures = {}
        for article in stale:
            try:
                build_article(project, catalog, article, formats, log)
            except EditionError as error:
                failures[article.id] = error
        site()
    _warn_unused_corrections(project, catalog, corrections, log)
    if failures:
        ordered = [failures[article.id] for article in articles if article.id in failures]
        raise EditionError([p for failure in ordered for p in failure.problems],
                           max(failure.status for failure in ordered))
    return catalog


def _warn_unused_corrections(project: Project, catalog: Catalog, corrections: dict, log: Log) -> None:
    """A correction whose key no article's bibliography holds (a typing error, a work no longer
    cited) changes nothing: say so, with its line, so that the scholar notices."""
    from pipeline.citations.bibtex import bibtex_keys, corrections_path

    used: set[str] = set()
    for article in catalog.articles:
        generated = project.bib_path(article.id)
        if generated.exists():
            used |= bibtex_keys(generated.read_text(encoding="utf-8"))
    for correction in sorted(corrections.values(), key=lambda c: c.line):
        if correction.key not in used:
            log(f"{corrections_path(project.root)}:{correction.line}: warning: the correction of "
                f"'{correction.key}' matches no entry of any article's bibliography")


def _build_in_parallel(project: Project, catalog: Catalog, articles: list[Article], formats: tuple[str, ...],
                       workers: int, site: Callable[[], None]) -> dict[str, EditionError]:
    """Build ``articles`` in ``workers`` processes; the failures by article id.

    Each article's TEI and quick editions come first; as each is done, its PDF is queued as a
    task of its own, and once all are done the ``site`` step (which reads every article's HTML)
    runs in this process while the workers typeset.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    first_formats = tuple(fmt for fmt in formats if fmt not in LAST_FORMATS)
    last_formats = tuple(fmt for fmt in formats if fmt in LAST_FORMATS)
    failures: dict[str, EditionError] = {}
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        first = {pool.submit(build_article, project, catalog, article, first_formats, stderr_log): article
                 for article in articles}
        last = {}
        for future in as_completed(first):
            article = first[future]
            try:
                future.result()
            except EditionError as error:
                failures[article.id] = error
                continue
            if last_formats:
                last[pool.submit(render_article, project, catalog, article, last_formats, stderr_log)] = article
        site()
        for future, article in last.items():
            try:
                future.result()
            except EditionError as error:
                failures[article.id] = error
    return failures


def up_to_date(project: Project, catalog: Catalog, article: Article, formats: tuple[str, ...]) -> bool:
    """True when the cache holds every stage of ``article`` that ``formats`` asks for."""
    cache = StageCache(project.root, article.id)
    if not cache.fresh("tei", tei_inputs_key(project, catalog, article)):
        return False
    key = render_key(project, project.tei_path(article.id).read_bytes(), asdict(catalog.edition))
    return all(cache.fresh(fmt, key) for fmt in formats if fmt != "tei")


def committed_files(project: Project, catalog: Catalog, article: Article, log: Log) -> dict[Path, bytes]:
    """The files of an article that are committed with the edition, as this build makes them:
    the sealed TEI (first), the sealed BibTeX and the ID ledger. The conversion's summary is
    logged on the way."""
    root, context = convert(article.path, article.meta(catalog.edition), project.root, log)
    summary = "; ".join(f"{stage}: " + ", ".join(f"{k} {v}" for k, v in counts.items())
                        for stage, counts in sorted(tei.header_summaries(root).items()))
    if summary:
        log(f"[{article.id}] summary {summary}")
    tei_path = project.tei_path(article.id)
    files = {tei_path: guard.seal(tei_path, tei.serialize(root))}
    if context.bibtex is not None:
        bib_path = project.bib_path(article.id)
        files[bib_path] = guard.seal(bib_path, context.bibtex.encode("utf-8"))
    if context.ledger is not None:
        files[ledger_path(project.root, article.id)] = dump_ledger(context.ledger).encode("utf-8")
    return files


def check_committed(project_root: Path, article_ids: list[str], log: Log = stderr_log) -> None:
    """``edition build --check``: fail (status 1) when a committed TEI, BibTeX or ledger file is
    not what a build of the current sources and code would write. Nothing is written."""
    project = Project(project_root)
    catalog = load_catalog(project_root)
    problems = []
    for article in catalog.select(article_ids):
        for path, data in committed_files(project, catalog, article, log).items():
            current = path.read_bytes() if path.exists() else None
            if current != data:
                state = "missing" if current is None else "stale"
                problems.append(Problem(str(path.relative_to(project.root)),
                                        f"{state}: run 'edition build {article.id}' and commit the result"))
    if problems:
        raise EditionError(problems, status=1)
    log("committed TEI, BibTeX and ledgers are up to date")


def build_article(project: Project, catalog: Catalog, article: Article, formats: tuple[str, ...],
                  log: Log) -> None:
    """One article: its TEI (and BibTeX), then each requested edition, each skipped if cached.

    The TEI is brought up to date whatever the formats, since every edition is rendered from it.
    """
    cache = StageCache(project.root, article.id)
    if cache.fresh("tei", tei_inputs_key(project, catalog, article)):
        log(f"[{article.id}] tei unchanged (cached)")
    else:
        committed = committed_files(project, catalog, article, log)
        with timed(log, f"[{article.id}] tei"):
            for path, data in committed.items():
                atomic_write(path, data)
        # keyed again: the ID ledger is one of the stage's inputs and this build has just written it
        cache.record("tei", tei_inputs_key(project, catalog, article), list(committed))
    render_article(project, catalog, article, formats, log)


def render_article(project: Project, catalog: Catalog, article: Article, formats: tuple[str, ...],
                   log: Log) -> None:
    """The requested editions of an article from its TEI as built, each skipped if cached."""
    cache = StageCache(project.root, article.id)
    tei_bytes = project.tei_path(article.id).read_bytes()
    edition = asdict(catalog.edition)
    key = render_key(project, tei_bytes, edition)
    wanted = tuple(f for f in formats if f != "tei" and not cache.fresh(f, key))
    for skipped in (f for f in formats if f != "tei" and f not in wanted):
        log(f"[{article.id}] {skipped} unchanged (cached)")
    if wanted:
        outputs = render_formats(etree.fromstring(tei_bytes), article.id, project.output_dir, wanted,
                                 project.templates, log, edition=edition)
        for fmt, paths in outputs.items():
            cache.record(fmt, key, paths)


def render_key(project: Project, tei_bytes: bytes, edition: dict[str, str]) -> str:
    """Everything an edition of one article is rendered from: its TEI, the templates (the
    project's and the shipped ones), the code, the catalog's ``[edition]`` table and
    ``SOURCE_DATE_EPOCH`` (the EPUB's and PDF's dates)."""
    return digest(tei_bytes, _templates_digest(project), code_digest(),
                  repr(sorted(edition.items())), os.environ.get("SOURCE_DATE_EPOCH", ""))


def render_site_if_changed(project: Project, catalog: Catalog, log: Log) -> None:
    """The site's own pages and search index, unless what they are made of is as when they were
    last written: the step reads every article and runs Pagefind over the whole edition, so
    redoing it always would make a no-change rebuild of a large corpus slow."""
    from pipeline.writers.index import render_site_index

    cache = StageCache(project.root, "_site")  # '_' cannot start an article id
    key = _site_key(project, catalog)
    if cache.fresh("html", key):
        log("[index] html unchanged (cached)")
        return
    with timed(log, "[index] html"):
        render_site_index(project, catalog)  # writes none of the article folders the key reads
    html_dir = project.output_dir / "html"
    articles = {article.id for article in catalog.articles}
    cache.record("html", key,
                 [path for path in sorted(html_dir.rglob("*"))
                  if path.is_file() and path.relative_to(html_dir).parts[0] not in articles])


def _site_key(project: Project, catalog: Catalog) -> str:
    """The site step's inputs: the catalog, the templates, the code, and each article's TEI and
    HTML folder (its pages' search records)."""
    html_dir = project.output_dir / "html"
    return digest(repr(catalog.edition), _templates_digest(project),
                  code_digest(), *(f"{a.id}\0{file_digest(project.tei_path(a.id))}\0{tree_digest(html_dir / a.id)}"
                                   for a in catalog.articles))


def _templates_digest(project: Project) -> str:
    """The project's own templates and the shipped ones (a project without its own uses those)."""
    return digest(tree_digest(project.templates), tree_digest(SHIPPED_TEMPLATES))


def tei_inputs_key(project: Project, catalog: Catalog, article: Article) -> str:
    """Everything the TEI stage of ``article`` reads, as one digest. The catalog's base URL and
    article ids count too: links of the article's annotations to other articles are checked
    against the catalog and written into the TEI as ``BASE_URL/ARTICLE/#ID``."""
    from pipeline.citations.bibtex import corrections_path

    return digest(file_digest(article.path), repr(article.meta(catalog.edition)), code_digest(),
                  catalog.edition.base_url, *sorted(other.id for other in catalog.articles),
                  file_digest(ledger_path(project.root, article.id)),
                  file_digest(project.tei_dir / "annotations" / f"{article.id}.xml"),
                  file_digest(corrections_path(project.root)))


def render_formats(root: etree._Element, article_id: str, output: Path, formats: tuple[str, ...],
                   templates: Path | None, log: Log, flat: bool = False,
                   edition: dict[str, str] | None = None) -> dict[str, list[Path]]:
    """Render a TEI tree into each requested edition format; return the files written per format.

    In a project the editions go to ``output/html/ID/``, ``output/epub/ID.epub`` and
    ``output/pdf/ID.pdf``; with ``flat`` (``edition render``) all go straight into ``output``.
    ``edition`` is the catalog's ``[edition]`` table when there is one (the HTML pages cite
    their blocks at its ``base_url``).
    """
    from pipeline.writers import epub, html, pdf

    downloads = {"EPUB": f"{article_id}.epub", "PDF": f"{article_id}.pdf"} if flat else \
        {"EPUB": f"../../epub/{article_id}.epub", "PDF": f"../../pdf/{article_id}.pdf"}
    written: dict[str, list[Path]] = {}
    if "html" in formats:
        with timed(log, f"[{article_id}] html"):
            site = html.Site(edition=edition or {}, in_site=not flat)
            written["html"] = html.render_article(root, output if flat else output / "html" / article_id,
                                                  templates, downloads, site)
    if "epub" in formats:
        with timed(log, f"[{article_id}] epub"):
            written["epub"] = [epub.render_epub(root, output / ("" if flat else "epub") / f"{article_id}.epub",
                                                templates)]
    if "pdf" in formats:
        with timed(log, f"[{article_id}] pdf"):
            written["pdf"] = [pdf.render_pdf(root, output / ("" if flat else "pdf") / f"{article_id}.pdf",
                                             templates)]
    return written


def parse_formats(value: str, allowed: tuple[str, ...] = FORMATS) -> tuple[str, ...]:
    """``tei,html`` → ("tei", "html"); an unknown name is an error naming the known ones."""
    names = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [name for name in names if name not in allowed]
    if unknown or not names:
        shown = ", ".join(unknown) if unknown else repr(value)
        raise EditionError.at("--formats", f"unknown format: {shown} (known: {', '.join(allowed)})")
    return names
