"""The labelled spans of a citation note: the interface between the sequence labeller and assembly.

The CRF tagger marks which characters of a note are which field of which record; assembly turns
those spans into a :class:`~pipeline.citations.model.Citation`. Keeping the two apart behind
these plain records lets either side be trained, replaced or scored on its own (gold spans from
the labelled corpus stand in for the tagger when assembly is measured).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldSpan:
    field: str      # a field name of the corpus format: author, editor, translator, title, container, ...
    start: int      # character offsets into the note's text, [start, end)
    end: int


@dataclass(frozen=True)
class RecordSpans:
    fields: tuple[FieldSpan, ...]   # in text order; several spans may share a field (two authors)


@dataclass(frozen=True)
class TaggedNote:
    text: str
    records: tuple[RecordSpans, ...]   # one per citation the note holds (segmentation)
    prose: tuple[FieldSpan, ...]       # field "note": text that belongs to no record
