"""Collation (issue 19): the variants inside two aligned blocks, grouped and typed, and the TEI
collation document of a work in parallel segmentation, on small witnesses written out here."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import REPO
from pipeline.collation.collate import Segment, variants
from pipeline.collation.document import collation_document
from pipeline.collation.model import Link, Witness
from pipeline.jing import validate_with_jing
from pipeline.lang import converter
from pipeline.tei import NS, load_tei, serialize

TEI = "http://www.tei-c.org/ns/1.0"


# variants ------------------------------------------------------------------------------------

def test_a_script_flip_gives_orthographic_variants_only():
    assert variants("韓戰爆發於1950年，台灣", "韩战爆发于1950年，臺灣") == [
        Segment("韓戰爆發於", "韩战爆发于", "orthographic"),
        Segment("1950年，", "1950年，", "same"),
        Segment("台", "臺", "orthographic"),
        Segment("灣", "灣", "same"),
    ]


def test_corner_quotes_and_full_width_punctuation_are_orthographic():
    assert variants("「聯合國」(UN)", "“联合国”（UN）") == [Segment("「聯合國」(", "“联合国”（", "orthographic"),
                                                          Segment("UN", "UN", "same"),
                                                          Segment(")", "）", "orthographic")]


def test_an_inserted_clause_is_one_substantive_variant():
    assert variants("戰爭於6月25日開始。", "戰爭於6月25日在邊境地區開始。") == [
        Segment("戰爭於6月25日", "戰爭於6月25日", "same"),
        Segment("", "在邊境地區", "substantive"),
        Segment("開始。", "開始。", "same"),
    ]


def test_two_differences_close_together_are_one_unit():
    # 跨越/越过 and 38度/三八 are two character differences three characters apart
    assert variants("北韓跨越38度線南下入侵", "北韓越過三八線入侵") == [
        Segment("北韓", "北韓", "same"),
        Segment("跨越38度線南下", "越過三八線", "substantive"),
        Segment("入侵", "入侵", "same"),
    ]


def test_a_one_character_difference_is_read_as_a_word():
    assert variants("美國支援南韓", "美國支持南韓") == [
        Segment("美國", "美國", "same"), Segment("支援", "支持", "substantive"), Segment("南韓", "南韓", "same"),
    ]


def test_far_apart_differences_stay_apart():
    assert [s for s in variants("甲方於是進攻，隨後雙方長期對抗", "乙方於是進攻，隨後雙方長期對峙")
            if s.type != "same"] == [Segment("甲方", "乙方", "substantive"), Segment("對抗", "對峙", "substantive")]


def test_a_maintenance_tag_is_an_editorial_variant():
    assert variants("死亡約300萬[來源請求]。", "死亡約300萬。") == [
        Segment("死亡約300萬", "死亡約300萬", "same"),
        Segment("[來源請求]", "", "editorial"),
        Segment("。", "。", "same"),
    ]


def test_the_same_tag_in_two_scripts_is_no_variant_of_substance():
    assert variants("死亡[來源請求]", "死亡[来源请求]") == [
        Segment("死亡", "死亡", "same"), Segment("[來源請求]", "[来源请求]", "orthographic")]


def test_variant_characters_are_orthographic():
    # 缐 is a variant simplified form that t2s keeps; 么 is Taiwan's standard form of 幺
    assert variants("缐路，幺", "線路，么") == [Segment("缐", "線", "orthographic"), Segment("路，", "路，", "same"),
                                            Segment("幺", "么", "orthographic")]


def test_orthographic_differences_one_letter_apart_are_one_word():
    assert variants("朝鮮半島", "朝鲜半岛") == [Segment("朝", "朝", "same"), Segment("鮮半島", "鲜半岛", "orthographic")]


def test_a_change_of_vocabulary_is_substantive():
    assert variants("链接", "連結") == [Segment("链接", "連結", "substantive")]


def test_note_markers_are_ignored():
    assert variants("南韓受到支援[12][註 3]，戰爭[68]:5210開始", "南韓受到支援，戰爭[7]開始") == [
        Segment("南韓受到支援，戰爭開始", "南韓受到支援，戰爭開始", "same")]


CHINESE = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5) | st.sampled_from("，。、「」（）：0123 "),
                  min_size=1, max_size=60)


@settings(max_examples=300, deadline=None)
@given(CHINESE, st.sampled_from(["s2t", "t2s", "s2tw", "tw2s", "s2hk", "hk2s", "t2tw", "t2hk"]))
def test_a_pure_script_flip_has_only_orthographic_variants(text, config):
    flipped = converter(config).convert(text)
    segments = variants(text, flipped)
    assert {segment.type for segment in segments} <= {"same", "orthographic"}
    assert "".join(s.a for s in segments) == text and "".join(s.b for s in segments) == flipped


PIECES = st.sampled_from(list("戰战爭争的在北南韓韩，。 ab1") + ["[12]", "[來源請求]", "[来源请求]", "[註 3]"])
MARKED_TEXT = st.lists(PIECES, max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(MARKED_TEXT, MARKED_TEXT)
def test_the_segments_give_each_text_back_without_its_note_markers(text_a, text_b):
    segments = variants(text_a, text_b)
    assert "".join(s.a for s in segments) == text_a.replace("[12]", "").replace("[註 3]", "")
    assert "".join(s.b for s in segments) == text_b.replace("[12]", "").replace("[註 3]", "")
    assert all((s.a or s.b) and (s.type != "same" or s.a == s.b) for s in segments)
    assert all(x.type != y.type or x.type == "editorial" for x, y in zip(segments, segments[1:]))


def test_empty_texts():
    assert variants("", "") == []
    assert variants("戰爭", "") == [Segment("戰爭", "", "substantive")]


# the collation document ----------------------------------------------------------------------

def witness_root(title: str, lang: str, paragraphs: dict[str, str]) -> etree._Element:
    body = "".join(f'<p xml:id="{block_id}">{text}</p>' for block_id, text in paragraphs.items())
    return etree.fromstring(
        f'<TEI xmlns="{TEI}"><teiHeader><fileDesc><titleStmt><title type="main">{title}</title></titleStmt>'
        f'<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>'
        f'<text xml:lang="{lang}"><body>{body}</body></text></TEI>')


WITNESSES = [Witness("A", "old", "zh-Hans", "revision 1, wiki-Markdown, simplified"),
             Witness("B", "new", "zh-Hant", "later dump, plain text, traditional")]
LINKS = [Link(("p-aaaaaa",), ("p-bbbbbb",), "edited"),
         Link(("p-cccccc", "p-dddddd"), ("p-eeeeee",), "merged")]


def roots() -> dict[str, etree._Element]:
    return {
        "A": witness_root("朝鲜战争", "zh-Hans", {
            "p-aaaaaa": '战争开始<ref type="noteref" target="#n-1" n="1">1</ref>。',
            "p-cccccc": "联合国军参战",
            "p-dddddd": "中国参战。",
            "p-gggggg": "只在甲本。",
        }),
        "B": witness_root("韓戰", "zh-Hant", {
            "p-bbbbbb": '戰爭在邊境開始<note type="maintenance" subtype="citation-needed">來源請求</note>。',
            "p-eeeeee": "聯合國軍參戰，中國參戰。",
        }),
    }


def test_the_collation_document_in_parallel_segmentation():
    document = collation_document("war", WITNESSES, roots(), LINKS)
    body = document.find(f"{{{TEI}}}text/{{{TEI}}}body")
    abs_ = [(ab.get("type"), ab.get("corresp"), etree.tostring(ab, encoding="unicode", with_tail=False)
             .split(">", 1)[1].rsplit("</ab", 1)[0]) for ab in body]
    assert abs_ == [
        ("edited", "../old.xml#p-aaaaaa ../new.xml#p-bbbbbb",
         '<app type="orthographic"><rdg wit="#A">战争</rdg><rdg wit="#B">戰爭</rdg></app>'
         '<app type="substantive"><rdg wit="#A"/><rdg wit="#B">在邊境</rdg></app>'
         '<app type="orthographic"><rdg wit="#A">开</rdg><rdg wit="#B">開</rdg></app>始'
         '<app type="editorial"><rdg wit="#A"/><rdg wit="#B">[來源請求]</rdg></app>。'),
        ("merged", "../old.xml#p-cccccc ../old.xml#p-dddddd ../new.xml#p-eeeeee",
         '<app type="orthographic"><rdg wit="#A">联合国军参战</rdg><rdg wit="#B">聯合國軍參戰</rdg></app>'
         '<app type="substantive"><rdg wit="#A"/><rdg wit="#B">，</rdg></app>中'
         '<app type="orthographic"><rdg wit="#A">国参战</rdg><rdg wit="#B">國參戰</rdg></app>。'),
        ("unmatched", "../old.xml#p-gggggg",
         '<app type="substantive"><rdg wit="#A">只在甲本。</rdg><rdg wit="#B"/></app>'),
    ]
    header = {(m.get("type"), m.get("unit")): m.get("quantity")
              for m in document.iterfind(".//tei:extent/tei:measure", NS)}
    assert header == {("alignment", "same"): "0", ("alignment", "edited"): "1", ("alignment", "split"): "0",
                      ("alignment", "merged"): "1", ("alignment", "moved"): "0",
                      ("variants", "orthographic"): "4", ("variants", "substantive"): "2",
                      ("variants", "editorial"): "1", ("unmatched", "A"): "1", ("unmatched", "B"): "0"}
    witnesses = [(w.get("{http://www.w3.org/XML/1998/namespace}id"), w.text, w.find("tei:ptr", NS).get("target"))
                 for w in document.iterfind(".//tei:sourceDesc/tei:listWit/tei:witness", NS)]
    assert witnesses == [("A", "revision 1, wiki-Markdown, simplified ", "../old.xml"),
                         ("B", "later dump, plain text, traditional ", "../new.xml")]
    assert document.findtext(".//tei:titleStmt/tei:title", namespaces=NS) == "朝鲜战争: collation of 2 witnesses"


def test_a_one_sided_link_is_an_unmatched_block_where_it_stands():
    links = [Link(("p-aaaaaa",), ("p-bbbbbb",), "edited"), Link((), ("p-eeeeee",), "same")]
    document = collation_document("war", WITNESSES, roots(), links)
    assert [(ab.get("type"), ab.get("corresp")) for ab in document.iterfind(".//tei:body/tei:ab", NS)] == [
        ("edited", "../old.xml#p-aaaaaa ../new.xml#p-bbbbbb"), ("unmatched", "../new.xml#p-eeeeee"),
        ("unmatched", "../old.xml#p-cccccc"), ("unmatched", "../old.xml#p-dddddd"),
        ("unmatched", "../old.xml#p-gggggg")]


def test_the_collation_document_is_valid_tei_and_reproducible(tmp_path):
    first = serialize(collation_document("war", WITNESSES, roots(), LINKS))
    second = serialize(collation_document("war", WITNESSES, roots(), LINKS))
    assert first == second
    path = tmp_path / "war.xml"
    path.write_bytes(first)
    assert validate_with_jing(path) == []


@pytest.mark.parametrize("links", [[], [Link(("p-gggggg",), ("p-bbbbbb",), "moved")]])
def test_every_block_is_written_once(links):
    document = collation_document("war", WITNESSES, roots(), links)
    pointers = " ".join(ab.get("corresp") for ab in document.iterfind(".//tei:body/tei:ab", NS)).split()
    assert sorted(pointers) == sorted(["../old.xml#p-aaaaaa", "../old.xml#p-cccccc", "../old.xml#p-dddddd",
                                       "../old.xml#p-gggggg", "../new.xml#p-bbbbbb", "../new.xml#p-eeeeee"])


# the seeds -----------------------------------------------------------------------------------

SEED_LINKS = [Link(("p-d34y3k",), ("p-0ddj25",), "edited"),   # the Incheon landing
              Link(("p-stfajg",), ("p-a680nt",), "edited"),   # what the war meant for the Soviet Union
              Link(("p-wf26w8",), ("p-2waknz",), "edited")]   # Soviet air force losses


def test_the_seeds_collated_on_hand_picked_pairs():
    seeds = {"A": load_tei(REPO / "tei" / "korean-war.xml"), "B": load_tei(REPO / "tei" / "korean-war-zh-hant.xml")}
    witnesses = [Witness("A", "korean-war", "zh-Hans", "older revision"),
                 Witness("B", "korean-war-zh-hant", "zh-Hant", "later revision")]
    document = collation_document("korean-war", witnesses, seeds, SEED_LINKS)
    linked = [ab for ab in document.iterfind(".//tei:body/tei:ab", NS) if ab.get("type") == "edited"]
    readings = [[(app.get("type"), *("".join(rdg.itertext()) for rdg in app)) for app in ab
                 if app.get("type") != "orthographic"] for ab in linked]
    assert readings == [
        [("substantive", "", "美軍7萬餘人在仁川港登陸。"), ("substantive", "朝鲜", "北韓"),
         ("substantive", "", "朝鮮人民軍主力退路被切斷，被迫戰略退卻。")],
        [("substantive", "斯大", "史達"), ("editorial", "", "[來源請求]"), ("substantive", "設備", "裝置"),
         ("substantive", "， 而对于整个冷战格局而言，苏联成功地将美国的注意力一定地吸引至远东地区，从而使美国在欧洲的军事存在"
                         "相对下降；同时也造成美国深陷战争泥潭，经济实力有所降低，为苏联实现两国之间的“平起平坐”提供契机", "")],
        [("editorial", "", "[來源請求]")],
    ]
    orthographic = [(app[0].text, app[1].text) for app in linked[0] if app.get("type") == "orthographic"]
    assert orthographic == [("麦", "麥"), ("将军", "將軍"), ("陆计划", "陸計劃"), ("岛", "島")]
