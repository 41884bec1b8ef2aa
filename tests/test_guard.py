"""The hand-edit guard: a generated file changed by hand stops the build unless ``--force``."""
from __future__ import annotations

import hashlib

import pytest

from conftest import run_in_process
from pipeline.errors import EditionError
from pipeline.guard import check, is_hand_edited, seal

ARTICLE = "korean-war-zh-hant"


def build(project, *extra):
    return run_in_process("build", ARTICLE, "--formats", "tei", "--project", str(project), *extra)


@pytest.fixture
def built(project):
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project


def test_the_build_seals_what_it_wrote(built):
    tei = (built / "tei" / f"{ARTICLE}.xml").read_bytes()
    body, _, seal_line = tei.rstrip(b"\n").rpartition(b"\n")
    checksum = hashlib.sha256(body + b"\n").hexdigest()
    assert seal_line == f"<!-- edition-pipeline sha256:{checksum} -->".encode()
    assert not is_hand_edited(built / "tei" / f"{ARTICLE}.xml")


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
        path.write_bytes(seal(path, b"generated\n"))
    assert first.read_bytes().endswith(b" -->\n") and second.read_bytes().startswith(b"generated\n% edition-pipeline")
    check(tmp_path, [first, second])
    for path in (first, second):
        path.write_bytes(path.read_bytes().replace(b"generated", b"edited"))
    with pytest.raises(EditionError) as caught:
        check(tmp_path, [first, second])
    assert caught.value.status == 1
    assert [p.file for p in caught.value.problems] == ["tei/a.xml", "bibliography/a.bib"]
    assert "tei/annotations/a.xml" in caught.value.problems[0].message
    assert "bibliography/corrections.bib" in caught.value.problems[1].message
    check(tmp_path, [first, second], force=True)


def test_a_file_without_a_seal_counts_as_hand_edited_and_a_missing_one_is_simply_written(tmp_path):
    path = tmp_path / "tei" / "a.xml"
    path.parent.mkdir(parents=True)
    path.write_text("made before the guard existed, or its seal line deleted", encoding="utf-8")
    assert is_hand_edited(path)
    assert not is_hand_edited(tmp_path / "tei" / "missing.xml")
