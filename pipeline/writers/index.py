"""The edition's front page: every article of the catalog with its counts and downloads."""
from __future__ import annotations

from lxml import etree

from pipeline.catalog import Catalog
from pipeline.tei import NS
from pipeline.writers.html import render_index
from pipeline.writers.model import build_document

COUNTS = {
    "paragraphs": "count(//tei:text//tei:p)",
    "notes": "count(//tei:back/tei:div[@type='notes']/tei:note)",
    "works": "count(//tei:back//tei:biblStruct)",
    "annotations": "count(//tei:standOff//tei:annotation)",
}


def render_site_index(project, catalog: Catalog) -> None:
    """Write ``output/html/index.html`` from the TEI of every catalogued article built so far."""
    documents = []
    for article in catalog.articles:
        path = project.tei_path(article.id)
        if not path.exists():
            continue
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)).getroot()
        document = build_document(root)
        document.counts = {name: int(root.xpath(expr, namespaces=NS)) for name, expr in COUNTS.items()}
        documents.append(document)
    edition = {"title": catalog.edition.title, "publisher": catalog.edition.publisher,
               "licence": catalog.edition.licence, "date": catalog.edition.date}
    render_index(documents, project.output_dir / "html", edition, project.templates)
