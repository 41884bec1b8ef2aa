"""The edition as DTS 1.0 (Distributed Text Services) endpoints made of static files, under the
site's ``dts/`` folder: the entry point, the Collection, Navigation and Document answers.

A static host answers no query string, so the URI templates are path-style, as DTS 1.0's "URI
Templates examples for static website" allows (RFC 6570 path and path-parameter expansions):
``collection{/id}.json``, ``navigation/{resource}{;down}{/ref}.json`` and
``document/{resource}{/ref,start,end}.xml``. Every file a template can expand to for this edition
is written, except what grows faster than the text: navigation by range (``start``/``end``, which
a Level 0 server need not answer) and ``down=0`` (each unit's siblings), and Document ranges longer
than :data:`RANGE_SPAN` units (docs/dts.md says why). References are the stable IDs, so a
citation made today finds its passage after any rebuild.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from urllib.parse import urlsplit

from lxml import etree

from pipeline.tei import XML_LANG
from pipeline.writers.base import Files
from pipeline.writers.dts_document import passage, whole
from pipeline.writers.dts_tree import Unit, cite_structure, citable_units, heading
from pipeline.writers.model import read_meta

CONTEXT = "https://dtsapi.org/context/v1.0.json"
VERSION = "1.0"
#: The longest Document range written: a start unit and up to two consecutive units after it
#: under the same parent. Files grow as (span - 1) × units; a longer passage is fetched by its
#: section or unit by unit.
RANGE_SPAN = 3
#: The media type of each download a site page offers, by the page's label for it.
MEDIA_TYPES = {"TEI": "application/tei+xml", "BibTeX": "application/x-bibtex",
               "EPUB": "application/epub+zip", "PDF": "application/pdf"}
ROOT_ID = "_edition"  # '_' cannot start an article id (pipeline/catalog.py), nor a work's collection id
WORK_PREFIX = "_work-"


def dts_files(articles: list[tuple[str, etree._Element]], edition: Mapping[str, str],
              works: Mapping[str, str | None], downloads: Mapping[str, Mapping[str, str]]) -> Files:
    """Every file of the ``dts/`` folder, by path inside it, for the articles (id and TEI) in
    catalog order. ``works`` names each article's work (None: the article is a work of its
    own, straight under the edition); ``downloads`` are each article's site downloads by label,
    relative to its folder (:func:`pipeline.render.downloads`)."""
    api = Api(urlsplit(edition.get("base_url", "")).path.rstrip("/") + "/dts")
    resources = {article_id: api.resource(article_id, root, downloads.get(article_id, {}))
                 for article_id, root in articles}
    groups: dict[str | None, list[str]] = {}
    for article_id, _ in articles:
        groups.setdefault(works.get(article_id), []).append(article_id)
    top = [api.collection_stub(WORK_PREFIX + work, work, len(members), resources[members[0]])
           for work, members in groups.items() if work is not None]
    top += [resources[article_id] for article_id in groups.get(None, [])]
    files: Files = {"index.json": _dump(api.entry()),
                    "collection.json": _dump(api.collection(ROOT_ID, edition.get("title", ""), 0, top))}
    for work, members in groups.items():
        if work is not None:
            collection_id = WORK_PREFIX + work
            files[f"collection/{collection_id}.json"] = _dump(api.collection(
                collection_id, work, 1, [resources[member] for member in members]))
    for article_id, root in articles:
        resource = resources[article_id]
        files[f"collection/{article_id}.json"] = _dump(_top(resource))
        units = citable_units(root)
        files |= api.navigation(resource, units)
        files[f"document/{article_id}.xml"] = whole(root)
        files |= _documents(article_id, root, units)
    return files


class Api:
    """The URI templates of one edition's DTS folder (``base``: its path on the host)."""

    def __init__(self, base: str):
        self.base = base

    def entry(self) -> dict:
        return {"@context": CONTEXT, "dtsVersion": VERSION, "@id": f"{self.base}/index.json", "@type": "EntryPoint",
                "collection": f"{self.base}/collection{{/id}}.json",
                "navigation": f"{self.base}/navigation/{{resource}}{{;down}}{{/ref}}.json",
                "document": f"{self.base}/document/{{resource}}{{/ref,start,end}}.xml"}

    def collection(self, collection_id: str, title: str, parents: int, members: list[dict]) -> dict:
        return {"@context": CONTEXT, "dtsVersion": VERSION, "@id": collection_id, "@type": "Collection",
                "title": title, "totalParents": parents, "totalChildren": len(members),
                "collection": f"{self.base}/collection{{/id}}.json", "member": members}

    def collection_stub(self, collection_id: str, title: str, children: int, first: dict) -> dict:
        """A work as a member of the edition: its own file lists its witnesses."""
        return {"@id": collection_id, "@type": "Collection", "title": title, "totalParents": 1,
                "totalChildren": children, "collection": f"{self.base}/collection/{collection_id}.json",
                "dublinCore": {"title": [{"lang": first["dublinCore"]["language"][0], "value": title}]}}

    def resource(self, article_id: str, root: etree._Element, downloads: Mapping[str, str]) -> dict:
        meta = read_meta(root)
        lang = root.get(XML_LANG, "zh")
        dublin_core = {"title": [{"lang": lang, "value": meta["title"]}], "language": [lang],
                       "creator": [{"lang": lang, "value": "维基百科编者"}, {"lang": "en", "value": "Wikipedia contributors"}],
                       "publisher": [meta["publisher"]] if meta["publisher"] else [],
                       "rights": [meta["licence_url"] or meta["licence"]],
                       "source": [meta["source"]] if meta["source"] else [],
                       "date": meta["date"], "type": ["Text"]}
        site = self.base.removesuffix("/dts")
        return {"@id": article_id, "@type": "Resource", "title": meta["title"], "totalParents": 1, "totalChildren": 0,
                "dublinCore": {key: value for key, value in dublin_core.items() if value},
                "collection": f"{self.base}/collection/{article_id}.json",
                "navigation": f"{self.base}/navigation/{article_id}{{;down}}{{/ref}}.json",
                "document": f"{self.base}/document/{article_id}{{/ref,start,end}}.xml",
                "download": {MEDIA_TYPES[label]: f"{site}/{article_id}/{name}"
                             for label, name in downloads.items() if label in MEDIA_TYPES},
                "mediaTypes": ["application/tei+xml"],
                "citationTrees": [{"@type": "CitationTree", "citeStructure": cite_structure(citable_units(root))}]}

    def navigation(self, resource: dict, units: list[Unit]) -> Files:
        """The Navigation answers: the top level and the whole tree (``down`` 1 and -1), and for
        each unit the unit alone, it with its children and it with all below it."""
        article_id = resource["@id"]
        shown = {"@id", "@type", "collection", "navigation", "document", "citationTrees"}
        about = {key: value for key, value in resource.items() if key in shown}
        children: dict[str | None, list[Unit]] = {}
        for unit in units:
            children.setdefault(unit.parent, []).append(unit)

        def below(identifier: str | None, depth: int) -> list[dict]:
            found = []
            for unit in children.get(identifier, []):
                found.append(_citable(unit))
                if depth != 1:
                    found += below(unit.identifier, depth - 1)
            return found

        def answer(name: str, **fields) -> tuple[str, bytes]:
            return name, _dump({"@context": CONTEXT, "dtsVersion": VERSION, "@type": "Navigation",
                                "@id": f"{self.base}/navigation/{name}", "resource": about} | fields)

        files = dict([answer(f"{article_id};down=1.json", member=below(None, 1)),
                      answer(f"{article_id};down=-1.json", member=below(None, -1))])
        for unit in units:
            ref = _citable(unit)
            files |= dict([answer(f"{article_id}/{unit.identifier}.json", ref=ref),
                           answer(f"{article_id};down=1/{unit.identifier}.json", ref=ref,
                                  member=[ref, *below(unit.identifier, 1)]),
                           answer(f"{article_id};down=-1/{unit.identifier}.json", ref=ref,
                                  member=[ref, *below(unit.identifier, -1)])])
        return {f"navigation/{name}": data for name, data in files.items()}


def _documents(article_id: str, root: etree._Element, units: list[Unit]) -> Files:
    """The Document answers by reference (each unit) and by range (consecutive units under one
    parent, up to :data:`RANGE_SPAN`)."""
    files = {f"document/{article_id}/{unit.identifier}.xml": passage(root, [unit.element], ref=unit.identifier)
             for unit in units}
    siblings: dict[str | None, list[Unit]] = {}
    for unit in units:
        siblings.setdefault(unit.parent, []).append(unit)
    for run in _paragraph_runs(siblings.values()):
        for first, start in enumerate(run):
            for last in range(first + 1, min(first + RANGE_SPAN, len(run))):
                end = run[last]
                files[f"document/{article_id}/{start.identifier}/{end.identifier}.xml"] = passage(
                    root, [unit.element for unit in run[first:last + 1]], start=start.identifier, end=end.identifier)
    return files


def _paragraph_runs(sibling_lists) -> list[list[Unit]]:
    """The runs of consecutive non-section units among siblings: a range spans paragraphs (and
    the other blocks) of one section, never whole sections, whose files would repeat the text
    of every section they hold."""
    runs: list[list[Unit]] = []
    for siblings in sibling_lists:
        runs.append([])
        for unit in siblings:
            if unit.cite_type == "section":
                runs.append([])
            else:
                runs[-1].append(unit)
    return [run for run in runs if len(run) > 1]


def _citable(unit: Unit) -> dict:
    """A unit as a DTS ``CitableUnit``; a section's heading is its Dublin Core title."""
    found = {"identifier": unit.identifier, "@type": "CitableUnit", "level": unit.level, "parent": unit.parent,
             "citeType": unit.cite_type}
    title = heading(unit) if unit.cite_type == "section" else ""
    if title:
        found["dublinCore"] = {"title": [{"lang": unit.element.getroottree().getroot().get(XML_LANG, "zh"),
                                          "value": title}]}
    return found


def _top(resource: dict) -> dict:
    """A resource's own Collection answer: the same object, framed as a top-level response."""
    return {"@context": CONTEXT, "dtsVersion": VERSION} | resource


def _dump(value: dict) -> bytes:
    """Compact JSON (thousands of files), keys in the order written (the spec's), Chinese unescaped."""
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
