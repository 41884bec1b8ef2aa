"""The record of an article page that reference managers read from its head.

Zotero's Embedded Metadata translator (and Google Scholar, Mendeley, Citavi's picker) read
Highwire Press ``citation_*`` meta tags first and Dublin Core ``DC.*`` tags after them; without
either a connector saves the page as a bare web page with no author. Each page of an article
(each script) names its own title, its script's author (维基百科编者 / 維基百科編者, the one
:mod:`pipeline.cite` names; a single ``citation_author``, as Zotero makes each such tag an
author), the edition's date, publisher and licence, and, where the catalog gives a ``base_url``, its absolute address and the
PDF's. The links to the bibliography's files in each reference format are listed here too, by
the download label :mod:`pipeline.render` gives them.
"""
from __future__ import annotations

from collections.abc import Mapping

from pipeline.cite import author_name
from pipeline.writers.model import Document

#: the media types of the bibliography's files, by their download label (pipeline/render.py)
ALTERNATES = {"BibTeX": "application/x-bibtex", "RIS": "application/x-research-info-systems",
              "CSL-JSON": "application/vnd.citationstyles.csl+json"}


def source_address(source: str, revision: str) -> str:
    """The source's address, at its revision when the revision is a Wikipedia oldid."""
    if revision.isdigit():
        return f"{source}{'&' if '?' in source else '?'}oldid={revision}"
    return source


def page_meta(document: Document, edition: Mapping[str, str], page: str,
              downloads: Mapping[str, str]) -> list[tuple[str, str]]:
    """The page's ``(name, content)`` meta tags, Highwire then Dublin Core; empty values left out.
    ``page`` is the page's file name in the article's folder, ``downloads`` its download links."""
    meta = document.meta
    author = author_name(document.lang)
    date = edition.get("date") or meta.get("date", "")
    publisher = edition.get("publisher") or meta.get("publisher", "")
    folder = f"{edition['base_url'].rstrip('/')}/{document.id}/" if edition.get("base_url") else ""
    url = folder and folder + ("" if page == "index.html" else page)
    pdf = folder and downloads.get("PDF") and folder + downloads["PDF"]
    tags = [("citation_title", meta.get("title", "")), ("citation_author", author),
            ("citation_publication_date", date), ("citation_language", document.lang),
            ("citation_publisher", publisher), ("citation_public_url", url), ("citation_pdf_url", pdf),
            ("DC.title", meta.get("title", "")), ("DC.creator", author), ("DC.date", date),
            ("DC.language", document.lang), ("DC.publisher", publisher), ("DC.rights", meta.get("licence", "")),
            ("DC.identifier", url), ("DC.source", source_address(meta.get("source", ""), meta.get("revision", "")))]
    return [(name, value) for name, value in tags if value]


def alternates(downloads: Mapping[str, str]) -> list[tuple[str, str]]:
    """The page head's ``(media type, address)`` of each bibliography file it offers."""
    return [(kind, downloads[label]) for label, kind in ALTERNATES.items() if label in downloads]
