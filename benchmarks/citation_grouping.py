"""How well :func:`pipeline.citations.works.group_works` groups an article's citations into works.

Usage: ``python -m benchmarks.citation_grouping [--errors] [ARTICLE …]`` from the repository root.

The truth is the span corpus (``tests/data/citation-corpus/labels/*.jsonl``, docs/citation-labels.md):
every record's ``work`` id says which work it cites within its article. Grouping is measured twice,
because a grouping error can come from the fields it is given or from the grouping itself:

- ``gold``: records built from the labelled spans (names as written, title/container/publisher
  text, the date's year, kind), i.e. what grouping would do with a perfect parser;
- ``parsed``: the records today's :func:`pipeline.citations.parser.parse_note` reads from the strings
  (aligned with the labelled records of a string in order).

Scoring is pairwise over the labelled records of each article (records whose ``work`` is null name no
work and are left out): a pair put in one work is a true merge when the labels agree and a false
merge otherwise; precision, recall and F1 are over those pairs, per article and in total.
``--errors`` lists every false merge (and missed merge) with the two strings' ids.

The gold-to-record shim here is deliberately small and lives in the benchmark: the package's own
corpus loader and record assembly are separate work (issue 18).
"""
from __future__ import annotations

import json
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from pipeline.citations.model import Citation, PartialDate
from pipeline.citations.names import name
from pipeline.citations.parser import parse_note
from pipeline.citations.works import group_works

LABELS_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "citation-corpus" / "labels"
#: Corpus fields whose value is one text field of :class:`Citation` (the first span's value).
TEXT_FIELDS = {"title": "title", "container": "container", "publisher": "publisher", "place": "place",
               "volume": "volume", "part": "part", "issue": "issue", "pages": "pages", "isbn": "isbn",
               "url": "url", "locator": "locator"}
#: Corpus name fields and the :class:`Citation` field each fills.
NAME_FIELDS = {"author": "authors", "editor": "editors", "translator": "translators"}


def load_articles(names: list[str] | None = None) -> dict[str, list[dict]]:
    """The label lines of each article, in article order."""
    out = {}
    for path in sorted(LABELS_DIR.glob("*.jsonl")):
        if names and path.stem not in names:
            continue
        out[path.stem] = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def gold_citation(line: dict, record: dict) -> Citation:
    """The record the labels describe, as :class:`Citation` (values as labelled, names as written)."""
    values: dict = {"kind": record.get("kind"), "language": record.get("language")}
    names: dict[str, list] = defaultdict(list)
    for span in record["fields"]:
        kind, start, end = span[:3]
        value = span[3] if len(span) > 3 else line["text"][start:end]
        if kind in NAME_FIELDS:
            names[NAME_FIELDS[kind]].append(name(value))
        elif kind in TEXT_FIELDS and TEXT_FIELDS[kind] not in values:
            values[TEXT_FIELDS[kind]] = value
        elif kind == "date" and "date" not in values and value[:4].lstrip("-").isdigit():
            values["date"] = PartialDate(value, int(value.split("/")[0][:4]))
        elif kind == "ibid":
            values["ibid"] = True
    if "url" not in values and record.get("links"):
        values["url"] = line["links"][record["links"][0]][1]
    return Citation(line["text"], **values, **{k: tuple(v) for k, v in names.items()})


@dataclass
class Score:
    """Pairwise counts of one article (or of all)."""

    true_merges: int = 0
    false_merges: list[tuple[str, str]] = field(default_factory=list)
    missed_merges: list[tuple[str, str]] = field(default_factory=list)
    works: int = 0   # labelled works cited by more than one record
    found: int = 0   # of those, found whole as one predicted work

    def add(self, other: "Score") -> None:
        self.true_merges += other.true_merges
        self.false_merges += other.false_merges
        self.missed_merges += other.missed_merges
        self.works += other.works
        self.found += other.found

    def prf(self) -> tuple[float, float, float]:
        tp, fp, fn = self.true_merges, len(self.false_merges), len(self.missed_merges)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def score_article(lines: list[dict], source: str) -> Score:
    """Group one article's records (``source``: ``gold`` or ``parsed``) and compare with the labels."""
    notes: list[Citation] = []
    sources: list[Citation] = []
    labelled = []   # (origin, index, record id, work)
    for line in lines:
        target, origin = (notes, "n") if line["where"].startswith("note ") else (sources, "s")
        records = line["records"]
        if source == "gold":
            citations = [gold_citation(line, r) for r in records]
        else:
            links = [tuple(link) for link in line["links"]]
            citations = list(parse_note(line["text"], links, line["italics"]).citations)
        for i, citation in enumerate(citations):
            target.append(citation)
            work = records[i].get("work") if i < len(records) else None
            if work:
                labelled.append((origin, len(target) - 1, f"{line['id']}#{i}", work))
    predicted = {}
    works = group_works(notes, sources)
    for w, work in enumerate(works):
        predicted.update({("n", i): w for i in work.notes})
        predicted.update({("s", i): w for i in work.sources})
    score = Score()
    for (o1, i1, n1, w1), (o2, i2, n2, w2) in combinations(labelled, 2):
        a, b = predicted.get((o1, i1)), predicted.get((o2, i2))
        merged = a is not None and a == b
        if merged and w1 == w2:
            score.true_merges += 1
        elif merged:
            score.false_merges.append((n1, n2))
        elif w1 == w2:
            score.missed_merges.append((n1, n2))
    groups: dict[str, list] = defaultdict(list)
    for o, i, _, w in labelled:
        groups[w].append(predicted.get((o, i)))
    several = [got for got in groups.values() if len(got) > 1]
    score.works = len(several)
    # a labelled work cited by several records, found whole as one predicted work
    score.found = sum(1 for got in several if len(set(got)) == 1 and got[0] is not None)
    return score


def _pad(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` terminal columns (a CJK character takes two)."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - shown, 0)


def main(argv: list[str]) -> int:
    errors = "--errors" in argv
    articles = load_articles([a for a in argv if not a.startswith("--")])
    print(f"grouping against the labelled works of {len(articles)} articles "
          f"({sum(len(lines) for lines in articles.values())} strings)\n")
    print(f"{'article':<16} {'records':>7}  {'gold P':>6} {'R':>6} {'F1':>6} {'fm':>3}"
          f"  {'parsed P':>8} {'R':>6} {'F1':>6} {'fm':>3}")
    totals = {"gold": Score(), "parsed": Score()}
    detail = []
    for article, lines in articles.items():
        row = f"{_pad(article, 16)} {sum(len(line['records']) for line in lines):7d}"
        for source in ("gold", "parsed"):
            score = score_article(lines, source)
            totals[source].add(score)
            p, r, f = score.prf()
            width = 6 if source == "gold" else 8
            row += f"  {p:{width}.3f} {r:6.3f} {f:6.3f} {len(score.false_merges):3d}"
            detail += [f"  {source} false merge: {a} ~ {b}" for a, b in score.false_merges]
            detail += [f"  {source} missed merge: {a} ~ {b}" for a, b in score.missed_merges]
        print(row)
    for source, score in totals.items():
        p, r, f = score.prf()
        print(f"\n{source:<6} total: precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}  "
              f"({score.true_merges} true merges, {len(score.false_merges)} false merges, "
              f"{len(score.missed_merges)} missed merges; {score.found} of {score.works} works cited "
              "more than once found whole)")
    if errors:
        print("\n" + "\n".join(detail))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
