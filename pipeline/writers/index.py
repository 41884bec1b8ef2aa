"""The edition's own pages: the index of every article (counts, both scripts, downloads) and
the search page with its Pagefind index."""
from __future__ import annotations

from dataclasses import asdict

from lxml import etree

from pipeline.catalog import Catalog
from pipeline.tei import NS, USER_XML_PARSER, XML_LANG
from pipeline.writers.html import copy_assets, render_site_page, script_pages
from pipeline.wording import LANGUAGE_NAMES, labels
from pipeline.writers.model import read_meta
from pipeline.writers.search import write_search_index
from pipeline.writers.templating import environment

COUNTS = {
    "paragraphs": "count(//tei:text//tei:p)",
    "notes": "count(//tei:back/tei:div[@type='notes']/tei:note)",
    "works": "count(//tei:back/tei:div[@type='bibliography']//tei:biblStruct)",
    "annotations": "count(//tei:standOff//tei:annotation)",
}
SITE_LANG = "zh-Hans"


def render_site_index(project, catalog: Catalog) -> None:
    """Write ``output/html/index.html``, ``search.html`` and the search index from the TEI of
    every catalogued article built so far."""
    html_dir = project.output_dir / "html"
    entries = []
    for article in catalog.articles:
        path = project.tei_path(article.id)
        if not path.exists():
            continue
        root = etree.parse(str(path), etree.XMLParser(**USER_XML_PARSER)).getroot()
        lang = root.get(XML_LANG, "zh")
        entries.append({
            "id": article.id, "lang": lang, "meta": read_meta(root),
            "counts": {name: int(root.xpath(expr, namespaces=NS)) for name, expr in COUNTS.items()},
            "pages": script_pages(lang),
        })
    common = {"edition": asdict(catalog.edition), "labels": labels(SITE_LANG), "page_lang": SITE_LANG}
    copy_assets(html_dir, project.templates)
    render_site_page("index.html", html_dir, project.templates, entries=entries,
                     language_names=LANGUAGE_NAMES, **common)
    render_site_page("search.html", html_dir, project.templates, **common)
    write_search_index(html_dir, [entry["id"] for entry in entries], environment(project.templates, "html"))
