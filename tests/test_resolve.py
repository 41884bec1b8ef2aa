"""Resolving an ID: live blocks with their place, retired ones through their successors."""
from __future__ import annotations

from dataclasses import replace

import pytest
from lxml import etree

from pipeline.errors import EditionError
from pipeline.ids.ledger import Ledger
from pipeline.resolve import UNTITLED, locate, resolve_id
from pipeline.tei import XML_ID, tag
from pipeline.transforms.ids import assign_ids

TEI = "http://www.tei-c.org/ns/1.0"
BACKGROUND = "朝鮮半島自1910年起被日本統治，直至1945年第二次世界大戰結束。"
CROSSING = "1950年6月25日凌晨，朝鮮人民軍越過三八線，戰爭爆發。"
ARMISTICE = "1953年7月27日，雙方在板門店簽署停戰協定，戰事結束。"
NOTE = "王樹增：《朝鮮戰爭》，人民文學出版社，2000年"


def edition(*paragraphs: str) -> etree._Element:
    """An article: a section 背景 › 經過 holding ``paragraphs``, a headless section, a note."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return etree.fromstring(
        f'<TEI xmlns="{TEI}"><teiHeader/><text><body><div type="section"><head>背景</head>'
        f'<div type="section"><head>經過<ref type="noteref" target="#note-1" n="1">1</ref></head>'
        f'{body}</div></div>'
        f'<div type="section"><gap reason="lost"/><p>附錄</p></div></body><back><div type="notes">'
        f'<note place="end" xml:id="note-1" n="1">{NOTE}</note></div></back></text></TEI>')


def build(*revisions: tuple[str, ...]) -> tuple[etree._Element, Ledger, list[dict[str, str]]]:
    """Build each revision in turn; return the last tree, the ledger and each build's IDs by text."""
    ledger, seen = Ledger(), []
    for number, paragraphs in enumerate(revisions, start=1):
        root = edition(*paragraphs)
        ledger = assign_ids(root, ledger, str(number))
        seen.append({p.text: p.get(XML_ID) for p in root.iter(tag("p"))})
    return root, ledger, seen


def test_live_block_reports_its_text_and_place():
    root, ledger, (ids,) = build((BACKGROUND, CROSSING))
    result = resolve_id(root, ledger, ids[CROSSING], "tei/ids/art.json")
    assert result.live and result.chain == ()
    assert result.location.text == CROSSING
    assert result.location.sections == ("背景", "經過")
    assert (result.location.position, result.location.of) == (6, 9)
    assert result.report("art").splitlines() == [
        f"art#{ids[CROSSING]}: live",
        f"  now: {ids[CROSSING]}, block 6 of 9, in 背景 › 經過",
        f"  text: {CROSSING}",
    ]


def test_places_name_untitled_sections_and_back_matter():
    root, ledger, (ids,) = build((BACKGROUND,))
    assert locate(root, ids["附錄"]).sections == (UNTITLED,)
    note = root.find(f".//{tag('note')}").get(XML_ID)
    assert locate(root, note).sections == ("notes",)
    assert locate(root, note).text == NOTE
    heading = root.find(f".//{tag('div')}/{tag('div')}/{tag('head')}").get(XML_ID)
    assert locate(root, heading).text == "經過"
    assert locate(root, "p-zzzzzz") is None


def test_retired_block_reports_its_chain_and_build():
    root, ledger, (first, second, third) = build((BACKGROUND, CROSSING, ARMISTICE), (BACKGROUND, ARMISTICE),
                                                 (ARMISTICE,))
    # Build 2 retires CROSSING onto the paragraph before it; build 3 retires that one onto
    # the nearest survivor, the heading before it (preceding wins the tie with ARMISTICE).
    heading = root.find(f".//{tag('div')}/{tag('div')}/{tag('head')}").get(XML_ID)
    gone = first[CROSSING]
    result = resolve_id(root, ledger, gone, "tei/ids/art.json")
    assert not result.live
    assert result.chain == (first[BACKGROUND], heading)
    assert result.retired_in == "2" and result.former_text == CROSSING
    assert result.location.block_id == heading and third[ARMISTICE] == first[ARMISTICE]
    assert result.report("art").splitlines() == [
        f"art#{gone}: retired in build 2",
        f"  was: {CROSSING}",
        f"  successors: {first[BACKGROUND]} → {heading} (live)",
        f"  now: {heading}, block 4 of 8, in 背景 › 經過",
        "  text: 經過",
    ]


def test_retired_block_without_successor():
    ledger = assign_ids(edition(BACKGROUND), Ledger(), "1")
    gone = next(i for i, e in ledger.entries.items() if e.text == BACKGROUND)
    entries = dict(ledger.entries)
    entries[gone] = replace(entries[gone], status="retired", retired_in="2", successor=None)
    result = resolve_id(edition(), Ledger(entries), gone, "tei/ids/art.json")
    assert not result.live and result.location is None and result.chain == ()
    assert "successors: none" in result.report("art")


def test_id_that_never_existed_is_an_error():
    root, ledger, _ = build((BACKGROUND,))
    with pytest.raises(EditionError) as caught:
        resolve_id(root, ledger, "p-zzzzzz", "tei/ids/art.json")
    assert caught.value.status == 1
    assert str(caught.value) == ("tei/ids/art.json: p-zzzzzz: no such ID in this article, now or in "
                                 "any earlier build")


def test_ledger_and_tei_out_of_step_is_an_error():
    root, ledger, (ids,) = build((BACKGROUND, CROSSING))
    stale = edition(BACKGROUND)
    with pytest.raises(EditionError, match="live in the ID ledger but absent from the TEI; rebuild"):
        resolve_id(stale, ledger, ids[CROSSING], "tei/ids/art.json")


def test_ids_outside_the_ledger_still_resolve_in_a_hand_made_tei():
    root = edition(BACKGROUND)
    root.find(f".//{tag('p')}").set(XML_ID, "intro")
    result = resolve_id(root, Ledger(), "intro", "art.xml")
    assert result.live and result.location.text == BACKGROUND
