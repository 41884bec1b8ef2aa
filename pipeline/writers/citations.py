"""The "cite this paragraph" data of an article page, computed at build time.

For every citable block the page offers the same citation ``edition cite ARTICLE#ID`` prints,
in its three forms (text, BibTeX, CSL-JSON); the browser only shows and copies them. The
citation itself is :mod:`pipeline.cite`'s: this module only gathers its metadata from the
view model and the catalog's edition table, and lists the blocks.
"""
from __future__ import annotations

from collections.abc import Mapping

from pipeline.cite import REQUIRED, citation, citation_fields, formatted
from pipeline.writers.model import Document, Kind

#: the view-model kinds of the blocks a reader can cite
CITABLE = (Kind.PARAGRAPH, Kind.HEADING, Kind.ITEM, Kind.FIGURE, Kind.TABLE, Kind.QUOTE, Kind.CODE, Kind.NOTE,
           Kind.EDITORIAL)
FORMATS = {"text": "text", "bibtex": "bibtex", "csl": "csl-json"}


def citation_meta(document: Document, edition: Mapping[str, str]) -> dict[str, str] | None:
    """The metadata :func:`pipeline.cite.cite` needs, or None when some of it is missing (no
    edition URL outside a project, no source for a file converted on its own): such a page
    offers no citation rather than an incomplete one."""
    meta = citation_fields(document.id, document.lang, document.meta, edition)
    return meta if all(meta[key].strip() for key in REQUIRED) else None


def citable_ids(document: Document) -> list[str]:
    """The IDs of the blocks that show a "cite" action, in reading order (a note without text is
    no block of its own: only the statement of such notes stands for it)."""
    stated = {note_id for statement in document.note_statements for note_id in statement.attrs.get("notes", "").split()}
    return list(dict.fromkeys(node.id for node in document.all_blocks()
                              if node.id and node.kind in CITABLE and node.id not in stated))


def block_citations(document: Document, meta: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """For each citable block, its citation as ``{"text": …, "bibtex": …, "csl": …}``."""
    citations = {block_id: citation(meta, block_id) for block_id in citable_ids(document)}
    return {block_id: {key: formatted(c, fmt) for key, fmt in FORMATS.items()} for block_id, c in citations.items()}
