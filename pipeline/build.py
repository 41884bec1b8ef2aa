"""Running the stages: source → TEI (+ BibTeX) → HTML, EPUB and PDF, for a project or one file.

The project (:class:`pipeline.project.Project`) is loaded once by the caller and passed down.
Each stage reports one progress line with its timing; every file is written
atomically, so a failed or interrupted build leaves the previous outputs as they were.
"""
from __future__ import annotations

import multiprocessing
import os
import re
import sys
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict

from lxml import etree

from pipeline import guard
from pipeline.cache import StageCache, code_digest, digest, file_digest, tree_digest
from pipeline.catalog import Article
from pipeline.citations.bibtex import Correction, bibtex_keys, read_corrections
from pipeline.errors import EditionError, Problem
from pipeline.fsutil import CannotWrite, atomic_write_all, replace_folder, sweep_temporaries
from pipeline.lang import OPENCC_CONFIGS, converter
from pipeline.ownership import check_owned
from pipeline.processes import build_lock, start_worker
from pipeline.project import Project
from pipeline.progress import Log, stderr_log, timed
from pipeline.render import (compile_templates, downloads, parse_formats, render_formats, source_files,
                             write_search_index)
from pipeline.tei import parse_user_xml
from pipeline.writers import DTS_DIR, SHIPPED_TEMPLATES
from pipeline.writers.base import WriterOptions
from pipeline.writers.dts import dts_files
from pipeline.writers.index import site_pages
from pipeline.writers.pdf import pdf_fonts
from pipeline.writers.registry import WRITERS
from pipeline.writers.search import RECORDS_FILE
from pipeline.writers.templating import environment
from pipeline.tei_stage import committed_files, tei_fresh, tei_inputs_key
from pipeline.works import align_works, aligned_tei

FORMATS = ("tei", *WRITERS)
#: Rendered in a task of their own after an article's TEI and HTML: the books are the slowest
#: editions and nothing waits for them, so the site step (which needs every article's HTML)
#: runs meanwhile. With the EPUB among them the site step, now the longest (Pagefind), starts
#: 0.4 s sooner in a full build of the default corpus (benchmarks/README.md).
LAST_FORMATS = {"epub", "pdf"}


def build(project: Project, article_ids: list[str], formats: tuple[str, ...] = FORMATS,
          log: Log = stderr_log, jobs: int | None = None, force: bool = False) -> None:
    """Build the named articles (all by default) of a project into the requested formats.

    One build runs in a project at a time: a second one waits for the project's build lock
    (:func:`pipeline.processes.build_lock`), saying so, and then finds the first one's work
    done. Articles are independent, so they are built in parallel processes (``jobs``, default:
    one per core). A failing article does not stop the others; the first failure is raised at
    the end, after every other article has been written. A file that cannot be written (a full
    disk, a read-only folder) stops the build at once: every other article would fail the same.
    Nothing is built when a generated file was edited by hand since the last build
    (:mod:`pipeline.guard`), unless ``force``.
    """
    articles = project.catalog.select(article_ids)
    check_owned(project)  # a file left behind by a renamed article: stop before writing
    with build_lock(project.lock_path, log):
        _build_locked(project, articles, formats, log, jobs, force)


def _build_locked(project: Project, articles: list[Article], formats: tuple[str, ...], log: Log,
                  jobs: int | None, force: bool) -> None:
    witnesses = [article for members in project.catalog.works_of(articles).values() for article in members]
    guard.check(project.root, [path for article in dict.fromkeys([*articles, *witnesses])
                               for path in project.generated(article.id)], force)
    corrections = read_corrections(project.corrections_path)  # malformed: stop before building
    sweep_temporaries(project.tei_dir, project.bib_dir, project.output_dir, project.cache_dir)
    cores = jobs or os.cpu_count() or 1
    failures = align_works(project, articles, log, corrections)
    stale = [article for article in articles
             if article.id not in failures and not up_to_date(project, article, formats)]
    for article in articles:
        if article not in stale and article.id not in failures:
            for fmt in formats:
                log(f"[{article.id}] {fmt} unchanged (cached)")
    site = (lambda: render_site_if_changed(project, log)) if "html" in formats else (lambda: None)
    # Only articles with a stage to redo go to workers, and a worker is only started when it
    # pays: for two articles at once, or to make the books while this process writes the site's
    # pages.
    overlap = "html" in formats and bool(LAST_FORMATS & set(formats))
    if stale and cores > 1 and (len(stale) > 1 or overlap):
        failures |= _build_in_parallel(project, stale, formats, min(cores, len(stale)), site, corrections)
    else:
        failures |= _build_serially(project, stale, formats, log, corrections)
        site()
    _warn_unused_corrections(project, corrections, log)
    if failures:
        ordered = [failures[article.id] for article in project.catalog.articles if article.id in failures]
        raise EditionError([p for failure in ordered for p in failure.problems],
                           max(failure.status for failure in ordered))



def _build_serially(project: Project, articles: list[Article], formats: tuple[str, ...], log: Log,
                    corrections: Mapping[str, Correction]) -> dict[str, EditionError]:
    """Build ``articles`` one after the other in this process; the failures by article id."""
    failures = {}
    for article in articles:
        try:
            build_article(project, article, formats, log, corrections)
        except CannotWrite:
            raise
        except EditionError as error:
            failures[article.id] = error
    return failures


def _warn_unused_corrections(project: Project, corrections: dict, log: Log) -> None:
    """A correction whose key no article's bibliography holds (a typing error, a work no longer
    cited) changes nothing: say so, with its line, so that the scholar notices."""
    used: set[str] = set()
    for article in project.catalog.articles:
        generated = project.bib_path(article.id)
        if generated.exists():
            used |= bibtex_keys(generated.read_text(encoding="utf-8"))
    for correction in sorted(corrections.values(), key=lambda c: c.line):
        if correction.key not in used:
            log(f"{project.corrections_path}:{correction.line}: warning: the correction of "
                f"'{correction.key}' matches no entry of any article's bibliography")


def _build_in_parallel(project: Project, articles: list[Article], formats: tuple[str, ...], workers: int,
                       site: Callable[[], None], corrections: Mapping[str, Correction]) -> dict[str, EditionError]:
    """Build ``articles`` in ``workers`` processes; the failures by article id.

    Each article's TEI and HTML come first; as each is done, its books (:data:`LAST_FORMATS`)
    are queued as a task of their own, and once all are done the ``site`` step (which reads every
    article's HTML) runs in this process while the workers make the books. The workers die with
    this process.
    """
    first_formats = tuple(fmt for fmt in formats if fmt not in LAST_FORMATS)
    last_formats = tuple(fmt for fmt in formats if fmt in LAST_FORMATS)
    failures: dict[str, EditionError] = {}
    start_method = worker_start_method()
    if start_method == "fork":  # what every worker would make for itself, made once for all
        compile_templates(project.templates, formats)
        for config in OPENCC_CONFIGS:
            converter(config)
        if "pdf" in formats:
            pdf_fonts()
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(start_method),
                             initializer=start_worker, initargs=(os.getpid(),)) as pool:
        first = {pool.submit(build_article, project, article, first_formats, stderr_log, corrections): article
                 for article in articles}
        last = {}
        for future in as_completed(first):
            article = first[future]
            try:
                future.result()
            except CannotWrite:
                pool.shutdown(cancel_futures=True)
                raise
            except EditionError as error:
                failures[article.id] = error
                continue
            if last_formats:
                last[pool.submit(render_article, project, article, last_formats, stderr_log)] = article
        site()
        for future, article in last.items():
            try:
                future.result()
            except EditionError as error:
                failures[article.id] = error
    return failures


def worker_start_method() -> str:
    """How the build's workers start: forked from this process where that is safe (Linux, and
    this process runs one thread, so no lock another thread holds is copied locked), else as
    fresh interpreters. A forked worker has every module this process imported: a spawned one
    imports the pipeline again (about 0.25 s of CPU per worker, before it can start on its
    article; benchmarks/README.md)."""
    return "fork" if sys.platform.startswith("linux") and threading.active_count() == 1 else "spawn"


def up_to_date(project: Project, article: Article, formats: tuple[str, ...]) -> bool:
    """True when the cache holds every stage of ``article`` that ``formats`` asks for."""
    cache = StageCache(project, article.id)
    if not tei_fresh(project, article, cache):
        return False
    keys = render_keys(project, project.tei_path(article.id).read_bytes(),
                       project.bib_path(article.id).read_bytes(), formats)
    return all(cache.fresh(fmt, key) for fmt, key in keys.items())





def cached_images(project: Project, tei_bytes: bytes) -> dict[str, bytes]:
    """The images a TEI's figures point at (``images/SHA.ext``), from the cache, by that path."""
    found = {}
    for url in dict.fromkeys(re.findall(rb'url="(images/[0-9a-f]{64}\.[a-z]{3,4})"', tei_bytes)):
        path = project.images_dir / url.decode("ascii").split("/", 1)[1]
        if path.is_file():
            found[url.decode("ascii")] = path.read_bytes()
    return found


def check_committed(project: Project, article_ids: list[str], log: Log = stderr_log) -> None:
    """``edition build --check``: fail (status 1) when a committed TEI, BibTeX or ledger file is
    not what a build of the current sources and code would write. Nothing is written."""
    problems = []
    corrections = read_corrections(project.corrections_path)
    selected = project.catalog.select(article_ids)
    works = project.catalog.works_of(selected)
    made = {article.id: committed_files(project, article, log, corrections)
            for article in dict.fromkeys([*selected, *(a for members in works.values() for a in members)])}
    expected = {path: (data, article.id) for article in selected for path, data in made[article.id].items()}
    for work, members in works.items():  # the witnesses' TEI as the work-level step leaves it, its collation
        aligned = aligned_tei(project, work, members, {a.id: made[a.id][project.tei_path(a.id)] for a in members}, log)
        owners = {project.tei_path(article.id): article.id for article in members}
        expected.update({path: (data, owners.get(path, " ".join(owners.values()))) for path, data in aligned.items()})
    for path, (data, ids) in expected.items():
        current = path.read_bytes() if path.exists() else None
        if current != data:
            state = "missing" if current is None else "stale"
            problems.append(Problem(str(path.relative_to(project.root)),
                                    f"{state}: run 'edition build {ids}' and commit the result"))
    if problems:
        raise EditionError(problems, status=1)
    log("committed TEI, BibTeX and ledgers are up to date")


def build_article(project: Project, article: Article, formats: tuple[str, ...], log: Log,
                  corrections: Mapping[str, Correction]) -> None:
    """One article: its TEI (and BibTeX), then each requested edition, each skipped if cached.
    ``corrections`` are the project's, read once by the build.

    The TEI is brought up to date whatever the formats, since every edition is rendered from it.
    """
    cache = StageCache(project, article.id)
    written = None
    if tei_fresh(project, article, cache):
        log(f"[{article.id}] tei unchanged (cached)")
    else:
        committed = committed_files(project, article, log, corrections)
        with timed(log, f"[{article.id}] tei"):
            atomic_write_all(committed)  # all three or none: a full disk leaves the old ones
        # keyed again: the ID ledger is one of the stage's inputs and this build has just written it
        cache.record("tei", tei_inputs_key(project, article), list(committed))
        written = committed[project.tei_path(article.id)]
    render_article(project, article, formats, log, written)


def render_article(project: Project, article: Article, formats: tuple[str, ...], log: Log,
                   tei_bytes: bytes | None = None) -> None:
    """The requested editions of an article from its TEI as written (``tei_bytes`` when this
    process has just written it, else read from ``tei/``), each skipped if cached. The editions
    are rendered from the serialised TEI, not from the tree the transforms left, so that they
    show exactly what the committed file says."""
    cache = StageCache(project, article.id)
    if tei_bytes is None:
        tei_bytes = project.tei_path(article.id).read_bytes()
    bibtex = project.bib_path(article.id).read_bytes()
    keys = render_keys(project, tei_bytes, bibtex, formats)
    wanted = tuple(f for f, key in keys.items() if not cache.fresh(f, key))
    for skipped in (f for f in keys if f not in wanted):
        log(f"[{article.id}] {skipped} unchanged (cached)")
    if wanted:
        outputs = render_formats(etree.fromstring(tei_bytes), article.id, project.output_dir, wanted,
                                 project.templates, log, edition=asdict(project.catalog.edition),
                                 source_date_epoch=project.options.source_date_epoch,
                                 sources=source_files(article.id, tei_bytes, bibtex),
                                 images=cached_images(project, tei_bytes))
        for fmt, paths in outputs.items():
            cache.record(fmt, keys[fmt], paths)


def render_keys(project: Project, tei_bytes: bytes, bibtex: bytes, formats: tuple[str, ...]) -> dict[str, str]:
    """The cache key of each requested edition of one article: everything it is rendered from —
    its TEI, the templates (the project's and the shipped ones), the code, the catalog's
    ``[edition]`` table and ``SOURCE_DATE_EPOCH`` (the EPUB's and PDF's dates); the HTML also
    from the BibTeX, which its site folder offers for download. The one definition for the
    up-to-date check and for recording what was rendered."""
    common = digest(tei_bytes, _templates_digest(project), code_digest(),
                    repr(sorted(asdict(project.catalog.edition).items())), str(project.options.source_date_epoch or ""))
    return {fmt: digest(common, bibtex) if fmt == "html" else common for fmt in formats if fmt != "tei"}


def render_site_if_changed(project: Project, log: Log) -> None:
    """The site's own pages and search index, unless what they are made of is as when they were
    last written: the step reads every article and runs Pagefind over the whole edition, so
    redoing it always would make a no-change rebuild of a large corpus slow."""
    cache = StageCache(project, "_site")  # '_' cannot start an article id
    key = _site_key(project)
    if cache.fresh("html", key):
        log("[index] html unchanged (cached)")
        return
    html_dir = project.output_dir / "html"
    with timed(log, "[index] html"):  # writes none of the article folders the key reads
        built = [(article.id, parse_user_xml(project.tei_path(article.id)).getroot())
                 for article in project.catalog.articles if project.tei_path(article.id).exists()]
        options = WriterOptions(templates=project.templates, edition=asdict(project.catalog.edition), in_site=True)
        write_search_index(html_dir, [article_id for article_id, _ in built], environment(project.templates, "html"))
        links = {article_id: downloads(article_id, flat=False) for article_id, _ in built}
        atomic_write_all({html_dir / name: data for name, data in site_pages(built, options, links).items()})
        replace_folder(html_dir / DTS_DIR, dts_files(built, options.edition,
                                                     {a.id: a.work or None for a in project.catalog.articles}, links))
    articles = {article.id for article in project.catalog.articles}
    cache.record("html", key,
                 [path for path in sorted(html_dir.rglob("*"))
                  if path.is_file() and path.relative_to(html_dir).parts[0] not in articles])


def _site_key(project: Project) -> str:
    """The site step's inputs: the catalog, the templates, the code, and each article's TEI and
    its pages' search records (not its whole folder: a book copied there later changes nothing)."""
    html_dir = project.output_dir / "html"
    return digest(repr(project.catalog.edition), _templates_digest(project),
                  code_digest(), *(f"{a.id}\0{file_digest(project.tei_path(a.id))}\0"
                                   f"{file_digest(html_dir / a.id / RECORDS_FILE)}"
                                   for a in project.catalog.articles))


def _templates_digest(project: Project) -> str:
    """The project's own templates and the shipped ones (a project without its own uses those)."""
    return digest(tree_digest(project.templates_dir), tree_digest(SHIPPED_TEMPLATES))



def build_formats(value: str) -> tuple[str, ...]:
    """The formats of ``--formats``: the TEI and every writer's."""
    return parse_formats(value, FORMATS)
