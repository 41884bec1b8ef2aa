"""The work-level step of the build: the witnesses of each work aligned once all have their TEI.

Each article's TEI is made on its own (in a worker process, :mod:`pipeline.build`); a work's
alignment needs all its witnesses, so it runs after them, in the build's own process, and
before anything is rendered from their TEI: the alignment is part of each witness's committed
TEI (``@corresp``, ``standOff/linkGrp[@type='alignment']``). It is a function of the witnesses'
TEI and catalog entries (:func:`pipeline.collation.work.align_work`), keyed by them and the code,
so a build that changed nothing skips it, and editing one witness redoes the alignment and with
it the other witnesses' TEI (and, through their TEI, their editions).
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from lxml import etree

from pipeline import guard, tei
from pipeline.cache import StageCache, code_digest, digest, file_digest
from pipeline.catalog import Article
from pipeline.citations.bibtex import Correction
from pipeline.collation.document import collation_document
from pipeline.collation.model import Link, Witness
from pipeline.collation.record import STAGE
from pipeline.collation.work import align_work
from pipeline.errors import EditionError
from pipeline.fsutil import atomic_write_all
from pipeline.progress import Log, timed
from pipeline.project import Project
from pipeline.tei import USER_XML_PARSER
from pipeline.tei_stage import committed_files, tei_fresh, tei_inputs_key
from pipeline.transforms.base import Report


def witness(article: Article) -> Witness:
    return Witness(siglum=article.siglum, article_id=article.id, lang=article.lang, description=article.description)


def aligned_tei(project: Project, work: str, articles: list[Article], sealed: dict[str, bytes],
                log: Log) -> dict[Path, bytes]:
    """The files of the work-level step, by path: the witnesses' TEI (``sealed``, by article id,
    as the build writes them) with the work's alignment written in, and the work's collation
    document (``tei/works/NAME.xml``), each sealed; the step's report is logged."""
    parser = etree.XMLParser(**USER_XML_PARSER)
    roots = {article_id: etree.fromstring(guard.unsealed(data), parser) for article_id, data in sealed.items()}
    witnesses = [witness(article) for article in articles]
    links = align_work(witnesses, roots)
    report = alignment_report(roots, links)
    log(f"[work {work}] summary {report.stage}: " + ", ".join(f"{k} {v}" for k, v in report.counts.items()))
    files = {project.tei_path(article_id): guard.seal(project.tei_path(article_id), tei.serialize(root))
             for article_id, root in roots.items()}
    collation = collation_document(work, witnesses, {w.siglum: roots[w.article_id] for w in witnesses},
                                   links[witnesses[1].article_id])
    files[project.work_path(work)] = guard.seal(project.work_path(work), tei.serialize(collation))
    return files


def alignment_report(roots: dict[str, etree._Element], links: dict[str, list[Link]]) -> Report:
    """The build summary's counts: the witnesses' blocks aligned by link type and without
    counterpart (the sums of what each witness's header says), and the links."""
    counts: dict[str, int] = {}
    for root in roots.values():
        for unit, value in tei.header_summaries(root)[STAGE].items():
            counts[unit] = counts.get(unit, 0) + int(value)
    counts["links"] = sum(len(pair) for pair in links.values())
    return Report(STAGE, counts)


def align_work_files(project: Project, work: str, articles: list[Article], log: Log,
                     made: dict[str, dict[Path, bytes]]) -> None:
    """Align the work's witnesses and write them: the committed files this build ``made`` for
    some of them (by article id, not yet written) and the others' TEI as it is in ``tei/``, all
    in one atomic write with the work's collation document; nothing is done when no witness was
    made and nothing they are made of changed since it was last done."""
    paths = [project.tei_path(article.id) for article in articles]
    cache = StageCache(project, f"_work-{work}")  # '_' cannot start an article id
    if not made and cache.fresh(STAGE, _key(articles, paths)):
        log(f"[work {work}] {STAGE} unchanged (cached)")
        return
    with timed(log, f"[work {work}] {STAGE}"):
        sealed = {a.id: made[a.id][path] if a.id in made else path.read_bytes() for a, path in zip(articles, paths)}
        files = {path: data for files in made.values() for path, data in files.items()}
        atomic_write_all({**files, **aligned_tei(project, work, articles, sealed, log)})
    for article, path in zip(articles, paths):  # their TEI stage is still fresh: its output is now this
        if article.id not in made:
            StageCache(project, article.id).rewritten("tei", path)
    cache.record(STAGE, _key(articles, paths), paths)


def _key(articles: list[Article], paths: list[Path]) -> str:
    return digest(code_digest(), repr([(a.id, a.work, a.siglum, a.description, a.lang) for a in articles]),
                  *(file_digest(path) for path in paths))


def align_works(project: Project, articles: list[Article], log: Log, corrections: Mapping[str, Correction]
                 ) -> dict[str, EditionError]:
    """The work-level step, before anything is rendered: the witnesses among ``articles`` whose
    TEI is stale are converted (not written), then each work they belong to is aligned
    (:func:`align_work_files`) and its witnesses' files and collation written together, so that a
    build killed on the way leaves the old files or the new ones, never a witness's new TEI
    without its alignment (a witness not asked for is not built again; a work with a witness
    never built waits for it). The failures by article id."""
    works = project.catalog.works_of(articles)
    made: dict[str, dict[Path, bytes]] = {}
    failures: dict[str, EditionError] = {}
    for article in dict.fromkeys(a for members in works.values() for a in members if a in articles):
        if not tei_fresh(project, article, StageCache(project, article.id)):
            try:
                with timed(log, f"[{article.id}] tei"):
                    made[article.id] = committed_files(project, article, log, corrections)
            except EditionError as error:
                failures[article.id] = error
    for work, members in works.items():
        mine = {a.id: made[a.id] for a in members if a.id in made}
        missing = [a.id for a in members if a.id not in made and not project.tei_path(a.id).exists()]
        if missing or any(a.id in failures for a in members):
            if missing:  # a witness that failed says so itself
                log(f"[work {work}] not aligned: no TEI yet of {', '.join(missing)} (build it)")
            atomic_write_all({path: data for files in mine.values() for path, data in files.items()})
        else:
            align_work_files(project, work, members, log, mine)
        for article in members:  # keyed after writing: the ID ledger is one of the stage's inputs
            if article.id in mine:
                StageCache(project, article.id).record("tei", tei_inputs_key(project, article), list(mine[article.id]))
    return failures
