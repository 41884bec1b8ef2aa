"""The footnote-marker grammar: what is a marker, what stays text, and the TEI each becomes."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline.readers.markers import Marker, append_with_markers, split_markers, to_tei

ROOT = Path(__file__).resolve().parent.parent
TEI = "{http://www.tei-c.org/ns/1.0}"


def joined(parts: list[str | Marker]) -> str:
    return "".join(part if isinstance(part, str) else part.raw for part in parts)


def markers(text: str) -> list[Marker]:
    return [part for part in split_markers(text) if isinstance(part, Marker)]


def xml(element: etree._Element) -> str:
    return etree.tostring(element, encoding="unicode").replace(' xmlns="http://www.tei-c.org/ns/1.0"', "")


@pytest.mark.parametrize("text", ["前[12]後", "前\\[12\\]後"])
def test_plain_and_escaped_numbered_markers(text: str) -> None:
    parts = split_markers(text)
    assert parts[0] == "前" and parts[2] == "後"
    assert parts[1] == Marker("note", "12", None, None, text[1:-1])


@pytest.mark.parametrize(
    ("text", "number", "locator", "raw"),
    [
        ("[68]:5210。", "68", "5210", "[68]:5210"),
        ("[122]:176-177。", "122", "176-177", "[122]:176-177"),
        ("[9]:5210–5212，", "9", "5210–5212", "[9]:5210–5212"),
        ("[9]:624—625页", "9", "624—625页", "[9]:624—625页"),
        ("[85]:第一章。", "85", "第一章", "[85]:第一章"),
        ("\\[68\\]:5210", "68", "5210", "\\[68\\]:5210"),
    ],
)
def test_locators(text: str, number: str, locator: str, raw: str) -> None:
    (marker,) = markers(text)
    assert (marker.number, marker.locator, marker.raw) == (number, locator, raw)
    assert joined(split_markers(text)) == text


@pytest.mark.parametrize(
    ("text", "locator", "rest"),
    [
        ("[122]:12810月23日", "128", "10月23日"),
        ("[122]:17712月20日", "177", "12月20日"),
        ("[122]:13111月6日起", "131", "11月6日起"),
        ("[110]:1024月11日", "102", "4月11日"),
        ("[122]:1472月，", "147", "2月，"),
        ("[122]:182-1834月6日", "182-183", "4月6日"),
        ("[3]:451950年", "45", "1950年"),
    ],
)
def test_a_date_glued_to_a_locator_is_split_off(text: str, locator: str, rest: str) -> None:
    marker, tail = split_markers(text)
    assert marker.locator == locator
    assert tail == rest


@pytest.mark.parametrize("text", ["[5]:3月", "[5]:1950年"])
def test_a_colon_before_a_bare_date_stays_text(text: str) -> None:
    marker, tail = split_markers(text)
    assert marker.locator is None and marker.raw == "[5]"
    assert tail == text[3:]


@pytest.mark.parametrize(
    ("text", "number", "label"),
    [("[註 3]", "3", "註 3"), ("[注 3]", "3", "注 3"), ("[note 3]", "3", "note 3"), ("\\[註 24\\]", "24", "註 24")],
)
def test_explanatory_markers(text: str, number: str, label: str) -> None:
    (marker,) = markers(text)
    assert (marker.kind, marker.number, marker.label, marker.note_id) == (
        "explanatory", number, label, f"note-expl-{number}")


@pytest.mark.parametrize(
    ("label", "subtype"),
    [
        ("來源請求", "citation-needed"), ("来源请求", "citation-needed"),
        ("頁碼請求", "page-needed"), ("页码请求", "page-needed"),
        ("失效連結", "dead-link"), ("失效链接", "dead-link"),
        ("來源可靠？", "doubtful-source"), ("来源可靠？", "doubtful-source"),
        ("來源可靠?", "doubtful-source"), ("來源可靠", "doubtful-source"),
    ],
)
def test_maintenance_tags_in_both_scripts(label: str, subtype: str) -> None:
    (marker,) = markers(f"某事[{label}]。")
    assert (marker.kind, marker.number, marker.subtype, marker.label) == ("maintenance", None, subtype, label)


def test_runs_of_markers_keep_the_space_between_them() -> None:
    parts = split_markers("[54][55][56]與[2][3][4] [5]")
    assert [p.number if isinstance(p, Marker) else p for p in parts] == ["54", "55", "56", "與", "2", "3", "4", " ", "5"]


@pytest.mark.parametrize(
    "text", ["[光反應]", "[1950年]", "[0]", "[12345]", "[12", "12]", "[ 12]", "[註]", "[a]", "\\]\\]", "[]", "[[12]]x"],
)
def test_lookalikes_stay_text(text: str) -> None:
    parts = split_markers(text)
    if text == "[[12]]x":
        assert parts == ["[", Marker("note", "12", None, None, "[12]"), "]x"]
    else:
        assert parts == [text]


def test_tei_forms() -> None:
    note, cited, expl, tag = markers("[12][68]:5210[註 24][來源請求]")
    assert xml(to_tei(note)) == '<ref type="noteref" target="#note-12" n="12">12</ref>'
    assert xml(to_tei(cited)) == (
        '<bibl type="noteref"><ref type="noteref" target="#note-68" n="68">68</ref>'
        "<citedRange>5210</citedRange></bibl>")
    assert xml(to_tei(expl)) == (
        '<ref type="noteref" subtype="explanatory" target="#note-expl-24" n="註 24">註 24</ref>')
    assert xml(to_tei(tag)) == '<note type="maintenance" subtype="citation-needed">來源請求</note>'


def test_append_with_markers_puts_text_in_tails() -> None:
    p = etree.Element(f"{TEI}p", nsmap={None: TEI[1:-1]})
    append_with_markers(p, "甲[1]乙")
    append_with_markers(p, "丙[2]")
    append_with_markers(p, "丁")
    assert xml(p) == ('<p>甲<ref type="noteref" target="#note-1" n="1">1</ref>乙丙'
                      '<ref type="noteref" target="#note-2" n="2">2</ref>丁</p>')


def test_the_plain_text_seed_markers() -> None:
    text = (ROOT / "articles" / "korean-war.zh-hant.txt").read_text(encoding="utf-8")
    found = markers(text)
    assert joined(split_markers(text)) == text
    kinds = [m.kind for m in found]
    assert kinds.count("explanatory") == 14
    assert kinds.count("maintenance") == 10
    assert kinds.count("note") == 544
    assert sum(1 for m in found if m.locator) == 162
    assert [m.locator for m in found if m.number == "68"].count("5210") == 9
    assert {m.locator for m in found if m.number == "122"} >= {"176-177", "110-111", "128", "177"}
    assert [m.locator for m in found if m.number == "85" and m.locator] == ["第一章", "第一章"]


_ALPHABET = st.sampled_from(list("[]\\:：-–—0123456789註注 note來源請求頁碼失效連結可靠？?月年第一章頁\n\x00甲"))


@settings(max_examples=400, deadline=None)
@given(st.text(_ALPHABET, max_size=60) | st.text(max_size=60))
def test_splitting_reproduces_any_input(text: str) -> None:
    parts = split_markers(text)
    assert joined(parts) == text
    assert all(part for part in parts if isinstance(part, str))
    assert not any(isinstance(a, str) and isinstance(b, str) for a, b in zip(parts, parts[1:]))
    for part in parts:
        if isinstance(part, Marker):
            to_tei(part)
