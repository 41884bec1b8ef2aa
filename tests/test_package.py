"""The package stands on its own: its wheel, installed into a fresh environment, builds a project
that has no templates of its own, from a folder unrelated to the repository, and validates TEI.

The templates and schemas are package data (``pipeline/templates/``, ``pipeline/schemas/``); this
test would fail if the code reached outside the installed package for them. The fresh venv gets
the already-installed dependencies through a ``.pth`` file naming this environment's
site-packages, and the wheel is built with this environment's setuptools (a test extra), so
nothing is downloaded.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from conftest import DEV_ARTICLES, REPO

CATALOG = """[edition]
title = "Smalltalk"
publisher = "tests"
base_url = "https://example.org"
licence = "CC BY-SA 4.0"
date = "2026-01-01"

[[article]]
id = "smalltalk"
file = "smalltalk.md"
format = "wiki-markdown"
lang = "zh-Hans"
title = "Smalltalk"
source = "https://zh.wikipedia.org/wiki/Smalltalk"
licence = "CC BY-SA 4.0"
"""


def clean_env() -> dict[str, str]:
    """This process's environment without anything that would put the repository on the path."""
    return {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}


def run(*command: str | Path, cwd: Path) -> str:
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=clean_env(),
                            capture_output=True, text=True)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def build_wheel(tmp_path: Path) -> Path:
    """The wheel, built from a copy of the sources (setuptools leaves ``build/`` in the tree it
    builds from, and would put a stale file found there into the wheel)."""
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copyfile(REPO / "pyproject.toml", sources / "pyproject.toml")
    shutil.copytree(REPO / "pipeline", sources / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet", "-w", tmp_path / "wheel",
        sources, cwd=tmp_path)
    (wheel,) = (tmp_path / "wheel").glob("edition_pipeline-*.whl")
    return wheel


def fresh_venv(tmp_path: Path, wheel: Path) -> Path:
    """A new venv holding the wheel, whose other imports resolve to this environment's site-packages."""
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", "--no-index", wheel,
        cwd=tmp_path)
    site_packages = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                             cwd=tmp_path).strip())
    # A path named in a .pth file is appended after the venv's own site-packages, and the .pth
    # files inside it (this repository's editable install among them) are not run.
    (site_packages / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return venv


@pytest.mark.slow
def test_the_installed_wheel_builds_a_project_without_templates(tmp_path: Path) -> None:
    venv = fresh_venv(tmp_path, build_wheel(tmp_path))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    imported = Path(run(venv / "bin" / "python", "-c", "import pipeline; print(pipeline.__file__)", cwd=elsewhere).strip())
    assert imported.is_relative_to(venv), imported

    project = tmp_path / "project"
    (project / "articles").mkdir(parents=True)
    (project / "articles" / "catalog.toml").write_text(CATALOG, encoding="utf-8")
    shutil.copyfile(DEV_ARTICLES / "Smalltalk.md", project / "articles" / "smalltalk.md")

    run(venv / "bin" / "edition", "build", "--formats", "tei,html,epub,pdf", "--project", project, cwd=elsewhere)

    assert not (project / "templates").exists()
    for built in ("tei/smalltalk.xml", "bibliography/smalltalk.bib", "output/html/index.html",
                  "output/html/search.html", "output/html/smalltalk/index.html",
                  "output/html/smalltalk/index.zh-Hant.html", "output/html/smalltalk/edition.css",
                  "output/epub/smalltalk.epub", "output/pdf/smalltalk.pdf"):
        assert (project / built).is_file(), built
    assert (project / "output" / "pdf" / "smalltalk.pdf").read_bytes().startswith(b"%PDF-")
    # The shipped tei_all, through jing: a TEI file that breaks it is reported.
    run(venv / "bin" / "edition", "validate", "--project", project, cwd=elsewhere)
    broken = project / "tei" / "broken.xml"
    broken.write_text((project / "tei" / "smalltalk.xml").read_text(encoding="utf-8").replace(
        "<teiHeader>", "<teiHeader><nonsense/>", 1), encoding="utf-8")
    result = subprocess.run([venv / "bin" / "edition", "validate", broken], cwd=elsewhere, env=clean_env(),
                            capture_output=True, text=True)
    assert result.returncode == 1 and f"{broken}:" in result.stderr and "nonsense" in result.stderr, result.stderr
    assert list(elsewhere.iterdir()) == []
