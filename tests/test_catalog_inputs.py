"""The catalog and the files kept under an article's id, under bad input (issue 15).

Every file the edition keeps under an article's id belongs to an article of the catalog (case 3);
article ids cannot take the site's own names (case 5) nor make file names too long, and catalog
strings that the TEI cannot hold, or a date that is not one, stop the build at the catalog's line
(cases 12 and 14); a lone Markdown image is a figure, not a crash (case 12); an annotation file's
IDs are looked up in a table made once (case 13). Each refusal is one ``file:line: what`` line,
without a traceback, and leaves every file as it was.
"""
from __future__ import annotations

import time

import pytest
from lxml import etree

import pipeline.build
import pipeline.inputs
from conftest import copy_project, run_in_process
from pipeline.annotations.anchoring import IdHistory, anchor
from pipeline.annotations.loading import load_annotation_file
from pipeline.annotations.merge import merge
from pipeline.catalog import RESERVED_IDS, load_catalog
from pipeline.project import Project
from pipeline.tei import NS
from test_annotations import FOOTER, HEADER, annotation, edition, other_editions
from test_cli import snapshot

CATALOG = "articles/catalog.toml"


@pytest.fixture
def project(tmp_path):
    """The repository's project (catalog, sources, committed TEI, ledgers, annotations), unbuilt."""
    return copy_project(tmp_path / "project")


def edit_catalog(project, old: str, new: str) -> None:
    path = project / CATALOG
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors_of(result) -> list[str]:
    assert "Traceback" not in result.stderr, result.stderr
    return [line.removeprefix("edition: error: ") for line in result.stderr.splitlines()
            if line.startswith("edition: error: ")]


def refused(project, *args: str, status: int = 2) -> list[str]:
    """The error lines of ``edition ARGS`` in ``project``, which must fail with ``status`` and
    change no file."""
    before = snapshot(project)
    result = run_in_process(*args, "--project", str(project))
    assert result.returncode == status, result.stderr
    assert snapshot(project) == before
    return errors_of(result)


def orphan_line(project, relative: str, article_id: str, new: str) -> str:
    renamed = relative.replace(f"/{article_id}.", f"/{new}.")
    return (f"{project / relative}: belongs to article '{article_id}', which articles/catalog.toml does not "
            f"list: if the article was renamed, rename this file with it (git mv {relative} {renamed}); "
            "if it was removed, remove this file")


# --- case 3: every file kept under an article's id belongs to an article ------------------------

def test_renaming_an_article_in_the_catalog_alone_is_refused(project):
    edit_catalog(project, 'id = "korean-war"\n', 'id = "korean-war-v2"\n')
    assert refused(project, "build") == [
        orphan_line(project, "tei/annotations/korean-war.xml", "korean-war", "korean-war-v2"),
        orphan_line(project, "tei/ids/korean-war.json", "korean-war", "korean-war-v2"),
        orphan_line(project, "tei/korean-war.xml", "korean-war", "korean-war-v2"),
    ]
    assert refused(project, "build", "--check") == refused(project, "build")


def test_a_stray_annotation_file_is_refused(project):
    stray = project / "tei" / "annotations" / "nope.xml"
    stray.write_text(HEADER + annotation("n1", "#p-incheo") + FOOTER, encoding="utf-8")
    assert refused(project, "build", "korean-war") == [
        orphan_line(project, "tei/annotations/nope.xml", "nope", "NEW-ID")]
    # validated by name, it is refused the same way (status 1: a file read and found wrong)
    assert refused(project, "validate", str(stray), status=1) == [
        orphan_line(project, "tei/annotations/nope.xml", "nope", "NEW-ID")]


def test_hidden_files_are_nobody_s(project):
    (project / "tei" / "annotations" / "._korean-war.xml").write_bytes(b"\0\5\26\7")
    (project / "tei" / "ids" / ".korean-war.json.swp").write_bytes(b"")
    result = run_in_process("build", "--check", "--project", str(project))
    assert result.returncode == 0, result.stderr


def test_validate_lists_each_orphan_once(project):
    """Without the editions (no TEI to run jing on), ``edition validate`` of the whole project
    reports the ledger of the renamed article and its annotation file, each once."""
    for tei in (project / "tei").glob("*.xml"):
        tei.unlink()
    edit_catalog(project, 'id = "korean-war"\n', 'id = "korean-war-v2"\n')
    errors = refused(project, "validate", status=1)
    assert errors.count(orphan_line(project, "tei/ids/korean-war.json", "korean-war", "korean-war-v2")) == 1
    assert errors.count(orphan_line(project, "tei/annotations/korean-war.xml", "korean-war", "korean-war-v2")) == 1
    assert len(errors) == 3  # and the other article's file, whose edition is not built


def test_the_hint_renames_the_article_with_its_annotations(project):
    edit_catalog(project, 'id = "korean-war"\n', 'id = "korean-war-v2"\n')
    for relative in ("tei/annotations/korean-war.xml", "tei/ids/korean-war.json", "tei/korean-war.xml"):
        (project / relative).rename(project / relative.replace("korean-war.", "korean-war-v2."))
    result = run_in_process("build", "korean-war-v2", "--formats", "tei", "--project", str(project))
    assert result.returncode == 0, result.stderr
    root = etree.parse(str(project / "tei" / "korean-war-v2.xml"))
    ids = root.xpath("//tei:standOff//tei:annotation/@xml:id", namespaces=NS)
    assert ids == ["kw-incheon", "kw-air-losses-other-version"]


# --- case 5: ids that cannot collide with the site's own names ----------------------------------

def test_the_reserved_ids_are_the_site_s_own_names():
    assert RESERVED_IDS == {"pagefind": "search index (output/html/pagefind/)",
                            "dts": "DTS endpoints (output/html/dts/)",
                            "index": "own pages (output/html/index.html)",
                            "search": "own pages (output/html/search.html)",
                            "edition": "assets (output/html/edition.js)"}


@pytest.mark.parametrize("article_id, what", [
    ("pagefind", "search index (output/html/pagefind/)"),
    ("index", "own pages (output/html/index.html)"),
    ("search", "own pages (output/html/search.html)"),
    ("edition", "assets (output/html/edition.js)"),
])
def test_an_article_may_not_take_a_name_of_the_site(project, article_id, what):
    edit_catalog(project, 'id = "korean-war-zh-hant"', f'id = "{article_id}"')
    assert refused(project, "build") == [
        f"{project / CATALOG}:25: article id '{article_id}' is reserved for the site's {what}: choose another"]


@pytest.mark.parametrize("article_id", ["_site", ".pagefind-new"])
def test_an_article_id_may_not_start_as_the_build_s_own_names(project, article_id):
    edit_catalog(project, 'id = "korean-war-zh-hant"', f'id = "{article_id}"')
    assert refused(project, "build") == [
        f"{project / CATALOG}:25: article id '{article_id}' must be lower-case ASCII letters, digits and "
        "hyphens, starting with a letter"]


# --- case 12: catalog values that would crash the build later -----------------------------------

def test_a_control_character_in_a_title(project):
    edit_catalog(project, 'title = "韓戰"', 'title = "韓\\u0001戰"')
    assert refused(project, "build") == [
        f"{project / CATALOG}:29: [[article]]: field 'title' holds the character U+0001, which XML "
        "cannot hold: remove it"]


def test_a_control_character_in_the_edition_table(project):
    edit_catalog(project, 'publisher = "Edition pipeline project"', 'publisher = "Edition\\u001bproject"')
    assert refused(project, "build") == [
        f"{project / CATALOG}:7: [edition]: field 'publisher' holds the character U+001B, which XML "
        "cannot hold: remove it"]


def test_a_lone_surrogate_in_a_title(project):
    edit_catalog(project, 'title = "韓戰"', 'title = "\\ud800"')
    assert refused(project, "build") == [
        f"{project / CATALOG}:29: TOML syntax error: Escaped character is not a Unicode scalar value"]


def test_an_article_id_too_long_for_a_file_name(project):
    long_id = "a" * 300
    edit_catalog(project, 'id = "korean-war-zh-hant"', f'id = "{long_id}"')
    assert refused(project, "build") == [
        f"{project / CATALOG}:25: article id '{'a' * 64}…' is 300 characters long: at most 64"]


def test_an_article_id_of_64_characters_is_accepted(project):
    edit_catalog(project, 'id = "korean-war-zh-hant"', f'id = "{"k" * 64}"')
    catalog = load_catalog(project / CATALOG, project / "articles")
    assert [article.id for article in catalog.articles] == ["korean-war", "k" * 64]


def test_a_lone_markdown_image_is_a_figure(tmp_path):
    source = tmp_path / "image.md"
    source.write_text("# 标题\n\n一段文字。\n\n![图片](x)\n\n另一段。\n", encoding="utf-8")
    result = run_in_process("convert", str(source), "-o", str(tmp_path / "image.xml"))
    assert result.returncode == 0, result.stderr
    body = etree.parse(str(tmp_path / "image.xml")).find(".//tei:body", NS)
    assert [(etree.QName(e).localname, e.get("url"), (e.text or "").strip()) for e in body.iter()
            if isinstance(e.tag, str) and etree.QName(e).localname in ("p", "figure", "graphic", "head")] == [
        ("head", None, "标题"), ("p", None, "一段文字。"), ("figure", None, ""), ("graphic", "x", ""),
        ("head", None, "图片"), ("p", None, "另一段。")]


# --- case 14: late or misplaced errors ----------------------------------------------------------

@pytest.mark.parametrize("value", ["next tuesday", "2026-02-30", "23.11.2026", "20261123"])
def test_an_edition_date_that_is_not_one(project, value):
    edit_catalog(project, 'date = "2026-11-23"', f'date = "{value}"')
    assert refused(project, "build") == [
        f"{project / CATALOG}:10: [edition]: date '{value}' is not a calendar date written YYYY-MM-DD "
        "(ISO 8601), e.g. '2026-11-23'"]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_line_separator_in_a_string_does_not_shift_later_lines(project, separator):
    edit_catalog(project, 'title = "朝鲜战争"', f'title = "朝鲜{separator}战争"')
    edit_catalog(project, 'lang = "zh-Hant"', 'lang = "ko"')
    assert refused(project, "build") == [
        f"{project / CATALOG}:24: article 'korean-war-zh-hant': unknown lang 'ko' (known: zh-Hans, zh-Hant)"]


# --- case 13: many annotations ------------------------------------------------------------------

def test_the_annotations_by_id_are_made_once(tmp_path):
    path = tmp_path / "kw.xml"
    path.write_text(HEADER + annotation("a1", "#p-incheo") + annotation("a2", "#a1") + FOOTER, encoding="utf-8")
    loaded = load_annotation_file(path)
    assert loaded.ids is loaded.ids
    assert list(loaded.ids) == ["a1", "a2"]


@pytest.mark.slow
def test_a_hundred_thousand_annotations_load_and_anchor_in_seconds(tmp_path):
    """Half on a paragraph, half on the annotation before: every target is looked up among the
    file's IDs (this took about ten minutes when the table was made per lookup)."""
    path = tmp_path / "kw.xml"
    path.write_text(HEADER + "".join(annotation(f"a{n}", "#p-incheo" if n % 2 == 0 else f"#a{n - 1}")
                                     for n in range(100_000)) + FOOTER, encoding="utf-8")
    start, root = time.perf_counter(), edition()
    result = anchor(root, load_annotation_file(path), IdHistory(), None, other_editions)
    counts = merge(root, result)
    assert time.perf_counter() - start < 30
    assert result.problems == []
    assert counts == {"annotations": 100_000, "anchored": 100_000, "reanchored": 0, "orphaned": 0}


def test_a_build_reads_the_corrections_once_for_all_its_articles(tmp_path, monkeypatch):
    """The inputs of every article share the corrections the build read before building."""
    project = copy_project(tmp_path / "project")
    reads = []
    real = pipeline.build.read_corrections

    def counted(path):
        reads.append(path)
        return real(path)

    monkeypatch.setattr(pipeline.build, "read_corrections", counted)
    monkeypatch.setattr(pipeline.inputs, "read_corrections", counted)
    pipeline.build.build(Project.load(project), [], ("tei",), log=lambda message: None, jobs=1, force=True)
    assert reads == [project.resolve() / "bibliography" / "corrections.bib"]
