"""The learned parser against the rule parser on the values they produce, on articles neither saw.

Usage: ``python -m benchmarks.citation_values [--folds ARTICLE …] [--jobs N] [--all] [--errors]``
from the repository root.

The span benchmark (``citation_crf.py``) scores the labeller's spans; what the edition prints is
values. Here each string of the span corpus is read twice: by the CRF of its leave-one-article-out
fold (trained without the string's article), each predicted record assembled into a
:class:`~pipeline.citations.model.Citation` (:func:`pipeline.citations.assemble.assemble`); and by
the rule parser (:func:`pipeline.citations.rules.rule_note`). Both are scored against the
corpus's gold values with the value benchmark's own scoring (``citation_quality.Score``: its
fields, normalisation, names as multisets, predicted records aligned with the gold records of a
string in order), by field and by language of the gold record (zh, ja, Western).

The rule parser was developed on the seed and the dev articles, so by default only the other
articles are scored (:data:`RULES_DEVELOPMENT` left out), for both parsers: the same strings, the
same footing. The last column is the pipeline's :func:`~pipeline.citations.parser.parse_note`,
which takes each reader's part (the note's kind and URL from the rules, the fields from the
labeller), with the fold's labeller. ``--all`` scores every article (the rule parser then partly on its own training).
A gold kind the Citation model lacks is compared as the kind it is rendered as
(``citation_assembly.KIND_AS``); a name's other-script form counts as a name, as there.
"""
from __future__ import annotations

import argparse
import sys
import time
from multiprocessing import Pool

from benchmarks.citation_assembly import KIND_AS, NAMES, SINGLE, gold_urls, gold_values
from benchmarks.citation_crf import Scores, _fold, _group, _prf
from benchmarks.citation_quality import FIELDS, NAME_FIELDS, Score, predicted_fields, prf
from pipeline.citations.assemble import assemble
from pipeline.citations.corpus import GoldString, label_files
from pipeline.citations.model import Citation
from pipeline.citations.parser import read_note
from pipeline.citations.rules import rule_note
from pipeline.citations.spans import TaggedNote

#: The articles the rule parser was written and tuned against (the seed and the dev articles).
RULES_DEVELOPMENT = ("korean-war", "火药", "李约瑟", "马可·波罗", "平溪區", "(2+1)维_KP方程")
GROUPS = ("all", "zh", "ja", "Western")


def gold_fields(gold: GoldString, index: int) -> dict:
    """One gold record in the value benchmark's shape (its field names, dates as ISO)."""
    facts = gold.records[index]
    out: dict = {"kind": KIND_AS.get(facts.kind, facts.kind), "language": facts.language}
    for field, value in gold_values(gold, index):
        if field in NAMES:
            out.setdefault(NAMES[field], []).append(value)
        elif SINGLE.get(field) in FIELDS:
            out.setdefault(SINGLE[field], value)
    urls = gold_urls(gold, index)
    if "url" not in out and urls:
        out["url"] = urls[0]
    return out


def citation_fields(citation: Citation) -> dict:
    """A predicted record in the same shape; a name's other-script form is one more name."""
    out = predicted_fields(citation)
    for attribute in NAME_FIELDS:
        out[attribute] = [w for n in getattr(citation, attribute) for w in (n.text, n.alternate) if w]
    return out


def crf_citations(gold: GoldString, tagged: TaggedNote) -> list[Citation]:
    return [assemble(gold.tagged.text, gold.links, gold.italics, record) for record in tagged.records]


def pipeline_citations(gold: GoldString, tagged: TaggedNote) -> list[Citation]:
    """What :func:`~pipeline.citations.parser.parse_note` makes of the string with the fold's labeller."""
    return list(read_note(gold.tagged.text, gold.links, gold.italics, lambda *_: tagged).citations)


def rule_citations(gold: GoldString) -> list[Citation]:
    return list(rule_note(gold.tagged.text, gold.links, gold.italics).citations)


def score_string(scores: dict[str, Score], gold: GoldString, citations: list[Citation]) -> None:
    """Align the predicted records with the gold ones in order; score each pair overall and by language."""
    first = _group(gold.records[0].language) if gold.records else "-"
    for index in range(max(len(gold.records), len(citations))):
        truth = gold_fields(gold, index) if index < len(gold.records) else {}
        guess = citation_fields(citations[index]) if index < len(citations) else {}
        group = _group(gold.records[index].language) if index < len(gold.records) else first
        for key in ("all", group):
            scores.setdefault(key, Score()).compare(f"{gold.id}#{index}", truth, guess)


def micro(score: Score, names=FIELDS) -> tuple[float, float, float]:
    return prf(sum(score.tp[n] for n in names), sum(score.fp[n] for n in names), sum(score.fn[n] for n in names))


def table(crf: dict[str, Score], rules: dict[str, Score], chosen: dict[str, Score]) -> list[str]:
    rows = ["| group | gold values | CRF P | CRF R | **CRF F1** | rules P | rules R | **rules F1** | parse_note F1 |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]

    def row(label: str, names) -> str:
        a, b, c = crf.get(key, Score()), rules.get(key, Score()), chosen.get(key, Score())
        gold = sum(a.tp[n] + a.fn[n] for n in names)
        cells = [f"{x:.3f}" for x in micro(a, names) + micro(b, names)]
        return (f"| {label} | {gold} | {cells[0]} | {cells[1]} | **{cells[2]}** | {cells[3]} | {cells[4]} | "
                f"**{cells[5]}** | {micro(c, names)[2]:.3f} |")

    for key in GROUPS:
        rows.append(row(f"language {key}", FIELDS))
    key = "all"
    for name in FIELDS:
        rows.append(row(f"field {name}", (name,)))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", nargs="*", help="only these articles (quick runs)")
    parser.add_argument("--jobs", type=int, default=2, help="folds trained in parallel")
    parser.add_argument("--all", action="store_true", help="also the rule parser's development articles")
    parser.add_argument("--errors", action="store_true", help="list every wrong value of both parsers")
    args = parser.parse_args(argv)
    articles = args.folds or [path.stem for path in label_files()
                              if args.all or path.stem not in RULES_DEVELOPMENT]
    started = time.perf_counter()
    with Pool(args.jobs) as pool:
        folds = pool.map(_fold, articles)
    crf: dict[str, Score] = {}
    rules: dict[str, Score] = {}
    chosen: dict[str, Score] = {}
    spans = Scores()
    for fold in folds:
        for gold, tagged in fold:
            spans.add(gold, tagged)
            score_string(crf, gold, crf_citations(gold, tagged))
            score_string(rules, gold, rule_citations(gold))
            score_string(chosen, gold, pipeline_citations(gold, tagged))
    strings = sum(len(fold) for fold in folds)
    print(f"values, leave-one-article-out, {len(articles)} articles, {strings} strings "
          f"({time.perf_counter() - started:.0f} s): {' '.join(articles)}")
    print("\n".join(table(crf, rules, chosen)))
    print("\nCRF span F1 (exact): " + ", ".join(
        f"{key[1]} {_prf(spans.counts[key])[2]:.3f}" for key in (("all", "all"), ("language", "zh"),
                                                                ("language", "ja"), ("language", "Western"))))
    if args.errors:
        for label, scores in (("crf", crf), ("rules", rules), ("parse_note", chosen)):
            print("\n".join(f"{label}\t{error}" for error in scores.get("all", Score()).errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
