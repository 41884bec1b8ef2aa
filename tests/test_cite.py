"""Citations of one block in text, BibTeX and CSL-JSON."""
from __future__ import annotations

import json

import bibtexparser
import pytest

from pipeline.cite import block_url, cite
from pipeline.errors import EditionError

META = {
    "article": "korean-war",
    "title": "朝鲜战争",
    "base_url": "https://edition.example.org/",
    "source": "https://zh.wikipedia.org/wiki/朝鲜战争",
    "licence": "CC BY-SA 4.0",
    "date": "2026-11-23",
    "edition_title": "朝鲜战争 · 韓戰：注释版",
    "publisher": "Edition pipeline project",
    "lang": "zh-Hans",
}
URL = "https://edition.example.org/korean-war/#p-7k3m2q"


def test_block_url_has_the_fragment():
    assert block_url("https://edition.example.org", "korean-war", "p-7k3m2q") == URL
    assert block_url("https://edition.example.org/", "korean-war", "p-7k3m2q") == URL


def test_text_citation_follows_gbt7714_in_the_articles_language():
    assert cite(META, "p-7k3m2q") == (
        f"维基百科编者. 朝鲜战争[EB/OL]. 第 p-7k3m2q 段. 维基百科. {URL}, 引用日期 2026-11-23.\n")


def test_text_citation_names_the_source_revision():
    assert cite({**META, "revision": "123456789"}, "p-7k3m2q") == (
        f"维基百科编者. 朝鲜战争[EB/OL]. 第 p-7k3m2q 段. 维基百科, 修订 123456789. {URL}, 引用日期 2026-11-23.\n")


def test_traditional_article_is_cited_in_traditional_script():
    meta = {**META, "article": "korean-war-zh-hant", "title": "韓戰", "lang": "zh-Hant", "revision": "88000001"}
    assert cite(meta, "s-0a1b2c") == (
        "維基百科編者. 韓戰[EB/OL]. 第 s-0a1b2c 節. 維基百科, 修訂 88000001. "
        "https://edition.example.org/korean-war-zh-hant/#s-0a1b2c, 引用日期 2026-11-23.\n")
    assert cite(meta, "n-0eyeq5").startswith("維基百科編者. 韓戰[EB/OL]. 註釋 n-0eyeq5. 維基百科, 修訂 88000001.")


def test_english_citation_follows_chicago():
    assert cite({**META, "revision": "123456789"}, "p-7k3m2q", lang="en") == (
        "Wikipedia contributors. “朝鲜战争.” Paragraph p-7k3m2q. Wikipedia, revision 123456789. "
        f"In 朝鲜战争 · 韓戰：注释版. Edition pipeline project, November 23, 2026. {URL}.\n")
    assert cite({**META, "date": "2026-11"}, "h-xxxznh", lang="en") == (
        "Wikipedia contributors. “朝鲜战争.” Heading h-xxxznh. Wikipedia. "
        "In 朝鲜战争 · 韓戰：注释版. Edition pipeline project, November 2026. "
        "https://edition.example.org/korean-war/#h-xxxznh.\n")


def test_an_article_without_a_language_is_cited_in_english():
    meta = {key: value for key, value in META.items() if key != "lang"} | {"date": "2026"}
    assert cite(meta, "custom-id").startswith(
        "Wikipedia contributors. “朝鲜战争.” Block custom-id. Wikipedia. In 朝鲜战争 · 韓戰：注释版. "
        "Edition pipeline project, 2026. ")


def test_text_names_the_kind_of_block():
    assert cite(META, "n-0eyeq5").startswith("维基百科编者. 朝鲜战争[EB/OL]. 注释 n-0eyeq5. 维基百科.")
    assert cite(META, "h-xxxznh").startswith("维基百科编者. 朝鲜战争[EB/OL]. 标题 h-xxxznh. 维基百科.")
    assert cite(META, "custom-id").startswith("维基百科编者. 朝鲜战争[EB/OL]. 位置 custom-id. 维基百科.")
    assert cite(META, "custom-id", lang="zh-Hant").startswith("維基百科編者. 朝鲜战争[EB/OL]. 位置 custom-id. 維基百科.")


def test_bibtex_citation_parses_back():
    text = cite({**META, "publisher": "Smith & Sons"}, "p-7k3m2q", "bibtex")
    library = bibtexparser.parse_string(text)
    [entry] = library.entries
    assert (entry.entry_type, entry.key) == ("misc", "korean-war:p-7k3m2q")
    fields = {f.key: f.value for f in entry.fields}
    assert fields == {
        "title": "朝鲜战争, paragraph p-7k3m2q",
        "author": "{维基百科编者}",
        "howpublished": "In: 朝鲜战争 · 韓戰：注释版",
        "publisher": r"Smith \& Sons",
        "year": "2026",
        "date": "2026-11-23",
        "url": URL,
        "note": "Source: https://zh.wikipedia.org/wiki/朝鲜战争. Licence: CC BY-SA 4.0",
        "language": "zh-Hans",
    }


def test_csl_json_citation():
    [item] = json.loads(cite(META, "p-7k3m2q", "csl-json"))
    assert item == {
        "id": "korean-war#p-7k3m2q",
        "type": "entry-encyclopedia",
        "title": "朝鲜战争",
        "author": [{"literal": "维基百科编者"}],
        "section": "paragraph p-7k3m2q",
        "container-title": "朝鲜战争 · 韓戰：注释版",
        "publisher": "Edition pipeline project",
        "issued": {"date-parts": [[2026, 11, 23]]},
        "URL": URL,
        "source": "https://zh.wikipedia.org/wiki/朝鲜战争",
        "license": "CC BY-SA 4.0",
        "language": "zh-Hans",
    }


def test_revision_in_bibtex_and_csl_json():
    meta = {**META, "revision": "123456789"}
    [entry] = bibtexparser.parse_string(cite(meta, "p-7k3m2q", "bibtex")).entries
    assert entry.fields_dict["note"].value == (
        "Source: https://zh.wikipedia.org/wiki/朝鲜战争, revision 123456789. Licence: CC BY-SA 4.0")
    [item] = json.loads(cite(meta, "p-7k3m2q", "csl-json"))
    assert item["version"] == "123456789"


def test_partial_dates_and_no_language():
    meta = {key: value for key, value in META.items() if key != "lang"} | {"date": "2026-11"}
    [item] = json.loads(cite(meta, "p-7k3m2q", "csl-json"))
    assert item["issued"] == {"date-parts": [[2026, 11]]} and "language" not in item


@pytest.mark.parametrize("meta, message", [
    ({**META, "date": "23 November 2026"}, "date '23 November 2026' is not an ISO 8601 date"),
    ({k: v for k, v in META.items() if k not in ("title", "licence")}, "cannot cite without title, licence"),
    ({**META, "base_url": " "}, "cannot cite without base_url"),
])
def test_bad_metadata_names_the_catalog(meta, message):
    with pytest.raises(EditionError) as caught:
        cite(meta, "p-7k3m2q", origin="articles/catalog.toml")
    assert str(caught.value).startswith(f"articles/catalog.toml: {message}")


def test_unknown_format():
    with pytest.raises(EditionError, match="unknown citation format 'ris'"):
        cite(META, "p-7k3m2q", "ris")
