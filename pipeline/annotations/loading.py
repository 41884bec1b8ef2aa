"""Reading one annotation file and checking everything that can be checked without the edition.

The file is parsed with entities and network off, and any entity declaration is refused outright:
an external entity (XXE) or a nest of entities (billion laughs) is reported, never expanded; so are
an external DTD and an XInclude, which jing would fetch (it only ever reads the parsed tree). Then
the schema (``pipeline/schemas/annotations.rng``), the uniqueness of IDs and the syntax of every
target are checked, and every problem found is reported together, each with file and line.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from lxml import etree

from pipeline.errors import EditionError, Problem
from pipeline.targets import Pointer, PointerError, parse_targets
from pipeline.jing import validate_with_jing
from pipeline.tei import ANNOTATION_SCHEMA, NS, USER_XML_PARSER, XML_ID, line_in_file, refuse_fetches, tag


@dataclass
class Annotation:
    """One ``<annotation>`` of a scholar's file, with where it is and what it points at."""

    id: str
    line: int
    pointers: list[Pointer]
    element: etree._Element
    refs: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class AnnotationFile:
    """A checked annotation file: its path, the article it annotates and its annotations in order."""

    path: Path
    article_id: str
    annotations: list[Annotation]

    @cached_property
    def ids(self) -> dict[str, Annotation]:
        """The annotations by ID, made once: anchoring looks up every target's fragment here (made
        per lookup, 100,000 annotations took hours)."""
        return {annotation.id: annotation for annotation in self.annotations}


def load_annotation_file(path: Path) -> AnnotationFile:
    """The checked annotations of ``path``, or :class:`EditionError` (status 1) naming every problem."""
    tree = _parse(path)
    _refuse_entities(tree, path)
    refuse_fetches(tree, path)
    problems = _schema_problems(tree, path)
    annotations, found = _annotations(tree.getroot(), path)
    problems += found
    if problems:
        raise EditionError(sorted(problems, key=lambda p: (p.line or 0, p.message)), status=1)
    return AnnotationFile(path, path.stem, annotations)


def _parse(path: Path) -> etree._ElementTree:
    """Parse with entities and network off, like :func:`pipeline.tei.parse_user_xml`, but let a
    repeated ``xml:id`` through (libxml2 stops at the first), so that every duplicate is reported
    with the rest of the file's problems; any other error is a well-formedness error and stops here."""
    parser = etree.XMLParser(**USER_XML_PARSER, recover=True)
    try:
        tree = etree.parse(str(path), parser)
    except OSError as error:
        raise EditionError.at(path, f"cannot read: {error.strerror or error}") from None
    except etree.XMLSyntaxError as error:
        raise EditionError.at(path, f"not well-formed XML: {error.msg}", error.position[0], status=1) from None
    fatal = [error for error in parser.error_log if error.type_name != "DTD_ID_REDEFINED"]
    if fatal or tree.getroot() is None:
        first = fatal[0] if fatal else None
        raise EditionError.at(path, f"not well-formed XML: {first.message if first else 'no root element'}",
                              first.line if first else None, status=1)
    return tree


def _refuse_entities(tree: etree._ElementTree, path: Path) -> None:
    dtd = tree.docinfo.internalDTD
    entities = list(dtd.iterentities()) if dtd is not None else []
    if not entities:
        return
    problems = []
    for entity in entities:
        kind = f"external, {entity.system_url}" if entity.system_url else "internal"
        problems.append(Problem(str(path), f"entity declaration '{entity.name}' ({kind}) refused: annotation "
                                           "files may not declare entities; write the characters themselves",
                                line_in_file(path, f"<!ENTITY {entity.name}".encode(), f"% {entity.name}".encode())))
    raise EditionError(problems, status=1)


@lru_cache(maxsize=1)
def _schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(ANNOTATION_SCHEMA)))


def _schema_problems(tree: etree._ElementTree, path: Path) -> list[Problem]:
    """Schema errors, worded by jing (it names the attribute or element expected) or, when jing cannot
    run, by libxml2: lxml decides validity in-process, so a valid file never starts a JVM, and an
    invalid one is reported whichever words it."""
    schema = _schema()
    if schema.validate(tree):
        return []
    try:
        found = validate_with_jing(path, ANNOTATION_SCHEMA, tree)
    except EditionError:
        found = []
    found = found or [Problem(str(path), error.message, error.line) for error in schema.error_log]
    return [Problem(problem.file, f"not valid against pipeline/schemas/annotations.rng: {problem.message}",
                    problem.line) for problem in found]


def _annotations(root: etree._Element, path: Path) -> tuple[list[Annotation], list[Problem]]:
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for element in root.iter():
        xml_id = element.get(XML_ID) if isinstance(element.tag, str) else None
        if xml_id is None:
            continue
        if xml_id in first_line:
            problems.append(Problem(str(path), f"duplicate annotation ID '{xml_id}' (first at line "
                                               f"{first_line[xml_id]})", element.sourceline))
        else:
            first_line[xml_id] = element.sourceline
    annotations = []
    for element in root.iterfind(".//tei:standOff//tei:annotation", NS):
        xml_id = element.get(XML_ID)
        if not xml_id:
            continue  # the schema has reported it
        try:
            pointers = parse_targets(element.get("target", ""))
        except PointerError as error:
            problems.append(Problem(str(path), f"annotation '{xml_id}': {error}", element.sourceline))
            continue
        refs = [(ref.get("target"), ref.sourceline) for ref in element.iter(tag("ref")) if ref.get("target")]
        annotations.append(Annotation(xml_id, element.sourceline, pointers, element, refs))
    return annotations, problems
