"""The EPUB 3 edition: the view model as a Pandoc document, packaged by Pandoc.

Pandoc writes the package (OPF, navigation, chapter files, footnotes); this module only builds
the document and its metadata. Determinism: the identifier is derived from the article id, and
Pandoc takes its modification date from ``SOURCE_DATE_EPOCH``, which is set from the edition
date when the caller has not set it.
"""
from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import pypandoc
from lxml import etree

from pipeline.fsutil import atomic_write
from pipeline.writers.model import Document, build_document
from pipeline.writers.pandoc_ast import API_VERSION, PandocBuilder, attr, meta_string, text_inlines
from pipeline.writers.templating import asset_path

NOTES_TITLE = {"zh-Hans": "注释", "zh-Hant": "註釋"}


def render_epub(root: etree._Element, target: Path, templates: Path | None = None) -> Path:
    """Write one article's EPUB 3 to ``target``."""
    document = build_document(root)
    ast = pandoc_document(document)
    css = asset_path(templates, "epub", "epub.css")
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "book.epub"
        env_epoch = os.environ.get("SOURCE_DATE_EPOCH") or str(_epoch(document.meta.get("date", "")))
        previous = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = env_epoch
        try:
            pypandoc.convert_text(json.dumps(ast, ensure_ascii=False), "epub3", format="json",
                                  outputfile=str(out),
                                  extra_args=["--css", str(css), "--split-level=2", "--toc-depth=6",
                                              "--epub-title-page=true"])
        finally:
            if previous is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            else:
                os.environ["SOURCE_DATE_EPOCH"] = previous
        atomic_write(target, out.read_bytes())
    return target


def pandoc_document(document: Document) -> dict:
    builder = PandocBuilder(document)
    blocks = builder.blocks(document.body)
    unplaced = [note for note in document.notes if note.id not in builder.placed]
    if unplaced:
        title = NOTES_TITLE.get(document.lang, NOTES_TITLE["zh-Hans"])
        blocks.append({"t": "Header", "c": [1, attr("notes"), text_inlines(title)]})
        for note in unplaced:
            number = {"t": "Span", "c": [attr(classes=["note-n"]), text_inlines(f"{note.attrs.get('n', '')}.")]}
            blocks.append({"t": "Div", "c": [attr(note.id, ["note", f"note-{note.attrs.get('type', '')}"]),
                                             [{"t": "Para", "c": [number, {"t": "Space"},
                                                                   *builder.inlines(note.children)]}]]})
    meta = {
        "title": meta_string(document.meta.get("title", document.id)),
        "lang": meta_string(document.lang),
        "identifier": meta_string(f"urn:edition:{document.id}"),
        "rights": meta_string(document.meta.get("licence", "")),
        "source": meta_string(document.meta.get("source", "")),
        "publisher": meta_string(document.meta.get("publisher", "")),
    }
    if document.meta.get("date"):
        meta["date"] = meta_string(document.meta["date"])
    return {"pandoc-api-version": API_VERSION, "meta": meta, "blocks": blocks}


def _epoch(date: str) -> int:
    """Seconds since 1970 for an ISO date (the edition date), 0 when there is none."""
    try:
        return int(datetime.fromisoformat(date).replace(tzinfo=timezone.utc).timestamp())
    except ValueError:
        return 0
