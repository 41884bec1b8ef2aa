"""The HTML edition: per article a page in each Chinese script, and the edition's own pages.

The writer builds the view model, its copy in the other script (:mod:`.scripts`), the citation
data and the search records, and hands everything to the Jinja2 templates of
``templates/html``; all markup lives in the templates (autoescaped). Assets are copied next to
each page so the edition works from any static server and from ``file://``.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipeline.fsutil import atomic_copy, atomic_write
from pipeline.writers.citations import block_citations, citation_meta
from pipeline.wording import SCRIPT_NAMES, labels
from pipeline.writers.model import Document, build_document
from pipeline.writers.scripts import convert_document, other_script, script_of
from pipeline.writers.search import RECORDS_FILE, article_records
from pipeline.writers.templating import asset_path, environment

ASSETS = ("edition.css", "edition.js")
EDITION_KEYS = ("title", "publisher", "base_url", "licence", "date")
CITATIONS_FILE = "citations.js"


@dataclass(frozen=True)
class Site:
    """How an article page sits in the edition around it.

    ``edition`` is the catalog's ``[edition]`` table (title, publisher, base_url, licence, date):
    without a ``base_url`` there is no URL to cite, so pages offer no citations.
    ``in_site`` says the page lives in ``output/html/ARTICLE/`` under the edition's index and
    search page; a lone ``edition render`` has neither.
    """

    edition: Mapping[str, str] = field(default_factory=dict)
    in_site: bool = False


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


def render_article(root: etree._Element, out_dir: Path, templates: Path | None = None,
                   formats: dict[str, str] | None = None, site: Site | None = None) -> list[Path]:
    """Write the article's pages, citation data, search records and assets; return the files."""
    site = site or Site()
    document = build_document(root)
    versions = script_versions(document)
    meta = citation_meta(document, site.edition)
    env = environment(templates, "html")
    template = env.get_template("article.html")
    switch = script_pages(document.lang)
    written = []
    for doc, name in versions:
        page = template.render(doc=doc, labels=labels(doc.lang), downloads=formats or {}, switch=switch,
                               current=name, site_root="../" if site.in_site else None,
                               edition={key: site.edition.get(key, "") for key in EDITION_KEYS},
                               citations=CITATIONS_FILE if meta else None, asset_prefix="")
        atomic_write(out_dir / name, page)
        written.append(out_dir / name)
    if meta:  # loaded by the page on the first "cite", also from file://
        data = env.get_template(CITATIONS_FILE).render(citations=block_citations(document, meta))
        atomic_write(out_dir / CITATIONS_FILE, data)
        written.append(out_dir / CITATIONS_FILE)
    if site.in_site:
        records = article_records(document.id, versions)
        atomic_write(out_dir / RECORDS_FILE, json.dumps(records, ensure_ascii=False, indent=0) + "\n")
        written.append(out_dir / RECORDS_FILE)
    return written + copy_assets(out_dir, templates)


def render_site_page(name: str, out_dir: Path, templates: Path | None, **context) -> Path:
    """Write one of the edition's own pages (``index.html``, ``search.html``) from its template
    (the caller copies the assets they share, :func:`copy_assets`)."""
    env = environment(templates, "html")
    page = env.get_template(name).render(asset_prefix="", site_root="", **context)
    target = out_dir / name
    atomic_write(target, page)
    return target


def copy_assets(out_dir: Path, templates: Path | None) -> list[Path]:
    """Copy the CSS and scripts next to the pages; return their paths."""
    targets = [out_dir / name for name in ASSETS]
    for name, target in zip(ASSETS, targets):
        atomic_copy(asset_path(templates, "html", name), target)
    return targets
