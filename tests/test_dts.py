"""DTS 1.0 as static files (issue 20): the TEI header's citation scheme, and the entry point,
Collection, Navigation and Document answers checked against the shapes the DTS 1.0
specification (https://dtsapi.org/versions/v1.0/) requires, on the committed seeds.

No DTS validator installs from a package registry (the community's is a GitHub project, not on
PyPI or npm), so the required keys and types below are written from the specification's tables.
"""
from __future__ import annotations

import json
import threading
import urllib.request

import pytest
from lxml import etree

from conftest import REPO
from pipeline.serve import make_server
from pipeline.tei import NS, XML_ID
from pipeline.writers.dts import RANGE_SPAN, dts_files
from pipeline.writers.dts_document import DTS_NS

EDITION = {"title": "朝鲜战争 · 韓戰：注释版", "base_url": "https://edition.example.org"}
SEEDS = ("korean-war", "korean-war-zh-hant")
DOWNLOADS = {"TEI": "korean-war.xml", "BibTeX": "korean-war.bib", "PDF": "korean-war.pdf"}
CONTEXT = "https://dtsapi.org/context/v1.0.json"
TEI = "{http://www.tei-c.org/ns/1.0}"


def seed_roots() -> list[tuple[str, etree._Element]]:
    return [(seed, etree.parse(str(REPO / "tei" / f"{seed}.xml")).getroot()) for seed in SEEDS]


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return dts_files(seed_roots(), EDITION, {}, {"korean-war": DOWNLOADS})


def load(files: dict[str, bytes], name: str) -> dict:
    return json.loads(files[name])


def assert_typed(value: dict, required: dict[str, type | tuple]) -> None:
    """Every key DTS requires is there, with the JSON type the specification gives it."""
    for key, kind in required.items():
        assert key in value, key
        assert isinstance(value[key], kind), (key, value[key])


RESOURCE_REQUIRED = {"@id": str, "@type": str, "collection": str, "navigation": str, "document": str,
                     "citationTrees": list}
CITABLE_REQUIRED = {"identifier": str, "@type": str, "level": int, "parent": (str, type(None))}


def test_the_seed_header_declares_sections_and_blocks_cited_by_their_ids():
    root = etree.parse(str(REPO / "tei" / "korean-war.xml")).getroot()
    structures = root.xpath("//tei:encodingDesc/tei:refsDecl/tei:citeStructure", namespaces=NS)
    assert [(s.get("unit"), s.get("match"), s.get("use")) for s in structures] == [
        ("section", "/TEI/text/body//div[@type='section']", "@xml:id"),
        ("paragraph", "/TEI/text/body//*[self::p or self::head or self::item or self::figure or self::table"
                      " or self::quote or self::ab or self::note][@xml:id]", "@xml:id")]


def test_the_entry_point_gives_the_three_path_style_uri_templates(files):
    entry = load(files, "index.json")
    assert entry == {"@context": CONTEXT, "dtsVersion": "1.0", "@id": "/dts/index.json", "@type": "EntryPoint",
                     "collection": "/dts/collection{/id}.json",
                     "navigation": "/dts/navigation/{resource}{;down}{/ref}.json",
                     "document": "/dts/document/{resource}{/ref,start,end}.xml"}


def test_the_root_collection_holds_each_article_as_a_resource(files):
    root = load(files, "collection.json")
    assert_typed(root, {"@context": str, "@id": str, "@type": str, "dtsVersion": str, "title": str,
                        "totalParents": int, "totalChildren": int, "collection": str, "member": list})
    assert (root["@type"], root["title"], root["totalParents"], root["totalChildren"]) == (
        "Collection", "朝鲜战争 · 韓戰：注释版", 0, 2)
    assert [member["@id"] for member in root["member"]] == ["korean-war", "korean-war-zh-hant"]
    for member in root["member"]:
        assert_typed(member, RESOURCE_REQUIRED | {"title": str, "totalParents": int, "dublinCore": dict})
        assert member["@type"] == "Resource"


def test_a_resource_has_its_metadata_downloads_and_citation_tree(files):
    resource = load(files, "collection/korean-war.json")
    assert (resource["@context"], resource["dtsVersion"]) == (CONTEXT, "1.0")
    assert resource["dublinCore"]["title"] == [{"lang": "zh-Hans", "value": "朝鲜战争"}]
    assert resource["dublinCore"]["language"] == ["zh-Hans"]
    assert resource["dublinCore"]["source"] == ["https://zh.wikipedia.org/wiki/朝鲜战争"]
    assert resource["download"] == {"application/tei+xml": "/korean-war/korean-war.xml",
                                    "application/x-bibtex": "/korean-war/korean-war.bib",
                                    "application/pdf": "/korean-war/korean-war.pdf"}
    assert resource["mediaTypes"] == ["application/tei+xml"]
    assert resource["navigation"] == "/dts/navigation/korean-war{;down}{/ref}.json"
    tree, = resource["citationTrees"]
    assert tree["@type"] == "CitationTree" and "identifier" not in tree  # the only tree is the default
    paragraph = {"@type": "CiteStructure", "citeType": "paragraph"}
    assert tree["citeStructure"] == [paragraph, {
        "@type": "CiteStructure", "citeType": "section", "citeStructure": [paragraph, {
            "@type": "CiteStructure", "citeType": "section", "citeStructure": [paragraph, {
                "@type": "CiteStructure", "citeType": "section", "citeStructure": [paragraph]}]}]}]
    # the traditional-script seed has no sections: a flat tree of paragraphs
    flat = load(files, "collection/korean-war-zh-hant.json")["citationTrees"][0]["citeStructure"]
    assert flat == [paragraph]


def test_the_top_level_navigation_lists_the_lead_paragraphs_then_the_sections(files):
    navigation = load(files, "navigation/korean-war;down=1.json")
    assert_typed(navigation, {"@context": str, "@id": str, "@type": str, "dtsVersion": str, "resource": dict,
                              "member": list})
    assert (navigation["@type"], navigation["@id"]) == ("Navigation", "/dts/navigation/korean-war;down=1.json")
    assert_typed(navigation["resource"], RESOURCE_REQUIRED)
    for member in navigation["member"]:
        assert_typed(member, CITABLE_REQUIRED)
        assert (member["@type"], member["level"], member["parent"]) == ("CitableUnit", 1, None)
    sections = [(m["identifier"], m["dublinCore"]["title"][0]["value"]) for m in navigation["member"]
                if m["citeType"] == "section"]
    assert sections == [("s-cvr2kr", "名称"), ("s-r5n9gb", "背景"), ("s-arw6rj", "经过"), ("s-szcqhp", "停战"),
                        ("s-67kyad", "伤亡情况"), ("s-dsxear", "戰俘處理"), ("s-74rwp9", "战争罪行"),
                        ("s-z7v10z", "相关文艺作品")]
    assert [m["identifier"] for m in navigation["member"][:3]] == ["p-xqb2yc", "p-g4h773", "p-p2hwh3"]
    assert len(load(files, "navigation/korean-war;down=-1.json")["member"]) == 260  # 48 sections, 212 blocks


def test_navigation_by_reference_alone_and_with_its_children(files):
    alone = load(files, "navigation/korean-war/s-cvr2kr.json")
    assert alone["ref"]["identifier"] == "s-cvr2kr" and "member" not in alone
    down = load(files, "navigation/korean-war;down=1/s-cvr2kr.json")
    assert [(m["identifier"], m["level"], m["parent"]) for m in down["member"]] == [
        ("s-cvr2kr", 1, None), ("h-pb1gft", 2, "s-cvr2kr"), ("p-vavghx", 2, "s-cvr2kr")]
    leaf = load(files, "navigation/korean-war;down=-1/p-vavghx.json")
    assert [m["identifier"] for m in leaf["member"]] == ["p-vavghx"]  # nothing below: the ref alone
    assert "navigation/korean-war;down=0/s-cvr2kr.json" not in files  # siblings are not materialised


def test_a_document_fragment_holds_its_paragraph_in_a_dts_wrapper(files):
    root = etree.fromstring(files["document/korean-war/p-xqb2yc.xml"])
    assert root.tag == f"{TEI}TEI"
    assert root.findtext(f"{TEI}teiHeader/{TEI}fileDesc/{TEI}titleStmt/{TEI}title") == "朝鲜战争"
    wrapper, = root.iter(f"{{{DTS_NS}}}wrapper")
    assert wrapper.getparent().tag == f"{TEI}body"
    assert wrapper.get("ref") == "//*[@xml:id='p-xqb2yc']"
    paragraph, = wrapper
    assert (paragraph.tag, paragraph.get(XML_ID)) == (f"{TEI}p", "p-xqb2yc")
    assert "".join(paragraph.itertext()).startswith("朝鲜战争，是朝鮮半島上的")


def test_a_range_of_consecutive_paragraphs_and_its_bound(files):
    assert RANGE_SPAN == 3
    root = etree.fromstring(files["document/korean-war/p-xqb2yc/p-p2hwh3.xml"])
    wrapper, = root.iter(f"{{{DTS_NS}}}wrapper")
    assert (wrapper.get("start"), wrapper.get("end")) == ("//*[@xml:id='p-xqb2yc']", "//*[@xml:id='p-p2hwh3']")
    assert [p.get(XML_ID) for p in wrapper] == ["p-xqb2yc", "p-g4h773", "p-p2hwh3"]
    assert "document/korean-war/p-xqb2yc/p-g4h773.xml" in files
    assert "document/korean-war/p-xqb2yc/p-76ym8x.xml" not in files  # four paragraphs: past the bound
    assert "document/korean-war/s-cvr2kr/s-r5n9gb.xml" not in files  # whole sections are not ranged


def test_the_whole_resource_is_its_tei(files):
    root = etree.fromstring(files["document/korean-war-zh-hant.xml"])
    assert root.get(XML_ID) == "korean-war-zh-hant"
    assert not list(root.iter(f"{{{DTS_NS}}}wrapper"))


def test_articles_of_one_work_are_its_witnesses():
    grouped = dts_files(seed_roots(), EDITION, {"korean-war": "朝鲜战争", "korean-war-zh-hant": "朝鲜战争"}, {})
    root = json.loads(grouped["collection.json"])
    work, = root["member"]
    assert (work["@id"], work["@type"], work["totalChildren"], work["collection"]) == (
        "_work-朝鲜战争", "Collection", 2, "/dts/collection/_work-朝鲜战争.json")
    collection = json.loads(grouped["collection/_work-朝鲜战争.json"])
    assert (collection["totalParents"], [m["@id"] for m in collection["member"]]) == (
        1, ["korean-war", "korean-war-zh-hant"])


def test_the_files_are_the_same_bytes_every_time(files):
    assert dts_files(seed_roots(), EDITION, {}, {"korean-war": DOWNLOADS}) == files


@pytest.mark.slow
def test_edition_serve_answers_the_dts_files_with_their_media_types(html_site):
    server = make_server(html_site, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        expected = {"/dts/index.json": "application/ld+json",
                    "/dts/collection.json": "application/ld+json",
                    "/dts/navigation/korean-war;down=1/s-cvr2kr.json": "application/ld+json",
                    "/dts/document/korean-war/p-xqb2yc.xml": "application/tei+xml"}
        for path, media_type in expected.items():
            with urllib.request.urlopen(base + path) as response:
                assert (response.status, response.headers["Content-Type"]) == (200, media_type), path
                body = response.read()
        assert "朝鲜战争，是".encode() in body.replace(b"<hi rend=\"bold\">", b"").replace(b"</hi>", b"")
        with urllib.request.urlopen(base + "/dts/collection.json") as response:
            # the catalog's work: the two seeds are its witnesses
            assert [m["@id"] for m in json.load(response)["member"]] == ["_work-korean-war"]
    finally:
        server.shutdown()
        server.server_close()
