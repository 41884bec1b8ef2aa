"""BibTeX for an article's works, and the scholar's corrections to it.

Public API (the keys come from :mod:`pipeline.citations.keys`):

- :func:`bibtex_library` / :func:`bibtex_text` build the entries (one per work, fields in a fixed
  order, UTF-8) through bibtexparser 2 and write them.
- :func:`read_corrections` reads ``bibliography/corrections.bib`` (hand-written; never written by
  the build) and :func:`apply_corrections` lets its fields override the generated entries by key;
  an empty value (``note = {}``) removes a field. Malformed input raises
  :class:`~pipeline.errors.EditionError` naming the file and line.
- :func:`correct_record` applies a correction to the record itself, so that the TEI and every
  edition show the corrected work too, not only the ``.bib``.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

import bibtexparser
from bibtexparser import model
from bibtexparser.library import Library
from bibtexparser.middlewares import RemoveEnclosingMiddleware, ResolveStringReferencesMiddleware
from bibtexparser.middlewares.names import split_multiple_persons_names

from pipeline.citations.dates import find_date
from pipeline.citations.keys import assign_keys
from pipeline.citations.lexicon import CJK_CHAR
from pipeline.citations.model import Citation, Name
from pipeline.citations.names import name as parse_name
from pipeline.citations.works import Work
from pipeline.errors import EditionError, Problem

ENTRY_TYPES = {
    "book": "book", "chapter": "incollection", "journal-article": "article",
    "newspaper-article": "article", "web-page": "online", "report": "report", "thesis": "thesis",
}
FIELD_ORDER = (
    "author", "editor", "translator", "title", "booktitle", "journal", "series", "organization",
    "institution", "publisher", "address", "year", "month", "date", "volume", "part", "number",
    "pages", "isbn", "url", "language", "entrysubtype",
)
_TEX_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                 "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _tex(text: str) -> str:
    """Escape the characters TeX treats specially, so every value is balanced and literal."""
    return "".join(_TEX_SPECIALS.get(ch, ch) for ch in text)


def _person(name: Name) -> str:
    if name.organisation:
        return "{" + _tex(name.text) + "}"
    if name.family and name.given and not CJK_CHAR.search(name.text):
        return f"{_tex(name.family)}, {_tex(name.given)}"
    return _tex(name.text)


def _names(names: Sequence[Name]) -> str | None:
    return " and ".join(_person(n) for n in names) or None


def entry_fields(record: Citation) -> dict[str, str]:
    """The BibTeX fields of a record, by name (only those with a value)."""
    values: dict[str, str | None] = {
        "author": _names(record.authors), "editor": _names(record.editors),
        "translator": _names(record.translators), "title": record.title,
        "publisher": record.publisher, "address": record.place, "volume": record.volume,
        "part": record.part, "number": record.issue,
        "pages": record.pages.replace("-", "--") if record.pages else None,
        "isbn": record.isbn, "url": record.url, "language": record.language,
    }
    container = {"chapter": "booktitle", "journal-article": "journal", "newspaper-article": "journal",
                 "web-page": "organization", "book": "series", "report": "series"}.get(record.kind or "")
    if container and record.container:
        values[container] = record.container
    if record.kind == "report":
        values["institution"], values["publisher"] = values.pop("publisher"), None
    if record.kind == "newspaper-article":
        values["entrysubtype"] = "newspaper"
    if record.date:
        values["year"] = str(record.date.year)
        if record.date.month:
            values["month"] = str(record.date.month)
            values["date"] = record.date.iso()
    return {
        name: value if name in ("author", "editor", "translator", "pages", "url") else _tex(value)
        for name in FIELD_ORDER if (value := values.get(name))
    }


def work_entry(work: Work, key: str) -> model.Entry:
    fields = entry_fields(work.record)
    return model.Entry(ENTRY_TYPES.get(work.record.kind or "", "misc"), key,
                       [model.Field(name, value) for name, value in fields.items()])


def bibtex_library(works: Sequence[Work], keys: Sequence[str] | None = None) -> Library:
    keys = list(keys) if keys is not None else assign_keys(works)
    library = Library()
    for work, key in zip(works, keys):
        library.add(work_entry(work, key))
    return library


def write_bibtex(library: Library) -> str:
    """The library as BibTeX text: two-space indent, one blank line between entries. Values are
    not aligned across the file, so that a change to one entry changes no other line."""
    fmt = bibtexparser.BibtexFormat()
    fmt.indent = "  "
    fmt.value_column = 0
    fmt.block_separator = "\n"
    text = bibtexparser.write_string(library, bibtex_format=fmt)
    return text.strip() + "\n" if text.strip() else ""


def bibtex_keys(text: str) -> set[str]:
    """The entry keys of a BibTeX text (a generated ``.bib``)."""
    return {entry.key for entry in bibtexparser.parse_string(text).entries}


def bibtex_text(works: Sequence[Work], corrections: dict[str, "Correction"] | None = None,
                keys: Sequence[str] | None = None) -> str:
    """The article's ``.bib`` text: one entry per work, corrections applied."""
    library = bibtex_library(works, keys)
    if corrections:
        library, _ = apply_corrections(library, corrections)
    return write_bibtex(library)


# -- corrections ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Correction:
    """A hand-written entry of ``corrections.bib``: its type and the fields it sets (by key)."""

    key: str
    entry_type: str
    fields: tuple[tuple[str, str], ...]
    line: int


def read_corrections(path: Path) -> dict[str, Correction]:
    """Read ``corrections.bib``. A missing file is no corrections; a malformed one is an error."""
    if not path.exists():
        return {}
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as error:
        raise EditionError.at(path, f"cannot read the corrections file: {error.strerror or error}", status=1)
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise EditionError.at(path, "not UTF-8 text", line, status=1)
    return parse_corrections(text, path)


def parse_corrections(text: str, path: Path | str = "corrections.bib") -> dict[str, Correction]:
    splitter_log = logging.getLogger("bibtexparser.splitter")
    level = splitter_log.level
    splitter_log.setLevel(logging.CRITICAL)  # failures are reported below, with their lines
    try:
        library = bibtexparser.parse_string(text, parse_stack=[ResolveStringReferencesMiddleware(True)])
    finally:
        splitter_log.setLevel(level)
    problems = [Problem(str(path), _failure(block), (block.start_line or 0) + 1) for block in library.failed_blocks]
    problems += [Problem(str(path), f"the value of '{f.key}' in '{entry.key}' is neither in braces nor in quotes "
                                    f"(only a number may stand bare): {f.value}", (f.start_line or 0) + 1)
                 for entry in library.entries for f in entry.fields if not _enclosed(str(f.value))]
    library = RemoveEnclosingMiddleware(True).transform(library)
    corrections: dict[str, Correction] = {}
    for entry in library.entries:
        line = (entry.start_line or 0) + 1
        if not entry.key.strip():
            problems.append(Problem(str(path), f"@{entry.entry_type} entry without a key", line))
            continue
        corrections[entry.key] = Correction(
            entry.key, entry.entry_type.lower(), tuple((f.key.lower(), str(f.value)) for f in entry.fields), line)
    if problems:
        raise EditionError(sorted(problems, key=lambda p: p.line or 0), status=1)
    return corrections


def _enclosed(value: str) -> bool:
    """A field value as BibTeX writes it: ``{…}``, ``"…"`` or a bare number."""
    value = value.strip()
    return value.isdigit() or (value[:1], value[-1:]) in (("{", "}"), ('"', '"'))


def _failure(block: model.Block) -> str:
    if isinstance(block, model.DuplicateBlockKeyBlock):
        return f"duplicate entry key '{block.key}'"
    if isinstance(block, model.DuplicateFieldKeyBlock):
        return f"entry '{block.ignore_error_block.key}' sets {', '.join(sorted(block.duplicate_keys))} twice"
    reason = getattr(getattr(block, "error", None), "abort_reason", None) or str(getattr(block, "error", "")) or "unreadable"
    return f"malformed BibTeX entry: {reason}"


def apply_corrections(library: Library, corrections: dict[str, Correction]) -> tuple[Library, list[str]]:
    """A new library with the corrections' fields (and types) applied; also the correction keys
    that matched no entry, so that the build can warn about them."""
    out = Library()
    used = set()
    for entry in library.entries:
        correction = corrections.get(entry.key)
        if correction is None:
            out.add(model.Entry(entry.entry_type, entry.key, [model.Field(f.key, f.value) for f in entry.fields]))
            continue
        used.add(entry.key)
        values = {f.key: f.value for f in entry.fields}
        for name, value in correction.fields:
            if value.strip():
                values[name] = value
            else:
                values.pop(name, None)
        order = {name: i for i, name in enumerate(FIELD_ORDER)}
        names = sorted(values, key=lambda n: (order.get(n, len(order)), n))
        out.add(model.Entry(correction.entry_type, entry.key, [model.Field(n, values[n]) for n in names]))
    return out, sorted(set(corrections) - used)


#: BibTeX fields → the record's fields (a name in several rows: the first present wins).
RECORD_FIELDS = {
    "title": "title", "booktitle": "container", "journal": "container", "journaltitle": "container",
    "series": "container", "organization": "container", "publisher": "publisher",
    "institution": "publisher", "address": "place", "location": "place", "volume": "volume",
    "part": "part", "number": "issue", "issue": "issue", "pages": "pages", "isbn": "isbn", "url": "url",
    "language": "language",
}
#: BibTeX entry types → the record's kinds (the inverse of :data:`ENTRY_TYPES`, with synonyms).
RECORD_KINDS = {
    "book": "book", "incollection": "chapter", "inbook": "chapter", "inproceedings": "chapter",
    "article": "journal-article", "online": "web-page", "misc": None, "report": "report",
    "techreport": "report", "thesis": "thesis", "phdthesis": "thesis", "mastersthesis": "thesis",
}
_TEX_TOKEN = re.compile(r"\\(textbackslash|textasciitilde|textasciicircum)(?:\{\})?|\\([&%$#_{}])|[{}]")
#: the characters _tex spells as commands, by command name (``textasciitilde`` → ``~``)
_SPELLED = {escaped.strip("\\{}"): ch for ch, escaped in _TEX_SPECIALS.items() if escaped.startswith("\\text")}


def _plain(value: str) -> str:
    """A BibTeX value as text: TeX escapes undone (``\\&`` → ``&``), grouping braces dropped."""
    text = _TEX_TOKEN.sub(lambda m: _SPELLED[m.group(1)] if m.group(1) else m.group(2) or "", value)
    return " ".join(text.split())


def _bibtex_names(value: str) -> tuple[Name, ...]:
    """``Last, First and {Some Organisation} and 王树增`` → names; braces keep an organisation whole."""
    people = []
    for part in split_multiple_persons_names(value.strip()):
        if part.startswith("{") and part.endswith("}"):
            people.append(Name(_plain(part), organisation=True))
        elif part.strip():
            people.append(parse_name(_plain(part)))
    return tuple(people)


def correct_record(record: Citation, correction: Correction) -> Citation:
    """``record`` with the correction's fields: names, title, container, imprint, date, numbers,
    identifiers (fields a record has no place for stay in the ``.bib`` only); an empty value
    clears the field; the entry type sets the kind."""
    values: dict[str, object] = {}
    given = dict(correction.fields)
    for field_name, value in correction.fields:
        if field_name in ("author", "editor", "translator"):
            values[field_name + "s"] = _bibtex_names(value)
        elif field_name in RECORD_FIELDS and RECORD_FIELDS[field_name] not in values:
            text = _plain(value)
            values[RECORD_FIELDS[field_name]] = (text.replace("--", "-") if field_name == "pages" else text) or None
    dated = given.get("date") or given.get("year")
    if dated is not None:
        found = find_date(_plain(given.get("date") or f"{given['year']}-{given.get('month', '')}".strip("-")))
        values["date"] = found.date if found else None
    kind = RECORD_KINDS.get(correction.entry_type, record.kind)
    if correction.entry_type == "article" and _plain(given.get("entrysubtype", "")) == "newspaper":
        kind = "newspaper-article"
    return replace(record, kind=kind or record.kind, **values)
