"""The HTML edition's pages, site pages, citation data, search index and ``edition serve``,
read as files (the browser tests, ``test_html_browser.py``, use them)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import urllib.request
from dataclasses import asdict
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from conftest import DATA, REPO, copy_project, run_in_process, write_files
from pipeline.project import Project
from pipeline.render import write_search_index
from pipeline.tei import NS, XML_ID, load_tei
from pipeline.writers.citations import citable_ids
from pipeline.writers.base import WriterOptions
from pipeline.writers.html import CITATIONS_FILE, HtmlWriter, script_pages
from pipeline.writers.model import build_document
from pipeline.writers.scripts import convert_document
from pipeline.writers.search import RECORDS_FILE, search_terms
from pipeline.writers.templating import environment

ANNOTATED = DATA / "html" / "annotated.xml"


def page(path: Path):
    return lxml.html.parse(str(path)).getroot()


def ids(root) -> list[str]:
    return sorted(root.xpath("//@id"))


def render_demo(out: Path, edition: dict | None = None) -> list[Path]:
    edition = edition if edition is not None else asdict(Project.load(REPO).catalog.edition)
    options = WriterOptions(edition=edition, downloads={"EPUB": "demo.epub"})
    return write_files(out, HtmlWriter().write(build_document(load_tei(ANNOTATED)), options))


def test_an_article_has_a_page_in_each_script_with_the_same_ids(tmp_path):
    written = render_demo(tmp_path)
    assert sorted(p.name for p in written) == ["citations.js", "edition.css", "edition.js", "index.html",
                                               "index.zh-Hant.html"]
    hans, hant = page(tmp_path / "index.html"), page(tmp_path / "index.zh-Hant.html")
    assert (hans.get("lang"), hant.get("lang")) == ("zh-Hans", "zh-Hant")
    assert ids(hans) == ids(hant)
    tei_ids = set(load_tei(ANNOTATED).xpath("//@xml:id")) - {"demo", "pipeline"}
    assert tei_ids <= set(ids(hans)), tei_ids - set(ids(hans))
    old = hans.get_element_by_id("p-old001")
    assert old.tag == "span" and old.text is None and old.getparent().get("id") == "p-aaa111"
    switch = hans.xpath("//nav[@class='script-switch']/a")
    assert [(a.get("href"), a.get("lang"), a.get("aria-current")) for a in switch] == [
        ("index.html", "zh-Hans", "page"), ("index.zh-Hant.html", "zh-Hant", None)]
    assert hans.xpath("//link[@rel='alternate']/@href") == ["index.zh-Hant.html"]


def test_the_article_page_holds_every_part_of_the_edition(tmp_path):
    render_demo(tmp_path)
    root = page(tmp_path / "index.html")
    meta = root.xpath("//dl[@class='edition-meta']")[0].text_content()
    assert "https://zh.wikipedia.org/wiki/仁川登陆战役" in meta and "CC BY-SA 4.0" in meta and "2026-11-23" in meta
    assert root.xpath("//nav[@class='toc']//a/@href") == [
        "#s-bg0001", "#s-plan01", "#s-unsafe1", "#anchored-heading", "#unanchored-heading", "#notes-heading",
        "#bibliography-heading", "#sources-heading", "#external-links-heading", "#apparatus-heading"]
    assert root.xpath("//h3[@id='h-plan01']")[0].text_content() == "计划与部署"
    figure = root.get_element_by_id("f-fig001")
    assert figure.xpath(".//a[@class='image-page']/@href") == ["https://zh.wikipedia.org/wiki/File:Battle_of_Inchon.png"]
    assert "仁川港的登陆舰" in figure.xpath("string(.//figcaption)")
    assert root.xpath("//img") == []  # nothing is fetched while reading
    assert root.get_element_by_id("t-tab001").xpath(".//th/text()") == ["方面", "兵力"]
    assert root.xpath("//span[@class='math-block']/math[@display='block']//annotation/text()") == ["E = mc^2"]
    assert root.xpath("//aside[@class='infobox']//p/@id") == ["ab-info01", "ab-info02"]
    note = root.get_element_by_id("note-1")
    assert note.xpath(".//a[@class='backref']/@href") == ["#ref-note-1-1", "#ref-note-1-2", "#ref-note-1-3"]
    assert note.xpath(".//a[@class='biblref']/@href") == ["#bib-wang01"]
    work = root.get_element_by_id("bib-wang01")
    assert work.xpath(".//span[@class='cited-in']/a/@href") == ["#note-1"]
    assert "王树增. 朝鲜战争[M]. 北京: 人民文学出版社, 2009." in work.text_content()
    assert (work.get("lang"), root.get_element_by_id("bib-heinl1").get("lang")) == (None, "en")  # a Western work
    anchored = root.xpath("//section[@class='annotations anchored']//li/@id")
    unanchored = root.xpath("//section[@class='annotations unanchored']//li/@id")
    assert (anchored, unanchored) == (["ann-incheon", "ann-block1", "ann-unsafe"], ["ann-gone01"])
    assert "— 张三（注释）" in root.get_element_by_id("ann-incheon").text_content()
    assert "原位于段落 p-gone99" in root.get_element_by_id("ann-gone01").text_content()
    assert root.xpath("//mark[@id='anchor-ann-incheon-1']/text()") == ["在仁川登陆"]
    margin = root.xpath("//aside[@class='margin-notes'][following-sibling::p[1][@id='p-aaa111']]")
    assert "登陆日期依据美军战史" in margin[0].text_content()
    assert root.xpath("//a[@class='annotation-ref']/text()") == ["a", "b", "c"]
    # an editorial note in the text is a sign that previews its entry in the apparatus (issue 17)
    editorial = root.get_element_by_id("p-bbb222").xpath(".//a[@class='editorial ed-sign']")[0]
    assert (editorial.text_content(), editorial.get("aria-label")) == ("〔编〕", "编者注")
    entry = root.get_element_by_id(editorial.get("href")[1:])
    assert editorial.get("data-preview") == entry.get("id")
    assert entry.xpath("string(span[@class='note-body'])") == "此处模板文字在转换中丢失。"
    assert root.xpath("//a[@href='../other-article/index.html#p-zzz999']")  # a link to another article's block


def test_source_and_annotation_markup_is_escaped_and_unsafe_urls_disarmed(tmp_path):
    render_demo(tmp_path)
    source = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in source
    assert "&lt;script&gt;window.__pwned = 4&lt;/script&gt;" in source
    assert "<script>window" not in source and "javascript:" not in source
    assert re.findall(r"<script[^>]*>", source) == ['<script src="edition.js" defer>']
    assert environment(None, "html").autoescape is True


def test_a_regional_tag_gets_the_switch_of_its_script():
    # a standalone TEI rendered with `edition render` may say zh-Hant-TW rather than zh-Hant
    assert script_pages("zh-Hant-TW") == [
        {"href": "index.html", "lang": "zh-Hant-TW", "label": "繁體"},
        {"href": "index.zh-Hans.html", "lang": "zh-Hans", "label": "简体"}]
    assert script_pages("en") == [{"href": "index.html", "lang": "en", "label": "en"}]


def test_the_other_script_is_converted_except_where_the_source_says_not_to():
    document = build_document(load_tei(ANNOTATED))
    before = document.body[0].children[1].plain_text()
    hant = convert_document(document, "zh-Hant")
    paragraphs = {node.id: node for node in hant.all_blocks() if node.id}
    assert paragraphs["p-aaa111"].plain_text() == (
        "1950年9月15日，聯合國軍在仁川登陸，戰局逆轉1。韓國方面稱之爲인천 상륙 작전，英文爲Operation Chromite。")
    protected = next(n for n in paragraphs["p-bbb222"].walk() if n.kind == "noconv")
    assert (protected.plain_text(), protected.attrs["lang"]) == ("后来的头发", "zh-Hans")
    assert next(n for n in paragraphs["p-bbb222"].walk() if n.kind == "math").text == "h = a\\cos(\\omega t)"
    assert paragraphs["ab-code01"].plain_text() == 'print("仁川")'
    assert hant.toc[0].children[0].title == "計劃與部署"
    assert [n.id for n in document.all_blocks()] == [n.id for n in hant.all_blocks()]
    assert document.body[0].children[1].plain_text() == before  # the article's own script is untouched
    hans = convert_document(build_document(load_tei(ANNOTATED)), "zh-Hant")
    assert next(a for a in hans.annotations if a.id == "ann-incheon").attrs["resp"] == "張三"


EDITION = {"title": "朝鲜战争 · 韓戰：注释版", "publisher": "Edition pipeline project",
           "base_url": "https://edition.example.org", "licence": "CC BY-SA 4.0", "date": "2026-01-02"}


def test_citation_data_is_the_citation_of_every_citable_block(tmp_path):
    render_demo(tmp_path, EDITION)
    script = (tmp_path / CITATIONS_FILE).read_text(encoding="utf-8")
    assert script.startswith("window.editionCitations = ") and script.endswith(";\n")
    data = json.loads(script[len("window.editionCitations = "):-2])
    assert list(data) == sorted(citable_ids(build_document(load_tei(ANNOTATED))))
    assert {"p-aaa111", "h-bg0001", "i-item01", "f-fig001", "t-tab001", "q-quo001", "ab-code01", "note-1",
            "bib-wang01", "ab-info01"} <= set(data)
    assert data["p-aaa111"]["text"] == (
        "维基百科编者. 仁川登陆战役[EB/OL]. 第 p-aaa111 段. 维基百科. https://edition.example.org/demo/#p-aaa111, "
        "引用日期 2026-01-02.\n")
    assert data["h-bg0001"]["text"] == (
        "维基百科编者. 仁川登陆战役[EB/OL]. 标题 h-bg0001. 维基百科. https://edition.example.org/demo/#h-bg0001, "
        "引用日期 2026-01-02.\n")
    bibtex = data["note-1"]["bibtex"]
    assert bibtex.startswith("@misc{demo:note-1,\n\ttitle = {仁川登陆战役, block note-1},\n")
    assert "\turl = {https://edition.example.org/demo/#note-1},\n" in bibtex and "\tdate = {2026-01-02},\n" in bibtex
    (csl,) = json.loads(data["bib-heinl1"]["csl"])
    assert (csl["id"], csl["type"], csl["section"], csl["URL"], csl["issued"]) == (
        "demo#bib-heinl1", "entry-encyclopedia", "block bib-heinl1", "https://edition.example.org/demo/#bib-heinl1",
        {"date-parts": [[2026, 1, 2]]})
    pids = page(tmp_path / "index.html").xpath("//a[@class='pid']/@href")
    assert sorted(p[1:] for p in pids) == sorted(data)


def test_without_an_edition_url_a_page_offers_no_citations(tmp_path):
    written = render_demo(tmp_path, edition={})
    assert CITATIONS_FILE not in [p.name for p in written]
    root = page(tmp_path / "index.html")
    assert root.xpath("//dialog") == [] and root.xpath("//meta[@name='edition-citations']") == []


def test_search_terms_cut_han_text_into_bigrams_and_keep_other_words():
    assert search_terms("1950年，联合国军在仁川登陆。Operation Chromite 인천") == (
        "1950 年 联合 合国 国军 军在 在仁 仁川 川登 登陆 Operation Chromite 인천")
    assert search_terms("戰") == "戰"


@pytest.mark.slow
def test_search_records_and_index_cover_every_block_in_both_scripts(html_site, tmp_path):
    records = json.loads((html_site / "demo" / RECORDS_FILE).read_text(encoding="utf-8"))
    first = records[0]
    assert first["id"] == "ab-info01" and first["own"] == "zh-Hans"
    incheon = next(r for r in records if r["id"] == "p-aaa111")
    assert incheon["url"] == {"zh-Hans": "demo/index.html#p-aaa111", "zh-Hant": "demo/index.zh-Hant.html#p-aaa111"}
    assert incheon["text"]["zh-Hans"] == (  # the reading text: no note call, no annotation mark
        "1950年9月15日，联合国军在仁川登陆，战局逆转。朝鲜方面称之为인천 상륙 작전，英文为Operation Chromite。")
    assert incheon["text"]["zh-Hant"].startswith("1950年9月15日，聯合國軍在仁川登陸")
    site = tmp_path / "html"  # a copy: the other tests read the shared site
    shutil.copytree(html_site, site)
    index = site / "pagefind"
    entry = json.loads((index / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["en"]  # the words are cut for Chinese by the pipeline
    before = {p.relative_to(index): p.read_bytes() for p in index.rglob("*") if p.is_file()}
    stale = index / "fragment" / "stale.pf_fragment"
    stale.write_bytes(b"old")
    write_search_index(site, [a.id for a in Project.load(html_site.parent.parent).catalog.articles] + ["demo"],
                       environment(None, "html"))
    after = {p.relative_to(index): p.read_bytes() for p in index.rglob("*") if p.is_file()}
    assert after == before  # the same records give the same index, and stale files go
    assert not any(p.name.startswith(".pagefind") for p in site.iterdir())


@pytest.mark.slow
def test_site_index_lists_every_article_with_counts_and_editions(html_site):
    root = page(html_site / "index.html")
    rows = root.xpath("//table[@class='catalog']/tbody/tr")
    project = html_site.parent.parent
    assert [row.xpath("string(th/a)") for row in rows] == ["朝鲜战争", "韓戰"]
    for row, article in zip(rows, Project.load(project).catalog.articles):
        tei = etree.parse(str(project / "tei" / f"{article.id}.xml")).getroot()
        cells = [cell.text_content() for cell in row.xpath("td")]
        assert cells[0] == {"zh-Hans": "中文（简体）", "zh-Hant": "中文（繁體）"}[article.lang]
        assert cells[2:6] == [str(int(tei.xpath(expr, namespaces=NS))) for expr in (
            "count(//tei:text//tei:p)", "count(//tei:back/tei:div[@type='notes']/tei:note)",
            "count(//tei:back/tei:div[@type='bibliography']//tei:biblStruct)", "count(//tei:standOff//tei:annotation)")]
        links = row.xpath(".//td[@class='editions']/a/@href")
        other = "zh-Hant" if article.lang == "zh-Hans" else "zh-Hans"
        assert links == [f"{article.id}/index.html", f"{article.id}/index.{other}.html",
                         *(f"{article.id}/{article.id}.{suffix}" for suffix in ("epub", "pdf", "xml", "bib", "ris", "csl.json"))]
        assert tei.get(XML_ID) == article.id
    assert (html_site / "search.html").is_file()


@pytest.mark.slow
def test_edition_serve_previews_the_built_edition_locally(html_site, tmp_path):
    project = html_site.parent.parent
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--port", "0", "--project", str(project)],
                               cwd=REPO, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stderr.readline()
        address = re.search(r"http://127\.0\.0\.1:\d+/", line).group()
        with urllib.request.urlopen(address + "index.html") as response:
            assert response.status == 200 and "朝鲜战争 · 韓戰：注释版" in response.read().decode("utf-8")
        with urllib.request.urlopen(address + "pagefind/pagefind.js") as response:
            assert response.headers["Content-Type"].startswith("text/javascript")
    finally:
        process.terminate()
        process.wait(timeout=10)
    empty = copy_project(tmp_path / "empty")
    result = run_in_process("serve", "--port", "0", "--project", str(empty))
    assert result.returncode == 2
    assert result.stderr.strip() == f"edition: error: {empty / 'output' / 'html'}: no HTML edition here: run `edition build` first"


@pytest.mark.slow
def test_seed_pages_hold_every_section_note_figure_and_infobox_line(html_site):
    project = html_site.parent.parent
    for article in Project.load(project).catalog.articles:
        tei = etree.parse(str(project / "tei" / f"{article.id}.xml")).getroot()
        root = page(html_site / article.id / "index.html")
        sections = tei.xpath("//tei:body//tei:div", namespaces=NS)
        found = root.xpath("//nav[@class='toc']//a/@href")
        links, back = found[:len(sections)], found[len(sections):]  # then the back matter's headings
        assert len(back) >= 2 and [root.get_element_by_id(link[1:]).tag for link in back] == ["h2"] * len(back)
        assert [root.get_element_by_id(link[1:]).tag for link in links] == ["section"] * len(sections)
        assert [link[1:] for link in links if not link.startswith("#section-")] == [
            d.get(XML_ID) for d in sections if d.get(XML_ID)]
        calls = [r.get("target")[1:] for r in tei.iter("{*}ref") if r.get("type") == "noteref"]
        for note in tei.xpath("//tei:div[@type='notes']/tei:note", namespaces=NS):
            item = root.get_element_by_id(note.get(XML_ID))
            if note.get("type") in ("lost", "unresolved"):  # stated once by number (issue 17)
                assert item.tag == "span" and item.getparent().get("id") == f"notes-{note.get('type')}"
                continue
            assert item.tag == "li" and item.xpath("string(.//span[@class='note-n'])") == note.get("n")
            assert len(item.xpath(".//a[@class='backref']")) == calls.count(note.get(XML_ID))
        graphics = tei.xpath("//tei:figure/tei:graphic/@url", namespaces=NS)
        assert root.xpath("//figure/a[@class='image-page']/@href") == graphics
        lines = tei.xpath("//tei:front//tei:ab", namespaces=NS)
        assert len(root.xpath("//aside[@class='infobox']//p")) == len(lines)
        other = page(html_site / article.id / f"index.{'zh-Hant' if article.lang == 'zh-Hans' else 'zh-Hans'}.html")
        assert ids(other) == ids(root)
    assert len(page(html_site / "korean-war-zh-hant" / "index.html").xpath("//aside[@class='infobox']//p")) == 9


@pytest.mark.slow
def test_dev_articles_show_math_as_mathml_and_code_verbatim(tmp_path, dev_tei):
    for article_id, fmt in (("kp-equation", "math"), ("bubble-sort", "code")):
        tei = dev_tei[article_id]
        out = tmp_path / fmt
        assert run_in_process("render", str(tei), "--to", "html", "-o", str(out)).returncode == 0
        root, source = page(out / "index.html"), etree.parse(str(tei)).getroot()
        if fmt == "math":  # MathML, its TeX the annotation (tests/test_math_code.py: every formula)
            displayed = ["".join(f.itertext()) for f in source.iter("{*}formula") if f.get("rend") == "display"]
            assert root.xpath("//math[@display='block']//annotation/text()") == displayed and len(displayed) == 4
            assert len(root.xpath("//math[@display='inline']")) == 1 and root.xpath("//code[@class='math']") == []
        else:  # verbatim but for the readings of the other script (tests/test_math_code.py: the variants)
            for name, shown in (("index.html", "zh-Hant"), ("index.zh-Hans.html", "zh-Hans")):
                blocks = ["".join(t for t in ab.xpath(".//text()[not(ancestor::tei:reg[@xml:lang!=$shown])]",
                                                          namespaces=NS, shown=shown))
                          for ab in source.iter("{*}ab") if ab.get("type") == "code"]
                assert [pre.text_content() for pre in page(out / name).xpath("//pre[@class='code']")] == blocks
                assert len(blocks) == 19


@pytest.mark.slow
def test_every_id_of_the_seeds_is_an_anchor_and_every_block_id_shows_with_its_citation(html_site):
    project = html_site.parent.parent
    for article in Project.load(project).catalog.articles:
        tei = etree.parse(str(project / "tei" / f"{article.id}.xml")).getroot()
        expected = set(tei.xpath("//@xml:id")) - {article.id, "pipeline"}
        # a note without text is no block of its own: its id is an anchor of the statement of such
        # notes (issue 17)
        blocks = set(tei.xpath("//tei:text//*[not(self::tei:div or self::tei:seg or self::tei:list)]"
                               "[not(self::tei:note[@type='lost' or @type='unresolved'])]/@xml:id", namespaces=NS))
        citations = (html_site / article.id / CITATIONS_FILE).read_text(encoding="utf-8")
        cited = set(json.loads(citations[len("window.editionCitations = "):-2]))
        for name in ("index.html", f"index.{'zh-Hant' if article.lang == 'zh-Hans' else 'zh-Hans'}.html"):
            root = page(html_site / article.id / name)
            assert expected - set(ids(root)) == set(), (article.id, name)
            assert {href[1:] for href in root.xpath("//a[@class='pid']/@href")} == blocks == cited
