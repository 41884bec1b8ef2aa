"""The TEI header (issue 16): authors and editors, the source's revision and licence, the stage
counts as ``extent/measure``, the build's changes in ``revisionDesc``, the catalog's optional
``revision`` and ``retrieved``, and a gap's explanation as its ``desc`` in every edition."""
from __future__ import annotations

import pytest
from lxml import etree

from conftest import copy_project, jing, run_in_process
from pipeline.catalog import load_catalog
from pipeline.cite import cite, citation_fields
from pipeline.errors import EditionError
from pipeline.ids.ledger import Entry, Ledger
from pipeline.tei import (NS, Change, HeaderExtras, SourceMeta, add_header_extras, assemble, el, header_summaries,
                          serialize, sub)
from pipeline.transforms import build_changes
from pipeline.writers.model import build_document, read_meta
from pipeline.writers.nodes import Kind

META = SourceMeta(id="korean-war", title="朝鲜战争", lang="zh-Hans", format="wiki-markdown", file="korean-war.wiki.md",
                  source="https://zh.wikipedia.org/wiki/朝鲜战争", edition_title="朝鲜战争 · 韓戰：注释版",
                  publisher="Edition pipeline project", date="2026-11-23", revision="84012345", retrieved="2026-11-20")


def document(meta: SourceMeta = META, extras: HeaderExtras | None = None) -> etree._Element:
    body = el("body")
    p = sub(body, "p", "北约（", xml_id="p-aaaaaa")
    gap = sub(p, "gap", reason="lost", resp="#pipeline")
    sub(gap, "desc", "此处原有模板生成的文字，在转换中丢失。", type="editorial", subtype="lost-text")
    gap.tail = "）成立。"
    root = assemble(meta, body, el("back"))
    add_header_extras(root, extras or HeaderExtras())
    return root


def header_text(root: etree._Element, path: str) -> str:
    (found,) = root.xpath(f"/tei:TEI/tei:teiHeader/{path}", namespaces=NS)
    return etree.tostring(found, encoding=str).replace(' xmlns="http://www.tei-c.org/ns/1.0"', "")


def test_authors_in_the_articles_script_and_in_english_and_the_editions_editors():
    root = document()
    assert header_text(root, "tei:fileDesc/tei:titleStmt/tei:author") == (
        '<author><name xml:lang="zh-Hans">维基百科编者</name><name xml:lang="en">Wikipedia contributors</name></author>')
    assert header_text(root, "tei:fileDesc/tei:titleStmt/tei:respStmt[2]") == (
        "<respStmt><resp>edition</resp><orgName>Edition pipeline project</orgName></respStmt>")
    hant = document(SourceMeta(id="t", title="韓戰", lang="zh-Hant", format="plain-text", file="t.txt"))
    assert header_text(hant, "tei:fileDesc/tei:titleStmt/tei:author") == (
        '<author><name xml:lang="zh-Hant">維基百科編者</name><name xml:lang="en">Wikipedia contributors</name></author>')
    assert hant.xpath("count(//tei:titleStmt/tei:respStmt)", namespaces=NS) == 1  # no publisher, no editors


def test_source_description_names_url_revision_retrieval_and_licence():
    assert header_text(document(), "tei:fileDesc/tei:sourceDesc/tei:bibl") == (
        '<bibl><author><name xml:lang="zh-Hans">维基百科编者</name><name xml:lang="en">Wikipedia contributors</name>'
        "</author><title>朝鲜战争</title><publisher>Wikipedia</publisher>"
        '<ref target="https://zh.wikipedia.org/wiki/朝鲜战争">https://zh.wikipedia.org/wiki/朝鲜战争</ref>'
        '<idno type="revision">84012345</idno><date when="2026-11-20" type="retrieved">2026-11-20</date>'
        '<idno type="file">korean-war.wiki.md</idno><note type="format">Markdown converted from MediaWiki wikitext'
        '</note><availability><licence target="https://creativecommons.org/licenses/by-sa/4.0/">CC BY-SA 4.0'
        "</licence></availability></bibl>")


def test_stage_counts_are_measures_of_the_extent_and_read_back():
    root = document(extras=HeaderExtras(summaries={"notes": {"notes": 320, "lost": 236}, "ids": {"blocks": 706}}))
    assert header_text(root, "tei:fileDesc/tei:extent") == (
        '<extent><measure type="ids" unit="blocks" quantity="706">706</measure>'
        '<measure type="notes" unit="notes" quantity="320">320</measure>'
        '<measure type="notes" unit="lost" quantity="236">236</measure></extent>')
    assert root.xpath("//tei:fileDesc/*[2]", namespaces=NS)[0].tag.endswith("extent")  # after titleStmt
    assert header_summaries(root) == {"ids": {"blocks": "706"}, "notes": {"notes": "320", "lost": "236"}}
    assert root.xpath("//tei:editorialDecl//tei:list", namespaces=NS) == []


def entry(status: str, retired_in: str | None = None, successor: str | None = None) -> Entry:
    return Entry("p", "0" * 16, "text", 0, (), status, "1", retired_in, successor)


def test_revision_desc_records_the_conversion_retired_ids_and_annotations():
    root = document()
    stand_off = sub(root, "standOff")
    listing = sub(stand_off, "listAnnotation", type="scholarly")
    moved = sub(listing, "annotation", xml_id="kw-note")
    sub(sub(moved, "revisionDesc"), "change", "re-anchored from p-old001 to p-aaaaaa", type="reanchored")
    lost = sub(sub(stand_off, "listAnnotation", type="orphaned"), "annotation", xml_id="kw-lost")
    sub(lost, "note", "its paragraph p-gone01 is no longer in the edition", type="orphaned")
    ledger = Ledger({"p-aaaaaa": entry("live"), "p-old001": entry("retired", "2", "p-aaaaaa"),
                     "p-gone01": entry("retired", "3")})
    changes = build_changes(root, META, ledger)
    assert changes == [
        Change("conversion", "Converted from korean-war.wiki.md (Markdown converted from MediaWiki wikitext) by the "
                             "edition pipeline; 1 blocks carry stable IDs.", when="2026-11-23"),
        Change("retired-id", "p-gone01 retired in build 3: its text is no longer in the edition.", n="3"),
        Change("retired-id", "p-old001 retired in build 2: its text continues in p-aaaaaa.", target="#p-aaaaaa", n="2"),
        Change("reanchored", "Annotation kw-note: re-anchored from p-old001 to p-aaaaaa", target="#kw-note"),
        Change("orphaned", "Annotation kw-lost: its paragraph p-gone01 is no longer in the edition",
               target="#kw-lost")]
    add_header_extras(root, HeaderExtras(changes=changes[2:3]))
    assert header_text(root, "tei:revisionDesc") == (
        '<revisionDesc><change type="retired-id" who="#pipeline" target="#p-aaaaaa" n="2">p-old001 retired in '
        "build 2: its text continues in p-aaaaaa.</change></revisionDesc>")


@pytest.mark.slow
def test_the_whole_header_is_valid_tei(tmp_path):
    root = document(extras=HeaderExtras(normalisations=["A sentence."], keywords=["朝鲜战争"],
                                        summaries={"notes": {"notes": 3}},
                                        changes=[Change("conversion", "Converted.", when="2026-11-23"),
                                                 Change("retired-id", "p-old001 retired.", target="#p-aaaaaa", n="2")]))
    path = tmp_path / "header.xml"
    path.write_bytes(serialize(root))
    result = jing(path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_gaps_description_is_its_apparatus_entry_not_text():
    """Issue 17: the gap is a sign in the text; its description is the apparatus entry it points at."""
    document_model = build_document(document())
    (paragraph,) = [node for node in document_model.all_blocks() if node.id == "p-aaaaaa"]
    assert [(node.kind, node.text) for node in paragraph.children] == [
        (Kind.TEXT, "北约（"), (Kind.GAP, ""), (Kind.TEXT, "）成立。")]
    assert paragraph.children[1].attrs == {"reason": "lost", "apparatus": "ed-1"}
    (entry,) = document_model.apparatus
    assert (entry.kind, entry.id, entry.attrs) == (Kind.APPARATUS, "ed-1", {"subtype": "lost-text", "sign": "〔…〕"})
    assert [(node.kind, node.text) for node in entry.children] == [(Kind.TEXT, "此处原有模板生成的文字，在转换中丢失。")]


def test_the_revision_in_the_header_is_cited():
    root = document()
    assert read_meta(root)["revision"] == "84012345"
    meta = citation_fields("korean-war", "zh-Hans", read_meta(root), {"base_url": "https://edition.example.org",
                                                                          "title": "朝鲜战争 · 韓戰：注释版"})
    assert cite(meta, "p-aaaaaa") == (
        "维基百科编者. 朝鲜战争[EB/OL]. 第 p-aaaaaa 段. 维基百科, 修订 84012345. "
        "https://edition.example.org/korean-war/#p-aaaaaa, 引用日期 2026-11-23.\n")


CATALOG = """[edition]
title = "t"
publisher = "p"
base_url = "https://edition.example.org"
licence = "CC BY-SA 4.0"
date = "2026-11-23"

[[article]]
id = "a"
file = "a.txt"
format = "plain-text"
lang = "zh-Hant"
title = "韓戰"
source = "https://zh.wikipedia.org/zh-hant/韓戰"
licence = "CC BY-SA 4.0"
{extra}
"""


def catalog(tmp_path, extra: str):
    path = tmp_path / "catalog.toml"
    path.write_text(CATALOG.format(extra=extra), encoding="utf-8")
    return load_catalog(path, tmp_path)


def test_catalog_revision_and_retrieved_are_optional_and_reach_the_header(tmp_path):
    (article,) = catalog(tmp_path, "").articles
    assert (article.revision, article.retrieved) == ("", "")
    (article,) = catalog(tmp_path, 'revision = "2026-11-20T08:15:00Z"\nretrieved = "2026-11-20"').articles
    meta = article.meta(catalog(tmp_path, "").edition)
    assert (meta.revision, meta.retrieved) == ("2026-11-20T08:15:00Z", "2026-11-20")
    (article,) = catalog(tmp_path, 'revision = "84012345"').articles
    assert article.revision == "84012345"


@pytest.mark.parametrize("extra, message", [
    ('revision = "latest"', ":16: article 'a': revision 'latest' is neither a Wikipedia oldid (digits, e.g. "
                            "'123456789') nor a timestamp written YYYY-MM-DDTHH:MM:SSZ"),
    ('revision = "2026-02-30T08:15:00Z"', ":16: article 'a': revision '2026-02-30T08:15:00Z' is neither"),
    ('revision = 84012345', ":16: article 'a': field 'revision' must be a non-empty string"),
    ('licence2 = "x"\nretrieved = "20 November 2026"',
     ":17: article 'a': retrieved '20 November 2026' is not a calendar date written YYYY-MM-DD (ISO 8601), "
     "e.g. '2026-11-20'"),
    ('retrieved = "2026-13-01"', ":16: article 'a': retrieved '2026-13-01' is not a calendar date"),
])
def test_bad_revision_or_retrieved_names_the_catalog_line(tmp_path, extra, message):
    with pytest.raises(EditionError) as caught:
        catalog(tmp_path, extra)
    assert str(caught.value).startswith(f"{tmp_path / 'catalog.toml'}{message}")


def test_edition_cite_in_the_articles_language_or_in_english(tmp_path):
    project = copy_project(tmp_path / "project")  # the committed TEI is what edition cite reads
    url = "https://edition.example.org/korean-war/#p-ekap8n"
    chinese = run_in_process("cite", "korean-war#p-ekap8n", "--project", str(project))
    assert chinese.stdout == f"维基百科编者. 朝鲜战争[EB/OL]. 第 p-ekap8n 段. 维基百科. {url}, 引用日期 2026-11-23.\n\n"
    english = run_in_process("cite", "korean-war#p-ekap8n", "--lang", "en", "--project", str(project))
    assert english.stdout == ("Wikipedia contributors. “朝鲜战争.” Paragraph p-ekap8n. Wikipedia. In 朝鲜战争 · 韓戰：注释版. "
                              f"Edition pipeline project, November 23, 2026. {url}.\n\n")
