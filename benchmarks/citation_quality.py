"""How well the citation parser and the work de-duplication do against the hand labels.

Usage: ``python -m benchmarks.citation_quality [--errors] [--labels FILE.jsonl]`` from the repository
root (default labels: ``tests/data/citations.jsonl``; ``tests/data/citations_heldout.jsonl`` holds
strings the parser was not developed against).

Prints per-field precision, recall and F1 of :func:`pipeline.citations.parser.parse_note`
against ``tests/data/citations.jsonl``, the micro-averaged F1 over all fields (the issue's goal is
≥ 0.92), and the de-duplication errors of :func:`pipeline.citations.works.group_works` run on the
parsed records of each article: false merges (records put in one work that the labels keep
apart) and missed merges (records of one labelled work left in different works), counted as
pairs of records. ``--errors`` lists every wrong field and every wrong pair.

Scoring: a field is compared after light normalisation (spaces collapsed, ISBN without hyphens,
dashes in page ranges unified); a wrong value counts as one false positive and one false
negative; name lists are compared as multisets of names as written. Predicted records are
aligned with the labelled records of a string in order. Whether a note is explanatory is scored
as a field of its own.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from pipeline.citations.model import Citation
from pipeline.citations.parser import parse_note
from pipeline.citations.works import group_works

LABELS = Path(__file__).resolve().parent.parent / "tests" / "data" / "citations.jsonl"
FIELDS = ("kind", "authors", "editors", "translators", "title", "container", "publisher", "place", "date",
          "volume", "part", "issue", "pages", "isbn", "url", "language", "locator")
NAME_FIELDS = ("authors", "editors", "translators")


def load_labels(path: Path = LABELS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _norm(name: str, value) -> str | None:
    if value in (None, "", []):
        return None
    value = re.sub(r"\s+", " ", str(value)).strip()
    if name == "isbn":
        value = re.sub(r"[^0-9Xx]", "", value).upper()
    elif name == "pages":
        value = re.sub(r"\s*[-‐–—~～]+\s*", "-", value)
    return value


def predicted_fields(citation: Citation) -> dict:
    out = {}
    for name in FIELDS:
        value = getattr(citation, name)
        if name in NAME_FIELDS:
            out[name] = [n.text for n in value]
        elif name == "date":
            out[name] = value.iso() if value else None
        else:
            out[name] = value
    return out


@dataclass
class Score:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def compare(self, item_id: str, gold: dict, got: dict) -> None:
        for name in FIELDS:
            if name in NAME_FIELDS:
                g = Counter(_norm(name, v) for v in gold.get(name, []))
                p = Counter(_norm(name, v) for v in got.get(name, []))
                self.tp[name] += sum((g & p).values())
                self.fp[name] += sum((p - g).values())
                self.fn[name] += sum((g - p).values())
                if g != p:
                    self.errors.append(f"{item_id} {name}: want {sorted(g)} got {sorted(p)}")
                continue
            g, p = _norm(name, gold.get(name)), _norm(name, got.get(name))
            if g is not None and g == p:
                self.tp[name] += 1
            else:
                self.fp[name] += p is not None
                self.fn[name] += g is not None
                if g != p:
                    self.errors.append(f"{item_id} {name}: want {g!r} got {p!r}")

    def flag(self, name: str, item_id: str, gold: bool, got: bool) -> None:
        self.tp[name] += gold and got
        self.fp[name] += got and not gold
        self.fn[name] += gold and not got
        if gold != got:
            self.errors.append(f"{item_id} {name}: want {gold} got {got}")


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score_parser(labels: list[dict], reader=None) -> tuple[Score, dict[str, list[Citation]]]:
    """Score every labelled string read by ``reader`` (the pipeline's ``parse_note`` unless
    another is given, e.g. the rule reader alone); also return the parsed records by item id."""
    reader = reader or parse_note
    score = Score()
    parsed: dict[str, list[Citation]] = {}
    for item in labels:
        note = reader(item["text"], [tuple(link) for link in item["links"]], item["italics"])
        parsed[item["id"]] = list(note.citations)
        score.flag("explanatory", item["id"], item["explanatory"], note.explanatory)
        records = item["records"]
        for i in range(max(len(records), len(note.citations))):
            gold = records[i] if i < len(records) else {}
            got = predicted_fields(note.citations[i]) if i < len(note.citations) else {}
            score.compare(f"{item['id']}#{i}", gold, got)
    return score, parsed


@dataclass
class DedupeResult:
    pairs: int = 0
    same_work_pairs: int = 0
    false_merges: list[tuple[str, str]] = field(default_factory=list)
    missed_merges: list[tuple[str, str]] = field(default_factory=list)


def score_dedupe(labels: list[dict], parsed: dict[str, list[Citation]]) -> DedupeResult:
    """Run group_works per article on the parsed records and compare with the labelled works."""
    result = DedupeResult()
    by_article: dict[str, list[dict]] = defaultdict(list)
    for item in labels:
        by_article[item["source"]].append(item)
    for items in by_article.values():
        notes, sources, where = [], [], []
        for item in items:
            target = notes if item["where"].startswith("note ") else sources
            for i, citation in enumerate(parsed[item["id"]]):
                work = item["records"][i].get("work") if i < len(item["records"]) else None
                target.append(citation)
                where.append(("n" if target is notes else "s", len(target) - 1, f"{item['id']}#{i}", work))
        works = group_works(notes, sources)
        predicted = {}
        for w, work in enumerate(works):
            for i in work.notes:
                predicted[("n", i)] = w
            for i in work.sources:
                predicted[("s", i)] = w
        labelled = [(origin, i, name, work) for origin, i, name, work in where if work]
        for (o1, i1, n1, w1), (o2, i2, n2, w2) in combinations(labelled, 2):
            result.pairs += 1
            result.same_work_pairs += w1 == w2
            a, b = predicted.get((o1, i1)), predicted.get((o2, i2))
            same_pred = a is not None and a == b
            if same_pred and w1 != w2:
                result.false_merges.append((n1, n2))
            elif not same_pred and w1 == w2:
                result.missed_merges.append((n1, n2))
    return result


def main(argv: list[str]) -> int:
    labels = load_labels(Path(argv[argv.index("--labels") + 1]) if "--labels" in argv else LABELS)
    score, parsed = score_parser(labels)
    print(f"{len(labels)} labelled strings, {sum(len(i['records']) for i in labels)} records\n")
    print(f"{'field':<12} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn")
    for name in ("explanatory",) + FIELDS:
        p, r, f = prf(score.tp[name], score.fp[name], score.fn[name])
        print(f"{name:<12} {p:6.3f} {r:6.3f} {f:6.3f} {score.tp[name]:4d}{score.fp[name]:4d}{score.fn[name]:4d}")
    p, r, f = prf(sum(score.tp.values()), sum(score.fp.values()), sum(score.fn.values()))
    print(f"\nmicro        {p:6.3f} {r:6.3f} {f:6.3f}   (goal: F1 >= 0.92)")
    dedupe = score_dedupe(labels, parsed)
    print(f"\nde-duplication over {dedupe.pairs} labelled pairs ({dedupe.same_work_pairs} of the same work): "
          f"{len(dedupe.false_merges)} false merges, {len(dedupe.missed_merges)} missed merges")
    if "--errors" in argv:
        print("\nfield errors:")
        print("\n".join("  " + e for e in score.errors))
        for kind, pairs in (("false merge", dedupe.false_merges), ("missed merge", dedupe.missed_merges)):
            for a, b in pairs:
                print(f"  {kind}: {a} ~ {b}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
