"""The edition project: its folders, its catalog and the options of a run, loaded once.

Every command starts by loading a :class:`Project` and passes it down; no other module builds a
path from a bare project folder. The layout it names is the README's: ``articles/`` (sources and
``catalog.toml``), ``tei/`` (the generated editions, ``tei/ids/`` the ID ledgers,
``tei/annotations/`` the scholars' files), ``bibliography/`` (generated BibTeX and the scholar's
``corrections.bib``), ``templates/`` (the project's own templates, optional), ``output/`` and
``.cache/`` (the build's stage cache and lock and the figures' images, not committed).
"""
from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from pipeline.catalog import Catalog, load_catalog
from pipeline.errors import EditionError
from pipeline.images import ImageSettings
from pipeline.sources import MAX_SOURCE_BYTES


#: the variable that sets :attr:`Options.max_source_bytes`
MAX_SOURCE_BYTES_VARIABLE = "EDITION_MAX_SOURCE_BYTES"


@dataclass(frozen=True)
class Options:
    """What a run depends on besides the project's files, read once from the environment.

    ``source_date_epoch`` is ``SOURCE_DATE_EPOCH`` (None when unset): the EPUB's and PDF's dates
    come from it, else from the edition date, so that builds are reproducible without the caller
    setting anything. ``max_source_bytes`` is ``EDITION_MAX_SOURCE_BYTES``: a larger source is
    refused before any tool reads it (default :data:`pipeline.sources.MAX_SOURCE_BYTES`).
    """

    source_date_epoch: int | None = None
    max_source_bytes: int = MAX_SOURCE_BYTES
    #: ``edition build --fetch-images``: fetch the figures' images even if the catalog does not ask
    fetch_images: bool = False

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> "Options":
        value = environ.get("SOURCE_DATE_EPOCH", "").strip()
        limit = environ.get(MAX_SOURCE_BYTES_VARIABLE, "").strip()
        if limit and not re.fullmatch(r"[1-9][0-9]{0,17}", limit):
            raise EditionError.at(MAX_SOURCE_BYTES_VARIABLE, f"must be a number of bytes greater than 0, not '{limit}'")
        return cls(source_date_epoch=int(value) if re.fullmatch(r"[0-9]{1,18}", value) else None,
                   max_source_bytes=int(limit) if limit else MAX_SOURCE_BYTES)

    def build_epoch(self, edition_date: str) -> int:
        """The seconds the books are dated with: ``SOURCE_DATE_EPOCH``, else midnight UTC of the
        edition date, else 0."""
        if self.source_date_epoch is not None:
            return self.source_date_epoch
        try:
            return int(datetime.fromisoformat(edition_date).replace(tzinfo=timezone.utc).timestamp())
        except ValueError:
            return 0


class Folder:
    """A place in every project, named by its path below the project's root."""

    def __init__(self, *parts: str):
        self.parts = parts

    def __get__(self, project: "Project", owner: type | None = None) -> Path:
        return project.root.joinpath(*self.parts)


@dataclass(frozen=True)
class Project:
    """An edition project: where everything is, what the catalog says, how this run is set."""

    root: Path
    catalog: Catalog
    options: Options = field(default_factory=Options)

    @classmethod
    def load(cls, root: Path, environ: Mapping[str, str] = os.environ) -> "Project":
        """Read the catalog of the project at ``root`` (errors name the file and line)."""
        root = root.resolve()
        return cls(root, load_catalog(catalog_path(root), root / "articles"), Options.from_environment(environ))

    tei_dir = Folder("tei")
    ids_dir = Folder("tei", "ids")
    annotations_dir = Folder("tei", "annotations")
    bib_dir = Folder("bibliography")
    #: the scholar's corrections of the generated bibliography, applied by key
    corrections_path = Folder("bibliography", "corrections.bib")
    output_dir = Folder("output")
    #: the build's record of what each stage was made from (not committed)
    cache_dir = Folder(".cache", "build")
    #: the figures' images, by the SHA-256 of their bytes (:mod:`pipeline.images`)
    images_dir = Folder(".cache", "images")
    #: held by the build running in the project (:func:`pipeline.processes.build_lock`)
    lock_path = Folder(".cache", "build.lock")

    #: the project's own templates, if it has any (:attr:`templates`)
    templates_dir = Folder("templates")

    @property
    def templates(self) -> Path | None:
        """The project's own templates, which override the shipped ones; None when it has none."""
        return own_templates(self.root)

    @property
    def images(self) -> ImageSettings:
        """How this run fetches figures: the catalog's settings, fetching if the run asks to."""
        settings = self.catalog.images
        return replace(settings, fetch=True) if self.options.fetch_images else settings

    def tei_path(self, article_id: str) -> Path:
        return self.tei_dir / f"{article_id}.xml"

    def work_path(self, work: str) -> Path:
        """The collation document of a work's witnesses."""
        return self.tei_dir / "works" / f"{work}.xml"

    def bib_path(self, article_id: str) -> Path:
        return self.bib_dir / f"{article_id}.bib"

    def ledger_path(self, article_id: str) -> Path:
        return self.ids_dir / f"{article_id}.json"

    def annotation_path(self, article_id: str) -> Path:
        return self.annotations_dir / f"{article_id}.xml"

    def generated(self, article_id: str) -> list[Path]:
        """The committed files the build writes for an article, which the hand-edit guard protects."""
        return [self.tei_path(article_id), self.bib_path(article_id)]


def catalog_path(root: Path) -> Path:
    """Where a project keeps its catalog (known before a project is loaded)."""
    return root / "articles" / "catalog.toml"


def own_templates(root: Path) -> Path | None:
    """The templates folder of the project at ``root`` (also of a folder without a catalog, for
    ``edition render``); None when there is none."""
    folder = root / "templates"
    return folder if folder.is_dir() else None
