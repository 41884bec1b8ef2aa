"""Scholarly annotations: the file format and its checks, anchoring, re-anchoring after revisions,
merging into the edition, and the ``edition validate``/``build`` behaviour on the seed corpus."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from conftest import REPO, jing, run_in_process
from pipeline.annotations.anchoring import IdHistory, Retired, anchor
from pipeline.annotations.loading import load_annotation_file
from pipeline.annotations.merge import merge, strip
from pipeline.annotations.relocate import relocate
from pipeline.errors import EditionError
from pipeline.targets import Pointer
from pipeline.tei import NS, XML_ID, serialize
from pipeline.visible import VisibleText

TEI_NS = "http://www.tei-c.org/ns/1.0"
T = f"{{{TEI_NS}}}"

# A small edition in traditional script: a link, a note reference, a maintenance tag with its
# editorial note, a variant, inline code, a list and a section heading, all with stable IDs.
EDITION = """<?xml version='1.0' encoding='UTF-8'?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="kw" xml:lang="zh-Hant"><teiHeader><fileDesc><titleStmt><title>韓戰</title></titleStmt><publicationStmt><p>測試</p></publicationStmt><sourceDesc><p>測試</p></sourceDesc></fileDesc></teiHeader><text><body><div type="section" xml:id="s-aaaaaa"><head xml:id="h-aaaaaa">經過</head><p xml:id="p-incheo">9月15日，美軍在<ref type="wikilink" target="https://zh.wikipedia.org/wiki/仁川登陸">仁川登陸</ref>，迅速扭轉戰局<ref type="noteref" target="#note-1" n="1">1</ref>。仁川登陸後，北韓陷入不利地位，全面潰退。</p><p xml:id="p-deaths">韓戰死亡人數約為300萬<note type="maintenance" subtype="citation-needed">來源請求</note><note type="editorial" resp="#pipeline" subtype="citation-needed">維基百科編者在此標註「來源請求」。</note>，平民死亡比例高於<choice><reg xml:lang="zh-Hans">第二次世界大战</reg><reg xml:lang="zh-Hant">第二次世界大戰</reg></choice>或越南戰爭。</p><list rend="bulleted"><item xml:id="i-code01">指令<code>grep 仁川</code>可查找。</item></list></div></body><back><div type="notes"><note place="end" xml:id="note-1" n="1" type="unresolved"><note type="editorial" resp="#pipeline" subtype="unresolved-note">此版本未收錄該註釋的原文。</note></note></div></back></text></TEI>
"""

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="zh-Hant">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>韓戰：學術注釋</title></titleStmt>
      <publicationStmt><p>隨本版發佈。</p></publicationStmt>
      <sourceDesc><p>原創注釋。</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <standOff>
    <listAnnotation>
"""
FOOTER = """    </listAnnotation>
  </standOff>
</TEI>
"""


def annotation(xml_id: str, target: str, note: str = "注釋正文。", motivation: str = "commenting") -> str:
    return (f'      <annotation xml:id="{xml_id}" target="{target}" motivation="{motivation}">\n'
            f'        <respStmt><resp>注釋</resp><persName>王明</persName></respStmt>\n'
            f'        <note>{note}</note>\n'
            f'      </annotation>\n')


def write_file(folder: Path, *annotations: str, name: str = "kw.xml") -> Path:
    path = folder / name
    path.write_text(HEADER + "".join(annotations) + FOOTER, encoding="utf-8")
    return path


def edition(text: str = EDITION) -> etree._Element:
    return etree.fromstring(text.encode("utf-8"))


class OneOtherEdition:
    """The edition's other article, as anchoring sees it: ``other.xml`` with block ``p-other1``."""

    def check(self, name: str, fragment: str) -> str | None:
        if name != "other.xml":
            return f"there is no article '{name[:-4]}' in this edition"
        return None if fragment in ("", "p-other1") else f"unknown ID '{fragment}' in the edition other"

    def url(self, name: str, fragment: str) -> str:
        return f"https://edition.example.org/{name[:-4]}/#{fragment}"


other_editions = OneOtherEdition()


def anchored(tmp_path: Path, *annotations: str, root: etree._Element | None = None, retired=None,
             previous: etree._Element | None = None, history: IdHistory | None = None):
    """Load, anchor and merge ``annotations`` into ``root``; returns (root, anchoring)."""
    root = edition() if root is None else root
    history = history or IdHistory(retired=retired or {})
    result = anchor(root, load_annotation_file(write_file(tmp_path, *annotations)), history, previous,
                    other_editions)
    assert not result.problems, result.problems
    merge(root, result)
    return root, result


def problems_of(tmp_path: Path, *annotations: str, root: etree._Element | None = None) -> list[str]:
    result = anchor(edition() if root is None else root, load_annotation_file(write_file(tmp_path, *annotations)),
                    IdHistory(), None, other_editions)
    return [str(problem) for problem in result.problems]


def block(root: etree._Element, xml_id: str) -> etree._Element:
    return root.xpath("//*[@xml:id=$id]", id=xml_id)[0]


def annotation_of(root: etree._Element, xml_id: str) -> etree._Element:
    return root.xpath("//tei:standOff//tei:annotation[@xml:id=$id]", namespaces=NS, id=xml_id)[0]


def visible(root: etree._Element, xml_id: str) -> str:
    return VisibleText(block(root, xml_id), "zh-Hant").text


def assert_valid_tei(root: etree._Element, tmp_path: Path) -> None:
    path = tmp_path / "merged.xml"
    path.write_bytes(serialize(root))
    result = jing(path)
    assert result.returncode == 0, result.stdout


# --- loading: every error with file and line, all at once ---------------------------------------

def test_a_good_file_loads_in_order(tmp_path):
    loaded = load_annotation_file(write_file(tmp_path, annotation("a1", "#p-incheo"),
                                             annotation("a2", "#match(p-deaths,'300萬')")))
    assert [a.id for a in loaded.annotations] == ["a1", "a2"]
    assert loaded.annotations[1].pointers == [Pointer("p-deaths", "300萬")]
    assert loaded.annotations[0].line == 12 and loaded.article_id == "kw"


def test_not_well_formed_names_the_line(tmp_path):
    path = write_file(tmp_path, annotation("a1", "#p-incheo", note="未閉合<emph>的強調。"))
    with pytest.raises(EditionError) as caught:
        load_annotation_file(path)
    (problem,) = caught.value.problems
    assert caught.value.status == 1 and problem.file == str(path) and problem.line == 14
    assert "not well-formed XML" in problem.message


def test_schema_problems_are_all_reported_with_lines(tmp_path):
    no_resp = annotation("a1", "#p-incheo").replace(
        "        <respStmt><resp>注釋</resp><persName>王明</persName></respStmt>\n", "")
    bad_motivation = annotation("a2", "#p-incheo", motivation="opining")
    unknown_element = annotation("a3", "#p-incheo", note="見<hi>此</hi>。")
    path = write_file(tmp_path, no_resp, bad_motivation, unknown_element)
    with pytest.raises(EditionError) as caught:
        load_annotation_file(path)
    schema = "not valid against pipeline/schemas/annotations.rng: "
    assert [str(p) for p in caught.value.problems] == [
        f'{path}:13: {schema}element "note" not allowed yet; missing required element "respStmt"',
        f'{path}:15: {schema}value of attribute "motivation" is invalid; token "opining" invalid; must be equal '
        'to "assessing", "bookmarking", "classifying", "commenting", "describing", "editing", "highlighting", '
        '"identifying", "linking", "moderating", "questioning", "replying" or "tagging"',
        f'{path}:21: {schema}element "hi" not allowed here; expected the element end-tag, text or element "bibl", '
        '"emph", "foreign" or "ref"',
    ]


def test_duplicate_ids_and_bad_targets_are_reported_together(tmp_path):
    path = write_file(tmp_path, annotation("a1", "#p-incheo"), annotation("a1", "#p-deaths"),
                      annotation("a2", "#match(p-incheo,仁川)"))
    with pytest.raises(EditionError) as caught:
        load_annotation_file(path)
    messages = [str(p) for p in caught.value.problems]
    assert messages == [
        f"{path}:16: duplicate annotation ID 'a1' (first at line 12)",
        f"{path}:20: annotation 'a2': target '#match(p-incheo,仁川)' is not a phrase pointer: write "
        "#match(BLOCK-ID,'phrase') or #match(BLOCK-ID,'phrase',N) (a space in the phrase is %20, a quote %27)",
    ]


def test_an_external_entity_is_refused_never_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    path = tmp_path / "kw.xml"
    text = HEADER + annotation("a1", "#p-incheo", note="&xxe;") + FOOTER
    path.write_text(text.replace("<TEI ", f'<!DOCTYPE TEI [\n<!ENTITY xxe SYSTEM "file://{secret}">\n]>\n<TEI ', 1),
                    encoding="utf-8")
    with pytest.raises(EditionError) as caught:
        load_annotation_file(path)
    assert caught.value.status == 1
    assert all("TOP-SECRET" not in str(p) for p in caught.value.problems)
    assert any("entity" in p.message and "xxe" in p.message for p in caught.value.problems)


def test_an_entity_expansion_bomb_is_refused(tmp_path):
    bomb = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    path = tmp_path / "kw.xml"
    text = HEADER + annotation("a1", "#p-incheo", note="&lol9;") + FOOTER
    path.write_text(text.replace("<TEI ", "<!DOCTYPE TEI [\n" + "\n".join(bomb) + "\n]>\n<TEI ", 1), encoding="utf-8")
    with pytest.raises(EditionError) as caught:
        load_annotation_file(path)
    assert caught.value.status == 1
    assert any("entity" in p.message for p in caught.value.problems)
    assert sum(len(str(p)) for p in caught.value.problems) < 10_000


# --- anchoring in an edition ---------------------------------------------------------------------

def test_block_and_phrase_targets_become_concrete_anchors(tmp_path):
    root, result = anchored(tmp_path, annotation("a-block", "#p-deaths"),
                            annotation("a-phrase", "#match(p-incheo,'仁川登陸',2)"))
    assert annotation_of(root, "a-block").get("target") == "#p-deaths"
    assert annotation_of(root, "a-phrase").get("target") == "#anchor-a-phrase-1-1"
    seg = block(root, "anchor-a-phrase-1-1")
    assert (seg.tag, seg.get("type"), seg.get("ana"), seg.text) == (f"{T}seg", "annotated", "#a-phrase", "仁川登陸")
    assert seg.tail.startswith("後，北韓")
    assert result.warnings == []
    assert root.find(f"{T}standOff/{T}listAnnotation").get("type") == "scholarly"
    assert_valid_tei(root, tmp_path)


def test_wrapping_keeps_every_character_in_place(tmp_path):
    before = "".join(edition().find(f"{T}text").itertext())
    root, _ = anchored(tmp_path, annotation("a1", "#match(p-incheo,'美軍在仁川')"),
                       annotation("a2", "#match(p-deaths,'300萬，平民死亡比例高於第二次世界大戰或')"),
                       annotation("a3", "#match(p-incheo,'在仁川登陸，迅速')"),
                       annotation("a4", "#match(i-code01,'grep 仁川')".replace(" ", "%20")))
    assert "".join(root.find(f"{T}text").itertext()) == before
    assert annotation_of(root, "a1").get("target") == "#anchor-a1-1-1 #anchor-a1-1-2"
    assert ["".join(block(root, f"anchor-a1-1-{n}").itertext()) for n in (1, 2)] == ["美軍在", "仁川"]
    # the phrase runs past the maintenance tag and its note and into the traditional reading only
    segs = root.xpath("//tei:seg[@ana='#a2']", namespaces=NS)
    assert ["".join(s.itertext()) for s in segs] == ["300萬", "，平民死亡比例高於", "第二次世界大戰", "或"]
    assert segs[2].getparent().get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-Hant"
    # overlapping phrases nest: a3's pieces lie inside a1's segs and after them
    segs = root.xpath("//tei:seg[@ana='#a3']", namespaces=NS)
    assert [s.text for s in segs] == ["在", "仁川", "登陸", "，迅速"]
    assert [s.getparent().get("ana") for s in segs[:2]] == ["#a1", "#a1"]
    # inline code cannot hold a seg: it is wrapped whole
    assert block(root, "anchor-a4-1-1")[0].tag == f"{T}code"
    assert_valid_tei(root, tmp_path)


def test_phrases_are_matched_against_the_text_a_reader_sees(tmp_path):
    assert problems_of(tmp_path, annotation("a1", "#match(p-incheo,'戰局。')")) == []
    problems = problems_of(tmp_path, annotation("a1", "#match(p-incheo,'戰局1。')"),
                           annotation("a2", "#match(p-deaths,'第二次世界大战')"),
                           annotation("a3", "#match(p-deaths,'來源請求')"))
    assert [p.split(": ", 1)[1] for p in problems] == [
        "annotation 'a1': phrase '戰局1。' not found in block p-incheo (as the edition shows its text)",
        "annotation 'a2': phrase '第二次世界大战' not found in block p-deaths (as the edition shows its text)",
        "annotation 'a3': phrase '來源請求' not found in block p-deaths (as the edition shows its text)",
    ]


def test_every_anchoring_problem_is_reported_with_its_line(tmp_path):
    path = tmp_path / "kw.xml"
    problems = problems_of(tmp_path,
                           annotation("a1", "#p-nosuch"),
                           annotation("a2", "#match(p-incheo,'仁川登陸',3)"),
                           annotation("p-deaths", "#p-incheo"),
                           annotation("a4", "#p-incheo", note='見<ref target="#a9">此</ref>與<ref target="#a1">彼</ref>、'
                                                             '<ref target="https://example.org/">網頁</ref>、'
                                                             '<ref target="notes.txt">檔案</ref>。'),
                           annotation("anchor-x", "#p-incheo"))
    assert problems == [
        f"{path}:12: annotation 'a1': target ID 'p-nosuch' does not exist in the edition kw, now or in its ID ledger",
        f"{path}:16: annotation 'a2': phrase '仁川登陸' occurs 2 time(s) in block p-incheo, so there is no occurrence 3",
        f"{path}:20: annotation 'p-deaths': its ID is already used in the edition kw (<p>); choose another",
        f"{path}:26: annotation 'a4': ref target '#a9': unknown ID 'a9' (no annotation of this file and no block of "
        "the edition kw has it)",
        f"{path}:26: annotation 'a4': ref target 'notes.txt' is neither #ID, ARTICLE.xml#ID nor an http(s) URL",
        f"{path}:28: annotation 'anchor-x': IDs starting with 'anchor-' are reserved for the edition's anchors; "
        "choose another",
    ]


def test_links_to_another_article_are_checked_and_become_its_published_url(tmp_path):
    note = '見<ref target="other.xml#p-other1">彼處</ref>。'
    root, _ = anchored(tmp_path, annotation("a1", "#p-incheo", note=note))
    (ref,) = annotation_of(root, "a1").iter(f"{T}ref")
    assert (ref.get("target"), ref.get("type")) == ("https://edition.example.org/other/#p-other1", "edition")
    problems = problems_of(tmp_path, annotation("a1", "#p-incheo", note='<ref target="other.xml#p-nosuch">x</ref>'
                                                                       '<ref target="nosuch.xml#p-1">y</ref>'))
    assert [p.split(": ", 2)[2] for p in problems] == [
        "ref target 'other.xml#p-nosuch': unknown ID 'p-nosuch' in the edition other",
        "ref target 'nosuch.xml#p-1': there is no article 'nosuch' in this edition",
    ]


def test_an_annotation_may_reply_to_another(tmp_path):
    root, _ = anchored(tmp_path, annotation("a1", "#p-incheo"), annotation("a2", "#a1", motivation="replying"))
    assert annotation_of(root, "a2").get("target") == "#a1"


def test_orphans_and_anchored_annotations_are_valid_tei(tmp_path):
    retired = {"p-gone01": Retired((), None)}
    root, result = anchored(tmp_path, annotation("a1", "#p-gone01"), annotation("a2", "#p-incheo"),
                            retired=retired)
    orphans = root.find(f"{T}standOff/{T}listAnnotation[@type='orphaned']")
    assert [a.get(XML_ID) for a in orphans] == ["a1"]
    assert orphans[0].get("target") == "#kw"
    orphan_note = orphans[0].find(f"{T}note")
    assert orphan_note.get("type") == "orphaned" and orphan_note.get("resp") == "#pipeline"
    assert orphan_note.text == "無法定位：原目標 #p-gone01 所在的段落已在修訂中刪除，沒有後繼。"
    assert orphans[0].findall(f"{T}note")[1].text == "注釋正文。"
    assert len(result.warnings) == 1 and "'a1' cannot be anchored any more" in result.warnings[0]
    assert_valid_tei(root, tmp_path)


# --- re-anchoring after each kind of revision ---------------------------------------------------

def revise(old: str, new: str, text: str = EDITION) -> etree._Element:
    assert old in text
    return edition(text.replace(old, new))


def first_build(tmp_path: Path, *annotations: str) -> etree._Element:
    """The previous edition: the annotations merged into the unrevised text."""
    root, _ = anchored(tmp_path, *annotations)
    return etree.fromstring(serialize(root))


def test_a_retired_block_id_follows_the_ledger_to_its_successor(tmp_path):
    notes = (annotation("a1", "#p-oldold"), annotation("a2", "#match(p-oldold,'仁川登陸',2)"))
    previous = first_build(tmp_path, *[n.replace("p-oldold", "p-incheo") for n in notes])
    previous_text = serialize(previous).decode().replace("p-incheo", "p-oldold")
    retired = {"p-oldold": Retired(("p-mid001", "p-incheo"), "p-incheo")}
    root, result = anchored(tmp_path, *notes, retired=retired, previous=etree.fromstring(previous_text.encode()))
    assert annotation_of(root, "a1").get("target") == "#p-incheo"
    assert block(root, annotation_of(root, "a2").get("target")[1:]).text == "仁川登陸"
    change = annotation_of(root, "a1").find(f"{T}revisionDesc/{T}change")
    assert change.get("who") == "#pipeline" and change.get("type") == "reanchored"
    assert change.text == "原目標 p-oldold 已在修訂中退役，現按 ID 記錄指向其後繼 p-mid001 → p-incheo。"
    assert len(result.warnings) == 2 and all("re-anchored" in w for w in result.warnings)
    assert_valid_tei(root, tmp_path)


def test_an_edit_elsewhere_in_the_block_keeps_the_phrase(tmp_path):
    note = annotation("a1", "#match(p-incheo,'仁川登陸',2)")
    previous = first_build(tmp_path, note)
    root, result = anchored(tmp_path, note, root=revise("全面潰退", "最終全面潰退至鴨綠江"), previous=previous)
    assert block(root, "anchor-a1-1-1").tail.startswith("後，北韓")
    assert result.warnings == [] and annotation_of(root, "a1").find(f"{T}revisionDesc") is None


def test_an_edited_phrase_is_found_again_with_its_context(tmp_path):
    note = annotation("a1", "#match(p-incheo,'仁川登陸',2)")
    previous = first_build(tmp_path, note)
    edit = ("。仁川登陸後，北韓陷入不利地位", "。仁川登岸後，北韓陷入不利的地位")
    root, result = anchored(tmp_path, note, root=revise(*edit), previous=previous)
    assert block(root, "anchor-a1-1-1").text == "仁川登岸"
    change = annotation_of(root, "a1").find(f"{T}revisionDesc/{T}change")
    assert change.text == "短語「仁川登陸」在修訂後的文本中未原樣出現，現按上下文定位於「仁川登岸」。"
    assert "re-anchored" in result.warnings[0]
    # the next build, with nothing changed, keeps that place and says so again (the file still says 登陸)
    again, result = anchored(tmp_path, note, root=revise(*edit), previous=etree.fromstring(serialize(root)))
    assert block(again, "anchor-a1-1-1").text == "仁川登岸" and len(result.warnings) == 1


def test_a_new_earlier_occurrence_does_not_move_the_annotation(tmp_path):
    note = annotation("a1", "#match(p-incheo,'仁川登陸',2)")
    previous = first_build(tmp_path, note)
    revised = revise("9月15日，美軍在", "仁川登陸是麥克阿瑟的計劃。9月15日，美軍在")
    root, _ = anchored(tmp_path, note, root=revised, previous=previous)
    assert block(root, "anchor-a1-1-1").tail.startswith("後，北韓")
    change = annotation_of(root, "a1").find(f"{T}revisionDesc/{T}change")
    assert change.text == "短語「仁川登陸」在修訂後的段落中出現的次序有變，現按上下文定位於第 3 處。"


def test_a_deleted_block_orphans_its_annotation_with_the_old_position(tmp_path):
    note = annotation("a1", "#match(p-incheo,'仁川登陸',2)")
    previous = first_build(tmp_path, note)
    revised = edition(EDITION.replace(EDITION[EDITION.index('<p xml:id="p-incheo">'):EDITION.index('<p xml:id="p-deaths">')], ""))
    root, result = anchored(tmp_path, note, root=revised, previous=previous,
                            retired={"p-incheo": Retired((), None)})
    orphan = root.find(f"{T}standOff/{T}listAnnotation[@type='orphaned']/{T}annotation")
    assert orphan.get(XML_ID) == "a1"
    assert orphan.find(f"{T}note").text == (
        "無法定位：原目標 #match(p-incheo,'仁川登陸',2) 所在的段落已在修訂中刪除，沒有後繼。"
        "原文：「9月15日，美軍在仁川登陸，迅速扭轉戰局。仁川登陸後，北韓陷入不利地位，全面潰退。」。")
    assert "cannot be anchored any more" in result.warnings[0]
    assert_valid_tei(root, tmp_path)


def test_a_phrase_deleted_from_its_block_is_orphaned_not_an_error(tmp_path):
    note = annotation("a1", "#match(p-incheo,'仁川登陸',2)")
    previous = first_build(tmp_path, note)
    revised = revise("。仁川登陸後，北韓陷入不利地位，全面潰退。", "。其後戰事急轉直下，不再詳述。")
    root, result = anchored(tmp_path, note, root=revised, previous=previous)
    orphan = annotation_of(root, "a1")
    assert orphan.getparent().get("type") == "orphaned"
    assert orphan.find(f"{T}note").text.startswith("無法定位：原目標 #match(p-incheo,'仁川登陸',2) 的短語在修訂後的段落 p-incheo 中已找不到。")
    assert not root.xpath("//tei:seg[@ana='#a1']", namespaces=NS)
    assert len(result.warnings) == 1


def test_a_typo_in_an_unchanged_block_is_an_error_even_with_a_previous_edition(tmp_path):
    previous = first_build(tmp_path, annotation("a1", "#match(p-incheo,'仁川登陸',2)"))
    result = anchor(edition(), load_annotation_file(write_file(tmp_path, annotation("a1", "#match(p-incheo,'仁州登陸')"))),
                    IdHistory(), previous, other_editions)
    assert [p.message for p in result.problems] == [
        "annotation 'a1': phrase '仁州登陸' not found in block p-incheo (as the edition shows its text)"]


def test_without_a_previous_edition_the_ledger_text_gives_the_context(tmp_path):
    note = annotation("a1", "#match(p-incheo,'仁川登陸',2)")
    last = {"p-incheo": "9月15日，美軍在仁川登陸，迅速扭轉戰局。仁川登陸後，北韓陷入不利地位，全面潰退。"}
    edit = ("。仁川登陸後，北韓陷入不利地位", "。仁川登岸後，北韓陷入不利的地位")
    root, result = anchored(tmp_path, note, root=revise(*edit),
                            history=IdHistory(last_text=last, changed=frozenset({"p-incheo"})))
    assert block(root, "anchor-a1-1-1").text == "仁川登岸" and "re-anchored" in result.warnings[0]
    # unchanged according to the ledger: a phrase not in the text is the scholar's mistake
    problems = anchor(revise(*edit), load_annotation_file(write_file(tmp_path, note)),
                      IdHistory(last_text=last), None, other_editions).problems
    assert [p.message for p in problems] == [
        "annotation 'a1': phrase '仁川登陸' occurs 1 time(s) in block p-incheo, so there is no occurrence 2"]


@pytest.mark.parametrize("text, expected", [
    ("9月15日美軍於仁川登岸後，北韓即陷入不利", "仁川登岸"),
    ("美軍在朝鮮的仁川港登陸後，北韓陷入不利", "仁川港登陸"),
    ("完全無關的一句話，講的是另一件事情。", None),
])
def test_relocate_carries_the_phrase_edges_across_an_alignment(text, expected):
    span = relocate(text, "美軍在", "仁川登陸", "後，北韓陷入不利")
    assert (text[span[0]:span[1]] if span else None) == expected


def test_strip_gives_back_the_edition_without_annotations(tmp_path):
    root, _ = anchored(tmp_path, annotation("a1", "#match(p-incheo,'美軍在仁川')"), annotation("a2", "#p-gone"),
                       retired={"p-gone": Retired((), None)})
    strip(root)
    assert serialize(root) == serialize(edition())


# --- the seed corpus: build, validate, revise ------------------------------------------------------

ZH_HANT = "korean-war-zh-hant"


def tei_build(project: Path, *articles: str, formats: str = "tei"):
    return run_in_process("build", *articles, "--formats", formats, "--project", str(project))


def snapshot(project: Path) -> dict[str, bytes]:
    """Every file of tei/ and of the article's editions in output/."""
    return {str(p.relative_to(project)): p.read_bytes() for folder in ("tei", f"output/html/{ZH_HANT}")
            for p in sorted((project / folder).rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_seed_annotations_merge_into_valid_editions_and_survive_rebuilds(project):
    annotation_files = {p.name: p.read_bytes() for p in (project / "tei" / "annotations").glob("*.xml")}
    assert sorted(annotation_files) == ["korean-war-zh-hant.xml", "korean-war.xml"]
    first = tei_build(project)
    assert first.returncode == 0, first.stderr
    assert "annotations: annotations 9, anchored 9, reanchored 0, orphaned 0" in first.stderr
    assert "annotations: annotations 2, anchored 2, reanchored 0, orphaned 0" in first.stderr
    editions = {name: (project / "tei" / name).read_bytes() for name in annotation_files}
    for _ in range(2):
        assert tei_build(project).returncode == 0
        assert {p.name: p.read_bytes() for p in (project / "tei" / "annotations").glob("*.xml")} == annotation_files
        assert {name: (project / "tei" / name).read_bytes() for name in annotation_files} == editions
    root = etree.fromstring(editions["korean-war-zh-hant.xml"])
    merged = root.xpath("tei:standOff/tei:listAnnotation[@type='scholarly']/tei:annotation", namespaces=NS)
    assert len(merged) == 9 and not root.xpath("//tei:listAnnotation[@type='orphaned']", namespaces=NS)
    phrases = {seg.get("ana"): "".join(seg.itertext()) for seg in root.iter(f"{T}seg") if seg.get("type") == "annotated"}
    assert phrases["#kwh-cpv-deaths"] == "183,108人" and phrases["#kwh-stalin-pressure"] == "成功逼迫"
    assert phrases["#kwh-fifth-campaign-date"] == "1953年5月朝中軍隊發動夏季第五次戰役失敗"
    for name in annotation_files:
        checked = jing(project / "tei" / name)
        assert checked.returncode == 0, checked.stdout[:2000]
    validated = run_in_process("validate", "--project", str(project))
    assert validated.returncode == 0, validated.stderr


def test_a_wrong_annotation_file_stops_the_build_and_nothing_is_written(project):
    assert tei_build(project, ZH_HANT).returncode == 0
    before = snapshot(project)
    path = project / "tei" / "annotations" / f"{ZH_HANT}.xml"
    path.write_text(HEADER + annotation("bad-1", "#p-nosuch0") + annotation("bad-2", "#match(p-gam39e,'約為400萬')")
                    + annotation("bad-2", "#p-gam39e") + FOOTER, encoding="utf-8")
    before[f"tei/annotations/{ZH_HANT}.xml"] = path.read_bytes()
    result = tei_build(project, ZH_HANT, formats="tei,html")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("edition: error:")]
    assert errors == [f"edition: error: {path}:20: duplicate annotation ID 'bad-2' (first at line 16)"]
    path.write_text(HEADER + annotation("bad-1", "#p-nosuch0") + annotation("bad-2", "#match(p-gam39e,'約為400萬')")
                    + FOOTER, encoding="utf-8")
    before[f"tei/annotations/{ZH_HANT}.xml"] = path.read_bytes()
    result = tei_build(project, ZH_HANT, formats="tei,html")
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("edition: error:")] == [
        f"edition: error: {path}:12: annotation 'bad-1': target ID 'p-nosuch0' does not exist in the edition "
        f"{ZH_HANT}, now or in its ID ledger",
        f"edition: error: {path}:16: annotation 'bad-2': phrase '約為400萬' not found in block p-gam39e (as the "
        "edition shows its text)",
    ]
    assert snapshot(project) == before
    assert not (project / "output" / "html" / ZH_HANT).exists()


def test_validate_lists_every_problem_of_every_file_and_fails(project):
    assert tei_build(project, ZH_HANT).returncode == 0
    bad = project / "tei" / "annotations" / f"{ZH_HANT}.xml"
    bad.write_text(HEADER + annotation("v-1", "#match(p-gam39e,'三百萬')")
                   + annotation("v-2", "#p-gam39e", note='見<ref target="korean-war.xml#p-nosuch0">別處</ref>。')
                   + FOOTER, encoding="utf-8")
    broken = project / "tei" / "annotations" / "korean-war.xml"
    broken.write_text(HEADER + annotation("w-1", "#p-gam39e").replace("</note>", "") + FOOTER, encoding="utf-8")
    result = run_in_process("validate", "--project", str(project))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("edition: error:")]
    assert errors == [
        f"edition: error: {bad}:12: annotation 'v-1': phrase '三百萬' not found in block p-gam39e (as the edition "
        "shows its text)",
        f"edition: error: {bad}:18: annotation 'v-2': ref target 'korean-war.xml#p-nosuch0': unknown ID 'p-nosuch0' "
        "in the edition korean-war",
        f"edition: error: {broken}:15: not well-formed XML: Opening and ending tag mismatch: note line 14 and "
        "annotation",
    ]


def test_validate_refuses_an_external_entity_without_reading_it(project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    path = project / "tei" / "annotations" / f"{ZH_HANT}.xml"
    text = HEADER + annotation("x-1", "#p-gam39e", note="&xxe;") + FOOTER
    path.write_text(text.replace("<TEI ", f'<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "file://{secret}">]>\n<TEI ', 1),
                    encoding="utf-8")
    for result in (run_in_process("validate", str(path), "--project", str(project)), tei_build(project, ZH_HANT)):
        assert result.returncode == 1
        assert "entity declaration 'xxe'" in result.stderr and "TOP-SECRET" not in result.stderr + result.stdout
    assert not (project / "tei" / f"{ZH_HANT}.xml").exists() or \
        b"TOP-SECRET" not in (project / "tei" / f"{ZH_HANT}.xml").read_bytes()


def revise_source(project: Path, old: str, new: str) -> None:
    source = project / "articles" / "korean-war.zh-hant.txt"
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1
    source.write_text(text.replace(old, new), encoding="utf-8")


def test_seed_revisions_reanchor_or_orphan_and_say_so(project):
    assert tei_build(project, ZH_HANT).returncode == 0
    revise_source(project, "韓戰死亡人數約為300萬，", "韓戰死亡人數據估計約為三百萬，")
    start = (project / "articles" / "korean-war.zh-hant.txt").read_text(encoding="utf-8").index("1949年，由於南韓派遣")
    paragraph = (project / "articles" / "korean-war.zh-hant.txt").read_text(encoding="utf-8")[start:].split("\n", 1)[0]
    revise_source(project, paragraph + "\n", "")
    revise_source(project, "。[49]\n\n空軍方面，", "。[49]空軍方面，")  # two paragraphs become one
    result = tei_build(project, ZH_HANT)
    assert result.returncode == 0, result.stderr
    assert "annotations: annotations 9, anchored 8, reanchored 3, orphaned 1" in result.stderr
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert any("'kwh-total-deaths' re-anchored" in w and "約為三百萬" in w for w in warnings), warnings
    assert any("'kwh-shen-documents' cannot be anchored any more" in w for w in warnings), warnings
    root = etree.parse(str(project / "tei" / f"{ZH_HANT}.xml")).getroot()
    # the air-losses paragraph was merged into the one before it: its retired ID leads there
    for annotation_id in ("kwh-air-losses", "kwh-air-losses-other-version"):
        merged = annotation_of(root, annotation_id)
        assert merged.get("target") == "#p-wfqa1v"
        assert merged.find(f"{T}revisionDesc/{T}change").text == \
            "原目標 p-2waknz 已在修訂中退役，現按 ID 記錄指向其後繼 p-wfqa1v。"
    assert "".join(block(root, "anchor-kwh-cpv-deaths-1-1").itertext()) == "183,108人"
    (seg,) = root.xpath("//tei:seg[@ana='#kwh-total-deaths']", namespaces=NS)
    assert seg.text == "約為三百萬"
    (orphan,) = root.xpath("//tei:listAnnotation[@type='orphaned']/tei:annotation", namespaces=NS)
    assert orphan.get(XML_ID) == "kwh-shen-documents" and orphan.get("target") == f"#{ZH_HANT}"
    assert "沈志華著作《韓戰：俄國檔案館的解密檔案》" in orphan.find(f"{T}note").text
    assert jing(project / "tei" / f"{ZH_HANT}.xml").returncode == 0


def test_the_readme_example_is_a_valid_annotation_file_for_the_seed(project):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Writing an annotation"):]
    example = section[section.index("```xml\n") + len("```xml\n"):section.index("\n```", section.index("```xml"))]
    path = project / "tei" / "annotations" / f"{ZH_HANT}.xml"
    path.write_text(example + "\n", encoding="utf-8")
    built = tei_build(project, ZH_HANT)
    assert built.returncode == 0, built.stderr
    assert "annotations: annotations 2, anchored 2, reanchored 0, orphaned 0" in built.stderr
    validated = run_in_process("validate", str(path), "--project", str(project))
    assert validated.returncode == 0, validated.stderr


def rendered_texts(built: Path, article_id: str) -> dict[str, str]:
    """The text a reader gets from each edition of an article, whitespace removed."""
    import subprocess
    import zipfile

    from lxml import html as lxml_html

    page = (built / "output" / "html" / article_id / "index.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(built / "output" / "epub" / f"{article_id}.epub") as book:
        chapters = [book.read(name) for name in sorted(book.namelist()) if name.endswith(".xhtml")]
    pdf = subprocess.run(["pdftotext", str(built / "output" / "pdf" / f"{article_id}.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    texts = {"html": lxml_html.fromstring(page).text_content(),
             "epub": "".join(etree.fromstring(chapter).xpath("string()") for chapter in chapters),
             "pdf": pdf}
    return {fmt: "".join(text.split()) for fmt, text in texts.items()}


@pytest.mark.slow
@pytest.mark.parametrize("article_id, count", [(ZH_HANT, 9), ("korean-war", 2)])
def test_every_seed_annotation_is_rendered_with_its_author_in_all_three_editions(built_project, article_id, count):
    root = etree.parse(str(built_project / "tei" / f"{article_id}.xml")).getroot()
    annotations = root.xpath("tei:standOff/tei:listAnnotation/tei:annotation", namespaces=NS)
    assert len(annotations) == count
    texts = rendered_texts(built_project, article_id)
    author = "本版編者" if article_id == ZH_HANT else "本版编者"
    for fmt, text in texts.items():
        for annotation in annotations:
            note = "".join("".join(annotation.find(f"{T}note").itertext()).split())
            assert note[:30] in text, (fmt, annotation.get(XML_ID))
        assert text.count(author) >= count, fmt
    page = (built_project / "output" / "html" / article_id / "index.html").read_text(encoding="utf-8")
    for seg in root.iter(f"{T}seg"):
        if seg.get("type") == "annotated":
            assert f'id="{seg.get(XML_ID)}"' in page
