"""The built site as a web host publishes it: ``output/html`` served by ``edition serve`` holds
everything its pages link to for download (the books, the TEI, the BibTeX, RIS and CSL-JSON); and how its
pages are set (note calls kept off the start of a line, measured in Chromium by
``tests/test_html_browser.py``)."""
from __future__ import annotations

import urllib.parse

import pytest

from conftest import fetch, serving
from lxml import html as lxml_html

from pipeline.writers.nobreak import join_calls
from pipeline.writers.nodes import Document, Kind, Node


DOWNLOAD_LINKS = "//dd[@class='downloads']/a | //td[@class='editions']/a"


@pytest.fixture(scope="module")
def served(built_project):
    with serving(built_project / "output" / "html") as url:
        yield url


@pytest.mark.slow  # builds the default corpus into every format
def test_every_download_link_of_every_page_is_served(built_project, served):
    site = built_project / "output" / "html"
    pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html")
                   if path.parent.name != "pagefind")
    fetched = {}
    for page in pages:
        status, body = fetch(served + page)
        assert status == 200
        for link in lxml_html.fromstring(body).xpath(DOWNLOAD_LINKS):
            url = urllib.parse.urljoin(served + page, link.get("href"))
            fetched[url.removeprefix(served)] = fetch(url)
    assert {path: status for path, (status, _) in fetched.items()} == {
        f"{article}/{name}": 200 for article in ("korean-war", "korean-war-zh-hant") for name in (
            "index.html", "index.zh-Hant.html" if article == "korean-war" else "index.zh-Hans.html",
            f"{article}.epub", f"{article}.pdf", f"{article}.xml", f"{article}.bib", f"{article}.ris",
            f"{article}.csl.json")}
    for article in ("korean-war", "korean-war-zh-hant"):  # the committed files, as they are
        assert fetched[f"{article}/{article}.xml"][1] == (built_project / "tei" / f"{article}.xml").read_bytes()
        assert fetched[f"{article}/{article}.bib"][1] == (built_project / "bibliography" / f"{article}.bib").read_bytes()
        assert fetched[f"{article}/{article}.epub"][1] == (built_project / "output" / "epub" / f"{article}.epub").read_bytes()
        assert fetched[f"{article}/{article}.pdf"][1][:5] == b"%PDF-"


@pytest.mark.slow
def test_each_article_page_offers_its_books_tei_and_bibtex_in_its_own_folder(built_project):
    page = built_project / "output" / "html" / "korean-war" / "index.zh-Hant.html"
    links = lxml_html.fromstring(page.read_bytes()).xpath("//dd[@class='downloads']/a")
    assert [(a.text, a.get("href")) for a in links] == [
        ("EPUB", "korean-war.epub"), ("PDF", "korean-war.pdf"), ("TEI", "korean-war.xml"), ("BibTeX", "korean-war.bib"),
        ("RIS", "korean-war.ris"), ("CSL-JSON", "korean-war.csl.json")]


def test_a_call_is_joined_to_the_character_before_it_and_the_punctuation_after_it():
    calls = [Node(Kind.NOTEREF, text="1"), Node(Kind.TEXT, text=" "), Node(Kind.NOTEREF, text="2")]
    paragraph = Node(Kind.PARAGRAPH, children=[Node(Kind.TEXT, text="战局逆转"), *calls, Node(Kind.TEXT, text="」。此后"),
                                               Node(Kind.LINK, children=[Node(Kind.TEXT, text="仁川")]),
                                               Node(Kind.ANNOTATION_REF, text="a")])
    document = Document(id="x", lang="zh-Hans", meta={}, front=[], body=[paragraph], toc=[], notes=[], sources=[],
                        links=[], bibliography=[], summaries={})
    joined = join_calls(document).body[0].children
    assert [(node.kind, node.text) for node in joined] == [
        (Kind.TEXT, "战局逆"), (Kind.SPAN, None), (Kind.TEXT, "此后"), (Kind.LINK, None), (Kind.SPAN, None)]
    assert [(node.kind, node.text) for node in joined[1].children] == [
        (Kind.TEXT, "转"), (Kind.NOTEREF, "1"), (Kind.TEXT, " "), (Kind.NOTEREF, "2"), (Kind.TEXT, "」。")]
    assert [(node.kind, node.text) for node in joined[4].children] == [(Kind.TEXT, "\u2060"), (Kind.ANNOTATION_REF, "a")]
    assert [node.text for node in paragraph.children[:2]] == ["战局逆转", "1"]  # the model itself is unchanged


@pytest.mark.slow
def test_the_contents_list_every_section_including_the_back_matter(html_site):
    page = lxml_html.parse(str(html_site / "korean-war-zh-hant" / "index.html")).getroot()
    entries = page.xpath("//nav[@class='toc']/details/ol/li/a")
    assert [(a.text, a.get("href")) for a in entries] == [("學術批註", "#anchored-heading"), ("註釋", "#notes-heading"),
                                                            ("編者說明", "#apparatus-heading")]
    page = lxml_html.parse(str(html_site / "korean-war" / "index.html")).getroot()
    titles = [a.text for a in page.xpath("//nav[@class='toc']/details/ol/li/a")]
    assert titles[-6:] == ["学术批注", "注释", "参考文献", "来源（原文）", "外部链接", "编者说明"]  # one title per list
    for page_path in ("korean-war/index.html", "korean-war/index.zh-Hant.html", "demo/index.html"):
        page = lxml_html.parse(str(html_site / page_path)).getroot()
        targets = [a.get("href")[1:] for a in page.xpath("//nav[@class='toc']//a")]
        assert targets and all(page.get_element_by_id(target) is not None for target in targets), page_path
    demo = lxml_html.parse(str(html_site / "demo" / "index.html")).getroot()
    assert "未能定位的批注" in [a.text for a in demo.xpath("//nav[@class='toc']/details/ol/li/a")]


@pytest.mark.slow
def test_the_infobox_is_headed_as_wikipedia_names_it_in_the_pages_script(html_site):
    headings = {name: lxml_html.parse(str(html_site / "demo" / name)).getroot().get_element_by_id("infobox-heading").text
                for name in ("index.html", "index.zh-Hant.html")}
    assert headings == {"index.html": "资讯框", "index.zh-Hant.html": "資訊框"}
