"""The ceiling of the learned citation parser: assembly of the corpus's *gold* spans, field by field.

Usage: ``python -m benchmarks.citation_assembly [--errors]`` from the repository root.

Every labelled record of ``tests/data/citation-corpus`` is assembled from its gold spans with
:func:`pipeline.citations.assemble.assemble` and each field the labels give is compared with the
labels' value (a span's ``value``, else its text): names as the list of names written (a name's
other-script form counted as a name), dates as ISO, kind and language as labelled. A perfect
labeller cannot score better than this table, so every field should be near 1. The corpus's
kinds beyond the seven :data:`pipeline.citations.model.KINDS` are compared as the kind the
pipeline renders them as (:data:`KIND_AS`). ``--errors`` lists every wrong value.
"""
from __future__ import annotations

import sys
from collections import Counter

from pipeline.citations.assemble import assemble
from pipeline.citations.model import Citation
from tests.gold_spans import GoldRecord, gold_records

#: Corpus kinds the Citation model does not have, and the kind they are rendered as.
KIND_AS = {"conference-paper": "chapter", "archival-document": "report", "video": "web-page",
           "map": "book", "dictionary-entry": "chapter"}
#: Corpus field → Citation attribute, for single-valued fields.
SINGLE = {"title": "title", "container": "container", "publisher": "publisher", "place": "place",
          "series": "series", "volume": "volume", "part": "part", "issue": "issue", "edition": "edition",
          "pages": "pages", "isbn": "isbn", "doi": "doi", "number": "number", "locator": "locator",
          "date": "date", "accessed": "accessed", "url": "url"}
NAMES = {"author": "authors", "editor": "editors", "translator": "translators"}


def _shown(value) -> str | None:
    return value.iso() if hasattr(value, "iso") else value


def compare(gold: GoldRecord, citation: Citation) -> dict[str, tuple[object, object]]:
    """Each labelled field's (gold, assembled) pair for one record."""
    firsts: dict[str, str] = {}
    lists: dict[str, list[str]] = {}
    for field, value in gold.values:
        firsts.setdefault(field, value)
        lists.setdefault(field, []).append(value)
    pairs: dict[str, tuple[object, object]] = {}
    for field, attribute in SINGLE.items():
        if field in firsts:
            pairs[field] = (firsts[field], _shown(getattr(citation, attribute)))
    if "url" not in firsts and gold.urls:
        pairs["url"] = (gold.urls[0], citation.url)
    for field, attribute in NAMES.items():
        if field in lists:
            written = [w for n in getattr(citation, attribute) for w in (n.text, n.alternate) if w]
            pairs[field] = (sorted(lists[field]), sorted(written))
    pairs["kind"] = (KIND_AS.get(gold.kind, gold.kind), citation.kind)
    pairs["language"] = (gold.language, citation.language)
    return pairs


def main(argv: list[str]) -> int:
    right, total = Counter(), Counter()
    errors = []
    records = gold_records()
    for gold in records:
        citation = assemble(gold.text, gold.links, gold.italics, gold.spans)
        for field, (expected, got) in compare(gold, citation).items():
            total[field] += 1
            if expected == got:
                right[field] += 1
            else:
                errors.append(f"{gold.id} {field}: {expected!r} ≠ {got!r}")
    print(f"Assembly of gold spans: {len(records)} records\n")
    print("| field | right | of | accuracy |\n|---|---:|---:|---:|")
    for field in sorted(total, key=lambda f: -total[f]):
        print(f"| {field} | {right[field]} | {total[field]} | {right[field] / total[field]:.3f} |")
    print(f"| **all** | {sum(right.values())} | {sum(total.values())} | "
          f"{sum(right.values()) / sum(total.values()):.3f} |")
    if "--errors" in argv:
        print("\n" + "\n".join(errors))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
