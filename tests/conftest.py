"""Shared fixtures: the repository's paths, throw-away project copies and a built edition.

The full build of the default corpus is expensive (two PDFs), so it runs once per test
session into a temporary project and every test that only reads its outputs shares it.

The suite runs many short-lived processes, so two settings keep them cheap: every ``edition``
command runs from compiled bytecode kept in a cache outside the tree (a shell with
PYTHONDONTWRITEBYTECODE set would otherwise have each one compile the whole package first), and
every Java tool (jing, epubcheck) runs with :data:`pipeline.tei.SHORT_JVM_OPTIONS`. Most tests
of the command need no process of their own at all: :func:`run_in_process` calls its ``main`` in
the test's process and answers like :func:`run_edition`, without the interpreter's start-up.
"""
from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline import cli
from pipeline.serve import make_server
from pipeline.tei import TEI_ALL, short_jvm_env

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
DEV_ARTICLES = DATA / "dev-articles"
SCHEMA = TEI_ALL
PYCACHE = Path(tempfile.gettempdir()) / f"edition-tests-pycache-{os.getuid()}"
#: The environment of the shared build: a fixed hash seed, so that a test of reproducibility can
#: compare its own build, under another seed, against this one.
BUILT_ENV = {"PYTHONHASHSEED": "1"}

os.environ["JAVA_TOOL_OPTIONS"] = short_jvm_env()["JAVA_TOOL_OPTIONS"]


def run_edition(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the ``edition`` command as a user would, in a subprocess."""
    environment = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
                   "PYTHONPATH": str(REPO), "PYTHONPYCACHEPREFIX": str(PYCACHE), **(env or {})}
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd or REPO, env=environment,
                          capture_output=True, text=True)


def run_in_process(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the ``edition`` command's ``main`` in this process, from ``cwd`` (default: the
    repository, as :func:`run_edition`), and answer as :func:`run_edition` does: exit status,
    stdout and stderr (with the lines the workers of a parallel build print).

    For tests where the process boundary adds nothing. What needs a real process stays with
    :func:`run_edition`: an environment of its own (SOURCE_DATE_EPOCH, PYTHONHASHSEED), a signal,
    several processes at once. An exception escaping ``main`` is not turned into a status: it
    fails the test with its traceback, as a traceback on the command's stderr would.
    """
    stdout = io.StringIO()
    with tempfile.TemporaryFile("w+", buffering=1, encoding="utf-8") as stderr:
        with contextlib.chdir(cwd or REPO), _stderr_fd_to(stderr), contextlib.redirect_stdout(stdout), \
                contextlib.redirect_stderr(stderr):
            try:
                status = cli.main(list(args))
            except SystemExit as exit:  # argparse's usage errors
                status = exit.code
        stderr.seek(0)
        return subprocess.CompletedProcess(["edition", *args], status, stdout.getvalue(), stderr.read())


@contextlib.contextmanager
def _stderr_fd_to(file) -> Iterator[None]:
    """File descriptor 2 pointed at ``file`` for a while: the spawned workers of a parallel build
    log to it, not to ``sys.stderr``. The two share one file offset, so lines stay in order."""
    saved = os.dup(2)
    os.dup2(file.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def render_with_project_file(tmp_path: Path, tei: Path, fmt: str, relative: str,
                             text: str) -> tuple[subprocess.CompletedProcess, Path]:
    """``edition render`` of ``tei`` to ``fmt`` in a project whose file ``relative`` (a template,
    say) holds ``text``; the result and that file's path."""
    path = tmp_path / "project" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    result = run_in_process("render", str(tei), "--to", fmt, "-o", str(tmp_path / "out"),
                            "--project", str(tmp_path / "project"))
    return result, path


def copy_project(target: Path, articles: bool = True) -> Path:
    """A copy of the repository's edition project (catalog, sources, committed TEI state)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("articles", "tei", "bibliography"):
        source = REPO / name
        if source.exists() and (articles or name != "articles"):
            shutil.copytree(source, target / name, dirs_exist_ok=True)
    return target


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """The default corpus built into every format in a temporary project (with :data:`BUILT_ENV`)."""
    project = copy_project(tmp_path_factory.mktemp("built"))
    result = run_edition("build", "--project", str(project), env=BUILT_ENV)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture
def project(tmp_path) -> Path:
    """A fresh copy of the project for a test that changes inputs."""
    return copy_project(tmp_path / "project")


def jing(path: Path) -> subprocess.CompletedProcess:
    """Validate ``path`` against TEI P5 tei_all."""
    return subprocess.run(["jing", str(SCHEMA), str(path)], capture_output=True, text=True)


def write_files(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write a writer's files into ``folder`` (as the build does); return their paths."""
    paths = []
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        paths.append(path)
    return paths


@pytest.fixture(scope="session")
def html_site(tmp_path_factory) -> Path:
    """``output/html`` of the default corpus built to TEI and HTML by the CLI, with the hand-made
    ``tests/data/html/annotated.xml`` (article ``demo``) rendered into the same site."""
    from dataclasses import asdict

    from pipeline.project import Project
    from pipeline.tei import load_tei
    from pipeline.writers.base import WriterOptions
    from pipeline.writers.html import HtmlWriter
    from pipeline.writers.model import build_document
    from pipeline.render import write_search_index
    from pipeline.writers.templating import environment

    project = copy_project(tmp_path_factory.mktemp("html-site"))
    result = run_in_process("build", "--formats", "tei,html", "--project", str(project))
    assert result.returncode == 0, result.stderr
    html = project / "output" / "html"
    catalog = Project.load(project).catalog
    options = WriterOptions(edition=asdict(catalog.edition), in_site=True, downloads={"EPUB": "../../epub/demo.epub"})
    write_files(html / "demo", HtmlWriter().write(build_document(load_tei(DATA / "html" / "annotated.xml")), options))
    write_search_index(html, [article.id for article in catalog.articles] + ["demo"], environment(None, "html"))
    return html


#: Dev articles whose structures the seeds lack: display and inline math with a table and
#: figures; code blocks; many figures, lists and a table.
BOOK_DEV_ARTICLES = {"kp-equation": "(2+1)维_KP方程.md", "bubble-sort": "冒泡排序.md", "pingxi": "平溪區.md"}


@pytest.fixture(scope="session")
def dev_tei(tmp_path_factory) -> dict[str, Path]:
    """A few dev articles converted to TEI by the CLI (id → TEI file), for the book writers' tests."""
    out = tmp_path_factory.mktemp("dev-tei")
    converted = {}
    for article_id, name in BOOK_DEV_ARTICLES.items():
        target = out / f"{article_id}.xml"
        result = run_in_process("convert", str(DEV_ARTICLES / name), "-o", str(target))
        assert result.returncode == 0, result.stderr
        converted[article_id] = target
    return converted


def note_words(note) -> str:
    """The text of a TEI end note as the editions print it: without what the citations stage
    copied into its ``<bibl corresp>`` (the locator, already among the note's own words)."""
    return "".join(note.xpath(".//text()[not(ancestor::tei:bibl[@corresp])]",
                              namespaces={"tei": "http://www.tei-c.org/ns/1.0"}))


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """``edition serve`` of ``folder`` on a free port of 127.0.0.1 while the block runs: its base URL."""
    httpd = make_server(folder, 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def fetch(url: str) -> tuple[int, bytes]:
    """The status and body of a GET."""
    with urllib.request.urlopen(url) as response:
        return response.status, response.read()
