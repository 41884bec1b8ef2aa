"""The shape a sequence labeller's reading of a note takes: field spans grouped into records.

The learned parser of issue 18 works in two steps that different modules own: the labeller
(:mod:`pipeline.citations.crf.tagger`) says *where* each field is and where each cited work
starts, as character spans; the assembler turns one record's spans into a
:class:`~pipeline.citations.model.Citation` (values, names, kind, language). Offsets rather than
strings keep the two honest: the assembler can look at what surrounds a span (brackets, links,
italics), and the corpus's gold labels have this very shape (:mod:`pipeline.citations.corpus`).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpan:
    """One field's stretch of the note: ``text[start:end]``."""
    field: str
    start: int
    end: int


@dataclass(frozen=True)
class RecordSpans:
    """One cited work's spans, in text order; a field may have several (two authors)."""
    fields: tuple[FieldSpan, ...]


@dataclass(frozen=True)
class TaggedNote:
    """A note read into records (one per work it cites) and the prose that cites nothing."""
    text: str
    records: tuple[RecordSpans, ...]
    prose: tuple[FieldSpan, ...]
