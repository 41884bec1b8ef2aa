"""The labelled citation corpus (format ``citation-labels/1``) read into gold tagged notes.

The learned citation parser is trained and scored on hand-labelled strings of real articles
(``tests/data/citation-corpus/labels/ARTICLE.jsonl``; the guide is ``docs/citation-labels.md``).
This module is the one place that knows the format: its field and kind lists (the checks in
``tests/citation_corpus.py`` and the labeller's features take them from here, so a field added to
the guide is added once) and how a line becomes a :class:`~pipeline.citations.spans.TaggedNote`
plus each record's gold kind, language and work. The pipeline reads it only to train
(``edition citations train``) and to measure, never while building an edition.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.citations.spans import FieldSpan, RecordSpans, TaggedNote

FORMAT = "citation-labels/1"
#: The corpus of the repository the package was checked out from (training is a developer's task).
CORPUS = Path(__file__).resolve().parents[2] / "tests" / "data" / "citation-corpus"
LABELS_DIR = CORPUS / "labels"

NAME_FIELDS = ("author", "editor", "translator", "contributor", "container-author")
#: Every field a span may carry (docs/citation-labels.md, "Fields").
FIELDS = NAME_FIELDS + (
    "role", "title", "parallel-title", "volume-title", "container", "series", "edition", "volume", "part", "issue",
    "pages", "locator", "number", "publisher", "place", "date", "accessed", "url", "doi", "isbn",
    "issn", "type", "ibid", "note")
KINDS = ("book", "chapter", "journal-article", "newspaper-article", "web-page", "report", "thesis",
         "conference-paper", "archival-document", "video", "map", "dictionary-entry")


@dataclass(frozen=True)
class GoldRecord:
    """What the labels say of one record beyond its spans; ``values`` runs beside its fields."""
    kind: str | None
    language: str | None
    work: str | None
    links: tuple[int, ...]
    values: tuple[str | None, ...]


@dataclass(frozen=True)
class GoldString:
    """One labelled string: where it comes from, its tagged truth and its records' facts."""
    id: str
    article: str
    links: tuple[tuple[str, str], ...]
    italics: tuple[str, ...]
    explanatory: bool
    tagged: TaggedNote
    records: tuple[GoldRecord, ...]


def load(path: Path) -> list[dict]:
    """The label lines of one file, in file order."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def label_files(labels: Path = LABELS_DIR) -> list[Path]:
    """The label files, sorted by name so that whatever reads them reads them in one order."""
    return sorted(labels.glob("*.jsonl"))


def gold_string(line: dict) -> GoldString:
    """One label line as a gold string (spans in text order within each record)."""
    records, gold = [], []
    for record in line["records"]:
        entries = sorted(record.get("fields", []), key=lambda entry: (entry[1], entry[2]))
        records.append(RecordSpans(tuple(FieldSpan(entry[0], entry[1], entry[2]) for entry in entries)))
        gold.append(GoldRecord(record.get("kind"), record.get("language"), record.get("work"),
                               tuple(record.get("links", ())),
                               tuple(entry[3] if len(entry) > 3 else None for entry in entries)))
    prose = tuple(FieldSpan("note", start, end) for _, start, end, *_ in sorted(line.get("spans", []), key=lambda s: s[1]))
    return GoldString(line["id"], line["id"].split("/")[0], tuple(tuple(link) for link in line["links"]),
                      tuple(line["italics"]), line["explanatory"],
                      TaggedNote(line["text"], tuple(records), prose), tuple(gold))


def gold_strings(labels: Path = LABELS_DIR, exclude: tuple[str, ...] = ()) -> list[GoldString]:
    """Every labelled string of the corpus, file by file, leaving out the articles named."""
    return [gold_string(line) for path in label_files(labels) if path.stem not in exclude for line in load(path)]
