"""Rendering editions: the view model built once per article, each writer asked for its files,
and the files written, atomically and all or none for each format, by this module alone.

Writers (:mod:`pipeline.writers.registry`) return bytes by path; here they are placed: in a
project, each format's edition in the folder its writer names under ``output/``
(``output/html/ID/``, ``output/epub/ID.epub``, ``output/pdf/ID.pdf``); for ``edition render``
(``flat``) all straight into the folder given. The HTML pages' links to the other editions of
the same article are worked out from the same places, so no writer spells out another's path.
"""
from __future__ import annotations

import posixpath
from collections.abc import Mapping
from pathlib import Path

from lxml import etree

from pipeline.errors import EditionError
from pipeline.fsutil import atomic_write_all
from pipeline.progress import Log, timed
from pipeline.writers.base import WriterOptions
from pipeline.writers.model import build_document
from pipeline.writers.registry import WRITERS

#: The labels of the downloads an HTML page offers, by the format that makes them.
DOWNLOADS = {"epub": "EPUB", "pdf": "PDF"}


def downloads(article_id: str, flat: bool) -> dict[str, str]:
    """The addresses of an article's books relative to its HTML pages."""
    html_folder = "." if flat else WRITERS["html"].place(article_id)[0]
    links = {}
    for fmt, label in DOWNLOADS.items():
        folder, name = WRITERS[fmt].place(article_id)
        links[label] = name if flat else posixpath.relpath(f"{folder}/{name}", html_folder)
    return links


def render_formats(root: etree._Element, article_id: str, output: Path, formats: tuple[str, ...],
                   templates: Path | None, log: Log, *, flat: bool = False,
                   edition: Mapping[str, str] | None = None,
                   source_date_epoch: int | None = None) -> dict[str, list[Path]]:
    """Render a TEI tree into each requested format and write the files; return them per format.

    ``edition`` is the catalog's ``[edition]`` table when there is one (the HTML pages cite
    their blocks at its ``base_url``).
    """
    document = build_document(root)
    options = WriterOptions(templates=templates, edition=dict(edition or {}), source_date_epoch=source_date_epoch,
                            in_site=not flat, downloads=downloads(article_id, flat))
    written: dict[str, list[Path]] = {}
    for fmt in formats:
        writer = WRITERS[fmt]
        folder = output if flat else output / writer.place(article_id)[0]
        with timed(log, f"[{article_id}] {fmt}"):
            files = writer.write(document, options)
            atomic_write_all({folder / name: data for name, data in files.items()})
        written[fmt] = [folder / name for name in files]
    return written


def parse_formats(value: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """``tei,html`` → ("tei", "html"); an unknown name is an error naming the known ones."""
    names = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [name for name in names if name not in allowed]
    if unknown or not names:
        shown = ", ".join(unknown) if unknown else repr(value)
        raise EditionError.at("--formats", f"unknown format: {shown} (known: {', '.join(allowed)})")
    return names
