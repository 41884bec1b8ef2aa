"""The hand-edit guard: a generated file changed by hand stops the build unless ``--force``."""
from __future__ import annotations

import json

import pytest

from conftest import run_edition
from pipeline.errors import EditionError
from pipeline.guard import Guard, digest

ARTICLE = "korean-war-zh-hant"


def build(project, *extra):
    return run_edition("build", ARTICLE, "--formats", "tei", "--project", str(project), *extra)


@pytest.fixture
def built(project):
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project


def test_the_build_records_what_it_wrote(built):
    tei = built / "tei" / f"{ARTICLE}.xml"
    record = json.loads((built / "tei" / ".written.json").read_text(encoding="utf-8"))
    assert record["format"] == "edition-written-files/1"
    assert record["files"][f"tei/{ARTICLE}.xml"] == digest(tei.read_bytes())
    assert list(record["files"]) == sorted(record["files"])


def test_a_hand_edited_edition_stops_the_build_and_survives(built):
    tei = built / "tei" / f"{ARTICLE}.xml"
    edited = tei.read_bytes().replace("韓戰".encode(), "朝鮮戰爭".encode(), 1)
    tei.write_bytes(edited)
    result = build(built)
    assert result.returncode == 1
    assert (f"edition: error: tei/{ARTICLE}.xml: changed since the build wrote it; the build would overwrite it "
            f"and stopped.") in result.stderr
    assert f"put annotations in tei/annotations/{ARTICLE}.xml" in result.stderr
    assert "'edition build --force'" in result.stderr
    assert tei.read_bytes() == edited
    assert "[korean-war-zh-hant] read" not in result.stderr  # stopped before doing any work


def test_force_overwrites_and_the_next_build_is_quiet(built):
    tei = built / "tei" / f"{ARTICLE}.xml"
    original = tei.read_bytes()
    tei.write_bytes(original.replace(b"</TEI>", b"<!-- mine --></TEI>"))
    assert build(built, "--force").returncode == 0
    assert tei.read_bytes() == original
    assert build(built).returncode == 0


def test_a_deleted_edition_is_simply_rebuilt(built):
    tei = built / "tei" / f"{ARTICLE}.xml"
    original = tei.read_bytes()
    tei.unlink()
    assert build(built).returncode == 0
    assert tei.read_bytes() == original


def test_every_changed_file_is_named_at_once(tmp_path):
    first, second = tmp_path / "tei" / "a.xml", tmp_path / "bibliography" / "a.bib"
    for path in (first, second):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("generated", encoding="utf-8")
    Guard(tmp_path).record([first, second])
    first.write_text("edited", encoding="utf-8")
    second.write_text("edited", encoding="utf-8")
    guard = Guard(tmp_path)
    assert guard.changed([first, second]) == [first, second]
    with pytest.raises(EditionError) as caught:
        guard.check([first, second])
    assert caught.value.status == 1
    assert [p.file for p in caught.value.problems] == ["tei/a.xml", "bibliography/a.bib"]
    assert "tei/annotations/a.xml" in caught.value.problems[0].message
    assert "bibliography/corrections.bib" in caught.value.problems[1].message
    guard.check([first, second], force=True)


def test_files_the_record_does_not_know_are_taken_as_they_are(tmp_path):
    path = tmp_path / "tei" / "a.xml"
    path.parent.mkdir(parents=True)
    path.write_text("made before the guard existed", encoding="utf-8")
    assert Guard(tmp_path).changed([path]) == []


@pytest.mark.parametrize("content", ["{not json", '{"format": "other", "files": {}}', '{"format": "edition-written-files/1", "files": {"a": 1}}'])
def test_a_broken_record_is_reported_not_trusted(tmp_path, content):
    (tmp_path / "tei").mkdir()
    (tmp_path / "tei" / ".written.json").write_text(content, encoding="utf-8")
    with pytest.raises(EditionError) as caught:
        Guard(tmp_path)
    assert caught.value.status == 1 and caught.value.problems[0].file.endswith(".written.json")
