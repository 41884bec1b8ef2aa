"""The editorial apparatus out of the running text, and lost notes collapsed (issue 17, first two points).

The TEI keeps every intervention where it stands; the editions show a small sign there (〔…〕,
[来源请求], 〔标题缺失〕) whose explanation is given once, and state once in the notes section which
notes the source lost, as ranges, instead of a line per note. Tested on a small article built for
these cases and on the seeds.
"""
from __future__ import annotations

import re
import subprocess
import zipfile
from dataclasses import asdict
from pathlib import Path

import lxml.html
import pypdf
import pytest
from lxml import etree
from playwright.sync_api import sync_playwright

from conftest import REPO
from pipeline.project import Project
from pipeline.tei import SourceMeta, assemble, el, sub
from pipeline.transforms import editorial
from pipeline.transforms.base import ArticleInputs, Reporter
from pipeline.wording import EXPLANATIONS, note_statement, number_ranges
from pipeline.writers.base import WriterOptions
from pipeline.writers.epub import EpubWriter
from pipeline.writers.html import HtmlWriter
from pipeline.writers.model import build_document
from pipeline.writers.model.apparatus import supplied_title
from pipeline.writers.pdf import PdfWriter, Plan, typst_source
from pipeline.writers.scripts import convert_document

XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
#: every explanation the editorial stage and the readers give, in both scripts: none may stand in a paragraph
GLOSSES = [text for pair in EXPLANATIONS.values() for text in pair]
LOST_TEXT = "此处原有模板生成的文字，在转换中丢失。"
EMPTY_HEADING = "此处标题为空：原标题中的模板在转换中丢失。"
CITATION_NEEDED = "维基百科编者在此标注“来源请求”：这一说法在原文中没有注明出处，本版未加核实。"


def small_article(lang: str = "zh-Hans") -> etree._Element:
    """Two lacunae in one sentence, a section whose heading was lost, a maintenance tag, one note
    with text (1) and lost notes 2, 3, 4 and 7, as the editorial stage leaves the TEI."""
    meta = SourceMeta(id="small", title="小文", lang=lang, format="wiki-markdown", file="small.wiki.md")
    body = el("body")
    lead = sub(body, "p", "北约（", xml_id="p-lead01")
    sub(lead, "gap", reason="lost").tail = "）与华约（"
    sub(lead, "gap", reason="lost").tail = "）对峙"
    sub(lead, "ref", "1", type="noteref", target="#n-1", n="1").tail = "。"
    sub(lead, "ref", "3", type="noteref", target="#n-3", n="3")
    section = sub(body, "div", type="section", xml_id="s-lost01")
    sub(section, "gap", reason="lost")
    text = sub(section, "p", "斯大林成功逼迫", xml_id="p-tag001")
    sub(text, "note", "来源请求", type="maintenance", subtype="citation-needed").tail = "中华人民共和国出兵。"
    sub(text, "ref", "7", type="noteref", target="#n-7", n="7")
    back = el("back")
    notes = sub(back, "div", type="notes")
    sub(notes, "note", "王树增：《朝鲜战争》", place="end", xml_id="n-1", n="1", type="citation")
    for number in ("2", "3", "4", "7"):
        sub(notes, "note", place="end", xml_id=f"n-{number}", n=number, type="lost")
    root = assemble(meta, body, back)
    editorial.apply(root, ArticleInputs(meta), Reporter())
    return root


def options() -> WriterOptions:
    return WriterOptions(edition=asdict(Project.load(REPO).catalog.edition))


def no_gloss(text: str) -> bool:
    return not any(gloss in text for gloss in GLOSSES)


# --- wording and the view model -----------------------------------------------------------------

def test_note_numbers_are_written_as_ranges():
    assert number_ranges(["2", "3", "4", "7"]) == "2–4、7"
    assert number_ranges(["9", "4", "5", "6", "7", "8", "17", "22", "23"]) == "4–9、17、22、23"
    # a second series (the traditional seed's 註 N) runs on its own, after the plain numbers
    assert number_ranges(["註 3", "1", "註 2", "註 4", "2", "3"]) == "1–3、註 2–4"


def test_the_statement_of_lost_and_unresolved_notes_in_each_script():
    assert note_statement("lost", ["2", "3", "4", "7"], "zh-Hans") == "注 2–4、7 的原文在转换中丢失。"
    assert note_statement("lost", ["2", "3", "4", "7"], "zh-Hant") == "註 2–4、7 的原文在轉換中遺失。"
    assert note_statement("unresolved", ["1", "2", "3"], "zh-Hans") == "此版本未收录注 1–3 的原文。"
    assert note_statement("unresolved", ["1", "2", "3"], "zh-Hant") == "此版本未收錄註 1–3 的原文。"


def test_every_sign_points_at_one_entry_per_explanation():
    document = build_document(small_article())
    entries = [(e.id, e.attrs["sign"], e.plain_text()) for e in document.apparatus]
    assert entries == [("ed-1", "〔…〕", LOST_TEXT), ("ed-2", "〔标题缺失〕", EMPTY_HEADING),
                       ("ed-3", "[来源请求]", CITATION_NEEDED)]
    (lead,) = [n for n in document.body if n.id == "p-lead01"]
    assert [n.attrs.get("apparatus") for n in lead.children if n.kind == "gap"] == ["ed-1", "ed-1"]
    assert no_gloss(lead.plain_text()) and lead.plain_text() == "北约（）与华约（）对峙1。3"
    # the TEI keeps every intervention: both gaps describe themselves, the tag is explained after it
    root = small_article()
    assert root.xpath("count(//tei:gap/tei:desc)", namespaces={"tei": "http://www.tei-c.org/ns/1.0"}) == 3
    assert root.xpath("count(//tei:note[@type='editorial'][@resp='#pipeline'])",
                      namespaces={"tei": "http://www.tei-c.org/ns/1.0"}) == 5  # the tag's and four lost notes'


def test_an_empty_heading_shows_a_supplied_title_in_the_contents():
    assert [entry.title for entry in build_document(small_article()).toc] == ["〔标题缺失〕"]
    assert [entry.title for entry in build_document(small_article("zh-Hant")).toc] == ["〔標題缺失〕"]
    # the one place a later alignment of the two witnesses gives the other witness's heading
    assert supplied_title("zh-Hans", "名称") == "名称" and supplied_title("zh-Hans") == "〔标题缺失〕"


def test_lost_notes_collapse_into_one_statement_their_calls_point_at():
    document = build_document(small_article())
    assert [(s.id, s.plain_text(), s.attrs["notes"]) for s in document.note_statements] == [
        ("notes-lost", "注 2–4、7 的原文在转换中丢失。", "n-2 n-3 n-4 n-7")]
    calls = {n.attrs["note"]: n.attrs.get("statement") for n in document.all_blocks() if n.kind == "noteref"}
    assert calls == {"n-1": None, "n-3": "notes-lost", "n-7": "notes-lost"}
    hant = build_document(small_article("zh-Hant"))
    assert [s.plain_text() for s in hant.note_statements] == ["註 2–4、7 的原文在轉換中遺失。"]


def test_the_page_in_the_other_script_words_the_apparatus_in_that_script():
    converted = convert_document(build_document(small_article()), "zh-Hant")
    assert [s.plain_text() for s in converted.note_statements] == ["註 2–4、7 的原文在轉換中遺失。"]
    assert [entry.title for entry in converted.toc] == ["〔標題缺失〕"]
    assert [e.attrs["sign"] for e in converted.apparatus] == ["〔…〕", "〔標題缺失〕", "[來源請求]"]


# --- HTML ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def small_page():
    files = HtmlWriter().write(build_document(small_article()), options())
    return lxml.html.fromstring(files["index.html"])


def test_html_paragraphs_hold_signs_that_preview_the_apparatus(small_page):
    assert all(no_gloss(p.text_content()) for p in small_page.iter("p"))
    gaps = small_page.xpath("//p[@id='p-lead01']//a[@class='gap']")
    assert [(a.text_content(), a.get("href"), a.get("data-preview")) for a in gaps] == [("〔…〕", "#ed-1", "ed-1")] * 2
    (tag,) = small_page.xpath("//p[@id='p-tag001']//a[@class='maintenance']")
    assert (tag.text_content(), tag.get("href"), tag.get("data-preview")) == ("[来源请求]", "#ed-3", "ed-3")
    entries = small_page.xpath("//section[@class='apparatus']//li")
    assert [(li.get("id"), li.xpath("string(span[@class='note-body'])")) for li in entries] == [
        ("ed-1", LOST_TEXT), ("ed-2", EMPTY_HEADING), ("ed-3", CITATION_NEEDED)]


def test_html_empty_heading_and_contents_show_the_supplied_title(small_page):
    (heading,) = small_page.xpath("//section[@id='s-lost01']//h2")
    assert heading.text_content() == "〔标题缺失〕" and heading.xpath("a/@href") == ["#ed-2"]
    assert "〔标题缺失〕" in small_page.xpath("//nav//a/text()")


def test_html_notes_section_states_the_lost_numbers_once_and_calls_lead_to_it(small_page):
    (statement,) = small_page.xpath("//section[@class='notes']//p")
    assert (statement.get("id"), statement.text_content()) == ("notes-lost", "注 2–4、7 的原文在转换中丢失。")
    assert small_page.xpath("//ol[@class='notes-list']/li/@id") == ["n-1"]
    # an old link to a lost note's own id still lands on the statement
    assert statement.xpath("span[@class='retired-id']/@id") == ["n-2", "n-3", "n-4", "n-7"]
    call = small_page.get_element_by_id("ref-n-3-1")
    assert (call.text_content(), call.get("href"), call.get("data-preview")) == ("[3]", "#notes-lost", "notes-lost")
    assert small_page.get_element_by_id("ref-n-1-1").get("href") == "#n-1"


# --- PDF source ----------------------------------------------------------------------------------

def test_pdf_signs_and_calls_of_lost_notes_link_to_the_end_sections():
    document = build_document(small_article())
    source = typst_source(document, Plan.of(document))
    assert source.count('#goto("ed-1")[#quiet[#"〔…〕";]]') == 2
    assert '#goto("ed-3")[#super[#quiet[#"[";#"来源请求";#"]";]]]' in source
    assert '#call("ref-n-3-1", "notes-lost", "3");' in source and '#call("ref-n-7-1", "notes-lost", "7");' in source
    assert source.count(f'"{LOST_TEXT}"') == 1 and source.count('"注 2–4、7 的原文在转换中丢失。"') == 1
    for note in ("n-2", "n-3", "n-4", "n-7"):
        assert f'#anchor("{note}");' in source


# --- the three editions of the small article, typeset ---------------------------------------------

def squeeze(text: str) -> str:
    return re.sub(r"[\s\u2060]+", "", text)


def pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [squeeze(page) for page in text.split("\f")[:-1]]


@pytest.mark.slow
def test_small_article_epub_pops_up_each_explanation_in_the_file_of_its_sign(tmp_path):
    (data,) = EpubWriter().write(build_document(small_article()), options()).values()
    path = tmp_path / "small.epub"
    path.write_bytes(data)
    with zipfile.ZipFile(path) as book:
        chapters = {name: etree.fromstring(book.read(name)) for name in book.namelist() if name.endswith(".xhtml")}
    popped = {}
    for name, root in chapters.items():
        assert all(no_gloss("".join(p.itertext())) for p in root.iter(f"{XHTML}p")), name
        asides = {a.get("id"): a for a in root.iter(f"{XHTML}aside")}
        for call in root.iter(f"{XHTML}a"):
            if call.get(EPUB_TYPE) == "noteref":
                aside = asides[call.get("href").split("#")[1]]  # in the same file: a reading system pops it up
                assert aside.get(EPUB_TYPE) == "footnote"
                popped.setdefault("".join(call.itertext()), set()).add(" ".join("".join(aside.itertext()).split()))
    assert popped["〔…〕"] == {f"〔…〕 {LOST_TEXT}", f"〔标题缺失〕 {EMPTY_HEADING}"}
    assert popped["[来源请求]"] == {f"[来源请求] {CITATION_NEEDED}"}
    assert popped["3"] == popped["7"] == {"注 2–4、7 的原文在转换中丢失。"}
    nav = next(root for name, root in chapters.items() if name.endswith("nav.xhtml"))
    assert "〔标题缺失〕" in ["".join(a.itertext()) for a in nav.iter(f"{XHTML}a")]


@pytest.mark.slow
def test_small_article_pdf_explains_once_at_the_end(tmp_path):
    path = tmp_path / "small.pdf"
    path.write_bytes(PdfWriter().write(build_document(small_article()), options())["small.pdf"])
    pages = pdf_pages(path)
    text = "".join(pages)
    for explanation in (LOST_TEXT, EMPTY_HEADING, CITATION_NEEDED, "注2–4、7的原文在转换中丢失。"):
        assert text.count(explanation) == 1, explanation
    assert "北约（〔…〕）与华约（〔…〕）对峙" in text and "斯大林成功逼迫[来源请求]中华人民共和国出兵。" in text
    assert "编者说明〔…〕此处原有模板生成的文字" in pages[-1]


# --- the seeds -----------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("article_id", ["korean-war", "korean-war-zh-hant"])
def test_seed_paragraphs_of_all_three_editions_hold_no_gloss(built_project, article_id):
    output = built_project / "output"
    page = lxml.html.parse(str(output / "html" / article_id / "index.html")).getroot()
    assert [p.get("id") for p in page.iter("p") if not no_gloss(p.text_content())] == []
    with zipfile.ZipFile(output / "epub" / f"{article_id}.epub") as book:
        for name in book.namelist():
            if name.endswith(".xhtml"):
                root = etree.fromstring(book.read(name))
                assert all(no_gloss("".join(p.itertext())) for p in root.iter(f"{XHTML}p")), name
    # in the PDF each explanation stands once, in the apparatus at the end
    text = "".join(pdf_pages(output / "pdf" / f"{article_id}.pdf"))
    for explanation in GLOSSES:
        assert text.count(squeeze(explanation)) <= 1, explanation


@pytest.mark.slow
def test_seed_lost_notes_are_stated_once_as_ranges(built_project):
    output = built_project / "output"
    page = lxml.html.parse(str(output / "html" / "korean-war" / "index.html")).getroot()
    (statement,) = page.xpath("//section[@class='notes']//p[@class='note-statement']")
    assert statement.text_content().startswith("注 1、3–7、9–12、15、17–24、26、27、29–31、34、38、39、41–43、45–71、")
    assert statement.text_content().endswith("、298–307、309、311–320 的原文在转换中丢失。")
    assert len(page.xpath("//ol[@class='notes-list']/li")) == 320 - 236
    assert page.get_element_by_id("ref-n-930p5w-1").get("href") == "#notes-lost"
    hant = lxml.html.parse(str(output / "html" / "korean-war-zh-hant" / "index.html")).getroot()
    (statement,) = hant.xpath("//section[@class='notes']//p[@class='note-statement']")
    assert statement.text_content().startswith("此版本未收錄註 4、27、34、49、54–56、59、60、64–197、")
    assert hant.xpath("//ol[@class='notes-list']/li") == []
    # the PDF's page with the statement is mostly other text, and no other page speaks of lost notes
    pages = pdf_pages(output / "pdf" / "korean-war.pdf")
    (found,) = [page for page in pages if "的原文在转换中丢失。" in page]
    said = re.search(r"注1、3–7.*?的原文在转换中丢失。", found)[0]
    assert len(said) < len(found) / 2


@pytest.mark.slow
def test_seed_empty_headings_show_the_supplied_title_in_text_contents_and_bookmarks(built_project):
    output = built_project / "output"
    page = lxml.html.parse(str(output / "html" / "korean-war" / "index.html")).getroot()
    assert page.xpath("//nav//a/text()").count("〔标题缺失〕") == 6
    assert len(page.xpath("//h3[@class='supplied' and .='〔标题缺失〕'] | //h4[@class='supplied' and .='〔标题缺失〕']")) == 6

    def titles(items):
        return [t for item in items for t in (titles(item) if isinstance(item, list) else [item.title])]

    outline = titles(pypdf.PdfReader(str(output / "pdf" / "korean-war.pdf")).outline)
    assert outline.count("〔标题缺失〕") == 6 and not any("此处标题为空" in title for title in outline)


@pytest.mark.slow
def test_seed_statement_of_lost_notes_takes_at_most_three_lines_at_1280px(built_project):
    url = (built_project / "output" / "html" / "korean-war" / "index.html").as_uri()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        try:
            view = browser.new_page(viewport={"width": 1280, "height": 900})
            view.goto(url)
            lines = view.evaluate("""() => {
              const p = document.getElementById('notes-lost');
              return p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight); }""")
        finally:
            browser.close()
    assert round(lines) <= 3
