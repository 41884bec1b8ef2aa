"""Reading one annotation file and checking everything that can be checked without the edition.

The file is parsed with entities and network off, and any entity declaration is refused outright:
an external entity (XXE) or a nest of entities (billion laughs) is reported, never expanded. Then
the schema (``tei/schema/annotations.rng``), the uniqueness of IDs and the syntax of every target
are checked, and every problem found is reported together, each with file and line.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

from pipeline.annotations.pointers import Pointer, PointerError, parse_targets
from pipeline.errors import EditionError, Problem
from pipeline.tei import NS, XML_ID, parse_user_xml, tag

SCHEMA = Path(__file__).resolve().parents[2] / "tei" / "schema" / "annotations.rng"


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

    @property
    def ids(self) -> dict[str, Annotation]:
        return {annotation.id: annotation for annotation in self.annotations}


def annotation_path(project: Path, article_id: str) -> Path:
    """Where the scholars' annotations of an article live."""
    return project / "tei" / "annotations" / f"{article_id}.xml"


def load_annotation_file(path: Path) -> AnnotationFile:
    """The checked annotations of ``path``, or :class:`EditionError` (status 1) naming every problem."""
    tree = parse_user_xml(path)
    _refuse_entities(tree, path)
    problems = _schema_problems(tree, path)
    annotations, found = _annotations(tree.getroot(), path)
    problems += found
    if problems:
        raise EditionError(sorted(problems, key=lambda p: (p.line or 0, p.message)), status=1)
    return AnnotationFile(path, path.stem, annotations)


def _refuse_entities(tree: etree._ElementTree, path: Path) -> None:
    dtd = tree.docinfo.internalDTD
    entities = list(dtd.iterentities()) if dtd is not None else []
    if not entities:
        return
    raw = Path(path).read_bytes()
    problems = []
    for entity in entities:
        kind = f"external, {entity.system_url}" if entity.system_url else "internal"
        problems.append(Problem(str(path), f"entity declaration '{entity.name}' ({kind}) refused: annotation "
                                           "files may not declare entities; write the characters themselves",
                                _line_of(raw, f"<!ENTITY {entity.name}".encode(), f"% {entity.name}".encode())))
    raise EditionError(problems, status=1)


def _line_of(raw: bytes, *needles: bytes) -> int | None:
    for needle in needles:
        position = raw.find(needle)
        if position >= 0:
            return raw.count(b"\n", 0, position) + 1
    return None


@lru_cache(maxsize=1)
def _schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


def _schema_problems(tree: etree._ElementTree, path: Path) -> list[Problem]:
    schema = _schema()
    if schema.validate(tree):
        return []
    return [Problem(str(path), f"not valid against tei/schema/annotations.rng: {error.message}", error.line)
            for error in schema.error_log]


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
