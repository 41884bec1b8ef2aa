"""The edition's own pages: the index of every article (counts, both scripts, downloads) and
the search page (told the shape of a block ID, so that an ID query opens its block)."""
from __future__ import annotations

from collections.abc import Mapping

from lxml import etree

from pipeline.ids.minting import ID_PATTERN
from pipeline.tei import NS, XML_LANG
from pipeline.wording import LANGUAGE_NAMES, labels
from pipeline.writers import SITE_PAGES
from pipeline.writers.base import Files, WriterOptions
from pipeline.writers.html import assets, script_pages, site_page
from pipeline.writers.model import read_meta

COUNTS = {
    "paragraphs": "count(//tei:text//tei:p)",
    "notes": "count(//tei:back/tei:div[@type='notes']/tei:note)",
    "works": "count(//tei:back/tei:div[@type='bibliography']//tei:biblStruct)",
    "annotations": "count(//tei:standOff//tei:annotation)",
}
SITE_LANG = "zh-Hans"


def site_pages(articles: list[tuple[str, etree._Element]], options: WriterOptions,
               downloads: Mapping[str, Mapping[str, str]] | None = None) -> Files:
    """``index.html``, ``search.html`` and their assets, for the articles built so far, each given
    as its id and its TEI; ``downloads`` are each article's, by label, relative to its folder
    (:func:`pipeline.render.downloads`). The search index is made by
    :func:`pipeline.render.write_search_index` from the pages' records once these are
    written."""
    entries = []
    for article_id, root in articles:
        lang = root.get(XML_LANG, "zh")
        entries.append({
            "id": article_id, "lang": lang, "meta": read_meta(root),
            "counts": {name: int(root.xpath(expr, namespaces=NS)) for name, expr in COUNTS.items()},
            "pages": script_pages(lang), "downloads": (downloads or {}).get(article_id, {}),
        })
    common = {"edition": dict(options.edition), "labels": labels(SITE_LANG), "page_lang": SITE_LANG}
    index_page, search_page = SITE_PAGES
    return {index_page: site_page(index_page, options.templates, entries=entries,
                                  language_names=LANGUAGE_NAMES, **common),
            search_page: site_page(search_page, options.templates, id_pattern=ID_PATTERN.pattern, **common)} | assets(options.templates)
