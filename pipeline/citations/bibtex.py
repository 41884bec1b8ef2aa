"""BibTeX for an article's works, and the scholar's corrections to it.

Public API (the keys come from :mod:`pipeline.citations.keys`):

- :func:`bibtex_library` / :func:`bibtex_text` build the entries (one per work, fields in a fixed
  order, UTF-8) through bibtexparser 2 and write them.
- :func:`read_corrections` reads ``bibliography/corrections.bib`` (hand-written; never written by
  the build) and :func:`apply_corrections` lets its fields override the generated entries by key;
  an empty value (``note = {}``) removes a field. Malformed input raises
  :class:`~pipeline.errors.EditionError` naming the file and line, and so does a value that would
  not come back the same from the ``.bib`` the build writes (unbalanced braces in quotes, say):
  bibtexparser would otherwise drop the whole entry from the edition's ``.bib`` without a word.
- :func:`correct_record` applies a correction to the record itself, so that the TEI and every
  edition show the corrected work too, not only the ``.bib``; its TeX (``M\\"uller``) is decoded
  to Unicode there (:mod:`pipeline.citations.tex`), while the ``.bib`` keeps it as written.
- :func:`bibtex_text` reads what it wrote back before handing it on: an entry lost on the way is
  an error, never a ``.bib`` with one entry fewer.
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

from pipeline.citations.dates import find_date
from pipeline.citations.keys import assign_keys
from pipeline.citations.lexicon import CJK_CHAR
from pipeline.citations.model import Citation, Name
from pipeline.citations.names import name as parse_name
from pipeline.citations.tex import TexError, plain, verbatim
from pipeline.citations.works import Work
from pipeline.errors import EditionError, Problem
from pipeline.sources import NOT_XML

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

#: A URL's braces and backslashes, percent-encoded (the same URL): as written they would pair
#: with, or escape, the braces around the value.
_URL_BRACES = str.maketrans({"{": "%7B", "}": "%7D", "\\": "%5C"})


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
        "isbn": record.isbn, "url": record.url and record.url.translate(_URL_BRACES), "language": record.language,
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


def _quiet_parse(text: str, parse_stack: list | None = None) -> Library:
    """``text`` parsed by bibtexparser, whose splitter would log each failure: the callers
    report them, with their lines."""
    splitter_log = logging.getLogger("bibtexparser.splitter")
    level = splitter_log.level
    splitter_log.setLevel(logging.CRITICAL)
    try:
        return bibtexparser.parse_string(text, parse_stack=parse_stack)
    finally:
        splitter_log.setLevel(level)


def bibtex_keys(text: str) -> set[str]:
    """The entry keys of a BibTeX text (a generated ``.bib``)."""
    return {entry.key for entry in _quiet_parse(text).entries}


def _fields_read_back(entry: model.Entry) -> list[tuple[str, str]] | None:
    """The fields of ``entry`` as bibtexparser reads them from what :func:`write_bibtex` writes
    of it; None when the entry does not come back as one entry of the same type and key."""
    back = _quiet_parse(write_bibtex(Library([entry])))
    if back.failed_blocks or len(back.entries) != 1 or \
            (back.entries[0].entry_type, back.entries[0].key) != (entry.entry_type, entry.key):
        return None
    return [(f.key, str(f.value)) for f in back.entries[0].fields]


def bibtex_text(works: Sequence[Work], corrections: dict[str, "Correction"] | None = None,
                keys: Sequence[str] | None = None) -> str:
    """The article's ``.bib`` text: one entry per work, corrections applied, checked by reading
    it back (every entry there, with its key, and nothing else)."""
    library = bibtex_library(works, keys)
    if corrections:
        library, _ = apply_corrections(library, corrections)
    text = write_bibtex(library)
    back = _quiet_parse(text)
    if back.failed_blocks or [e.key for e in back.entries] != [e.key for e in library.entries]:
        read = {entry.key for entry in back.entries}
        lost = [entry.key for entry in library.entries if entry.key not in read] or \
            [entry.key for entry in library.entries]
        corrected = [corrections[key] for key in lost if corrections and key in corrections]
        message = (f"the BibTeX written for {', '.join(lost)} would not read back as written (check the "
                   "braces and quotes of its values)")
        if corrected:
            raise EditionError.at(corrected[0].file, message, corrected[0].line, status=1)
        raise EditionError.at("BibTeX", message, status=1)
    return text


# -- corrections ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Correction:
    """A hand-written entry of ``corrections.bib``: its type and the fields it sets (by key)."""

    key: str
    entry_type: str
    fields: tuple[tuple[str, str], ...]
    line: int
    file: str = "corrections.bib"


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
    library = _quiet_parse(text, parse_stack=[ResolveStringReferencesMiddleware(True)])
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
        value_problems = [Problem(str(path), f"the value of '{f.key}' in '{entry.key}' {wrong}", (f.start_line or 0) + 1)
                          for f in entry.fields if (wrong := _value_problem(f.key.lower(), str(f.value)))]
        fields = tuple((f.key.lower(), str(f.value)) for f in entry.fields)
        correction = Correction(entry.key, entry.entry_type.lower(), fields, line, str(path))
        written = model.Entry(correction.entry_type, correction.key, [model.Field(k, v) for k, v in fields])
        if not value_problems and _fields_read_back(written) != list(fields):
            value_problems.append(Problem(str(path), f"entry '{entry.key}' would not read back from the .bib the "
                                                     "build writes (check the braces and quotes of its values)", line))
        problems += value_problems
        corrections[entry.key] = correction
    if problems:
        raise EditionError(sorted(problems, key=lambda p: p.line or 0), status=1)
    return corrections


def _value_problem(name: str, value: str) -> str | None:
    """What is wrong with a correction's value (enclosing removed), or None: braces that do not
    pair up (BibTeX would end the value early, or never), characters no edition can hold, TeX
    that cannot be read."""
    depths = _brace_depths(value)
    if any(depth < 0 for depth in depths):
        return f"closes a brace it never opened: {value}"
    if depths and depths[-1]:
        return f"has unbalanced braces ({{ without }}): {value}"
    if bad := NOT_XML.search(value):
        return f"holds the control character U+{ord(bad.group()):04X}"
    try:
        _record_field(name, value)
    except TexError as error:
        return f"is TeX the build cannot read ({error})"
    return None


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
#: A brace that no backslash escapes; and, for name lists, also the ``and`` between two names.
_BRACE = re.compile(r"(?<!\\)[{}]")
_NAME_TOKENS = re.compile(r"(?<!\\)[{}]|\s+and\s+", re.IGNORECASE)


def _brace_depths(value: str) -> list[int]:
    """The depth after each brace of ``value`` that no backslash escapes, in order."""
    depths = [0]
    for brace in _BRACE.findall(value):
        depths.append(depths[-1] + (1 if brace == "{" else -1))
    return depths[1:]


def _bibtex_names(value: str) -> tuple[Name, ...]:
    """``Last, First and {Some Organisation} and 王树增`` → names: split at ``and`` outside braces
    (bibtexparser's splitter drops an accent command before a brace, ``\\c{C}elik``), a name that
    one brace group holds whole being an organisation."""
    parts, depth, start = [], 0, 0
    for token in _NAME_TOKENS.finditer(value):
        if token.group() in ("{", "}"):
            depth += 1 if token.group() == "{" else -1
        elif depth == 0:
            parts.append(value[start:token.start()])
            start = token.end()
    parts.append(value[start:])
    people = []
    for part in filter(None, (part.strip() for part in parts)):
        if part[0] == "{" and part[-1] == "}" and all(depth > 0 for depth in _brace_depths(part)[:-1]):
            people.append(Name(plain(part), organisation=True))
        else:
            people.append(parse_name(plain(part)))
    return tuple(people)


def _record_field(name: str, value: str) -> tuple[str, object] | None:
    """The record's field a correction's BibTeX field sets, with its value as text (None for a
    field the record has no place for). Raises :class:`TexError` for TeX that cannot be read."""
    if name in ("author", "editor", "translator"):
        return name + "s", _bibtex_names(value)
    if name not in RECORD_FIELDS:
        return None
    if name == "url":
        text = verbatim(value)
    else:
        text = plain(value.replace("--", "-") if name == "pages" else value)
    return RECORD_FIELDS[name], text or None


def correct_record(record: Citation, correction: Correction) -> Citation:
    """``record`` with the correction's fields: names, title, container, imprint, date, numbers,
    identifiers (fields a record has no place for stay in the ``.bib`` only); an empty value
    clears the field; the entry type sets the kind."""
    values: dict[str, object] = {}
    given = dict(correction.fields)
    for field_name, value in correction.fields:
        decoded = _record_field(field_name, value)
        if decoded is not None and decoded[0] not in values:
            values[decoded[0]] = decoded[1]
    dated = given.get("date") or given.get("year")
    if dated is not None:
        found = find_date(verbatim(given.get("date") or f"{given['year']}-{given.get('month', '')}".strip("-")))
        values["date"] = found.date if found else None
    kind = RECORD_KINDS.get(correction.entry_type, record.kind)
    if correction.entry_type == "article" and verbatim(given.get("entrysubtype", "")) == "newspaper":
        kind = "newspaper-article"
    return replace(record, kind=kind or record.kind, **values)
