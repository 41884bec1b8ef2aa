"""The content-hash stage cache: a rebuild redoes exactly what changed, and nothing else.

A small project of two dev articles is built in TEI and HTML (the stages whose keys differ:
the TEI stage keys on the source, the renderers on the TEI, the templates and SOURCE_DATE_EPOCH,
the site index on every article's TEI and pages), and in EPUB for the date. Each step reads the build's progress lines, where a stage that ran logs
its timing and a skipped one logs ``unchanged (cached)``.
"""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import DEV_ARTICLES, run_edition
from pipeline.build import up_to_date
from pipeline.project import Project
from pipeline.writers import SHIPPED_TEMPLATES
from test_cli import snapshot

pytestmark = pytest.mark.slow  # builds a project again and again, PDFs too

ARTICLES = {"smalltalk": "Smalltalk.md", "kp": "(2+1)维_KP方程.md"}


def _catalog() -> str:
    entries = ['[edition]', 'title = "cache"', 'publisher = "tests"', 'base_url = "https://example.org"',
               'licence = "CC BY-SA 4.0"', 'date = "2026-01-01"']
    for article_id, name in ARTICLES.items():
        entries += ["", "[[article]]", f'id = "{article_id}"', f'file = "{article_id}.md"', 'format = "wiki-markdown"',
                    'lang = "zh-Hans"', f'title = "{name}"', 'source = "https://zh.wikipedia.org/"',
                    'licence = "CC BY-SA 4.0"']
    return "\n".join(entries) + "\n"


def build(project: Path, *args: str, formats: str = "tei,html", env: dict | None = None) -> dict[str, set[str]]:
    """Build (in TEI and HTML by default); for each article (and 'index'), the stages that ran."""
    result = run_edition("build", "--formats", formats, *args, "--project", str(project), env=env)
    assert result.returncode == 0, result.stderr
    ran: dict[str, set[str]] = {}
    for article, stage in re.findall(r"^\[([^\]]+)\] (read|transform|tei|html|epub|pdf) \d", result.stderr, re.M):
        ran.setdefault(article, set()).add(stage)
    cached = re.findall(r"^\[([^\]]+)\] (tei|html|epub) unchanged \(cached\)$", result.stderr, re.M)
    assert not {article for article, _ in cached} & {a for a, stages in ran.items() if "read" in stages}
    return ran


@pytest.fixture
def small_project(tmp_path) -> Path:
    project = tmp_path / "cache"
    (project / "articles").mkdir(parents=True)
    for article_id, name in ARTICLES.items():
        shutil.copyfile(DEV_ARTICLES / name, project / "articles" / f"{article_id}.md")
    (project / "articles" / "catalog.toml").write_text(_catalog(), encoding="utf-8")
    return project


def test_a_rebuild_redoes_only_what_changed(small_project: Path) -> None:
    first = build(small_project)
    assert first == {"smalltalk": {"read", "transform", "tei", "html"}, "kp": {"read", "transform", "tei", "html"},
                     "index": {"html"}}
    built = snapshot(small_project)

    assert build(small_project) == {}
    assert snapshot(small_project) == built
    # and no article was even handed to a worker: the check that skips it agrees with what was recorded
    loaded = Project.load(small_project)
    assert [up_to_date(loaded, article, ("tei", "html")) for article in loaded.catalog.articles] == [True, True]

    source = small_project / "articles" / "kp.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n\n新增的一段。\n", encoding="utf-8")
    assert build(small_project) == {"kp": {"read", "transform", "tei", "html"}, "index": {"html"}}
    after_edit = snapshot(small_project)
    changed = {name for name in after_edit if after_edit[name] != built.get(name)}
    assert {"tei/kp.xml", "output/html/kp/index.html", "output/html/index.html"} <= changed
    assert not [name for name in changed if "smalltalk" in name]


def test_a_deleted_or_hand_changed_output_is_rendered_again(small_project: Path) -> None:
    build(small_project, "--jobs", "1")
    page = small_project / "output" / "html" / "smalltalk" / "index.html"
    expected = page.read_bytes()
    page.unlink()
    assert build(small_project) == {"smalltalk": {"html"}}
    assert page.read_bytes() == expected

    index = small_project / "output" / "html" / "index.html"
    index.write_text("edited", encoding="utf-8")
    assert build(small_project) == {"index": {"html"}}
    assert index.read_text(encoding="utf-8") != "edited"


def test_a_project_template_change_renders_again_without_reading(small_project: Path) -> None:
    build(small_project)
    templates = small_project / "templates" / "html"
    templates.mkdir(parents=True)
    shipped = SHIPPED_TEMPLATES / "html" / "edition.css"
    (templates / "edition.css").write_text(shipped.read_text(encoding="utf-8") + "\n/* local */\n",
                                           encoding="utf-8")
    assert build(small_project) == {"smalltalk": {"html"}, "kp": {"html"}, "index": {"html"}}
    assert (small_project / "output" / "html" / "kp" / "edition.css").read_text(encoding="utf-8").endswith(
        "/* local */\n")


def test_a_new_source_date_epoch_dates_the_epub_again(small_project: Path) -> None:
    def modified(article_id: str) -> str:
        with zipfile.ZipFile(small_project / "output" / "epub" / f"{article_id}.epub") as book:
            opf = next(name for name in book.namelist() if name.endswith(".opf"))
            return re.search(r'<meta property="dcterms:modified">([^<]+)<', book.read(opf).decode())[1]

    build(small_project, formats="tei,epub", env={"SOURCE_DATE_EPOCH": ""})
    assert modified("kp") == "2026-01-01T00:00:00Z"
    assert build(small_project, formats="tei,epub", env={"SOURCE_DATE_EPOCH": "86400"}) == {
        "smalltalk": {"epub"}, "kp": {"epub"}}
    assert modified("kp") == "1970-01-02T00:00:00Z"


def test_a_parallel_build_typesets_each_pdf_once_and_a_failing_pdf_spares_the_rest(small_project: Path) -> None:
    """A parallel build queues each article's PDF as a task of its own once its TEI and HTML are
    written, and writes the site meanwhile: every stage still runs once per article, and a PDF
    that fails leaves the HTML and the site written and the previous PDFs as they were."""
    shipped = SHIPPED_TEMPLATES / "typst"
    result = run_edition("build", "--formats", "tei,html,pdf", "--jobs", "2", "--project", str(small_project))
    assert result.returncode == 0, result.stderr
    for article in ARTICLES:
        assert len(re.findall(rf"^\[{article}\] (?:tei|pdf|summary) ", result.stderr, re.M)) == 3
        assert f"[{article}] tei unchanged" not in result.stderr
        assert (small_project / "output" / "pdf" / f"{article}.pdf").read_bytes().startswith(b"%PDF-")

    typst_templates = small_project / "templates" / "typst"
    shutil.copytree(shipped, typst_templates)
    (typst_templates / "book.typ").write_text("{% if %}", encoding="utf-8")
    source = small_project / "articles" / "kp.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n\n新增的一段。\n", encoding="utf-8")
    pdfs = {article: (small_project / "output" / "pdf" / f"{article}.pdf").read_bytes() for article in ARTICLES}
    failed = run_edition("build", "--formats", "tei,html,pdf", "--jobs", "2", "--project", str(small_project))
    assert failed.returncode == 1
    assert failed.stderr.count("typst template: ") == 2, failed.stderr
    assert re.search(r"^\[kp\] html \d", failed.stderr, re.M) and re.search(r"^\[index\] html \d", failed.stderr, re.M)
    assert "新增的一段" in (small_project / "output" / "html" / "kp" / "index.html").read_text(encoding="utf-8")
    assert pdfs == {article: (small_project / "output" / "pdf" / f"{article}.pdf").read_bytes() for article in ARTICLES}
