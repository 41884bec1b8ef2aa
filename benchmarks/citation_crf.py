"""Leave-one-article-out measurement of the learned citation labeller on the labelled corpus.

Usage: ``python -m benchmarks.citation_crf [--folds ARTICLE …] [--jobs N] [--errors]`` from the
repository root.

For each article of ``tests/data/citation-corpus/labels`` a model is trained on all the *other*
articles (same features and parameters as the shipped model) and tags that article's strings, so
no string is scored by a model that saw it. A separate module from ``citation_quality.py``
because the truth and the unit differ: that one scores the values :func:`parse_note` produces
against the older value labels; this one scores the labeller's spans against the span corpus,
which is the leading indicator of the assembled values' F1.

Scores: span-level precision, recall and F1 with **exact** match (same field, same start and
end), by field, by language of the record (zh, ja, Western = every other language) and by kind;
the micro F1 of **token overlap** (each token's field, ignoring B/I/S); and **segmentation**: the
share of strings whose predicted number of records equals the labelled one. A predicted span
counts for the language and kind of the gold record whose stretch of text holds it (else of the
string's first record). String-level prose is field ``prose``.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter, defaultdict
from multiprocessing import Pool
from pathlib import Path

from pipeline.citations.corpus import LABELS_DIR, GoldString, gold_strings, label_files
from pipeline.citations.crf.labels import encode
from pipeline.citations.crf.tagger import Labeller
from pipeline.citations.crf.tokens import tokenise
from pipeline.citations.crf.train import train_model
from pipeline.citations.spans import TaggedNote


def _fold(article: str) -> list[tuple[GoldString, TaggedNote]]:
    strings = gold_strings(LABELS_DIR)
    with tempfile.TemporaryDirectory() as folder:
        model = train_model([s for s in strings if s.article != article], Path(folder) / "fold.crfsuite")
        labeller = Labeller(model)
        return [(s, labeller.tag(s.tagged.text)) for s in strings if s.article == article]


def _group(language: str | None) -> str:
    return language if language in ("zh", "ja") else "-" if language is None else "Western"


def _spans(tagged: TaggedNote) -> set[tuple[str, int, int]]:
    found = {(span.field, span.start, span.end) for record in tagged.records for span in record.fields}
    return found | {("prose", span.start, span.end) for span in tagged.prose}


def _owner(gold: GoldString, start: int) -> tuple[str, str]:
    """The (language group, kind) of the gold record whose stretch holds ``start``."""
    for record, facts in zip(gold.tagged.records, gold.records):
        if record.fields and record.fields[0].start <= start < record.fields[-1].end:
            return _group(facts.language), facts.kind or "-"
    if gold.records:
        return _group(gold.records[0].language), gold.records[0].kind or "-"
    return "-", "-"


class Scores:
    """True positives, false positives and false negatives by (dimension, key)."""

    def __init__(self):
        self.counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
        self.tokens = Counter()
        self.segmented = Counter()
        self.errors: list[str] = []

    def add(self, gold: GoldString, predicted: TaggedNote):
        truth, guess = _spans(gold.tagged), _spans(predicted)
        for outcome, spans in (("tp", truth & guess), ("fn", truth - guess), ("fp", guess - truth)):
            for field, start, end in spans:
                language, kind = _owner(gold, start)
                for key in (("all", "all"), ("field", field), ("language", language), ("kind", kind)):
                    self.counts[key][outcome] += 1
                if outcome != "tp":
                    self.errors.append(f"{gold.id}\t{outcome}\t{field}\t{gold.tagged.text[start:end]}")
        tokens = tokenise(gold.tagged.text)
        for want, got in zip(encode(gold.tagged, tokens), encode(predicted, tokens)):
            want, got = want.partition("-")[2] or "O", got.partition("-")[2] or "O"
            if want == got != "O":
                self.tokens["tp"] += 1
            else:
                self.tokens["fn"] += want != "O"
                self.tokens["fp"] += got != "O"
        self.segmented["right" if len(gold.tagged.records) == len(predicted.records) else "wrong"] += 1


def _prf(counts: Counter) -> tuple[float, float, float]:
    precision = counts["tp"] / max(counts["tp"] + counts["fp"], 1)
    recall = counts["tp"] / max(counts["tp"] + counts["fn"], 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def table(scores: Scores) -> list[str]:
    rows = ["| group | value | gold spans | precision | recall | F1 |", "| --- | --- | --- | --- | --- | --- |"]
    for dimension in ("all", "language", "kind", "field"):
        keys = sorted((key for key in scores.counts if key[0] == dimension),
                      key=lambda key: -(scores.counts[key]["tp"] + scores.counts[key]["fn"]))
        for key in keys:
            counts = scores.counts[key]
            precision, recall, f1 = _prf(counts)
            rows.append(f"| {dimension} | {key[1]} | {counts['tp'] + counts['fn']} | {precision:.3f} | {recall:.3f} | {f1:.3f} |")
    token_f1 = _prf(scores.tokens)[2]
    segmented = scores.segmented["right"] / max(sum(scores.segmented.values()), 1)
    rows += ["", f"token-overlap F1: {token_f1:.3f}; segmentation (records per string right): "
                 f"{segmented:.3f} of {sum(scores.segmented.values())} strings"]
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", nargs="*", help="only these articles' folds (quick runs)")
    parser.add_argument("--jobs", type=int, default=2, help="folds trained in parallel")
    parser.add_argument("--errors", action="store_true", help="list every wrong span")
    args = parser.parse_args(argv)
    articles = args.folds or [path.stem for path in label_files()]
    started = time.perf_counter()
    with Pool(args.jobs) as pool:
        results = pool.map(_fold, articles)
    scores = Scores()
    for fold in results:
        for gold, predicted in fold:
            scores.add(gold, predicted)
    strings = sum(len(fold) for fold in results)
    records = sum(len(gold.records) for fold in results for gold, _ in fold)
    print(f"leave-one-article-out over {len(articles)} articles, {strings} strings, {records} records "
          f"({time.perf_counter() - started:.0f} s)")
    print("\n".join(table(scores)))
    if args.errors:
        print("\n".join(scores.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
