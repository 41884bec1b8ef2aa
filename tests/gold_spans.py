"""Gold records of the labelled citation corpus as the spans assembly reads, with their gold values.

A stand-in for the package's corpus loader (written on another branch) so that assembly can be
tested and measured on gold spans now: each labelled record becomes a
:class:`~pipeline.citations.spans.RecordSpans` beside what the labels say its fields are worth.
"""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.citations.spans import FieldSpan, RecordSpans
from tests.citation_corpus import label_files, load


@dataclass(frozen=True)
class GoldRecord:
    id: str
    text: str
    links: tuple[tuple[str, str], ...]
    italics: tuple[str, ...]
    spans: RecordSpans
    values: tuple[tuple[str, str], ...]   # (field, the span's value or else its text), in text order
    kind: str | None
    language: str | None
    urls: tuple[str, ...]                 # the URLs of the links the record points to


def gold_records() -> list[GoldRecord]:
    """Every labelled record of the corpus, file by file in the files' order."""
    out = []
    for path in label_files():
        for line in load(path):
            text = line["text"]
            links = tuple((t, u) for t, u in line["links"])
            for record in line["records"]:
                fields = sorted(record["fields"], key=lambda f: f[1])
                out.append(GoldRecord(
                    id=line["id"], text=text, links=links, italics=tuple(line["italics"]),
                    spans=RecordSpans(tuple(FieldSpan(f[0], f[1], f[2]) for f in fields)),
                    values=tuple((f[0], f[3] if len(f) > 3 else text[f[1]:f[2]]) for f in fields),
                    kind=record["kind"], language=record["language"],
                    urls=tuple(links[i][1] for i in record.get("links", ()))))
    return out
