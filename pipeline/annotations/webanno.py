"""The W3C Web Annotation Data Model, out and in: an edition's annotations as an ``AnnotationCollection``,
and any Web Annotation JSON-LD read into :class:`~pipeline.annotations.incoming.Incoming`.

Out, from the built edition (``tei/ARTICLE.xml``, whose ``<standOff>`` holds the annotations as the
build anchored them: a phrase target is the segs wrapping it, so a phrase the build re-anchored is
exported where it is now). Each target is a ``SpecificResource`` on the article's page, with a
``TextQuoteSelector`` (the phrase and :data:`CONTEXT` characters either side, in the block's text as
the edition shows it, :mod:`pipeline.visible`) and a ``FragmentSelector`` naming the block: the
page's URL and that fragment are the block's permalink (:func:`pipeline.cite.block_url`), so a
Web Annotation client finds the passage by either. TEI's motivations are the W3C ones, word for
word. In, anything the model allows: one ``Annotation``, a list, or a collection with its pages
embedded (``first``, ``next``, ``items``); nothing is ever fetched.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator

from lxml import etree
from lxml import html as lxml_html

from pipeline.annotations.incoming import Incoming, day, objects, quotes_of, texts
from pipeline.cite import block_url
from pipeline.targets import ANCHOR_PREFIX, parse_anchor_seg_id
from pipeline.tei import NS, XML_ID, XML_LANG, tag
from pipeline.visible import VisibleText

CONTEXT = 32
"""Characters of prefix and suffix around an exported quote."""
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
FRAGMENT_SPEC = "http://tools.ietf.org/rfc/rfc3987"
MOTIVATIONS = frozenset({"assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
                         "highlighting", "identifying", "linking", "moderating", "questioning", "replying",
                         "tagging"})
_LANGUAGE = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
"""A BCP 47 tag's shape: a body's language is kept only if ``xml:lang`` can hold it."""
_AGENTS = {"persName": "Person", "name": "Person", "orgName": "Organization"}


def page_url(base_url: str, article: str) -> str:
    """The article's page in the HTML edition: its blocks' permalinks without the fragment."""
    return block_url(base_url, article, "").rstrip("#")


def export_collection(edition: etree._Element, article: str, base_url: str) -> str:
    """The annotations merged into ``edition`` as an ``AnnotationCollection`` (JSON-LD text, keys
    sorted, so the same edition always gives the same bytes)."""
    page = page_url(base_url, article)
    lang = edition.get(XML_LANG, "zh-Hans")
    exporter = _Exporter(edition, page, lang)
    items = [exporter.annotation(element) for element in edition.xpath(
        "tei:standOff/tei:listAnnotation[@type='scholarly' or @type='orphaned']/tei:annotation", namespaces=NS)]
    title = "".join(edition.xpath("string(tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title)", namespaces=NS))
    collection = {"@context": ANNO_CONTEXT, "id": f"{page}annotations.jsonld", "type": "AnnotationCollection",
                  "label": title.strip(), "total": len(items),
                  "first": {"type": "AnnotationPage", "startIndex": 0, "items": items}}
    return json.dumps(collection, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


class _Exporter:
    def __init__(self, edition: etree._Element, page: str, lang: str):
        self.page = page
        self.lang = lang
        self.segs = {seg.get(XML_ID): seg for seg in edition.iterfind(".//tei:text//tei:seg[@type='annotated']", NS)}
        self.blocks = {e.get(XML_ID): e for e in edition.xpath(".//tei:text//*[@xml:id]", namespaces=NS)
                       if not e.get(XML_ID).startswith(ANCHOR_PREFIX)}
        self.annotation_ids = set(edition.xpath("tei:standOff//tei:annotation/@xml:id", namespaces=NS))

    def annotation(self, element: etree._Element) -> dict:
        lang = element.get(XML_LANG, self.lang)
        motivations = [word for word in element.get("motivation", "").split() if word in MOTIVATIONS]
        names = [agent for stmt in element.iterfind(tag("respStmt")) for agent in stmt
                 if etree.QName(agent).localname in _AGENTS]
        dates = element.xpath("tei:respStmt/tei:resp/@when", namespaces=NS)
        found: dict = {"id": f"{self.page}#{element.get(XML_ID)}", "type": "Annotation",
                       "body": [self._body(note, lang) for note in element.iterfind(tag("note"))
                                if note.get("type") != "orphaned"],
                       "target": list(self._targets(element.get("target", "")))}
        if motivations:
            found["motivation"] = motivations[0] if len(motivations) == 1 else motivations
        if names:
            creators = [{"type": _AGENTS[etree.QName(agent).localname],
                         "name": " ".join("".join(agent.itertext()).split())} for agent in names]
            found["creator"] = creators[0] if len(creators) == 1 else creators
        if dates:
            found["created"] = min(dates)
        return found

    def _body(self, note: etree._Element, lang: str) -> dict:
        return {"type": "TextualBody", "format": "text/plain", "language": note.get(XML_LANG, lang),
                "value": " ".join("".join(note.itertext()).split())}

    def _targets(self, target: str) -> Iterator[dict | str]:
        """Each pointer of a merged ``@target``: a run of anchor segs (one phrase), a block, another
        annotation (a reply), or the article itself (an orphan: only the page is known)."""
        phrases: dict[int, list[etree._Element]] = {}
        for token in target.split():
            name = token.lstrip("#")
            anchor = parse_anchor_seg_id(name)
            if anchor is not None and name in self.segs:
                phrases.setdefault(anchor[1], []).append(self.segs[name])
            elif name in self.blocks:
                text = VisibleText(self.blocks[name], self.lang).text
                yield self._resource(name, text, 0, len(text))
            elif name in self.annotation_ids:
                yield f"{self.page}#{name}"
            else:
                yield {"type": "SpecificResource", "source": self.page}
        for segs in phrases.values():
            block = _block_of(segs[0])
            text = VisibleText(block, self.lang)
            first, last = text.span_of(segs[0]), text.span_of(segs[-1])
            yield self._resource(block.get(XML_ID), text.text, first[0], last[1])

    def _resource(self, block_id: str, text: str, start: int, end: int) -> dict:
        quote = {"type": "TextQuoteSelector", "exact": text[start:end]}
        if start:
            quote["prefix"] = text[max(0, start - CONTEXT):start]
        if end < len(text):
            quote["suffix"] = text[end:end + CONTEXT]
        return {"type": "SpecificResource", "source": self.page,
                "selector": [quote, {"type": "FragmentSelector", "conformsTo": FRAGMENT_SPEC, "value": block_id}]}


def _block_of(seg: etree._Element) -> etree._Element:
    """The block a seg is in: its nearest ancestor with an ID of the edition's own."""
    node = seg.getparent()
    while node.get(XML_ID) is None or node.get(XML_ID).startswith(ANCHOR_PREFIX):
        node = node.getparent()
    return node


# in -----------------------------------------------------------------------------------------
def read_web_annotations(data: object) -> list[Incoming]:
    """The annotations of a Web Annotation document, in document order."""
    return [_annotation(number, item) for number, item in enumerate(_annotations(data), start=1)]


def _annotations(data: object) -> list[dict]:
    """Every ``Annotation`` object, whether given alone, in a list, or in a collection's or page's
    items (walked with a stack: an export may nest pages deeply)."""
    found, waiting = [], list(reversed(objects(data)))
    while waiting:
        item = waiting.pop()
        kinds = texts(item.get("type"))
        if "Annotation" in kinds or "oa:Annotation" in kinds or ("target" in item and not kinds):
            found.append(item)
            continue
        pages = [*objects(item.get("first")), *objects(item.get("next"))]
        waiting += reversed([*objects(item.get("items")), *pages])
    return found


def _annotation(number: int, item: dict) -> Incoming:
    words = [word.removeprefix("oa:") for word in texts(item.get("motivation"))]
    bodies = objects(item.get("body"))
    tags = [body["value"] for body in bodies if body.get("purpose") == "tagging" and isinstance(body.get("value"), str)]
    values = [_plain(body) for body in bodies if body.get("purpose") != "tagging"]
    values += texts(item.get("bodyValue")) + texts(item.get("body"))
    motivation = next((word for word in words if word in MOTIVATIONS), "tagging" if tags and not values else "commenting")
    creators = [creator.get("name") or creator.get("nickname") for creator in objects(item.get("creator"))]
    creators = [name for name in creators + texts(item.get("creator")) if isinstance(name, str) and name.strip()]
    lang = next((body["language"] for body in bodies if isinstance(body.get("language"), str)
                 and _LANGUAGE.match(body["language"])), None)
    item_id = item.get("id", item.get("@id"))
    return Incoming(number, item_id if isinstance(item_id, str) else None, quotes_of(item.get("target")),
                    "\n".join(value for value in values if value.strip()).strip(), motivation,
                    ", ".join(creators) or None, day(item.get("created")), tags, lang)


def _plain(body: dict) -> str:
    """A textual body's words: HTML reduced to its text; a body given by IRI, the IRI."""
    value = body.get("value")
    if not isinstance(value, str):
        return body.get("id", "") if isinstance(body.get("id"), str) else ""
    if body.get("format") == "text/html" and value.strip():
        return re.sub(r"[ \t]+", " ", lxml_html.fragment_fromstring(value, create_parent="div").text_content())
    return value
