"""TEI namespace, element builders, header assembly, serialisation, reading a user's XML safely.

Everything that knows what a whole TEI document of this project looks like lives here, so that
readers only build a body and back matter, transforms only edit a tree, and writers only read one.
"""
from __future__ import annotations

import os
import re
from copy import deepcopy
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from lxml import etree

from pipeline.errors import EditionError, Problem

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {None: TEI_NS}
NS = {"tei": TEI_NS}
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
PIPELINE_RESP = "#pipeline"


def tag(name: str) -> str:
    """Clark name of a TEI element."""
    return f"{{{TEI_NS}}}{name}"


def el(name: str, text: str | None = None, /, **attrs: str) -> etree._Element:
    """A new TEI element; ``xml_id``/``xml_lang`` keywords become ``xml:id``/``xml:lang``."""
    element = etree.Element(tag(name), nsmap=NSMAP)
    _set_attrs(element, attrs)
    if text is not None:
        element.text = text
    return element


def sub(parent: etree._Element, name: str, text: str | None = None, /, **attrs: str) -> etree._Element:
    """A new TEI child appended to ``parent``."""
    element = etree.SubElement(parent, tag(name))
    _set_attrs(element, attrs)
    if text is not None:
        element.text = text
    return element


def _set_attrs(element: etree._Element, attrs: dict[str, str]) -> None:
    for key, value in attrs.items():
        if value is None:
            continue
        if key == "xml_id":
            key = XML_ID
        elif key == "xml_lang":
            key = XML_LANG
        element.set(key.rstrip("_"), value)


@dataclass
class SourceMeta:
    """What the header says about an article: from the catalog, or from the command line."""

    id: str
    title: str
    lang: str
    format: str
    file: str
    source: str = ""
    # the licence of the source, then what the catalog's [edition] table says of the edition
    licence: str = "CC BY-SA 4.0"
    licence_url: str = "https://creativecommons.org/licenses/by-sa/4.0/"
    edition_title: str = ""
    publisher: str = ""
    date: str = ""
    # the source's revision (a Wikipedia oldid or timestamp) and the day it was retrieved, when known
    revision: str = ""
    retrieved: str = ""


@dataclass(frozen=True)
class Change:
    """One entry of the header's ``revisionDesc``: what this build changed, in words."""

    type: str
    text: str
    target: str = ""
    n: str = ""
    when: str = ""


@dataclass
class HeaderExtras:
    """Header content that transforms contribute: summaries, normalisations and changes."""

    normalisations: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    summaries: dict[str, dict[str, int]] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)


FORMAT_NAMES = {
    "wiki-markdown": "Markdown converted from MediaWiki wikitext",
    "plain-text": "plain text dump of the rendered article",
}
#: the source's authors, in the script of the article and in English
AUTHORS = {"zh-Hans": "维基百科编者", "zh-Hant": "維基百科編者", "en": "Wikipedia contributors"}


def assemble(meta: SourceMeta, body: etree._Element, back: etree._Element,
             front: etree._Element | None = None) -> etree._Element:
    """A whole ``<TEI>`` document around a reader's body, back and front."""
    root = el("TEI", xml_id=meta.id, xml_lang=meta.lang)
    root.append(build_header(meta))
    text = sub(root, "text")
    if front is not None and len(front):
        text.append(front)
    text.append(body)
    if len(back):
        text.append(back)
    return root


def build_header(meta: SourceMeta) -> etree._Element:
    """The ``teiHeader``: title, authors and editors, publication, source description, encoding,
    profile and the build's revisions."""
    header = el("teiHeader")
    file_desc = sub(header, "fileDesc")
    title_stmt = sub(file_desc, "titleStmt")
    sub(title_stmt, "title", meta.title, type="main")
    _author(title_stmt, meta.lang)
    resp = sub(title_stmt, "respStmt", xml_id="pipeline")
    sub(resp, "resp", "conversion, normalisation and editorial annotation")
    sub(resp, "name", "edition pipeline")
    if meta.publisher:
        editors = sub(title_stmt, "respStmt")
        sub(editors, "resp", "edition")
        sub(editors, "orgName", meta.publisher)
    pub = sub(file_desc, "publicationStmt")
    sub(pub, "publisher", meta.publisher or "edition pipeline")
    availability = sub(pub, "availability", status="free")
    sub(availability, "licence", meta.licence, target=meta.licence_url)
    if meta.date:
        sub(pub, "date", meta.date, when=meta.date)
    file_desc.append(_source_desc(meta))
    encoding = sub(header, "encodingDesc")
    decl = sub(encoding, "editorialDecl")
    sub(decl, "p", "The text is transcribed from the source file without omission; what the "
                   "pipeline adds is marked with resp=\"#pipeline\" or type=\"editorial\".")
    refs = sub(encoding, "refsDecl")
    for unit, match in CITE_STRUCTURE:
        sub(refs, "citeStructure", unit=unit, match=match, use="@xml:id")
    profile = sub(header, "profileDesc")
    lang_usage = sub(profile, "langUsage")
    sub(lang_usage, "language", LANGUAGE_NAMES.get(meta.lang, meta.lang), ident=meta.lang)
    return header


def _author(parent: etree._Element, lang: str) -> None:
    """An ``author``: Wikipedia's contributors, named in the article's script and in English."""
    author = sub(parent, "author")
    for name_lang in dict.fromkeys((lang, "en")):
        if name_lang in AUTHORS:
            sub(author, "name", AUTHORS[name_lang], xml_lang=name_lang)


def _source_desc(meta: SourceMeta) -> etree._Element:
    """The ``sourceDesc``: the Wikipedia article, its address, revision, retrieval day and licence."""
    source_desc = el("sourceDesc")
    bibl = sub(source_desc, "bibl")
    _author(bibl, meta.lang)
    sub(bibl, "title", meta.title)
    sub(bibl, "publisher", "Wikipedia")
    if meta.source:
        sub(bibl, "ref", meta.source, target=meta.source)
    if meta.revision:
        sub(bibl, "idno", meta.revision, type="revision")
    if meta.retrieved:
        sub(bibl, "date", meta.retrieved, when=meta.retrieved, type="retrieved")
    sub(bibl, "idno", meta.file, type="file")
    sub(bibl, "note", FORMAT_NAMES.get(meta.format, meta.format), type="format")
    sub(sub(bibl, "availability"), "licence", meta.licence, target=meta.licence_url)
    return source_desc


#: The edition's citation scheme, written to every header's ``refsDecl``: the sections and the
#: citable blocks of the body, each cited by its stable ``xml:id`` alone (not joined to its
#: section's, as a nested ``citeStructure`` would be), so that a reference (DTS's, a scholar's)
#: survives a block moving to another section; a unit's place in the tree is where its element
#: stands. Paths are in the TEI namespace, as ``citeStructure/@match`` reads them.
CITE_STRUCTURE = (
    ("section", "/TEI/text/body//div[@type='section']"),
    ("paragraph", "/TEI/text/body//*[self::p or self::head or self::item or self::figure or self::table"
                  " or self::quote or self::ab or self::note][@xml:id]"),
)


LANGUAGE_NAMES = {
    "zh-Hans": "Chinese (simplified script)",
    "zh-Hant": "Chinese (traditional script)",
}


def add_header_extras(root: etree._Element, extras: HeaderExtras) -> None:
    """Record normalisations, keywords, per-stage summaries (``extent/measure``) and the build's
    changes (``revisionDesc``) in the header."""
    header = root.find(tag("teiHeader"))
    decl = header.find(f"{tag('encodingDesc')}/{tag('editorialDecl')}")
    for sentence in extras.normalisations:
        sub(decl, "p", sentence)
    if extras.summaries:
        extent = el("extent")
        header.find(f"{tag('fileDesc')}/{tag('titleStmt')}").addnext(extent)
        for stage, counts in sorted(extras.summaries.items()):
            for key, value in counts.items():
                sub(extent, "measure", str(value), type=stage, unit=key, quantity=str(value))
    if extras.keywords:
        profile = header.find(tag("profileDesc"))
        keywords = sub(sub(profile, "textClass"), "keywords", scheme="https://zh.wikipedia.org/wiki/Category:")
        for word in extras.keywords:
            sub(keywords, "term", word)
    if extras.changes:
        history = sub(header, "revisionDesc")
        for change in extras.changes:
            sub(history, "change", change.text, type=change.type, who=PIPELINE_RESP, when=change.when or None,
                target=change.target or None, n=change.n or None)


def header_summaries(root: etree._Element) -> dict[str, dict[str, str]]:
    """The per-stage counts that :func:`add_header_extras` recorded, read back from a header."""
    result: dict[str, dict[str, str]] = {}
    for measure in root.xpath("/tei:TEI/tei:teiHeader/tei:fileDesc/tei:extent/tei:measure[@type]", namespaces=NS):
        result.setdefault(measure.get("type"), {})[measure.get("unit", "")] = "".join(measure.itertext())
    return result


STRUCTURAL = frozenset(tag(name) for name in (
    "TEI", "teiHeader", "fileDesc", "titleStmt", "publicationStmt", "sourceDesc", "encodingDesc",
    "editorialDecl", "profileDesc", "langUsage", "extent", "textClass", "keywords", "revisionDesc", "respStmt",
    "availability", "text", "front", "body", "back", "div", "listBibl", "list", "table", "row",
    "figure", "standOff", "listAnnotation", "annotation", "biblStruct", "analytic", "monogr", "imprint", "linkGrp"))


def serialize(root: etree._Element) -> bytes:
    """Canonical bytes of a TEI document: UTF-8, XML declaration, one block per line.

    Only structural containers whose content is elements alone are indented, so no whitespace is
    ever added to text (libxml2's pretty printer would add it between inline elements of a
    paragraph that happens to start with an element). The caller's tree is left as it was.
    """
    copy = deepcopy(root)
    _indent(copy, 0)
    return etree.tostring(etree.ElementTree(copy), xml_declaration=True, encoding="UTF-8") + b"\n"


def _indent(element: etree._Element, depth: int) -> None:
    children = [child for child in element if isinstance(child.tag, str)]
    element_only = (element.tag in STRUCTURAL and not (element.text or "").strip()
                    and all(not (child.tail or "").strip() for child in element)
                    and len(children) == len(element))
    if element_only and children:
        element.text = "\n" + "  " * (depth + 1)
        for child in children:
            child.tail = "\n" + "  " * (depth + 1)
        children[-1].tail = "\n" + "  " * depth
    for child in children:
        _indent(child, depth + 1)


USER_XML_PARSER = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True,
                       remove_blank_text=False)
"""How every XML file a user supplies is parsed: no entity expanded, no DTD loaded, nothing fetched."""
XINCLUDE_NAMESPACES = ("http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude")


def parse_user_xml(path: Path) -> etree._ElementTree:
    """Parse XML a user supplied, with entities and network off; errors name file and line.

    What another reader of the file would fetch (the external DTD a DOCTYPE names, an XInclude)
    is refused too (:func:`refuse_fetches`): the tree is the only form of the file any tool sees."""
    parser = etree.XMLParser(**USER_XML_PARSER)
    try:
        tree = etree.parse(str(path), parser)
    except OSError as exc:
        raise EditionError.at(path, f"cannot read: {exc.strerror or exc}") from None
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else None
        duplicate = re.match(r"ID (\S+) already defined", exc.msg or "")
        message = (f"duplicate xml:id '{duplicate.group(1)}'" if duplicate else f"not well-formed XML: {exc.msg}")
        raise EditionError.at(path, message, line, status=1) from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        names = ", ".join(sorted(entity.name for entity in dtd.iterentities()))
        raise EditionError.at(path, f"entity declarations are not accepted ({names}): an edition's XML "
                                    "must not expand external or nested entities", 1, status=1)
    refuse_fetches(tree, path)
    return tree


def refuse_fetches(tree: etree._ElementTree, path: Path) -> None:
    """Refuse a document that names something to fetch: an external DTD (a DOCTYPE with a SYSTEM or
    PUBLIC id) or an XInclude. lxml fetches neither (:data:`USER_XML_PARSER`), but jing would, and
    its Debian wrapper turns XInclude on: an edition's XML stands on its own."""
    problems = []
    info = tree.docinfo
    if info.system_url or info.public_id:
        problems.append(Problem(str(path), f"external DTD refused ({info.doctype}): an edition's XML is checked "
                                           "against the project's schemas, never against a DTD it names; delete "
                                           "the DOCTYPE", line_in_file(path, b"<!DOCTYPE")))
    for element in tree.getroot().iter(*(f"{{{namespace}}}*" for namespace in XINCLUDE_NAMESPACES)):
        name = f"{element.prefix}:{etree.QName(element).localname}" if element.prefix else etree.QName(element).localname
        problems.append(Problem(str(path), f'XInclude refused (<{name} href="{element.get("href", "")}">): an '
                                           "edition's XML never includes other files; copy the text in",
                                element.sourceline))
    if problems:
        raise EditionError(problems, status=1)


def line_in_file(path: Path, *needles: bytes) -> int | None:
    """The line of the first of ``needles`` found in the file's bytes (None if none is)."""
    raw = Path(path).read_bytes()
    for needle in needles:
        position = raw.find(needle)
        if position >= 0:
            return raw.count(b"\n", 0, position) + 1
    return None


SCHEMAS = Path(files("pipeline") / "schemas")
"""The RelaxNG schemas shipped with the package (package data, ``pipeline/schemas/``; a wheel
installs them as plain files, which jing needs)."""
TEI_ALL = SCHEMAS / "tei_all.rng"
"""TEI P5 ``tei_all`` (TEI 4.3.0), what every TEI document of an edition is valid against."""
ANNOTATION_SCHEMA = SCHEMAS / "annotations.rng"
"""The format of a scholar's annotation file (``tei/annotations/ARTICLE-ID.xml``)."""


#: A JVM that lives a second or two spends most of its CPU in the optimising (C2) compiler; with
#: the quick one (C1) only, jing and epubcheck take half the CPU time.
SHORT_JVM_OPTIONS = "-XX:TieredStopAtLevel=1"


def short_jvm_env() -> dict[str, str]:
    """The environment for a short-lived Java tool: ours, with :data:`SHORT_JVM_OPTIONS` added to
    ``JAVA_TOOL_OPTIONS`` (the JVM then notes the options on stderr, which no caller reads)."""
    options = os.environ.get("JAVA_TOOL_OPTIONS", "")
    if SHORT_JVM_OPTIONS not in options.split():
        options = f"{options} {SHORT_JVM_OPTIONS}".strip()
    return {**os.environ, "JAVA_TOOL_OPTIONS": options}


def load_tei(path: Path) -> etree._Element:
    """A hand-supplied TEI document, checked enough that the writers can render it.

    The full judge is ``edition validate`` (TEI P5 with jing, :mod:`pipeline.jing`); here the checks are the ones
    whose failure would make an edition silently wrong: the root, a body, unique ``xml:id``s.
    """
    root = parse_user_xml(path).getroot()
    if root.tag != tag("TEI"):
        raise EditionError.at(path, f"not a TEI document: root element is <{etree.QName(root).localname}>, "
                                    "expected <TEI> in the TEI namespace", root.sourceline, status=1)
    if root.find(f"{tag('text')}/{tag('body')}") is None:
        raise EditionError.at(path, "TEI document has no <text>/<body>", root.sourceline, status=1)
    seen: dict[str, int] = {}
    problems = []
    for element in root.iter():
        xml_id = element.get(XML_ID) if isinstance(element.tag, str) else None
        if xml_id is None:
            continue
        if xml_id in seen:
            problems.append(Problem(str(path), f"duplicate xml:id '{xml_id}' (first at line {seen[xml_id]})",
                                    element.sourceline))
        else:
            seen[xml_id] = element.sourceline
    if problems:
        raise EditionError(problems, status=1)
    return root
