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


def test_text_citation():
    assert cite(META, "p-7k3m2q") == (
        "朝鲜战争, paragraph p-7k3m2q. In: 朝鲜战争 · 韓戰：注释版. Edition pipeline project, "
        f"2026-11-23. {URL}. Source: https://zh.wikipedia.org/wiki/朝鲜战争. Licence: CC BY-SA 4.0.\n")


def test_text_names_the_kind_of_block():
    assert cite(META, "n-0eyeq5").startswith("朝鲜战争, note n-0eyeq5.")
    assert cite(META, "h-xxxznh").startswith("朝鲜战争, heading h-xxxznh.")
    assert cite(META, "custom-id").startswith("朝鲜战争, block custom-id.")


def test_bibtex_citation_parses_back():
    text = cite({**META, "publisher": "Smith & Sons"}, "p-7k3m2q", "bibtex")
    library = bibtexparser.parse_string(text)
    [entry] = library.entries
    assert (entry.entry_type, entry.key) == ("misc", "korean-war:p-7k3m2q")
    fields = {f.key: f.value for f in entry.fields}
    assert fields == {
        "title": "朝鲜战争, paragraph p-7k3m2q",
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
        "section": "paragraph p-7k3m2q",
        "container-title": "朝鲜战争 · 韓戰：注释版",
        "publisher": "Edition pipeline project",
        "issued": {"date-parts": [[2026, 11, 23]]},
        "URL": URL,
        "source": "https://zh.wikipedia.org/wiki/朝鲜战争",
        "license": "CC BY-SA 4.0",
        "language": "zh-Hans",
    }


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
