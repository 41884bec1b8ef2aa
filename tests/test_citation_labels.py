"""The hand-labelled citations: faithful to the articles, well-formed, and met by the parser."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from benchmarks.citation_quality import FIELDS, load_labels, prf, score_dedupe, score_parser
from pipeline.citations.rules import rule_note
from tests.note_corpus import article_notes, article_path, article_source_list

LABELS = load_labels()
LABELS_HELD_OUT = Path(__file__).resolve().parent / "data" / "citations_heldout.jsonl"


@lru_cache(maxsize=None)
def _notes(source: str):
    return article_notes(article_path(source))


@lru_cache(maxsize=None)
def _list(source: str, heading: str):
    return article_source_list(article_path(source), heading)


def test_labels_cover_the_seed_and_every_kind_in_both_languages():
    assert len(LABELS) >= 60
    assert sum(1 for item in LABELS if item["source"] == "korean-war.wiki.md") >= 100
    records = [r for item in LABELS for r in item["records"]]
    kinds = Counter(r["kind"] for r in records)
    # every kind the articles contain; no article cites a thesis (tests/test_citations.py has two)
    assert {k for k in kinds if k} == {"book", "chapter", "journal-article", "newspaper-article", "web-page", "report"}
    assert {r.get("language") for r in records} >= {"zh", "en"}
    assert sum(item["explanatory"] for item in LABELS) >= 4
    for record in records:
        assert set(record) <= set(FIELDS) | {"work"}, record


@pytest.mark.parametrize("item", LABELS, ids=[item["id"] for item in LABELS])
def test_labelled_input_is_the_articles_text(item):
    kind, _, number = item["where"].rpartition(" ")
    found = _notes(item["source"])[int(number)] if kind == "note" else _list(item["source"], kind)[int(number) - 1]
    assert (found.text, [list(link) for link in found.links], list(found.italics)) == (
        item["text"], item["links"], item["italics"])


def test_parser_meets_the_quality_goal():
    score, parsed = score_parser(LABELS)
    precision, recall, f1 = prf(sum(score.tp.values()), sum(score.fp.values()), sum(score.fn.values()))
    assert f1 >= 0.92, "\n".join(score.errors)
    dedupe = score_dedupe(LABELS, parsed)
    assert dedupe.same_work_pairs >= 40
    assert (dedupe.false_merges, dedupe.missed_merges) == ([], [])


def test_the_rule_reader_holds_on_the_articles_it_was_tuned_on():
    # These four articles stopped being blind when the rule reader was improved while looking at
    # their errors (tests/data/citations.md). The rules still read templates, ibid notes, bare
    # pages, URLs and ISBNs for parse_note, so they stay guarded here; the learned parser is
    # measured on articles no reader was tuned on (benchmarks/citation_values.py; README there).
    held_out = load_labels(LABELS_HELD_OUT)
    assert len(held_out) >= 90
    score, _ = score_parser(held_out, rule_note)
    precision, recall, f1 = prf(sum(score.tp.values()), sum(score.fp.values()), sum(score.fn.values()))
    assert f1 >= 0.92, "\n".join(score.errors)
