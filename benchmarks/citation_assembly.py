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
from pipeline.citations.corpus import GoldString, gold_strings
from pipeline.citations.model import Citation

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


def gold_values(gold: GoldString, index: int) -> list[tuple[str, str]]:
    """(field, the span's labelled value, else its text) of the string's record ``index``, in text order."""
    text = gold.tagged.text
    return [(span.field, value if value is not None else text[span.start:span.end])
            for span, value in zip(gold.tagged.records[index].fields, gold.records[index].values)]


def gold_urls(gold: GoldString, index: int) -> list[str]:
    """The URLs of the links the record points to."""
    return [gold.links[link][1] for link in gold.records[index].links]


def assembled(gold: GoldString, index: int) -> Citation:
    """The string's record ``index`` assembled from its gold spans."""
    return assemble(gold.tagged.text, gold.links, gold.italics, gold.tagged.records[index])


def compare(gold: GoldString, index: int, citation: Citation) -> dict[str, tuple[object, object]]:
    """Each labelled field's (gold, assembled) pair for the string's record ``index``."""
    firsts: dict[str, str] = {}
    lists: dict[str, list[str]] = {}
    for field, value in gold_values(gold, index):
        firsts.setdefault(field, value)
        lists.setdefault(field, []).append(value)
    pairs: dict[str, tuple[object, object]] = {}
    for field, attribute in SINGLE.items():
        if field in firsts:
            pairs[field] = (firsts[field], _shown(getattr(citation, attribute)))
    urls = gold_urls(gold, index)
    if "url" not in firsts and urls:
        pairs["url"] = (urls[0], citation.url)
    for field, attribute in NAMES.items():
        if field in lists:
            written = [w for n in getattr(citation, attribute) for w in (n.text, n.alternate) if w]
            pairs[field] = (sorted(lists[field]), sorted(written))
    facts = gold.records[index]
    pairs["kind"] = (KIND_AS.get(facts.kind, facts.kind), citation.kind)
    pairs["language"] = (facts.language, citation.language)
    return pairs


def main(argv: list[str]) -> int:
    right, total = Counter(), Counter()
    errors = []
    records = [(gold, index) for gold in gold_strings() for index in range(len(gold.records))]
    for gold, index in records:
        for field, (expected, got) in compare(gold, index, assembled(gold, index)).items():
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
