"""The EPUB 3 edition: the view model as a Pandoc document, packaged by Pandoc.

Pandoc writes the package (OPF, navigation, chapter files, title page); this module gives it
the document (``pandoc_ast``), the metadata (from the TEI header and ``templates/epub/
metadata.toml``: accessibility) and the look (``templates/epub/epub.css`` and the page template
``epub3.html``, which draws the title page with source, licence and edition date), and has
:mod:`.epub_package` title and type the chapter files where Pandoc cannot.

The book's creator is Wikipedia's editors (``dc:creator``, in the article's script), its editor the
edition's publisher (``dc:contributor``, role ``edt``), its source the article at the revision the
edition was made from (``dc:source``, :func:`source_of`). The accessibility summary says what the
book holds: one for a book whose figures' images are in it (each with its caption as alt text), one
for a book with figures whose images are not in it (only their captions and links to their file
pages), one without figures.

Determinism: the identifier is derived from the article id, and Pandoc dates the package and
its zip entries from ``SOURCE_DATE_EPOCH``, given to its process from the run's options (the
edition date's midnight when the caller set none); the same TEI then gives the same bytes.
"""
from __future__ import annotations

import json
import tempfile
import tomllib
import uuid
from datetime import datetime, timezone
from pathlib import Path

from pipeline.errors import EditionError, toml_error_line, toml_error_text
from pipeline.pandoc import PandocError, run_pandoc
from pipeline.wording import labels
from pipeline.writers.base import Files, WriterOptions, shown_images
from pipeline.writers.epub_package import finish_package
from pipeline.writers.model import Document
from pipeline.writers.nodes import Kind
from pipeline.writers.pandoc_ast import API_VERSION, PandocBuilder, meta_list, meta_string
from pipeline.writers.templating import asset_path

#: The namespace of the identifiers this edition mints for its EPUBs (a UUID 5 of the article id).
IDENTIFIER_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://edition.example.org/epub/")
#: what a book holding the figures' images adds to the lists: it is also seen, and each image has alt text
IMAGE_ACCESSIBILITY = {"accessModes": ["visual"], "accessibilityFeatures": ["alternativeText"]}
ACCESSIBILITY_LISTS = ("accessModes", "accessModeSufficient", "accessibilityFeatures", "accessibilityHazards")


class EpubWriter:
    """One article as an EPUB 3 book, packaged by Pandoc."""

    name = "epub"

    def place(self, article_id: str) -> tuple[str, str]:
        return "epub", f"{article_id}.epub"

    def write(self, document: Document, options: WriterOptions) -> Files:
        templates = options.templates
        images = shown_images(document, options)
        ast = pandoc_document(document, load_epub_metadata(templates), frozenset(images))
        arguments = ["--css", str(asset_path(templates, "epub", "epub.css")),
                     "--template", str(asset_path(templates, "epub", "epub3.html")),
                     "--split-level=1", "--toc-depth=6", "--epub-title-page=true", "--mathml"]
        epoch = options.source_date_epoch
        if epoch is None:
            epoch = edition_epoch(document.meta.get("date", ""))
        with tempfile.TemporaryDirectory() as work:
            out = Path(work) / "book.epub"
            for address, data in images.items():  # Pandoc packs the images it finds here
                (Path(work) / address).parent.mkdir(parents=True, exist_ok=True)
                (Path(work) / address).write_bytes(data)
            try:
                run_pandoc(["--from=json", "--to=epub3", "--output", str(out), f"--resource-path={work}",
                            *arguments],
                           json.dumps(ast, ensure_ascii=False), {"SOURCE_DATE_EPOCH": str(epoch)})
            except PandocError as error:  # Pandoc refused a project's template or stylesheet
                message = " ".join(str(error).split())
                raise EditionError.at(asset_path(templates, "epub", "epub3.html"),
                                      f"Pandoc cannot make the EPUB: {message}", status=1) from None
            return {f"{document.id}.epub": finish_package(out.read_bytes())}


def pandoc_document(document: Document, settings: dict, images: frozenset[str] = frozenset()) -> dict:
    """The whole Pandoc document: the book's blocks (showing the figures' ``images`` it holds)
    and the package metadata."""
    builder = PandocBuilder(document)
    builder.images = images
    return {"pandoc-api-version": API_VERSION, "meta": metadata(document, settings, images),
            "blocks": builder.book()}


def metadata(document: Document, settings: dict, images: frozenset[str] = frozenset()) -> dict:
    """Package metadata (Dublin Core, accessibility) and the fields the title page shows."""
    meta = document.meta
    words = labels(document.lang)
    accessibility = settings.get("accessibility", {})
    fields = {
        "title": meta_string(meta.get("title") or document.id),
        "lang": meta_string(document.lang),
        "identifier": meta_string(meta.get("idno") or f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, document.id)}"),
        "rights": meta_string(" ".join(x for x in (meta.get("licence"), meta.get("licence_url")) if x)),
        "source": meta_string(source_of(meta.get("source", ""), meta.get("revision", ""),
                                        in_script(settings.get("source", {}).get("revision", {}), document.lang))),
        "publisher": meta_string(meta.get("publisher", "")),
        "creator": people([(words["wikipedia_editors"], "aut")]),
        "contributor": people([(meta["publisher"], "edt")] if meta.get("publisher") else []),
        "toc-title": meta_string(words["contents"]),
        "licence": meta_string(meta.get("licence", "")),
        "licence-url": meta_string(meta.get("licence_url", "")),
        "label-source": meta_string(words["source"]),
        "label-licence": meta_string(words["licence"]),
        "label-date": meta_string(words["edition_date"]),
    }
    if meta.get("date"):
        fields["date"] = meta_string(meta["date"])
    for key in ACCESSIBILITY_LISTS:
        if accessibility.get(key):
            fields[key] = meta_list(list(accessibility[key]) + (IMAGE_ACCESSIBILITY.get(key, []) if images else []))
    summary = in_script(accessibility.get("summary-images" if images else "summary-figures" if has_figures(document)
                                          else "summary", {}), document.lang)
    if summary:
        fields["accessibilitySummary"] = meta_string(summary)
    return {key: value for key, value in fields.items() if value["c"]}


def in_script(texts, lang: str) -> str:
    """The text of a table by language (``metadata.toml``) for the book's language, else its first."""
    if not isinstance(texts, dict) or not texts:
        return ""
    return str(texts.get(lang) or next(iter(texts.values())))


def source_of(url: str, revision: str, word: str) -> str:
    """The article the book was made from, at its revision: a Wikipedia oldid as that revision's
    permanent link (``…?oldid=123456789``, which MediaWiki serves for any article address), a
    timestamp, which no address selects, written after the address (``…（修订 2026-11-20T08:15:00Z）``)."""
    if not url or not revision:
        return url
    if revision.isdigit():
        return f"{url}{'&' if '?' in url else '?'}oldid={revision}"
    return f"{url}（{word} {revision}）"


def people(names: list[tuple[str, str]]) -> dict:
    """Creators or contributors, each with its MARC relator role, as Pandoc's EPUB metadata takes them."""
    return {"t": "MetaList", "c": [{"t": "MetaMap", "c": {"text": meta_string(name), "role": meta_string(role)}}
                                   for name, role in names]}


def has_figures(document: Document) -> bool:
    """Whether the book shows any figure (as its caption and a link: the image is not in it)."""
    return any(node.kind == Kind.FIGURE for root in document.front + document.body for node in root.walk())


def load_epub_metadata(templates: Path | None) -> dict:
    """``templates/epub/metadata.toml`` (the project's copy first, then the shipped one)."""
    path = asset_path(templates, "epub", "metadata.toml")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise EditionError.at(path, f"invalid EPUB metadata: {toml_error_text(error)}", toml_error_line(error),
                              status=1) from None


def edition_epoch(date: str) -> int:
    """Seconds since 1970 for an ISO date (the edition date), 0 when there is none."""
    try:
        return int(datetime.fromisoformat(date).replace(tzinfo=timezone.utc).timestamp())
    except ValueError:
        return 0
