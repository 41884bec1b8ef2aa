"""The ID ledger file: its form, and every way a hand-broken one is refused (file, line, why)."""
from __future__ import annotations

import json

import pytest

from pipeline.errors import EditionError
from pipeline.ids.ledger import FORMAT, Ledger, dump_ledger, load_ledger, parse_ledger
from pipeline.ids.revise import Observed, revise

PARAGRAPHS = ["朝鮮半島自1910年起被日本統治，直至1945年第二次世界大戰結束。",
              "1950年6月25日凌晨，朝鮮人民軍越過三八線。",
              "1953年7月27日，雙方在板門店簽署停戰協定。"]


@pytest.fixture(scope="module")
def history() -> tuple[Ledger, list[str]]:
    """Two builds: three paragraphs under a heading, then the second deleted."""
    blocks = [Observed("s", "經過"), Observed("h", "經過", 0)] + [Observed("p", t, 0) for t in PARAGRAPHS]
    ledger, ids = revise(Ledger(), blocks, "1")
    ledger, _ = revise(ledger, blocks[:3] + blocks[4:], "2")
    return ledger, ids


def broken(history, edit) -> str:
    """The ledger's text after ``edit`` changed its decoded JSON."""
    document = json.loads(dump_ledger(history[0]))
    edit(document["ids"], history[1])
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)


def refused(text: str) -> EditionError:
    with pytest.raises(EditionError) as caught:
        parse_ledger(text, "tei/ids/korean-war.json")
    assert caught.value.status == 1
    return caught.value


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def test_dump_is_sorted_indented_and_round_trips(history):
    ledger, ids = history
    text = dump_ledger(ledger)
    assert text.endswith("}\n") and text.startswith('{\n  "format": "edition-id-ledger/1",\n  "ids": {\n')
    keys = [line.strip().split('"')[1] for line in text.splitlines() if line.startswith('    "')]
    assert keys == sorted(ids)
    assert parse_ledger(text, "x") == ledger
    retired = json.loads(text)["ids"][ids[3]]
    assert retired == {"kind": "p", "fingerprint": retired["fingerprint"], "text": PARAGRAPHS[1],
                       "position": {"index": 3, "path": [ids[0]]}, "status": "retired",
                       "first_seen": "1", "retired_in": "2", "successor": ids[2]}


def test_missing_ledger_is_an_empty_one(tmp_path):
    assert load_ledger(tmp_path / "none.json") == Ledger()


def test_loading_a_written_ledger(history, tmp_path):
    path = tmp_path / "korean-war.json"
    path.write_text(dump_ledger(history[0]), encoding="utf-8")
    assert load_ledger(path) == history[0]


def test_bad_json_names_file_and_line():
    error = refused('{\n  "format": "edition-id-ledger/1",\n  "ids": {\n    "p-abcdef": {,\n')
    assert error.problems[0].file == "tei/ids/korean-war.json"
    assert error.problems[0].line == 4
    assert "not valid JSON" in error.problems[0].message


def test_unreadable_ledger_file(tmp_path):
    path = tmp_path / "ledger.json"
    path.write_bytes(b"\xff\xfe{")
    with pytest.raises(EditionError, match="cannot read the ID ledger") as caught:
        load_ledger(path)
    assert caught.value.status == 1 and caught.value.problems[0].file == str(path)


def test_empty_file_is_not_a_ledger():
    assert "not valid JSON" in str(refused(""))


def test_duplicate_id_is_refused_at_its_second_line(history):
    text = dump_ledger(history[0])
    first = min(history[1])  # not the last entry, so a comma follows it
    start = text.index(f'    "{first}"')
    entry = text[start:text.index("\n    },\n", start) + len("\n    },\n")]
    doubled = text.replace(entry, entry + entry)
    error = refused(doubled)
    assert f"duplicate ID '{first}'" in str(error)
    assert error.problems[0].line == line_of(doubled, entry) + entry.count("\n")


@pytest.mark.parametrize("edit, message, subject", [
    (lambda d, ids: d[ids[2]].pop("fingerprint"), "{2}: missing field 'fingerprint'", 2),
    (lambda d, ids: d[ids[2]].update(colour="red"), "{2}: unexpected field 'colour' for a live ID", 2),
    (lambda d, ids: d[ids[2]].update(status="gone"), "{2}: status must be \"live\" or \"retired\", not 'gone'", 2),
    (lambda d, ids: d[ids[2]].update(kind="h"), "{2}: kind 'h' does not match the ID's prefix", 2),
    (lambda d, ids: d[ids[2]].update(fingerprint="xyz"), "{2}: fingerprint must be 16 hexadecimal digits", 2),
    (lambda d, ids: d[ids[2]].update(text=5), "{2}: text must be a string", 2),
    (lambda d, ids: d[ids[2]].update(position={"index": -1, "path": []}), "{2}: position must be", 2),
    (lambda d, ids: d[ids[2]].update(first_seen=""), "{2}: build labels must be non-empty strings", 2),
    (lambda d, ids: d[ids[3]].update(successor="p-zzzzzz"), "{3}: successor p-zzzzzz is not in the ledger", 3),
    (lambda d, ids: d[ids[3]].update(successor=ids[3]), "{3}: its successors loop back ({3} → {3})", 3),
    (lambda d, ids: d[ids[4]].update(position={"index": 2, "path": [ids[0]]}),
     "position 2 is also that of", "later"),
    (lambda d, ids: d[ids[4]]["position"].update(path=["s-zzzzzz"]),
     "{4}: its path names s-zzzzzz, which is not in the ledger", 4),
    (lambda d, ids: d.update({"P-ABCDEF": {}}), "'P-ABCDEF' is not a block ID", "P-ABCDEF"),
    (lambda d, ids: d.update({"p-abcdef": []}), "p-abcdef: the entry must be a JSON object", "p-abcdef"),
])
def test_hand_broken_entries_are_refused_with_their_line(history, edit, message, subject):
    ids = history[1]
    text = broken(history, edit)
    expected = message.format(*ids)
    [problem] = [p for p in refused(text).problems if expected in p.message]
    key = {"later": max(ids[2], ids[4])}.get(subject, ids[subject] if isinstance(subject, int) else subject)
    assert problem.line == line_of(text, f'"{key}": ')


def test_successor_cycle_through_two_ids(history):
    ledger, ids = history

    def loop(d, _):
        d[ids[2]].update(status="retired", retired_in="2", successor=ids[3])
        d[ids[3]]["successor"] = ids[2]
    error = refused(broken(history, loop))
    assert f"its successors loop back ({ids[2]} → {ids[3]} → {ids[2]})" in str(error)


def test_several_problems_are_reported_together(history):
    ids = history[1]

    def two(d, _):
        d[ids[1]].pop("text")
        d[ids[2]]["kind"] = "q"
    error = refused(broken(history, two))
    assert len(error.problems) == 2


@pytest.mark.parametrize("text, message", [
    ("[]", "the ID ledger must be a JSON object"),
    ('{"format": "other/9", "ids": {}}', "unsupported ID ledger format 'other/9'"),
    (f'{{"format": "{FORMAT}"}}', 'the ID ledger has no "ids" object'),
    (f'{{"format": "{FORMAT}", "ids": {{}}, "extra": 1}}', "unknown top-level key 'extra'"),
])
def test_malformed_top_level(text, message):
    assert message in str(refused(text))
