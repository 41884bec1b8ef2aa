"""The editorial stage: one explanation, in the article's script, for everything the source flags or lost."""
from __future__ import annotations


import pytest
from lxml import etree

from conftest import REPO, jing, run_in_process
from pipeline.convert import convert
from pipeline.tei import NS, SourceMeta, serialize
from pipeline.transforms import editorial
from pipeline.transforms.base import ArticleInputs, Reporter
from pipeline.wording import explain

T = "{http://www.tei-c.org/ns/1.0}"
ZH_HANT = REPO / "articles" / "korean-war.zh-hant.txt"
WIKI = REPO / "articles" / "korean-war.wiki.md"


@pytest.fixture(scope="module")
def seed():
    """The traditional-script seed through reader and transforms, with what the stages reported."""
    meta = SourceMeta(id="korean-war-zh-hant", title="韓戰", lang="zh-Hant", format="plain-text",
                      file=ZH_HANT.name)
    return convert(ZH_HANT, ArticleInputs(meta), lambda message: None)


@pytest.fixture(scope="module")
def wiki_seed():
    meta = SourceMeta(id="korean-war", title="朝鲜战争", lang="zh-Hans", format="wiki-markdown", file=WIKI.name)
    return convert(WIKI, ArticleInputs(meta), lambda message: None)


def editorial_notes(root, kind):
    return root.xpath("//tei:note[@type='editorial'][@subtype=$kind]", namespaces=NS, kind=kind)


def test_seed_maintenance_tags_each_get_one_explanation_right_after_them(seed):
    root, transformed = seed
    tags = root.xpath("//tei:text//tei:note[@type='maintenance']", namespaces=NS)
    assert [t.get("subtype") for t in tags].count("citation-needed") == 3  # [來源請求] ×3 in the source
    assert len(tags) == 10  # 3 來源請求, 3 頁碼請求, 2 失效連結, 2 來源可靠？
    for flag in tags:
        explanation = flag.getnext()
        assert explanation.tag == f"{T}note" and explanation.get("type") == "editorial"
        assert explanation.get("subtype") == flag.get("subtype") and explanation.get("resp") == "#pipeline"
        assert flag.tail is None
    (first,) = [t for t in tags if t.get("subtype") == "dead-link"][:1]
    assert first.getnext().text == "維基百科編者在此標註「失效連結」：所引網頁已無法存取，此處所述暫時無從核對。"
    assert first.getnext().tail.startswith("。")
    assert transformed.counts("editorial") == {
        "citation-needed": 3, "page-needed": 3, "dead-link": 2, "doubtful-source": 2, "lost-text": 0,
        "empty-headings": 0, "lost-notes": 0, "unresolved-notes": 361, "unresolved-references": 558}


def test_seed_unresolved_notes_keep_the_readers_explanation_without_a_second(seed):
    root, _ = seed
    notes = root.xpath("//tei:div[@type='notes']/tei:note", namespaces=NS)
    assert len(notes) == 361
    for note in notes:
        (explanation,) = note.findall(f"{T}note")
        assert explanation.get("subtype") == "unresolved-note" and explanation.get("resp") == "#pipeline"
        assert explanation.text == "此版本未收錄該註釋的原文。"


def test_seed_counts_are_in_the_header(seed):
    root, _ = seed
    measures = root.xpath("//tei:fileDesc/tei:extent/tei:measure[@type='editorial']", namespaces=NS)
    counts = {measure.get("unit"): measure.get("quantity") for measure in measures}
    assert counts["citation-needed"] == "3" and counts["unresolved-references"] == "558"
    assert any(editorial.NORMALISATION == p.text for p in root.iter(f"{T}p"))


def test_wiki_seed_lost_text_and_empty_headings_are_explained_once(wiki_seed):
    root, transformed = wiki_seed
    counts = transformed.counts("editorial")
    assert (counts["lost-text"], counts["empty-headings"], counts["lost-notes"]) == (9, 6, 236)
    gaps = root.xpath("//tei:body//tei:p//tei:gap[@reason='lost']", namespaces=NS)
    assert len(gaps) == 9
    for gap in gaps:
        (desc,) = gap
        assert (desc.tag, desc.get("type"), desc.get("subtype")) == (f"{T}desc", "editorial", "lost-text")
        assert desc.text == "此处原有模板生成的文字，在转换中丢失。" and gap.tail.startswith(("）", "，）", "》"))
        assert gap.getnext() is None or gap.getnext().get("type") != "editorial"  # the reader's note moved in
    assert editorial_notes(root, "lost-text") == []
    for gap in root.xpath("//tei:div[@type='section']/tei:gap[1]", namespaces=NS):
        assert gap.findtext(f"{T}desc") == "此处标题为空：原标题中的模板在转换中丢失。" and len(gap) == 1


SMALL = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="t" xml:lang="{lang}"><teiHeader/><text><body>
<div type="section"><gap reason="lost" resp="#pipeline"/><p>北约（<gap reason="lost" resp="#pipeline"/>，）成立<ref type="noteref" target="#note-1" n="1">1</ref><ref type="noteref" target="#note-2" n="2">2</ref>。</p>
<p>空括号（<gap reason="lost" resp="#pipeline"/><note type="editorial" resp="#pipeline">读者写的说明。</note>）之后<note type="maintenance" subtype="page-needed">页码请求</note></p></div>
<div type="section"><gap reason="lost" resp="#pipeline"><desc>读者写的描述。</desc></gap></div>
</body><back><div type="notes"><note place="end" xml:id="note-1" n="1" type="lost"/><note place="end" xml:id="note-2" n="2" type="citation">某书。</note></div></back></text></TEI>"""


def run_stage(lang: str) -> tuple[etree._Element, dict[str, int]]:
    root = etree.fromstring(SMALL.format(lang=lang))
    inputs = ArticleInputs(SourceMeta(id="t", title="t", lang=lang, format="plain-text", file="t.txt"))
    return root, editorial.apply(root, inputs, Reporter()).counts


def test_each_kind_is_explained_in_place():
    root, counts = run_stage("zh-Hans")
    (lost_text, reader_text) = root.xpath("//tei:p/tei:gap", namespaces=NS)
    assert etree.tostring(lost_text, encoding=str, with_tail=True) == (
        '<gap xmlns="http://www.tei-c.org/ns/1.0" reason="lost" resp="#pipeline"><desc type="editorial" '
        'subtype="lost-text">此处原有模板生成的文字，在转换中丢失。</desc></gap>，）成立')
    # the reader's own note becomes the gap's description, not doubled
    assert etree.tostring(reader_text, encoding=str, with_tail=True) == (
        '<gap xmlns="http://www.tei-c.org/ns/1.0" reason="lost" resp="#pipeline"><desc type="editorial" '
        'subtype="lost-text">读者写的说明。</desc></gap>）之后')
    assert editorial_notes(root, "lost-text") == []
    (page,) = editorial_notes(root, "page-needed")
    assert page.getprevious().get("type") == "maintenance"
    empty_heading, described = root.xpath("//tei:div[@type='section']/tei:gap[1]", namespaces=NS)
    assert empty_heading.findtext(f"{T}desc") == "此处标题为空：原标题中的模板在转换中丢失。"
    assert described.findtext(f"{T}desc") == "读者写的描述。" and len(described) == 1
    (lost_note,) = editorial_notes(root, "lost-note")
    assert lost_note.getparent().get("n") == "1" and lost_note.text == "此注释的原文在转换中丢失。"
    assert counts == {
        "citation-needed": 0, "page-needed": 1, "dead-link": 0, "doubtful-source": 0, "lost-text": 2,
        "empty-headings": 2, "lost-notes": 1, "unresolved-notes": 0, "unresolved-references": 1}


def test_traditional_articles_get_traditional_explanations():
    root, _ = run_stage("zh-Hant")
    assert editorial_notes(root, "page-needed")[0].text == \
        "維基百科編者在此標註「頁碼請求」：所引文獻沒有註明頁碼，讀者無法據以核對。"
    assert editorial_notes(root, "lost-note")[0].text == "此註釋的原文在轉換中遺失。"
    assert explain("lost-text", "zh-Hant-TW") == "此處原有模板生成的文字，在轉換中遺失。"
    assert explain("lost-text", "zh-Hans-CN") == "此处原有模板生成的文字，在转换中丢失。"


def test_running_twice_changes_nothing():
    root, _ = run_stage("zh-Hans")
    once = serialize(root)
    editorial.apply(root, ArticleInputs(SourceMeta(id="t", title="t", lang="zh-Hans", format="plain-text",
                                                   file="t.txt")), Reporter())
    assert serialize(root) == once


def test_the_build_prints_the_counts_and_writes_valid_tei(project):
    result = run_in_process("build", "korean-war-zh-hant", "--formats", "tei", "--project", str(project))
    assert result.returncode == 0, result.stderr
    assert ("editorial: citation-needed 3, page-needed 3, dead-link 2, doubtful-source 2, lost-text 0, "
            "empty-headings 0, lost-notes 0, unresolved-notes 361, unresolved-references 558") in result.stderr
    checked = jing(project / "tei" / "korean-war-zh-hant.xml")
    assert checked.returncode == 0, checked.stdout[:2000]
