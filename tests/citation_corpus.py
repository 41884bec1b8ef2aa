"""The span-labelled citation corpus (format ``citation-labels/1``): checking its files.

The corpus (``tests/data/citation-corpus/labels/ARTICLE.jsonl``, one file per article so that
labellers never edit the same file) is the training and test truth of the learned citation
parser; ``docs/citation-labels.md`` is its guide. A label is worth only as much as its quote, so
every line is checked against the article it came from: its ``text``, ``links`` and ``italics``
must be what :mod:`tests.note_corpus` extracts from the stored Markdown, every span must lie in
the text and name a known field, the spans of one record must not overlap, and every filled
note of a labelled article, and every filled item under a heading it labels, must be labelled.
The format's field list and its reading live in :mod:`pipeline.citations.corpus` (training reads
the corpus through it); the checks live beside the tests because the text truth is established
here, through Pandoc, and no build ever reads label files.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from pipeline.citations.corpus import FIELDS, FORMAT, KINDS, load  # noqa: F401  (load: re-exported for the tools)
from pipeline.citations.corpus import label_files as corpus_label_files
from tests.conftest import DATA
from tests.note_corpus import NoteInput, article_notes, article_path, article_source_list

CORPUS = DATA / "citation-corpus"
LABELS_DIR = CORPUS / "labels"

#: Fields whose ``value`` is checked for shape when given.
DATE_VALUE = re.compile(r"-?\d{1,4}(-\d{2}(-\d{2})?)?(/-?\d{1,4}(-\d{2}(-\d{2})?)?)?")
LANGUAGE = re.compile(r"[a-z]{2,3}")
LINE_KEYS = ("format", "id", "source", "where", "text", "links", "italics", "explanatory", "records", "spans")
RECORD_KEYS = ("kind", "language", "work", "links", "fields")


def label_files() -> list[Path]:
    return corpus_label_files(LABELS_DIR)


@lru_cache(maxsize=None)
def _notes(source: str) -> dict[int, NoteInput]:
    return article_notes(article_path(source))


@lru_cache(maxsize=None)
def _items(source: str, heading: str) -> tuple[NoteInput, ...]:
    return tuple(article_source_list(article_path(source), heading))


def extract(source: str, where: str) -> NoteInput | None:
    """The string at ``where`` (``note N`` or ``HEADING N``) of the article file ``source``."""
    kind, _, number = where.rpartition(" ")
    if kind == "note":
        return _notes(source).get(int(number))
    items = _items(source, kind)
    return items[int(number) - 1] if 0 < int(number) <= len(items) else None


def _check_span(entry, text: str, where: str, allowed=FIELDS) -> list[str]:
    if not isinstance(entry, list) or len(entry) not in (3, 4):
        return [f"{where}: a span is [field, start, end] or [field, start, end, value]: {entry!r}"]
    name, start, end = entry[:3]
    errors = []
    if name not in allowed:
        errors.append(f"{where}: unknown field {name!r}")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        return errors + [f"{where}: span {entry!r} is not inside the text ({len(text)} characters)"]
    quoted = text[start:end]
    if quoted != quoted.strip():
        errors.append(f"{where}: span {name} {quoted!r} starts or ends with white space")
    if len(entry) == 4:
        value = entry[3]
        if not isinstance(value, str) or not value or value == quoted:
            errors.append(f"{where}: the value of {name} {quoted!r} must be a non-empty string that differs from the text")
        elif name in ("date", "accessed") and not DATE_VALUE.fullmatch(value):
            errors.append(f"{where}: {name} value {value!r} is not an ISO date (YYYY, YYYY-MM, YYYY-MM-DD, A/B)")
    return errors


def _overlaps(spans: list) -> list[tuple]:
    ordered = sorted((s[1], s[2], s[0]) for s in spans if isinstance(s, list) and len(s) >= 3)
    return [(a, b) for a, b in zip(ordered, ordered[1:]) if b[0] < a[1]]


def check_record(record: dict, line: dict, where: str) -> list[str]:
    errors = [f"{where}: unknown record key {key!r}" for key in record if key not in RECORD_KEYS]
    if record.get("kind") is not None and record.get("kind") not in KINDS:
        errors.append(f"{where}: unknown kind {record.get('kind')!r}")
    language = record.get("language")
    if language is not None and not (isinstance(language, str) and LANGUAGE.fullmatch(language)):
        errors.append(f"{where}: language {language!r} is not an ISO 639 code")
    if "work" not in record or not (record["work"] is None or isinstance(record["work"], str)):
        errors.append(f"{where}: work must be given, a string or null")
    for index in record.get("links", []):
        if not (isinstance(index, int) and 0 <= index < len(line["links"])):
            errors.append(f"{where}: link {index!r} is not an index into the string's links")
    fields = record.get("fields", [])
    if not fields and not record.get("links"):
        errors.append(f"{where}: a record has at least one span or link")
    for entry in fields:
        errors += _check_span(entry, line["text"], where)
    errors += [f"{where}: spans overlap: {a} and {b}" for a, b in _overlaps(fields)]
    return errors


def check_line(line: dict, found: NoteInput | None) -> list[str]:
    """Every error of one label line; ``found`` is what the article holds at its ``where``."""
    where = line.get("id", "?")
    errors = [f"{where}: unknown key {key!r}" for key in line if key not in LINE_KEYS]
    missing = [key for key in LINE_KEYS if key not in line and key != "spans"]
    if missing:
        return errors + [f"{where}: missing keys {missing}"]
    if line["format"] != FORMAT:
        errors.append(f"{where}: format {line['format']!r} is not {FORMAT!r}")
    if found is None:
        return errors + [f"{where}: {line['source']} has no filled {line['where']}"]
    if (found.text, [list(link) for link in found.links], list(found.italics)) != (
            line["text"], line["links"], line["italics"]):
        errors.append(f"{where}: text, links or italics differ from what the article holds")
    if not isinstance(line["explanatory"], bool):
        errors.append(f"{where}: explanatory must be true or false")
    for entry in line.get("spans", []):
        errors += _check_span(entry, line["text"], where, allowed=("note",))
    for number, record in enumerate(line["records"], 1):
        errors += check_record(record, line, f"{where} record {number}")
    shared = Counter((s[1], s[2]) for r in line["records"] for s in r.get("fields", []) if isinstance(s, list))
    outside = [s for s in line.get("spans", []) if isinstance(s, list) and len(s) >= 3 and shared[(s[1], s[2])]]
    errors += [f"{where}: string-level span {s!r} is also a record's span" for s in outside]
    if not line["records"] and not line.get("spans"):
        errors.append(f"{where}: a string with no record labels its text as note spans")
    return errors


def check_file(path: Path) -> list[str]:
    """Every error of one label file, the completeness of its notes included."""
    lines = load(path)
    errors = []
    ids = Counter(line.get("id") for line in lines)
    errors += [f"{path.name}: id {key} appears {n} times" for key, n in ids.items() if n > 1]
    for line in lines:
        source, where = line.get("source"), line.get("where")
        found = extract(source, where) if source and where else None
        errors += check_line(line, found)
    for source in sorted({line.get("source") for line in lines if line.get("source")}):
        labelled = {line["where"] for line in lines if line.get("source") == source}
        filled = {f"note {n}" for n, note in _notes(source).items() if note.text}
        for heading in {where.rpartition(" ")[0] for where in labelled} - {"note"}:
            filled |= {f"{heading} {n}" for n, item in enumerate(_items(source, heading), 1) if item.text}
        errors += [f"{path.name}: filled {w} of {source} is not labelled" for w in sorted(filled - labelled)]
    return errors


def quote(line: dict, entry: list) -> str:
    """The text a span covers."""
    return line["text"][entry[1]:entry[2]]
