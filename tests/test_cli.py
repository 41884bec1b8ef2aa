"""The ``edition`` command end to end on the seed corpus, and its answers to bad input."""
from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import REPO, jing, run_edition, run_in_process

TEI = "{http://www.tei-c.org/ns/1.0}"
SEED_IDS = ("korean-war", "korean-war-zh-hant")


def snapshot(project: Path) -> dict[str, str]:
    """Every file under tei/, bibliography/ and output/ with the hash of its bytes."""
    files = {}
    for folder in ("tei", "bibliography", "output"):
        for path in sorted((project / folder).rglob("*")):
            if path.is_file():
                files[str(path.relative_to(project))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


# --- the build on the real seeds -------------------------------------------------------------

@pytest.mark.slow
def test_build_writes_every_format_for_both_seeds(built_project):
    for article_id in SEED_IDS:
        assert (built_project / "tei" / f"{article_id}.xml").stat().st_size > 50_000
        assert (built_project / "output" / "html" / article_id / "index.html").exists()
        assert zipfile.is_zipfile(built_project / "output" / "epub" / f"{article_id}.epub")
        assert (built_project / "output" / "pdf" / f"{article_id}.pdf").read_bytes().startswith(b"%PDF")
    index = (built_project / "output" / "html" / "index.html").read_text(encoding="utf-8")
    assert 'href="korean-war/index.html"' in index and 'href="korean-war-zh-hant/index.html"' in index
    assert "朝鲜战争" in index and "韓戰" in index


@pytest.mark.slow
@pytest.mark.parametrize("article_id", SEED_IDS)
def test_generated_tei_is_valid_tei_all(built_project, article_id):
    result = jing(built_project / "tei" / f"{article_id}.xml")
    assert result.returncode == 0, result.stdout[:2000]


@pytest.mark.slow
def test_tei_header_names_source_format_and_licence(built_project):
    root = etree.parse(str(built_project / "tei" / "korean-war.xml")).getroot()
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-Hans"
    assert root.findtext(f".//{TEI}titleStmt/{TEI}title") == "朝鲜战争"
    assert root.findtext(f".//{TEI}licence") == "CC BY-SA 4.0"
    assert root.findtext(f".//{TEI}sourceDesc//{TEI}idno[@type='file']") == "korean-war.wiki.md"
    assert root.find(f".//{TEI}body//{TEI}div[@type='section']/{TEI}head") is not None


@pytest.mark.slow
def test_pdf_uses_the_script_specific_noto_serif(built_project):
    import subprocess

    fonts = {}
    for article_id in SEED_IDS:
        out = subprocess.run(["pdffonts", str(built_project / "output" / "pdf" / f"{article_id}.pdf")],
                             capture_output=True, text=True, check=True).stdout
        fonts[article_id] = out
    assert "NotoSerifCJKsc" in fonts["korean-war"]
    assert "NotoSerifCJKtc" in fonts["korean-war-zh-hant"]
    assert "NotoSerifCJKtc" not in fonts["korean-war"]


def test_progress_lines_name_article_stage_and_timing(project):
    result = run_in_process("build", "korean-war-zh-hant", "--formats", "tei", "--project", str(project))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert any(line.startswith("[korean-war-zh-hant] read ") and line.endswith("s") for line in lines)
    assert any(line.startswith("[korean-war-zh-hant] transform ") for line in lines)
    assert any(line.startswith("[korean-war-zh-hant] tei ") for line in lines)


@pytest.mark.slow
def test_two_builds_are_byte_identical(project, tmp_path):
    first = run_edition("build", "--formats", "tei,html,epub", "--project", str(project))
    assert first.returncode == 0, first.stderr
    before = snapshot(project)
    second = run_edition("build", "--formats", "tei,html,epub", "--project", str(project),
                         env={"PYTHONHASHSEED": "12345"})
    assert second.returncode == 0, second.stderr
    assert snapshot(project) == before


# --- convert and render outside the catalog ----------------------------------------------------

def test_convert_guesses_the_format_from_the_extension(tmp_path):
    out = tmp_path / "kw.xml"
    result = run_in_process("convert", str(REPO / "articles" / "korean-war.zh-hant.txt"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    root = etree.parse(str(out)).getroot()
    assert root.findtext(f".//{TEI}sourceDesc//{TEI}note[@type='format']") == "plain text dump of the rendered article"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-Hant"
    assert jing(out).returncode == 0


@pytest.mark.slow
def test_render_turns_any_project_tei_into_each_format(built_project, tmp_path):
    source = built_project / "tei" / "korean-war-zh-hant.xml"
    for fmt, expected in (("html", "index.html"), ("epub", "korean-war-zh-hant.epub"),
                          ("pdf", "korean-war-zh-hant.pdf")):
        result = run_in_process("render", str(source), "--to", fmt, "-o", str(tmp_path / fmt))
        assert result.returncode == 0, result.stderr
        assert (tmp_path / fmt / expected).stat().st_size > 1000


# --- bad input: one line naming the file, exit 2, nothing built is touched ---------------------
# (an unknown article id and a file that is not TEI go through the real command, in a process of
# its own: its exit status and stderr, not only main's)

def assert_clean_failure(result, *fragments: str, status: int = 2) -> None:
    assert result.returncode == status, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("edition: error:")]
    assert len(errors) == 1, result.stderr
    for fragment in fragments:
        assert fragment in errors[0]


def test_unknown_article_id(project):
    result = run_edition("build", "no-such-article", "--project", str(project))
    assert_clean_failure(result, "catalog.toml", "unknown article id: no-such-article")


@pytest.mark.slow
def test_missing_source_file_leaves_previous_outputs_intact(project):
    assert run_in_process("build", "--formats", "tei,html", "--project", str(project)).returncode == 0
    before = snapshot(project)
    (project / "articles" / "korean-war.zh-hant.txt").unlink()
    result = run_in_process("build", "--formats", "tei,html", "--project", str(project))
    assert_clean_failure(result, "korean-war.zh-hant.txt", "source file not found")
    assert snapshot(project) == before


def test_catalog_entry_with_a_missing_field(project):
    catalog = project / "articles" / "catalog.toml"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace('lang = "zh-Hant"\n', ""), encoding="utf-8")
    result = run_in_process("build", "--project", str(project))
    line = text.splitlines().index("[[article]]", text.splitlines().index("[[article]]") + 1) + 1
    assert_clean_failure(result, f"catalog.toml:{line}:", "missing field 'lang'")


def test_catalog_with_an_unknown_format(project):
    catalog = project / "articles" / "catalog.toml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('"plain-text"', '"docx"'), encoding="utf-8")
    result = run_in_process("build", "--project", str(project))
    assert_clean_failure(result, "catalog.toml", "unknown format 'docx'")


def test_unknown_output_format(project):
    result = run_in_process("build", "--formats", "tei,mobi", "--project", str(project))
    assert_clean_failure(result, "--formats", "unknown format: mobi")


def test_unreadable_source_invalid_utf8(project):
    source = project / "articles" / "korean-war.zh-hant.txt"
    source.write_bytes(b"first line\nsecond \xff\xfe line\n")
    result = run_in_process("build", "korean-war-zh-hant", "--project", str(project))
    assert_clean_failure(result, "korean-war.zh-hant.txt:2:", "invalid UTF-8")


def test_convert_with_an_unknown_extension(tmp_path):
    source = tmp_path / "article.docx"
    source.write_text("文本", encoding="utf-8")
    result = run_in_process("convert", str(source), "-o", str(tmp_path / "out.xml"))
    assert_clean_failure(result, "article.docx", "--format")
    assert not (tmp_path / "out.xml").exists()


def test_render_rejects_a_file_that_is_not_tei(tmp_path):
    bogus = tmp_path / "bogus.xml"
    bogus.write_text("<html><body/></html>", encoding="utf-8")
    result = run_edition("render", str(bogus), "--to", "html", "-o", str(tmp_path / "out"))
    assert_clean_failure(result, "bogus.xml:1:", "not a TEI document", status=1)
