"""The span-labelled citation corpus: every label file faithful to its article and well-formed.

``tests/citation_corpus.py`` holds the checks (docs/citation-labels.md is the guide); these tests
run them over every file of ``tests/data/citation-corpus/labels`` and pin, on hand-written lines,
that the checks catch what they must (a span outside the text, overlapping spans, an unknown
field, a retyped text, an unlabelled note or list item).
"""
from __future__ import annotations

import copy
import json

import pytest

from tests.citation_corpus import FORMAT, LABELS_DIR, check_file, check_line, extract, label_files, load, quote

FILES = label_files()


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_label_file_is_valid(path):
    assert check_file(path) == []


def test_the_corpus_holds_the_seed_and_the_labelled_articles():
    stems = {path.stem for path in FILES}
    assert {"korean-war", "火药", "郭懷一事件"} <= stems
    assert sum(len(load(path)) for path in FILES) >= 169


def _good_line() -> dict:
    text = "Johannes Huber原著，林偉盛譯，〈中國移民對抗東印度公司：1652年的郭懷一事件〉《臺灣文獻》第53卷3期，頁119"
    return {"format": FORMAT, "id": "郭懷一事件/note-3", "source": "郭懷一事件.md", "where": "note 3",
            "text": text, "links": [], "italics": [], "explanatory": False,
            "records": [{"kind": "journal-article", "language": "zh", "work": "huber", "fields": [
                ["author", 0, 14], ["role", 14, 16], ["translator", 17, 20], ["role", 20, 21],
                ["title", 23, 46], ["container", 48, 52], ["volume", 53, 57, "53"], ["issue", 57, 59, "3"],
                ["locator", 60, 64]]}]}


def test_a_hand_written_line_is_valid_and_its_spans_quote_the_fields():
    line = _good_line()
    assert check_line(line, extract(line["source"], line["where"])) == []
    fields = [(name, quote(line, [name, s, e])) for name, s, e, *_ in line["records"][0]["fields"]]
    assert fields == [("author", "Johannes Huber"), ("role", "原著"), ("translator", "林偉盛"), ("role", "譯"),
                      ("title", "中國移民對抗東印度公司：1652年的郭懷一事件"), ("container", "臺灣文獻"),
                      ("volume", "第53卷"), ("issue", "3期"), ("locator", "頁119")]


@pytest.mark.parametrize("change, message", [
    (lambda l: l["records"][0]["fields"].append(["pages", 60, 99, "119"]), "is not inside the text"),
    (lambda l: l["records"][0]["fields"].append(["note", 10, 16]), "spans overlap"),
    (lambda l: l["records"][0]["fields"].__setitem__(0, ["writer", 0, 14]), "unknown field 'writer'"),
    (lambda l: l["records"][0]["fields"].__setitem__(6, ["volume", 53, 57, "第53卷"]), "must be a non-empty string that differs"),
    (lambda l: l["records"][0]["fields"].append(["date", 35, 39, "1652年"]), "is not an ISO date"),
    (lambda l: l["records"][0]["fields"].__setitem__(0, ["author", 0, 9]), "white space"),
    (lambda l: l.__setitem__("text", l["text"].replace("，", ",")), "differ from what the article holds"),
    (lambda l: l["records"][0].__setitem__("kind", "novel"), "unknown kind 'novel'"),
    (lambda l: l.__setitem__("format", "citation-labels/0"), "is not 'citation-labels/1'"),
])
def test_the_checks_catch_a_broken_line(change, message):
    line = copy.deepcopy(_good_line())
    change(line)
    errors = check_line(line, extract(line["source"], line["where"]))
    assert any(message in error for error in errors), errors


def test_an_unlabelled_filled_note_is_reported(tmp_path):
    path = tmp_path / "郭懷一事件.jsonl"
    path.write_text(json.dumps(_good_line(), ensure_ascii=False) + "\n", encoding="utf-8")
    errors = check_file(path)
    assert "郭懷一事件.jsonl: filled note 1 of 郭懷一事件.md is not labelled" in errors
    assert len(errors) == 26  # the article has 27 filled notes


def test_an_unlabelled_item_of_a_labelled_list_is_reported(tmp_path):
    path = tmp_path / "牡丹社事件.jsonl"
    first = load(LABELS_DIR / "牡丹社事件.jsonl")[0]
    assert first["where"] == "延伸閱讀 1"
    path.write_text(json.dumps(first, ensure_ascii=False) + "\n", encoding="utf-8")
    errors = check_file(path)
    assert "牡丹社事件.jsonl: filled 延伸閱讀 14 of 牡丹社事件.md is not labelled" in errors
    assert len(errors) == 13 + 21  # the other 13 items of the list and the 21 filled notes
