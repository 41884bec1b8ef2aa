"""Stable IDs through the whole build: the ledger, `edition resolve`, `edition cite`, and old
links after a revision."""
from __future__ import annotations

import json
import re

import lxml.html
import pytest
from lxml import etree

from conftest import run_in_process

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def paragraph_ids(project, article):
    root = etree.parse(str(project / "tei" / f"{article}.xml")).getroot()
    return [(p.get(XML_ID), "".join(p.itertext())) for p in root.iter(f"{TEI}p") if p.get(XML_ID)]


@pytest.mark.slow
def test_every_paragraph_has_a_ledger_id_and_the_ledger_is_committed_beside_the_tei(built_project):
    for article in ("korean-war", "korean-war-zh-hant"):
        ids = paragraph_ids(built_project, article)
        assert ids and all(re.fullmatch(r"p-[0-9a-hjkmnp-tv-z]{6}", i) for i, _ in ids)
        ledger = json.loads((built_project / "tei" / "ids" / f"{article}.json").read_text(encoding="utf-8"))
        live = {block_id for block_id, entry in ledger["ids"].items() if entry["status"] == "live"}
        assert {i for i, _ in ids} <= live


@pytest.mark.slow
def test_resolve_and_cite_a_live_paragraph(built_project):
    block_id, text = paragraph_ids(built_project, "korean-war-zh-hant")[3]
    resolved = run_in_process("resolve", f"korean-war-zh-hant#{block_id}", "--project", str(built_project))
    assert resolved.returncode == 0, resolved.stderr
    assert resolved.stdout.splitlines()[0] == f"korean-war-zh-hant#{block_id}: live"
    assert text[:20] in resolved.stdout
    cited = run_in_process("cite", f"korean-war-zh-hant#{block_id}", "--project", str(built_project))
    assert cited.returncode == 0, cited.stderr
    assert f"https://edition.example.org/korean-war-zh-hant/#{block_id}" in cited.stdout
    assert cited.stdout.startswith(f"維基百科編者. 韓戰[EB/OL]. 第 {block_id} 段. 維基百科. ")
    script = (built_project / "output" / "html" / "korean-war-zh-hant" / "citations.js").read_text(encoding="utf-8")
    offered = json.loads(script.removeprefix("window.editionCitations = ").removesuffix(";\n"))
    assert cited.stdout == offered[block_id]["text"] + "\n"  # the page's "cite" action says the same
    csl = run_in_process("cite", f"korean-war-zh-hant#{block_id}", "--format", "csl-json", "--project",
                      str(built_project))
    assert json.loads(csl.stdout)[0]["URL"].endswith(f"#{block_id}")


@pytest.mark.slow
def test_an_id_that_never_existed_is_an_error(built_project):
    result = run_in_process("resolve", "korean-war#p-zzzzzz", "--project", str(built_project))
    assert result.returncode == 1
    assert "p-zzzzzz: no such ID in this article" in result.stderr and "Traceback" not in result.stderr
    bad = run_in_process("resolve", "korean-war", "--project", str(built_project))
    assert bad.returncode == 2 and "expected ARTICLE#ID" in bad.stderr


def test_a_deleted_paragraph_retires_and_old_links_land_on_its_successor(project):
    assert run_in_process("build", "korean-war-zh-hant", "--formats", "tei", "--project", str(project)).returncode == 0
    before = dict(paragraph_ids(project, "korean-war-zh-hant"))
    source = project / "articles" / "korean-war.zh-hant.txt"
    lines = source.read_text(encoding="utf-8").split("\n")
    victim = next(i for i, line in enumerate(lines) if line.startswith("韓戰也深深影響了中國的地緣政治局勢"))
    del lines[victim]
    source.write_text("\n".join(lines), encoding="utf-8")
    result = run_in_process("build", "korean-war-zh-hant", "--formats", "tei,html", "--project", str(project))
    assert result.returncode == 0, result.stderr
    after = dict(paragraph_ids(project, "korean-war-zh-hant"))
    gone = [i for i in before if i not in after]
    assert len(gone) == 1 and before[gone[0]].startswith("韓戰也深深影響了中國的地緣政治局勢")
    assert set(after) == set(before) - set(gone)  # every other paragraph kept its ID, none is new
    resolved = run_in_process("resolve", f"korean-war-zh-hant#{gone[0]}", "--project", str(project))
    assert resolved.returncode == 0 and "retired in build" in resolved.stdout
    successor = re.search(r"^  successors: (p-\w{6}) \(live\)$", resolved.stdout, re.M)[1]
    assert successor in after
    page = lxml.html.parse(str(project / "output" / "html" / "korean-war-zh-hant" / "index.html")).getroot()
    assert page.get_element_by_id(gone[0]).getparent().get("id") == successor


def test_check_reports_stale_committed_files_and_writes_nothing(project):
    (project / "tei" / "korean-war.xml").unlink(missing_ok=True)
    result = run_in_process("build", "--check", "--project", str(project))
    assert result.returncode == 1
    assert "tei/korean-war.xml: missing: run 'edition build korean-war' and commit the result" in result.stderr
    assert not (project / "tei" / "korean-war.xml").exists()
    assert run_in_process("build", "--formats", "tei", "--project", str(project)).returncode == 0
    assert run_in_process("build", "--check", "--project", str(project)).returncode == 0
    source = project / "articles" / "korean-war.zh-hant.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\n新的一段。\n", encoding="utf-8")
    stale = run_in_process("build", "--check", "--project", str(project))
    assert stale.returncode == 1 and "tei/korean-war-zh-hant.xml: stale" in stale.stderr
