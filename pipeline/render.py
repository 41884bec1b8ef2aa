"""Rendering editions: the view model built once per article, each writer asked for its files,
and the files written, atomically and all or none for each format, by this module alone.

Writers (:mod:`pipeline.writers.registry`) return bytes by path; here they are placed: in a
project, each format's edition in the folder its writer names under ``output/``
(``output/html/ID/``, ``output/epub/ID.epub``, ``output/pdf/ID.pdf``); for ``edition render``
(``flat``) all straight into the folder given. The site folder ``output/html`` is what a web
server publishes, so it must hold everything its pages link to: each book is also copied into
its article's site folder, and the article's TEI, BibTeX, RIS and CSL-JSON are written there with
its pages (``output/html/ID/ID.epub``, ``ID.pdf``, ``ID.xml``, ``ID.bib``, ``ID.ris``, ``ID.csl.json``). The HTML pages' download links
are worked out here from the same names, so no writer spells out another's path.
"""
from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path

import jinja2
from lxml import etree

from pipeline.errors import EditionError
from pipeline.fsutil import atomic_write_all, replace_folder
from pipeline.progress import Log, timed
from pipeline.writers.base import WriterOptions
from pipeline.writers.csl_json import csl_json
from pipeline.writers.model import build_document
from pipeline.writers.registry import WRITERS
from pipeline.writers.ris import ris
from pipeline.writers.search import INDEX_DIR, RECORDS_FILE, search_index
from pipeline.writers.templating import environment
from pipeline.writers.typst_source import environment as typst_environment

#: The labels of the books an HTML page offers, by the format that makes them.
DOWNLOADS = {"epub": "EPUB", "pdf": "PDF"}
#: The labels of the article's sources a page in a site offers, by their file's suffix.
SOURCE_DOWNLOADS = {".xml": "TEI", ".bib": "BibTeX", ".ris": "RIS", ".csl.json": "CSL-JSON"}


def downloads(article_id: str, flat: bool) -> dict[str, str]:
    """The addresses of an article's downloads relative to its HTML pages: each is a file in the
    pages' own folder. A lone rendering (``flat``) offers the books written next to it; a site
    also offers the article's TEI and its bibliography's files (:func:`source_files`)."""
    links = {label: WRITERS[fmt].place(article_id)[1] for fmt, label in DOWNLOADS.items()}
    if not flat:
        links |= {label: f"{article_id}{suffix}" for suffix, label in SOURCE_DOWNLOADS.items()}
    return links


def source_files(article_id: str, tei: bytes, bibtex: bytes) -> dict[str, bytes]:
    """The article's TEI, its BibTeX and its bibliography as RIS and CSL-JSON (made from the
    TEI's ``biblStruct`` records, for reference managers) under the names its site pages link
    them by."""
    root = etree.fromstring(tei)
    return dict(zip((f"{article_id}{suffix}" for suffix in SOURCE_DOWNLOADS), (tei, bibtex, ris(root), csl_json(root))))


def render_formats(root: etree._Element, article_id: str, output: Path, formats: tuple[str, ...],
                   templates: Path | None, log: Log, *, flat: bool = False,
                   edition: Mapping[str, str] | None = None,
                   source_date_epoch: int | None = None,
                   sources: Mapping[str, bytes] | None = None,
                   images: Mapping[str, bytes] | None = None) -> dict[str, list[Path]]:
    """Render a TEI tree into each requested format and write the files; return them per format.

    ``edition`` is the catalog's ``[edition]`` table when there is one (the HTML pages cite
    their blocks at its ``base_url``). ``sources`` (:func:`source_files`) are written with the
    HTML pages; in a site each book is written to its own place and into the article's site
    folder. ``images`` are the figures' images by their TEI address (``images/SHA.png``).
    """
    document = build_document(root)
    options = WriterOptions(templates=templates, edition=dict(edition or {}), source_date_epoch=source_date_epoch,
                            in_site=not flat, downloads=downloads(article_id, flat), images=dict(images or {}))
    site_folder = output / WRITERS["html"].place(article_id)[0]
    written: dict[str, list[Path]] = {}
    for fmt in formats:
        writer = WRITERS[fmt]
        place, main = writer.place(article_id)
        folder = output if flat else output / place
        with timed(log, f"[{article_id}] {fmt}"):
            files = {folder / name: data for name, data in writer.write(document, options).items()}
            if not flat and fmt == "html":
                files |= {site_folder / name: data for name, data in (sources or {}).items()}
            elif not flat and fmt in DOWNLOADS:  # the site folder holds everything its pages link to
                files[site_folder / main] = files[folder / main]
            atomic_write_all(files)
        written[fmt] = list(files)
    return written


def compile_templates(templates: Path | None, formats: tuple[str, ...]) -> None:
    """Compile the Jinja templates the requested formats render (HTML pages and the site's, the
    PDF's Typst source) into this process's shared environments, so that processes forked from it
    find them compiled: each compiled them again before (0.13-0.15 s of CPU, benchmarks/README.md).
    A template Jinja cannot compile is left to the writer, which reports it for each article."""
    environments = [environment(templates, "html")] if "html" in formats else []
    if "pdf" in formats:
        environments.append(typst_environment(templates))
    for env in environments:
        for name in env.list_templates(extensions=("html", "typ")):
            with suppress(jinja2.TemplateError):  # reported by the writer, for each article it renders
                env.get_template(name)


def write_search_index(html_dir: Path, article_ids: list[str], env) -> Path:
    """(Re)build ``html_dir/pagefind`` from the search records of the listed articles' pages.

    The new index is written into a folder of its own and swapped in for the old one in one step
    (:func:`pipeline.fsutil.replace_folder`): a reader, or an interrupted build, always finds a
    complete index, old or new. With no records (nothing citable yet) there is no index rather
    than a stale one.
    """
    records = []
    for article_id in article_ids:
        path = html_dir / article_id / RECORDS_FILE
        if path.exists():
            records.extend(json.loads(path.read_text(encoding="utf-8")))
    target = html_dir / INDEX_DIR
    if records:
        replace_folder(target, search_index(records, env, target))
    else:
        shutil.rmtree(target, ignore_errors=True)
    return target


def parse_formats(value: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """``tei,html`` → ("tei", "html"); an unknown name is an error naming the known ones."""
    names = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [name for name in names if name not in allowed]
    if unknown or not names:
        shown = ", ".join(unknown) if unknown else repr(value)
        raise EditionError.at("--formats", f"unknown format: {shown} (known: {', '.join(allowed)})")
    return names
