"""Reference managers (Zotero, JabRef, EndNote, Citavi) reading the edition: the page head as
Zotero's Embedded Metadata translator reads it, the bibliography's COinS spans as its COinS
translator reads them, and the RIS, BibTeX and CSL-JSON files through the field's own parsers
(rispy, bibtexparser, Pandoc's citeproc), fetched from ``edition serve``."""
from __future__ import annotations

import json
import urllib.parse
from dataclasses import asdict

import bibtexparser
import pypandoc
import pytest
import rispy
from lxml import etree
from lxml import html as lxml_html

from conftest import DATA, REPO, fetch, serving, write_files
from pipeline.project import Project
from pipeline.tei import load_tei
from pipeline.writers.base import WriterOptions
from pipeline.writers.biblstruct import read_entry
from pipeline.writers.coins import coins
from pipeline.writers.html import HtmlWriter
from pipeline.writers.model import build_document

#: Zotero's Embedded Metadata translator: the Highwire names it maps to item fields (a meta
#: name is matched by its ending) and the Dublin Core ones its RDF import maps
HIGHWIRE = {"citation_title": "title", "citation_publication_date": "date", "citation_date": "date",
            "citation_publisher": "publisher", "citation_public_url": "url", "citation_language": "language"}
DUBLIN_CORE = {"title": "title", "creator": "creator", "date": "date", "language": "language",
               "publisher": "publisher", "rights": "rights", "source": "source", "identifier": "identifier"}
ALTERNATE_TYPES = ["application/x-bibtex", "application/x-research-info-systems",
                   "application/vnd.citationstyles.csl+json"]


def embedded_metadata(page: bytes) -> dict[str, object]:
    """The item Zotero's Embedded Metadata translator makes of a page: the ``meta`` tags of the
    head only; each Highwire name by its ending; every ``citation_author`` split at ``;`` into
    authors; ``citation_pdf_url`` an attachment; ``DC.*`` (prefix ``dc`` to Dublin Core
    elements, by ``<link rel="schema.DC">``) kept apart as the RDF statements it adds."""
    head = lxml_html.fromstring(page).find("head")
    item: dict[str, object] = {"creators": [], "attachments": [], "dc": {}}
    prefixes = {link.get("rel").split(".", 1)[1].lower(): link.get("href")
                for link in head.iter("link") if link.get("rel", "").startswith("schema.")}
    for meta in head.iter("meta"):
        name, value = meta.get("name") or "", meta.get("content") or ""
        if not value:
            continue
        prefix, _, prop = name.partition(".")
        if prefixes.get(prefix.lower()) == "http://purl.org/dc/elements/1.1/":
            item["dc"].setdefault(DUBLIN_CORE[prop.lower()], []).append(value)
        for suffix, field in HIGHWIRE.items():
            if name.endswith(suffix):
                item[field] = " ".join(value.split())
        if name.endswith("citation_author"):
            item["creators"] += [author.strip() for author in value.split(";") if author.strip()]
        if name.endswith("citation_pdf_url"):
            item["attachments"].append(("Full Text PDF", value))
    return item


def kev(span_title: str) -> dict[str, list[str]]:
    """A COinS span's ContextObject as Zotero's COinS translator reads it: KEV pairs, decoded."""
    return urllib.parse.parse_qs(span_title, keep_blank_values=False)


@pytest.fixture(scope="module")
def served(html_site):
    with serving(html_site) as url:
        yield url


def test_the_seed_page_is_read_as_an_item_with_its_author(html_site):
    item = embedded_metadata((html_site / "korean-war" / "index.html").read_bytes())
    assert {key: item[key] for key in ("title", "creators", "date", "language", "publisher", "url")} == {
        "title": "朝鲜战争", "creators": ["维基百科编者"], "date": "2026-11-23", "language": "zh-Hans",
        "publisher": "Edition pipeline project", "url": "https://edition.example.org/korean-war/"}
    assert item["attachments"] == [("Full Text PDF", "https://edition.example.org/korean-war/korean-war.pdf")]
    assert item["dc"] == {
        "title": ["朝鲜战争"], "creator": ["维基百科编者"], "date": ["2026-11-23"], "language": ["zh-Hans"],
        "publisher": ["Edition pipeline project"], "rights": ["CC BY-SA 4.0"],
        "identifier": ["https://edition.example.org/korean-war/"],
        "source": ["https://zh.wikipedia.org/wiki/朝鲜战争"]}


def test_the_page_in_the_other_script_names_its_own_title_author_and_address(html_site):
    item = embedded_metadata((html_site / "korean-war" / "index.zh-Hant.html").read_bytes())
    assert (item["title"], item["creators"], item["language"], item["url"]) == (
        "朝鮮戰爭", ["維基百科編者"], "zh-Hant", "https://edition.example.org/korean-war/index.zh-Hant.html")


def test_the_source_is_named_at_its_revision_when_the_catalog_gives_one(tmp_path):
    root = load_tei(DATA / "html" / "annotated.xml")
    header = root.find(".//{http://www.tei-c.org/ns/1.0}sourceDesc/{http://www.tei-c.org/ns/1.0}bibl")
    etree.SubElement(header, "{http://www.tei-c.org/ns/1.0}idno", type="revision").text = "81234567"
    options = WriterOptions(edition=asdict(Project.load(REPO).catalog.edition))
    written = write_files(tmp_path, HtmlWriter().write(build_document(root), options))
    page = next(path for path in written if path.name == "index.html").read_bytes()
    assert embedded_metadata(page)["dc"]["source"] == ["https://zh.wikipedia.org/wiki/仁川登陆战役?oldid=81234567"]


def test_each_bibliography_entry_carries_a_coins_span(tmp_path):
    options = WriterOptions(edition=asdict(Project.load(REPO).catalog.edition))
    written = write_files(tmp_path, HtmlWriter().write(build_document(load_tei(DATA / "html" / "annotated.xml")),
                                                       options))
    page = lxml_html.fromstring(next(path for path in written if path.name == "index.html").read_bytes())
    spans = {span.getparent().get("id"): kev(span.get("title"))
             for span in page.xpath("//ol[@class='works']/li/span[@class='Z3988']")}
    assert spans == {
        "bib-wang01": {"ctx_ver": ["Z39.88-2004"], "rft_val_fmt": ["info:ofi/fmt:kev:mtx:book"],
                       "rft.genre": ["book"], "rft.btitle": ["朝鲜战争"], "rft.au": ["王树增"],
                       "rft.date": ["2009"], "rft.pub": ["人民文学出版社"], "rft.place": ["北京"]},
        "bib-heinl1": {"ctx_ver": ["Z39.88-2004"], "rft_val_fmt": ["info:ofi/fmt:kev:mtx:journal"],
                       "rft.genre": ["article"], "rft.atitle": ["The Inchon Landing"],
                       "rft.jtitle": ["Naval War College Review"], "rft.aulast": ["Heinl"],
                       "rft.aufirst": ["Robert"], "rft.au": ["Robert Heinl"], "rft.date": ["1967"],
                       "rft.volume": ["20"], "rft.issue": ["2"], "rft.spage": ["51"], "rft.epage": ["72"]},
    }


def test_a_chapter_with_an_isbn_and_a_link_in_kev():
    entry = read_entry(etree.fromstring(
        '<biblStruct xmlns="http://www.tei-c.org/ns/1.0" type="chapter"><analytic><author><persName>'
        '<forename>Allan R.</forename><surname>Millett</surname></persName></author><title level="a">The Korean '
        'War</title></analytic><monogr><title level="m">A Companion</title><idno type="ISBN">9780199</idno>'
        '<imprint><pubPlace>Oxford</pubPlace><publisher>OUP</publisher><date when="2001-03">March 2001</date>'
        '<biblScope unit="page">10–24</biblScope></imprint></monogr><ptr target="https://example.org/c?a=1&amp;b=2"/>'
        '</biblStruct>'))
    assert kev(coins(entry)) == {
        "ctx_ver": ["Z39.88-2004"], "rft_val_fmt": ["info:ofi/fmt:kev:mtx:book"],
        "rft_id": ["https://example.org/c?a=1&b=2"], "rft.genre": ["bookitem"], "rft.atitle": ["The Korean War"],
        "rft.btitle": ["A Companion"], "rft.aulast": ["Millett"], "rft.aufirst": ["Allan R."],
        "rft.au": ["Allan R. Millett"], "rft.date": ["2001-03"], "rft.pub": ["OUP"], "rft.place": ["Oxford"],
        "rft.isbn": ["9780199"], "rft.spage": ["10"], "rft.epage": ["24"]}


def test_the_head_links_the_bibliography_files_and_every_link_is_served(html_site, served):
    for article in ("korean-war", "korean-war-zh-hant"):
        head = lxml_html.fromstring((html_site / article / "index.html").read_bytes()).find("head")
        links = [(link.get("type"), link.get("href")) for link in head.xpath("link[@rel='alternate'][@type]")]
        assert links == [(kind, f"{article}{suffix}") for kind, suffix in
                         zip(ALTERNATE_TYPES, (".bib", ".ris", ".csl.json"))]
        page = lxml_html.fromstring((html_site / article / "index.html").read_bytes())
        offered = [(a.text, a.get("href")) for a in page.xpath("//dd[@class='downloads']/a")]
        assert offered[2:] == [("TEI", f"{article}.xml"), ("BibTeX", f"{article}.bib"), ("RIS", f"{article}.ris"),
                               ("CSL-JSON", f"{article}.csl.json")]
        for _, href in links + offered[2:]:
            assert fetch(f"{served}{article}/{href}")[0] == 200


def test_the_ris_file_reads_back_through_rispy(served):
    records = rispy.loads(fetch(served + "korean-war/korean-war.ris")[1].decode("utf-8"))
    assert len(records) == 95
    by_id = {record["id"]: record for record in records}
    assert by_id["aidikete1998meiguo"] == {
        "type_of_reference": "BOOK", "id": "aidikete1998meiguo", "authors": ["艾迪科特, 史蒂芬", "海哲曼, 爱德华"],
        "title": "美国和细菌战：来自冷战早期和朝鲜的秘密", "year": "1998", "language": "zh"}
    assert by_id["benkan1985jiangjing"] == {
        "type_of_reference": "JOUR", "id": "benkan1985jiangjing", "authors": ["本刊專欄組"],
        "title": "蔣經國「真」傳－－太子監國一九五○年六月", "secondary_title": "民主天地週刊", "year": "1985",
        "publisher": "自由時代雜誌社", "number": "81", "language": "zh"}  # its 55-56 is the note's locator


def test_the_bibtex_file_reads_back_through_bibtexparser(served):
    library = bibtexparser.parse_string(fetch(served + "korean-war/korean-war.bib")[1].decode("utf-8"))
    assert len(library.entries) == 95 and not library.failed_blocks
    entry = {entry.key: entry for entry in library.entries}["aidikete1998meiguo"]
    assert (entry.entry_type, entry.fields_dict["title"].value, entry.fields_dict["year"].value) == (
        "book", "美国和细菌战：来自冷战早期和朝鲜的秘密", "1998")


@pytest.mark.slow  # two Pandoc runs
def test_the_csl_json_file_renders_through_pandoc_citeproc(served, tmp_path):
    items = fetch(served + "korean-war/korean-war.csl.json")[1]
    assert len(json.loads(items)) == 95
    (tmp_path / "works.json").write_bytes(items)
    rendered = pypandoc.convert_text("见[@aidikete1998meiguo]。\n", "plain", format="markdown",
                                     extra_args=["--citeproc", f"--bibliography={tmp_path / 'works.json'}"])
    assert "艾迪科特" in rendered and "美国和细菌战：来自冷战早期和朝鲜的秘密" in rendered and "1998" in rendered


@pytest.mark.slow  # a Pandoc run
def test_a_paragraphs_record_in_the_cite_data_renders_with_its_author_and_permalink(html_site, tmp_path):
    script = (html_site / "korean-war" / "citations.js").read_text(encoding="utf-8")
    citations = json.loads(script.removeprefix("window.editionCitations = ").rstrip().rstrip(";"))
    paragraph = next(block for block in citations if block.startswith("p-"))
    (tmp_path / "paragraph.json").write_text(citations[paragraph]["csl"], encoding="utf-8")
    rendered = pypandoc.convert_text(f"[@korean-war#{paragraph}]\n", "plain", format="markdown",
                                     extra_args=["--citeproc", f"--bibliography={tmp_path / 'paragraph.json'}"])
    assert "维基百科编者" in rendered and f"https://edition.example.org/korean-war/#{paragraph}" in rendered
