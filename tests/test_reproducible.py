"""Reproducible and interruption-safe builds.

The same inputs give byte-identical TEI, BibTeX, HTML, EPUB and PDF whatever the folder and the
hash seed (the EPUB and PDF are dated from the catalog, or from SOURCE_DATE_EPOCH when it is set:
test_epub and test_pdf check that); a build killed at any point leaves every file either as it
was or as the finished build writes it, never half-written.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BUILT_ENV, REPO, copy_project, run_edition
from test_cli import snapshot

pytestmark = pytest.mark.slow  # full builds, in processes of their own


def test_builds_in_different_folders_and_hash_seeds_are_identical(built_project, tmp_path):
    """The session's build (hash seed 1) against one in another folder under hash seed 4242; the
    PDF and EPUB dates come from the catalog (test_pdf and test_epub check SOURCE_DATE_EPOCH)."""
    other = copy_project(tmp_path / "elsewhere" / "two")
    other_seed = "4242"
    result = run_edition("build", "--project", str(other), env={"PYTHONHASHSEED": other_seed})
    assert result.returncode == 0, result.stderr
    assert BUILT_ENV["PYTHONHASHSEED"] != other_seed
    one, two = snapshot(built_project), snapshot(other)
    assert sorted(one) == sorted(two)
    differing = [name for name in one if one[name] != two[name]]
    assert differing == []
    assert any(name.endswith(".pdf") for name in one) and any(name.endswith(".epub") for name in one)


def _hashes(project: Path) -> dict[str, str]:
    return {name: digest for name, digest in snapshot(project).items()}


def test_a_killed_build_leaves_old_or_new_files_never_half_written(tmp_path):
    project = copy_project(tmp_path / "p")
    assert run_edition("build", "--formats", "tei,html,epub", "--project", str(project)).returncode == 0
    old = _hashes(project)
    for source in ("korean-war.wiki.md", "korean-war.zh-hant.txt"):
        path = project / "articles" / source
        path.write_text(path.read_text(encoding="utf-8") + "\n\n修订后新增的一段。\n", encoding="utf-8")
    reference = copy_project(tmp_path / "reference", articles=False)
    (reference / "articles").mkdir(exist_ok=True)
    for file in (project / "articles").iterdir():
        (reference / "articles" / file.name).write_bytes(file.read_bytes())
    for name, data in ((n, (project / n).read_bytes()) for n in old if n.startswith("tei/ids/")):
        (reference / name).parent.mkdir(parents=True, exist_ok=True)
        (reference / name).write_bytes(data)
    assert run_edition("build", "--formats", "tei,html,epub", "--project", str(reference)).returncode == 0
    new = _hashes(reference)

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "build", "--formats", "tei,html,epub",
                                "--jobs", "1", "--project", str(project)],
                               stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    for line in process.stderr:
        if "] tei " in line:  # the first TEI has been written; the rest of the build is under way
            break
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    after = _hashes(project)
    for name, digest in after.items():
        if name.startswith("tei/ids/") or "/." in name:
            continue
        assert digest in (old.get(name), new.get(name)), f"{name} is neither the old nor the new version"
    resumed = run_edition("build", "--formats", "tei,html,epub", "--project", str(project))
    assert resumed.returncode == 0, resumed.stderr
    assert {n: d for n, d in _hashes(project).items() if not n.startswith("tei/ids/")} == \
        {n: d for n, d in new.items() if not n.startswith("tei/ids/")}
    assert list(project.rglob(".*.tmp")) == []
