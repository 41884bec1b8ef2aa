"""The plain-text reader on the zh-Hant seed and on inputs built for one case each."""
from __future__ import annotations

import difflib
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline import jing, tei
from pipeline.errors import EditionError
from pipeline.readers.base import ReaderResult
from pipeline.readers.plain_text import read

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "articles" / "korean-war.zh-hant.txt"
NS = tei.NS
XML_ID = tei.XML_ID


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed(seed_text: str) -> ReaderResult:
    return read(seed_text, source_name="korean-war.zh-hant.txt", lang="zh-Hant")


def texts(element: etree._Element) -> str:
    return "".join(element.itertext())


def prose_of_tei(result: ReaderResult) -> str:
    """The source text the TEI holds: every block's text minus what markers became."""
    blocks = (result.front.findall(".//tei:ab", NS) if result.front is not None else []) + result.body.findall(
        "tei:p", NS)
    kept = []
    for block in blocks:
        copy = etree.fromstring(etree.tostring(block))
        for marker in copy.xpath(".//tei:ref[@type='noteref'] | .//tei:citedRange | .//tei:note", namespaces=NS):
            marker.text = None  # its tail is source text and stays
            for child in list(marker):
                marker.remove(child)
        kept.append(texts(copy))
    return "".join(kept)


_INDEPENDENT_MARKER = re.compile(
    r"\[(?:\d+|[註注] \d+|來源請求|頁碼請求|失效連結|來源可靠？)\]"
    r"(?::(?:\d+?(?:-\d+?)?(?=(?:1[0-2]|[1-9])月)|\d+(?:-\d+)?|第[一二三四五六七八九十]+章))?"
)


def prose_of_source(text: str) -> str:
    """The source's prose, stripped independently of the reader: markers out, line edges trimmed."""
    return "".join(_INDEPENDENT_MARKER.sub("", line).strip() for line in text.split("\n"))


def share_kept(source: str, tei: str) -> float:
    matcher = difflib.SequenceMatcher(None, source, tei, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / max(len(source), 1)


def jing_problems(result: ReaderResult, tmp_path: Path) -> list[str]:
    """What jing says about the whole TEI document the build assembles around ``result``."""
    meta = tei.SourceMeta(id="case", title="韓戰", lang="zh-Hant", format="plain-text", file="case.txt")
    root = tei.assemble(meta, result.body, result.back, result.front)
    tei.add_header_extras(root, tei.HeaderExtras(normalisations=result.normalisations))
    path = tmp_path / "case.xml"
    path.write_bytes(tei.serialize(root))
    return [str(problem) for problem in jing.validate_with_jing(path)]


# --- the seed ---------------------------------------------------------------------------------

def test_seed_paragraphs(seed: ReaderResult, seed_text: str) -> None:
    lines = seed_text.split("\n")
    prose_lines = [line for line in lines[19:] if line.strip()]
    assert len(prose_lines) == 187
    assert len(seed.body.findall("tei:p", NS)) == 186  # the lone 。 line joins the one before
    assert list(seed.body) == seed.body.findall("tei:p", NS)
    first = texts(seed.body[0])
    assert first.startswith("韓戰，是朝鮮半島上的朝鮮民主主義人民共和國政權與大韓民國政權之間的戰爭")
    assert texts(seed.body[-1]).startswith("直至2016年，電視劇《38度線》打破這種政治禁忌。")
    assert texts(seed.body[-1]).endswith("40集的電視連續劇《跨過鴨綠江》。")


def test_seed_infobox(seed: ReaderResult) -> None:
    (infobox,) = seed.front.findall("tei:div[@type='infobox']", NS)
    lines = [texts(ab) for ab in infobox.findall("tei:ab", NS)]
    assert lines == [
        "軍事僵持",
        "聯合國軍註 2",
        "美國註 3",
        "合計： 972,334",
        "合計： 1,642,000 / 1,742,000",
        "死亡和失蹤總數：170,927人死亡，32,585人失蹤（南韓162,394人，美國36,574人，其他4,544人）",
        "受傷總數： 566,434人註 24",
        "死亡和失蹤總數：539,573-730,573（北韓316,000-507,000人，中國223,274人，蘇聯299人）",
        "受傷總數： 686,500人",
    ]
    refs = infobox.findall(".//tei:ref", NS)
    assert [r.get("target") for r in refs] == ["#note-expl-2", "#note-expl-3", "#note-expl-24"]


def test_seed_page_locators(seed: ReaderResult) -> None:
    cited = seed.body.findall(".//tei:bibl[@type='noteref']", NS)
    assert len(cited) == 162
    on_68 = [b.findtext("tei:citedRange", namespaces=NS) for b in cited if b.find("tei:ref", NS).get("n") == "68"]
    assert on_68 == ["5210"] * 9
    on_122 = [b.findtext("tei:citedRange", namespaces=NS) for b in cited if b.find("tei:ref", NS).get("n") == "122"]
    assert "176-177" in on_122 and "128" in on_122 and "177" in on_122
    ranges = {b.findtext("tei:citedRange", namespaces=NS) for b in cited}
    assert {"第一章", "220-230", "182-183", "102"} <= ranges


def test_seed_explanatory_and_maintenance(seed: ReaderResult) -> None:
    everything = [seed.front, seed.body]
    expl = [r for part in everything for r in part.findall(".//tei:ref[@subtype='explanatory']", NS)]
    assert len(expl) == 14
    assert [r.get("n") for r in expl][:4] == ["註 2", "註 3", "註 24", "註 28"]
    tags = Counter(n.get("subtype") for n in seed.body.findall(".//tei:note[@type='maintenance']", NS))
    assert tags == {"citation-needed": 3, "page-needed": 3, "dead-link": 2, "doubtful-source": 2}
    labels = Counter(texts(n) for n in seed.body.findall(".//tei:note[@type='maintenance']", NS))
    assert labels == {"來源請求": 3, "頁碼請求": 3, "失效連結": 2, "來源可靠？": 2}


def test_seed_lone_full_stop_and_leading_marker_join_the_paragraph_before(seed: ReaderResult) -> None:
    paragraphs = seed.body.findall("tei:p", NS)
    (soviet,) = [p for p in paragraphs if "蘇軍參戰人員一律身著中國人民志願軍軍服" in texts(p)]
    assert texts(soviet).endswith("軍服202。")
    assert soviet[-1].get("n") == "202" and soviet[-1].tail == "。"
    assert not [p for p in paragraphs if texts(p) == "。"]
    (second_division,) = [p for p in paragraphs if "然後擊退美軍第2師。" in texts(p)]
    assert texts(second_division).endswith("然後擊退美軍第2師。153")
    (withdrawal,) = [p for p in paragraphs if "成功撤退" in texts(p)]
    assert withdrawal.text.startswith("聯合國指揮部、美國第八軍團在土耳其旅掩護下成功撤退。")


def test_seed_unresolved_notes(seed: ReaderResult) -> None:
    (notes,) = seed.back.findall("tei:div[@type='notes']", NS)
    ids = [n.get(XML_ID) for n in notes.findall("tei:note", NS)]
    assert len(ids) == 347 + 14
    assert ids[:4] == ["note-4", "note-27", "note-34", "note-49"]
    assert ids[346] == "note-404"
    assert ids[-1] == "note-expl-38"
    targets = {r.get("target")[1:] for part in (seed.front, seed.body) for r in part.iter("{%s}ref" % NS["tei"])}
    assert targets == set(ids)
    for note in notes.findall("tei:note", NS):
        assert (note.get("place"), note.get("type")) == ("end", "unresolved")
        (editorial,) = note
        assert (editorial.get("type"), editorial.get("subtype"), editorial.get("resp")) == (
            "editorial", "unresolved-note", "#pipeline")
        assert editorial.text == "此版本未收錄該註釋的原文。"
    assert notes.xpath("tei:note[@xml:id='note-expl-24']/@n", namespaces=NS) == ["註 24"]


def test_seed_leaves_no_marker_debris_in_text(seed: ReaderResult) -> None:
    text_nodes = [t for part in (seed.front, seed.body) for t in part.xpath("//text()")]
    debris = [t for t in text_nodes if re.search(r"\[(?:\d+|註 \d+|來源請求|頁碼請求|失效連結|來源可靠？)\]", t)]
    assert debris == []
    assert not [t for t in text_nodes if re.match(r":\d", t)]


def test_seed_normalisations_are_recorded(seed: ReaderResult) -> None:
    text = "\n".join(seed.normalisations)
    assert "347 numbered and 14 explanatory notes" in text
    assert "The 9 short lines before the lead paragraph" in text
    assert "lines joined: 1" in text
    assert "locators: 15" in text
    assert seed.warnings == []


def test_seed_every_character_kept_in_order(seed: ReaderResult, seed_text: str) -> None:
    source = prose_of_source(seed_text)
    tei = prose_of_tei(seed)
    assert len(source) == 48_115
    share = share_kept(source, tei) if source != tei else 1.0
    assert source == tei, f"share of source characters kept: {share:.4%}"


def test_seed_valid_against_tei_all(seed: ReaderResult, tmp_path: Path) -> None:
    assert jing_problems(seed, tmp_path) == []


def test_seed_reading_is_deterministic(seed_text: str, seed: ReaderResult) -> None:
    again = read(seed_text, source_name="korean-war.zh-hant.txt", lang="zh-Hant")
    for first, second in ((seed.front, again.front), (seed.body, again.body), (seed.back, again.back)):
        assert etree.tostring(first) == etree.tostring(second)
    assert seed.normalisations == again.normalisations


# --- small inputs -----------------------------------------------------------------------------

LEAD = "這是一個足夠長的導言段落，用來確認讀取器能把它認作正文，而不是資訊框的殘留部分。"


def one(text: str, lang: str = "zh-Hant") -> ReaderResult:
    return read(text, source_name="case.txt", lang=lang)


def paragraph_texts(result: ReaderResult) -> list[str]:
    return [texts(p) for p in result.body.findall("tei:p", NS)]


def test_blank_lines_and_bare_line_breaks_both_separate_paragraphs() -> None:
    result = one("第一段。\n第二段。\n\n\n第三段。")
    assert paragraph_texts(result) == ["第一段。", "第二段。", "第三段。"]
    assert result.front is None


def test_short_lines_before_the_first_prose_line_are_the_infobox() -> None:
    result = one(f"結果\n\n  合計： 972,334  \n\u3000受傷總數： 5人\n\n{LEAD}\n短句。")
    assert [texts(ab) for ab in result.front.iterfind(".//tei:ab", NS)] == ["結果", "合計： 972,334", "受傷總數： 5人"]
    assert paragraph_texts(result) == [LEAD, "短句。"]


def test_a_file_opening_with_prose_has_no_infobox() -> None:
    result = one(f"{LEAD}\n附記")
    assert result.front is None
    assert paragraph_texts(result) == [LEAD, "附記"]


def test_lone_full_stop_joins_and_a_first_line_keeps_its_markers() -> None:
    result = one("[3]開頭的句子[4]\n。\n」[5]接著。")
    assert paragraph_texts(result) == ["3開頭的句子4。」5", "接著。"]


def test_notes_are_sorted_by_number_and_explanatory_notes_follow() -> None:
    result = one("甲[10]乙[2][註 7]丙[2][注 1]")
    ids = [n.get(XML_ID) for n in result.back.iterfind(".//tei:div/tei:note", NS)]
    assert ids == ["note-2", "note-10", "note-expl-1", "note-expl-7"]
    assert [n.get("n") for n in result.back.iterfind(".//tei:div/tei:note", NS)] == ["2", "10", "注 1", "註 7"]


def test_no_markers_means_no_notes_division() -> None:
    result = one("沒有任何註釋的段落。")
    assert len(result.back) == 0
    assert not any("notes" in sentence for sentence in result.normalisations)


@pytest.mark.parametrize(
    ("lang", "message"), [("zh-Hant", "此版本未收錄該註釋的原文。"), ("zh-Hans", "此版本未收录该注释的原文。")])
def test_the_editorial_note_speaks_the_article_language(lang: str, message: str) -> None:
    (editorial,) = one("句子[1]", lang).back.iterfind(".//tei:note[@type='editorial']", NS)
    assert editorial.text == message


# --- bad input --------------------------------------------------------------------------------

def test_bom_is_removed_with_a_warning() -> None:
    result = one("\ufeff第一段。")
    assert paragraph_texts(result) == ["第一段。"]
    assert result.warnings == ["case.txt:1: warning: byte-order mark removed"]


def test_crlf_and_cr_line_ends_are_read_as_lf_with_a_warning() -> None:
    result = one("第一段。\r\n第二段。\r\n\r\n第三段。\r第四段。")
    assert paragraph_texts(result) == ["第一段。", "第二段。", "第三段。", "第四段。"]
    assert result.warnings == ["case.txt:1: warning: CRLF/CR line ends normalised to LF"]


def test_tabs_indent_are_stripped_and_inner_tabs_kept() -> None:
    assert paragraph_texts(one("\t第一段\t續。\t\n\t\t第二段。")) == ["第一段\t續。", "第二段。"]


@pytest.mark.parametrize("text", ["", "\ufeff", " \n\t\n\u3000\n", "\r\n\r\n"])
def test_empty_source_is_an_error(text: str) -> None:
    with pytest.raises(EditionError) as raised:
        one(text)
    assert str(raised.value) == "case.txt: empty source: no text to convert"


def test_control_characters_are_refused_with_their_line() -> None:
    with pytest.raises(EditionError) as raised:
        one("第一段。\n\n第二\x00段。\n第三\x0c段。")
    assert str(raised.value).splitlines() == [
        "case.txt:3: character U+0000 at column 3 cannot be held in XML; remove it from the source",
        "case.txt:4: character U+000C at column 3 cannot be held in XML; remove it from the source",
    ]


def test_a_binary_file_is_reported_in_a_bounded_number_of_lines() -> None:
    with pytest.raises(EditionError) as raised:
        one("\x01\n" * 50)
    problems = raised.value.problems
    assert len(problems) == 21
    assert problems[-1].message == "30 more lines with such characters"


def test_a_lone_surrogate_is_refused() -> None:
    with pytest.raises(EditionError) as raised:
        one("壞\udcff字")
    assert "U+DCFF" in str(raised.value) and "case.txt:1" in str(raised.value)


def test_a_one_megabyte_paragraph(tmp_path: Path) -> None:
    sentence = "韓戰是冷戰的第一場大規模熱戰[12]。"
    big = sentence * (1_000_000 // len(sentence.encode()) + 1)
    result = one(big)
    (p,) = result.body
    assert len(p) == big.count("[12]")
    assert texts(p) == big.replace("[12]", "12")
    assert jing_problems(result, tmp_path) == []


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from(list("[]12註 來源請求：。」\n\r\t\ufeff\x00甲乙 ")), max_size=80) | st.text(max_size=80))
def test_no_input_crashes_the_reader(text: str) -> None:
    try:
        result = one(text)
    except EditionError as error:
        assert all(problem.file == "case.txt" for problem in error.problems)
        return
    etree.tostring(result.body)
    etree.tostring(result.back)
