"""Readers: one source format each, turned into the body and back matter of a TEI document.

A reader knows nothing about output formats and nothing about the header; it is a module with
``read(text, *, source_name, lang) -> ReaderResult`` (:mod:`pipeline.readers.base`) that
:func:`pipeline.tei.assemble` wraps into a full ``<TEI>``. Adding a source format is writing
that module and adding one line to :data:`READERS` (and, if the format has a usual file
extension, to :data:`EXTENSIONS`).
"""
from __future__ import annotations

import importlib
from pathlib import Path

from pipeline.readers.base import ReaderResult

#: The reader module of each source format. Imported when a source is read, not with this
#: package: the readers (Pandoc's AST, OpenCC tables) take about 0.2 s to import, which the
#: commands that never read a source (cite, resolve, render, validate) should not pay.
READERS = {
    "wiki-markdown": "pipeline.readers.wiki_markdown",
    "plain-text": "pipeline.readers.plain_text",
}
FORMATS = tuple(READERS)
EXTENSIONS = {".md": "wiki-markdown", ".markdown": "wiki-markdown", ".txt": "plain-text"}

__all__ = ["EXTENSIONS", "FORMATS", "READERS", "ReaderResult", "guess_format", "read"]


def guess_format(path: Path) -> str | None:
    """The format a file's extension suggests, or None."""
    return EXTENSIONS.get(path.suffix.lower())


def read(text: str, fmt: str, *, source_name: str, lang: str) -> ReaderResult:
    """Run the reader for ``fmt`` over decoded source ``text``."""
    if fmt not in READERS:
        raise ValueError(f"unknown format {fmt!r}")
    return importlib.import_module(READERS[fmt]).read(text, source_name=source_name, lang=lang)
