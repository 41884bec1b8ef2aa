"""One label per token from a tagged note's spans, and spans from a label sequence.

The scheme is BIO per field with one addition that carries segmentation: the first token of
each record's first span is ``S-FIELD`` rather than ``B-FIELD``, so a note citing three works
has three ``S-`` labels and the decoder cuts records there. Joiners between records and text
inside a record that no span covers (brackets, ``，``, ``見``) are ``O``; string-level prose
(the corpus's ``spans``, field ``note`` outside any record) is ``B-prose``/``I-prose``, apart
from a record's own ``note`` field. A span that does not fall on token boundaries (rare: the
tokeniser is built on the corpus's splits) takes the tokens it overlaps.
"""
from __future__ import annotations

from pipeline.citations.crf.tokens import Token
from pipeline.citations.spans import FieldSpan, RecordSpans, TaggedNote

OUTSIDE = "O"
PROSE = "prose"


def _covered(tokens: list[Token], start: int, end: int) -> list[int]:
    return [index for index, token in enumerate(tokens) if token.start < end and token.end > start]


def encode(tagged: TaggedNote, tokens: list[Token]) -> list[str]:
    """The label of each token, as the spans of ``tagged`` say."""
    labels = [OUTSIDE] * len(tokens)
    for span in tagged.prose:
        for position, index in enumerate(_covered(tokens, span.start, span.end)):
            labels[index] = ("B-" if position == 0 else "I-") + PROSE
    for record in tagged.records:
        for number, span in enumerate(record.fields):
            for position, index in enumerate(_covered(tokens, span.start, span.end)):
                prefix = "I-" if position else ("S-" if number == 0 else "B-")
                labels[index] = prefix + span.field
    return labels


def decode(text: str, tokens: list[Token], labels: list[str]) -> TaggedNote:
    """The tagged note a label sequence describes; an ``I-`` with no open span of its field opens one."""
    records: list[list[FieldSpan]] = []
    prose: list[FieldSpan] = []
    current: tuple[str, int, int] | None = None

    def close():
        if current is None:
            return
        field, start, end = current
        if field == PROSE:
            prose.append(FieldSpan("note", start, end))
        else:
            if not records:
                records.append([])
            records[-1].append(FieldSpan(field, start, end))

    for token, label in zip(tokens, labels):
        prefix, _, field = label.partition("-")
        if label == OUTSIDE:
            close()
            current = None
        elif prefix == "I" and current is not None and current[0] == field:
            current = (field, current[1], token.end)
        else:
            close()
            if prefix == "S":
                records.append([])
            current = (field, token.start, token.end)
    close()
    return TaggedNote(text, tuple(RecordSpans(tuple(fields)) for fields in records if fields), tuple(prose))
