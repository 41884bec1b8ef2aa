"""Readers: one source format each, turned into the body and back matter of a TEI document.

A reader knows nothing about output formats and nothing about the header; it returns a
:class:`ReaderResult` that :func:`pipeline.tei.assemble` wraps into a full ``<TEI>``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree


@dataclass
class ReaderResult:
    """What a reader found in one source.

    ``body`` is a ``<body>`` element, ``back`` a ``<back>`` element (notes, sources, links),
    ``front`` an optional ``<front>`` (the plain-text witness's infobox remnants).
    ``normalisations`` are sentences for ``editorialDecl``, one per kind of change made;
    ``warnings`` are repairs worth telling the user (``file:line: what was repaired``).
    """

    body: etree._Element
    back: etree._Element
    front: etree._Element | None = None
    keywords: list[str] = field(default_factory=list)
    normalisations: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


FORMATS = ("wiki-markdown", "plain-text")
_EXTENSIONS = {".md": "wiki-markdown", ".markdown": "wiki-markdown", ".txt": "plain-text"}


def guess_format(path: Path) -> str | None:
    """The format a file's extension suggests, or None."""
    return _EXTENSIONS.get(path.suffix.lower())


def read(text: str, fmt: str, *, source_name: str, lang: str) -> ReaderResult:
    """Run the reader for ``fmt`` over decoded source ``text``."""
    if fmt == "wiki-markdown":
        from pipeline.readers import wiki_markdown

        return wiki_markdown.read(text, source_name=source_name, lang=lang)
    if fmt == "plain-text":
        from pipeline.readers import plain_text

        return plain_text.read(text, source_name=source_name, lang=lang)
    raise ValueError(f"unknown format {fmt!r}")
