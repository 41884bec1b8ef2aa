"""The HTML edition: per article a page in each Chinese script, and the edition's own pages.

The writer takes the view model, makes its copy in the other script (:mod:`.scripts`), the
citation data and the search records, and hands everything to the Jinja2 templates of
``templates/html``; all markup lives in the templates (autoescaped). Assets go next to each
page so the edition works from any static server and from ``file://``.
"""
from __future__ import annotations

import json
from pathlib import Path

from pipeline.writers import ASSETS
from pipeline.writers.base import Files, WriterOptions, shown_images
from pipeline.writers.citations import block_citations, citation_meta
from pipeline.wording import SCRIPT_NAMES, labels
from pipeline.writers.model import Document
from pipeline.writers.nodes import Kind, TocEntry
from pipeline.writers.page_meta import alternates, page_meta
from pipeline.writers.nobreak import join_calls
from pipeline.writers.scripts import convert_document, other_script, script_of
from pipeline.writers.search import RECORDS_FILE, article_records
from pipeline.writers.templating import asset_path, environment

EDITION_KEYS = ("title", "publisher", "base_url", "licence", "date")
CITATIONS_FILE = "citations.js"


def page_name(own_lang: str, lang: str) -> str:
    """``index.html`` for the article's own script, ``index.zh-Hant.html`` (…) for the other."""
    return "index.html" if lang == own_lang else f"index.{lang}.html"


def script_pages(lang: str) -> list[dict[str, str]]:
    """The pages of an article in ``lang``: its own script's, then the other's when it has one,
    each as ``{"href", "lang", "label"}`` (the label in its own script)."""
    return [{"href": page_name(lang, script), "lang": script, "label": SCRIPT_NAMES.get(script_of(script), script)}
            for script in (lang, other_script(lang)) if script]


def script_versions(document: Document) -> list[tuple[Document, str]]:
    """The article in its own script and, when it has one, in the other: (document, file name)."""
    versions = [(document, "index.html")]
    other = other_script(document.lang)
    if other is not None:
        versions.append((convert_document(document, other), page_name(document.lang, other)))
    return versions


def back_contents(doc: Document, words: dict[str, str]) -> list[TocEntry]:
    """The contents' entries for the back matter, in the order and with the heading IDs the
    templates give it (``_annotations.html``, ``_notes.html``, ``_bibliography.html``, ``_apparatus.html``): each
    part's own heading when the source has one, else the edition's."""
    anchored = [a.attrs.get("anchored") == "yes" for a in doc.annotations]
    parts = [("anchored-heading", words["annotations"], any(anchored), None),
             ("unanchored-heading", words["unanchored"], not all(anchored), None),
             ("notes-heading", words["notes"], bool(doc.notes), doc.notes_head),
             ("bibliography-heading", words["bibliography"], bool(doc.bibliography), None),
             ("sources-heading", words["sources"], bool(doc.sources), doc.sources[0] if doc.sources else None),
             ("external-links-heading", words["external_links"], bool(doc.links), doc.links[0] if doc.links else None),
             ("apparatus-heading", words["apparatus"], bool(doc.apparatus), None)]
    entries = []
    for anchor, title, shown, own in parts:
        if shown:
            own = own if own is not None and own.kind == Kind.HEADING and own.id else None
            entries.append(TocEntry(own.id, own.plain_text(), 1) if own else TocEntry(anchor, title, 1))
    return entries


class HtmlWriter:
    """Per article a page in each script, its citation data, its search records and the assets."""

    name = "html"

    def place(self, article_id: str) -> tuple[str, str]:
        return f"html/{article_id}", "index.html"

    def write(self, document: Document, options: WriterOptions) -> Files:
        versions = script_versions(document)
        meta = citation_meta(document, options.edition)
        env = environment(options.templates, "html")
        template = env.get_template("article.html")
        switch = script_pages(document.lang)
        files: Files = {}
        for doc, name in versions:
            words = labels(doc.lang)
            files[name] = template.render(
                doc=join_calls(doc), labels=words, back_contents=back_contents(doc, words), downloads=options.downloads, switch=switch, current=name,
                site_root="../" if options.in_site else None,
                edition={key: options.edition.get(key, "") for key in EDITION_KEYS},
                citations=CITATIONS_FILE if meta else None, asset_prefix="", images=options.images,
                page_meta=page_meta(doc, options.edition, name, options.downloads),
                alternates=alternates(options.downloads)).encode("utf-8")
        if meta:  # loaded by the page on the first "cite", also from file://
            files[CITATIONS_FILE] = env.get_template(CITATIONS_FILE).render(
                citations=block_citations(document, meta)).encode("utf-8")
        if options.in_site:
            records = article_records(document.id, versions)
            files[RECORDS_FILE] = (json.dumps(records, ensure_ascii=False, indent=0) + "\n").encode("utf-8")
        return files | assets(options.templates) | shown_images(document, options)


def site_page(name: str, templates: Path | None, **context) -> bytes:
    """One of the edition's own pages (``index.html``, ``search.html``) from its template (the
    caller adds the assets they share, :func:`assets`)."""
    env = environment(templates, "html")
    return env.get_template(name).render(asset_prefix="", site_root="", **context).encode("utf-8")


def assets(templates: Path | None) -> Files:
    """The CSS and scripts that sit next to the pages."""
    return {name: asset_path(templates, "html", name).read_bytes() for name in ASSETS}
