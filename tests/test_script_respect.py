"""Script conversion respects language and publication (issue 17): Korean, Japanese and other
languages are tagged in the TEI and never converted; published titles, quotations and text the
source protected are shown as published in both script views; a regional article converts with its
region's phrase-level profile."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from conftest import REPO, run_in_process
from pipeline.project import Project
from pipeline.tei import NS, XML_LANG
from pipeline.transforms.language_runs import KANJI_TABLE, japanese_only, language_spans
from pipeline.visible import IDENTITY, visible_text
from pipeline.writers.base import WriterOptions
from pipeline.writers.html import HtmlWriter
from pipeline.writers.model import build_document
from pipeline.writers.scripts import convert_document, profile_for

SEEDS = REPO / "articles"
HANGUL_RUNS = {"korean-war": ["위대한조국해방전쟁승리65돐", "조선민주주의인민공화국중앙은행"],
               "korean-war-zh-hant": ["조국해방전쟁", "한국전쟁", "육이오 사변", "육이오 동란"]}


def spans(text: str, simplified: bool = False) -> list[tuple[str, str]]:
    return [(text[start:end], lang) for start, end, lang in language_spans(text, simplified)]


def tei(body: str, lang: str = "zh-Hans", back: str = "") -> etree._Element:
    return etree.fromstring(f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="t" xml:lang="{lang}"><teiHeader/>'
                            f"<text><body>{body}</body><back>{back}</back></text></TEI>")


def html_of(root: etree._Element) -> dict[str, str]:
    """The HTML writer's pages of a small TEI document, by file name."""
    files = HtmlWriter().write(build_document(root), WriterOptions(edition={}))
    return {name: data.decode() for name, data in files.items() if name.endswith(".html")}


@pytest.fixture(scope="module")
def seed_tei(tmp_path_factory) -> dict[str, etree._Element]:
    """Both seeds converted afresh (reader and transforms) by ``edition convert``."""
    out = tmp_path_factory.mktemp("seeds")
    converted = {}
    for article_id, name, lang in (("korean-war", "korean-war.wiki.md", "zh-Hans"),
                                   ("korean-war-zh-hant", "korean-war.zh-hant.txt", "zh-Hant")):
        target = out / f"{article_id}.xml"
        result = run_in_process("convert", str(SEEDS / name), "--lang", lang, "-o", str(target))
        assert result.returncode == 0, result.stderr
        converted[article_id] = etree.parse(str(target)).getroot()
    return converted


def foreign_runs(root: etree._Element) -> list[tuple[str, str]]:
    return [(f.text, f.get(XML_LANG)) for f in root.iterfind("tei:text//tei:foreign", NS)]


# -- detection on the seeds' real sentences -----------------------------------------------------------
def test_a_korean_gloss_tags_hangul_its_hanja_and_the_term_it_glosses():
    assert spans("名稱：北韓稱之為「祖國解放戰爭」（朝鮮語：조국해방전쟁／祖國解放戰爭）") == [
        ("祖國解放戰爭", "ko-Hani"), ("조국해방전쟁", "ko"), ("祖國解放戰爭", "ko-Hani")]
    assert spans("、「六二五事變」（육이오 사변／六二五 事變）") == [
        ("六二五事變", "ko-Hani"), ("육이오 사변", "ko"), ("六二五 事變", "ko-Hani")]


def test_a_term_is_hanja_by_its_context_not_by_a_list_of_words():
    # unquoted after a cue, before a gloss holding Hangul only
    assert spans("朝鲜称之为祖國解放戰爭（조국해방전쟁）", simplified=True) == [
        ("祖國解放戰爭", "ko-Hani"), ("조국해방전쟁", "ko")]
    # a made-up term, quoted after a cue, in traditional characters in a simplified article
    assert spans("韩国称之为“光復軍戰爭”。", simplified=True) == [("光復軍戰爭", "ko-Hani")]
    # simplified Chinese before a Korean gloss is the article's own word, not hanja
    assert spans("韩国称之为“韩国战争”（한국전쟁）", simplified=True) == [("한국전쟁", "ko")]
    # a bare run ending in the gloss's hanja: only the ending is hanja
    assert spans("他们在祖國解放戰爭（조국해방전쟁／祖國解放戰爭）") == [
        ("祖國解放戰爭", "ko-Hani"), ("조국해방전쟁", "ko"), ("祖國解放戰爭", "ko-Hani")]
    # in a traditional article, a cue alone proves nothing
    assert spans("北韓稱之為「祖國解放戰爭」。") == []


def test_japanese_by_label_by_kana_and_by_forms_only_japanese_writes():
    assert spans("中國大陸和日本稱之為「朝鮮戰爭」（日語：朝鮮戦争）") == [("朝鮮戦争", "ja")]
    assert spans("「朝鮮戦争」と呼ばれる。") == [("朝鮮戦争", "ja"), ("と呼ばれる", "ja")]
    assert spans("日本的「朝鮮戦争」。") == [("朝鮮戦争", "ja")]
    # after a Japanese cue, a term in forms foreign to the article's script; the shared name is Chinese
    assert spans("日本称之为“朝鮮動乱”。", simplified=True) == [("朝鮮動乱", "ja")]
    assert spans("日本稱之為「朝鮮動乱」。") == [("朝鮮動乱", "ja")]
    assert spans("中國大陸和日本稱之為「朝鮮戰爭」") == [] and spans("日本称之为“朝鲜战争”", simplified=True) == []
    # a simplified character Japanese never writes ends the Japanese: 们 and 说 are Chinese
    assert spans("他们说あの人は来た") == [("あの人は来た", "ja")]
    assert {"戦", "駅", "図"} <= japanese_only() and not {"产", "産", "説", "朝", "争"} & japanese_only()
    assert spans("道格拉斯・麦克阿瑟") == []   # the katakana middle dot is Chinese punctuation too


def test_cyrillic_is_russian_latin_english_or_undetermined():
    assert spans("什特科夫（Т. Ф. Штыков）致維辛斯基") == [("Т. Ф. Штыков", "ru")]
    assert spans("即“铬铁行动”（Operation Chromite），第3rd Infantry Regiment") == [
        ("Operation Chromite", "en"), ("3rd Infantry Regiment", "en")]
    assert spans("Zhōngguó Rénmín") == [("Zhōngguó Rénmín", "und-Latn")]
    assert spans("T-34坦克") == []


# -- the TEI ----------------------------------------------------------------------------------------
def test_the_seeds_tei_tags_every_hangul_run_and_the_hanja_and_kanji(seed_tei):
    hant = foreign_runs(seed_tei["korean-war-zh-hant"])
    for run in HANGUL_RUNS["korean-war-zh-hant"]:
        assert (run, "ko") in hant
    assert hant.count(("祖國解放戰爭", "ko-Hani")) == 2 and ("朝鮮戦争", "ja") in hant
    assert ("六二五 事變", "ko-Hani") in hant and ("韓國戰爭", "ko-Hani") in hant
    hans = foreign_runs(seed_tei["korean-war"])
    assert [run for run in hans if run[1].startswith("ko")] == [(run, "ko") for run in HANGUL_RUNS["korean-war"]]
    for root in seed_tei.values():   # no Hangul left outside a ko run
        for node in root.xpath("//tei:text//text()[not(ancestor::tei:foreign)]", namespaces=NS):
            assert not re.search("[\uac00-\ud7a3]", node), node


def test_tagging_changes_no_text_and_no_fingerprint(seed_tei):
    """The text of every block an ID is known by (:data:`pipeline.visible.IDENTITY`) is the same with
    and without the tags, and the seeds' text is the committed TEI's."""
    xml_id = "{http://www.w3.org/XML/1998/namespace}id"
    for article_id, root in seed_tei.items():
        committed = etree.parse(str(REPO / "tei" / f"{article_id}.xml")).getroot()
        body = root.find("tei:text/tei:body", NS)
        assert "".join(body.itertext()) == "".join(committed.find("tei:text/tei:body", NS).itertext())
        untagged = etree.fromstring(etree.tostring(committed))
        etree.strip_tags(untagged, f"{{{NS['tei']}}}foreign")
        blocks = {e.get(xml_id): e for e in untagged.iter() if e.get(xml_id)}
        lang = committed.get(XML_LANG)
        tagged = [e for e in committed.iter() if e.get(xml_id) and e.find(".//tei:foreign", NS) is not None]
        assert len(tagged) > 3
        for block in tagged:
            assert visible_text(block, lang, IDENTITY) == visible_text(blocks[block.get(xml_id)], lang, IDENTITY)


# -- the two script views ---------------------------------------------------------------------------
@pytest.mark.slow
def test_korean_and_japanese_survive_both_views_tagged(html_site):
    for article_id, pages in (("korean-war-zh-hant", ("index.html", "index.zh-Hans.html")),
                              ("korean-war", ("index.html", "index.zh-Hant.html"))):
        for name in pages:
            page = lxml.html.parse(str(html_site / article_id / name)).getroot()
            tagged = [(span.text_content(), span.get("lang")) for span in page.xpath("//span[@lang]")]
            for run in HANGUL_RUNS[article_id]:
                assert (run, "ko") in tagged, (name, run)
            if article_id == "korean-war-zh-hant":
                assert tagged.count(("祖國解放戰爭", "ko-Hani")) == 2 and ("朝鮮戦争", "ja") in tagged
                text = page.text_content()
                assert "祖国解放战争" not in text if name == "index.html" else "朝鲜戦争" not in text
                assert "조국해방전쟁／祖國解放戰爭）" in text and "（육이오 사변／六二五 事變）" in text


@pytest.mark.slow
def test_bibliography_entries_read_the_same_in_both_views(html_site):
    def entries(name: str) -> list[str]:
        page = lxml.html.parse(str(html_site / "korean-war" / name)).getroot()
        return [" ".join(entry.text_content().split()) for entry in page.xpath("//li[starts-with(@id, 'b-')]/span[@class='entry']")]

    assert len(entries("index.html")) == 95 and entries("index.html") == entries("index.zh-Hant.html")
    assert any("曲爱国. 中国人民解放军中朝鲜人部队返回朝鲜始末[J]. 军事历史, 2012(1)." in e
               for e in entries("index.zh-Hant.html"))
    traditional = lxml.html.parse(str(html_site / "korean-war" / "index.zh-Hant.html")).getroot()
    note = " ".join(traditional.xpath("//*[@id='n-jmarnx']")[0].text_content().split())
    assert "曲爱国.中国人民解放军中朝鲜人部队返回朝鲜始末.军事历史,2012(01)." in note


def test_titles_quotations_and_foreign_words_are_kept_in_the_other_view():
    root = tei('<div><p xml:id="p-1">他说<q>这里发生过战争</q>，韩语<foreign xml:lang="ko-Hani">祖國解放戰爭</foreign>，'
               '日语<foreign xml:lang="ja">朝鮮戦争</foreign>，这里发生过战争。</p>'
               '<quote xml:id="q-1" type="block"><p>历史是这样写的</p></quote></div>',
               back='<div type="notes"><note xml:id="n-1" n="1" type="explanatory">参见《军事历史》一书，'
                    '又见<bibl><title level="m">现代朝鲜的历史</title></bibl>，这里发生过战争。</note>'
                    '<note xml:id="n-2" n="2" type="citation">曲爱国.返回朝鲜始末.军事历史,2012(01).</note></div>')
    hant = convert_document(build_document(root), "zh-Hant")
    paragraph = next(n for n in hant.all_blocks() if n.id == "p-1")
    assert paragraph.plain_text() == "他說这里发生过战争，韓語祖國解放戰爭，日語朝鮮戦争，這裏發生過戰爭。"
    assert next(n for n in hant.all_blocks() if n.id == "q-1").plain_text() == "历史是这样写的"
    notes = {note.id: note.plain_text() for note in hant.notes}
    assert notes["n-1"] == "參見《军事历史》一書，又見现代朝鲜的历史，這裏發生過戰爭。"
    assert notes["n-2"] == "曲爱国.返回朝鲜始末.军事历史,2012(01)."
    kept = next(n for n in paragraph.walk() if n.kind == "noconv")
    assert kept.attrs["lang"] == "zh-Hans"


@pytest.mark.parametrize("lang, target, profile, source, converted", [
    ("zh-TW", "zh-Hans", "tw2sp", "軟體與資訊", "软件与信息"),
    ("zh-Hant-TW", "zh-Hans", "tw2sp", "滑鼠", "鼠标"),
    ("zh-HK", "zh-Hans", "hk2s", "着數", "着数"),
    ("zh-Hans-TW", "zh-Hant", "s2twp", "软件与信息", "軟體與資訊"),
    ("zh-Hant", "zh-Hans", "t2s", "軟體與資訊", "软体与资讯"),
    ("zh-Hans", "zh-Hant", "s2t", "软件与信息", "軟件與信息"),
])
def test_a_regional_article_converts_with_its_regions_vocabulary(lang, target, profile, source, converted):
    assert profile_for(lang, target) == profile
    document = convert_document(build_document(tei(f'<div><p xml:id="p-1">{source}</p></div>', lang)), target)
    assert next(n for n in document.all_blocks() if n.id == "p-1").plain_text() == converted


def test_a_zh_tw_and_a_zh_hk_article_page_in_simplified_characters():
    tw = html_of(tei('<div><p xml:id="p-1">這套軟體的資訊</p></div>', "zh-TW"))
    assert "这套软件的信息" in tw["index.zh-Hans.html"] and "這套軟體的資訊" in tw["index.html"]
    hk = html_of(tei('<div><p xml:id="p-1">香港的軟件</p></div>', "zh-HK"))
    assert "香港的软件" in hk["index.zh-Hans.html"]


def test_the_catalog_takes_a_regional_language(project):
    catalog = project / "articles" / "catalog.toml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('lang = "zh-Hant"', 'lang = "zh-Hant-TW"'),
                       encoding="utf-8")
    assert [a.lang for a in Project.load(project).catalog.articles] == ["zh-Hans", "zh-Hant-TW"]


def test_text_the_source_protects_is_not_converted(tmp_path: Path):
    source = tmp_path / "protected.md"
    source.write_text("# 软件\n\n这个软件叫-{软件发布}-，不是软件发布。\n", encoding="utf-8")
    target = tmp_path / "protected.xml"
    result = run_in_process("convert", str(source), "--lang", "zh-Hans", "-o", str(target))
    assert result.returncode == 0, result.stderr
    pages = html_of(etree.parse(str(target)).getroot())
    page = lxml.html.fromstring(pages["index.zh-Hant.html"])
    assert "這個軟件叫软件发布，不是軟件發佈。" in " ".join(p.text_content() for p in page.xpath("//p"))
    assert page.xpath("//span[@class='noconv']")[0].get("lang") == "zh-Hans"


def test_the_kanji_table_is_what_opencc_and_the_encodings_give_now():
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import kanji_tables
    finally:
        sys.path.remove(str(REPO / "tools"))
    assert KANJI_TABLE.read_text(encoding="utf-8") == kanji_tables.text()
