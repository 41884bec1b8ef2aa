"""Bad input of every kind the project reads: a clear one-line error, and nothing built is lost.

Each case starts from a copy of a built project, breaks one input, runs the command, and checks
the exit status, the message (file, line where there is one, what is wrong), the absence of a
traceback, and that ``tei/``, ``bibliography/`` and ``output/`` are byte-for-byte as before.
Repairable input (a byte-order mark, CRLF) is not an error: it builds, with a warning.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from conftest import run_in_process
from test_cli import snapshot

pytestmark = pytest.mark.slow  # every case starts from a copy of the full build

HANT = "articles/korean-war.zh-hant.txt"
WIKI = "articles/korean-war.wiki.md"
CATALOG = "articles/catalog.toml"
CORRECTIONS = "bibliography/corrections.bib"
ANNOTATIONS = "tei/annotations/korean-war-zh-hant.xml"
LEDGER = "tei/ids/korean-war-zh-hant.json"


@pytest.fixture(scope="session")
def prebuilt(tmp_path_factory, built_project) -> Path:
    """The built default corpus (all formats), as a pristine copy to start each case from."""
    return built_project


@pytest.fixture
def workspace(prebuilt, tmp_path) -> Path:
    target = tmp_path / "p"
    shutil.copytree(prebuilt, target)
    return target


def edit(path: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        file = project / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        file.write_text(text.replace(old, new, count), encoding="utf-8")
    return apply


def write_bytes(path: str, data: bytes) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        (project / path).write_bytes(data)
    return apply


def append_catalog(entry: str) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        with (project / CATALOG).open("a", encoding="utf-8") as handle:
            handle.write("\n" + entry)
    return apply


def tei_file(name: str, content: str) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        (project / name).write_text(content, encoding="utf-8")
    return apply


ARTICLE = '''[[article]]
id = "{id}"
file = "{file}"
format = "plain-text"
lang = "zh-Hant"
title = "t"
source = "https://zh.wikipedia.org/"
licence = "CC BY-SA 4.0"
'''
MINIMAL_TEI = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body>{body}</body></text></TEI>')


@dataclass
class Case:
    name: str
    setup: Callable[[Path], None]
    args: tuple[str, ...]
    fragments: tuple[str, ...]
    status: int = 2


CASES = [
    # sources
    Case("invalid UTF-8", write_bytes(HANT, "第一行\n第二行".encode() + b"\xff\n"), ("build",),
         ("korean-war.zh-hant.txt:2:", "invalid UTF-8")),
    Case("empty source", write_bytes(HANT, b""), ("build",), ("korean-war.zh-hant.txt", "empty source")),
    Case("whitespace-only source", write_bytes(HANT, b"\n \n\t\n"), ("build",), ("empty source",)),
    Case("binary source", write_bytes(HANT, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ("build",),
         ("korean-war.zh-hant.txt:3:", "binary file")),
    Case("missing source", lambda p: (p / HANT).unlink(), ("build",),
         ("korean-war.zh-hant.txt", "source file not found")),
    Case("source is a directory", lambda p: ((p / HANT).unlink(), (p / HANT).mkdir()), ("build",),
         ("korean-war.zh-hant.txt", "directory")),
    # catalog
    Case("catalog syntax error", edit(CATALOG, 'id = "korean-war"', 'id = "korean-war'), ("build",),
         ("catalog.toml:", "TOML syntax error")),
    Case("catalog missing field", edit(CATALOG, 'title = "韓戰"\n', ""), ("build",),
         ("catalog.toml:", "missing field 'title'")),
    Case("catalog duplicate id", append_catalog(ARTICLE.format(id="korean-war", file="korean-war.zh-hant.txt")),
         ("build",), ("catalog.toml:", "duplicate article id 'korean-war'")),
    Case("catalog path outside the project", append_catalog(ARTICLE.format(id="escape", file="../../etc/passwd")),
         ("build",), ("catalog.toml:", "outside the articles/ folder")),
    Case("catalog absolute path", append_catalog(ARTICLE.format(id="escape", file="/etc/passwd")),
         ("build",), ("catalog.toml:", "outside the articles/ folder")),
    Case("catalog unknown format", edit(CATALOG, '"plain-text"', '"docx"'), ("build",), ("unknown format 'docx'",)),
    Case("catalog unknown language", edit(CATALOG, 'lang = "zh-Hant"', 'lang = "ko"'), ("build",),
         ("unknown lang 'ko'",)),
    Case("catalog bad id", edit(CATALOG, 'id = "korean-war-zh-hant"', 'id = "Korean War"'), ("build",),
         ("article id 'Korean War'",)),
    Case("catalog without [edition]", edit(CATALOG, "[edition]", "[editions]"), ("build",),
         ("missing [edition] table",)),
    Case("catalog missing", lambda p: (p / CATALOG).unlink(), ("build",), ("catalog.toml", "catalog not found")),
    # scholars' annotation files (every error names the file and the line; nothing is written)
    Case("annotation: not well-formed", edit(ANNOTATIONS, "</listAnnotation>", "</listAnnotaton>"), ("build",),
         ("korean-war-zh-hant.xml:", "not well-formed XML"), status=1),
    Case("annotation: unknown target ID", edit(ANNOTATIONS, 'target="#p-2waknz"', 'target="#p-zzzzzz"'), ("build",),
         ("korean-war-zh-hant.xml:", "p-zzzzzz"), status=1),
    Case("annotation: phrase not found", edit(ANNOTATIONS, "'約為300萬'", "'約為900萬'"), ("build",),
         ("korean-war-zh-hant.xml:", "約為900萬"), status=1),
    Case("annotation: duplicate annotation ID", edit(ANNOTATIONS, 'xml:id="kwh-air-losses-other-version"',
                                                     'xml:id="kwh-air-losses"'), ("build",),
         ("korean-war-zh-hant.xml:", "kwh-air-losses"), status=1),
    Case("annotation: schema-invalid", edit(ANNOTATIONS, 'motivation="assessing"', 'motivation="praising"'),
         ("build",), ("korean-war-zh-hant.xml:", "not valid against pipeline/schemas/annotations.rng"), status=1),
    Case("annotation: external entity (XXE)",
         edit(ANNOTATIONS, '<TEI xmlns', '<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<TEI xmlns'),
         ("build",), ("korean-war-zh-hant.xml", "entity declaration"), status=1),
    Case("annotation: entity expansion bomb",
         edit(ANNOTATIONS, '<TEI xmlns', '<!DOCTYPE TEI [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
                                         '<!ENTITY c "&b;&b;&b;&b;&b;&b;">]>\n<TEI xmlns'),
         ("build",), ("korean-war-zh-hant.xml", "entity declaration"), status=1),
    # the ID ledger
    Case("ledger: not JSON", write_bytes(LEDGER, b'{"ids": [1, 2,'), ("build",),
         ("korean-war-zh-hant.json", "the ID ledger is not valid JSON"), status=1),
    Case("ledger: hand-broken entry", edit(LEDGER, '"status": "live"', '"status": "alive"'), ("build",),
         ("korean-war-zh-hant.json:", "alive"), status=1),
    # command line
    Case("unknown article id", lambda p: None, ("build", "nope"), ("unknown article id: nope",)),
    Case("unknown output format", lambda p: None, ("build", "--formats", "docx"), ("unknown format: docx",)),
    # hand-supplied TEI for `edition render`
    Case("render: not well-formed", tei_file("in.xml", "<TEI>\n<text>\n</TEI>"),
         ("render", "in.xml", "--to", "html", "-o", "out"), ("in.xml:3:", "not well-formed XML"), status=1),
    Case("render: not TEI", tei_file("in.xml", "<html/>"), ("render", "in.xml", "--to", "html", "-o", "out"),
         ("in.xml:1:", "not a TEI document"), status=1),
    Case("render: no body", tei_file("in.xml", '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/></TEI>'),
         ("render", "in.xml", "--to", "html", "-o", "out"), ("no <text>/<body>",), status=1),
    Case("render: duplicate xml:id",
         tei_file("in.xml", MINIMAL_TEI.format(body='<p xml:id="p-a">一</p>\n<p xml:id="p-a">二</p>')),
         ("render", "in.xml", "--to", "html", "-o", "out"), ("in.xml:2:", "duplicate xml:id 'p-a'"), status=1),
    Case("render: external entity (XXE)",
         tei_file("in.xml", '<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                            + MINIMAL_TEI.format(body="<p>&x;</p>")),
         ("render", "in.xml", "--to", "html", "-o", "out"), ("in.xml", "entity declarations are not accepted"),
         status=1),
    Case("render: entity expansion bomb",
         tei_file("in.xml", '<!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
                            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>\n' + MINIMAL_TEI.format(body="<p>&c;</p>")),
         ("render", "in.xml", "--to", "html", "-o", "out"), ("in.xml",), status=1),
    Case("render: missing file", lambda p: None, ("render", "missing.xml", "--to", "html", "-o", "out"),
         ("missing.xml", "cannot read"), status=2),
    Case("render: unknown target format", tei_file("in.xml", MINIMAL_TEI.format(body="<p>一</p>")),
         ("render", "in.xml", "--to", "docx", "-o", "out"), ("unknown format: docx",)),
    # bibliography/corrections.bib (status 1: read, but invalid); nothing is built from a broken file
    Case("corrections: malformed entry",
         write_bytes(CORRECTIONS, "% fixes\n@book{futrelunited,\n  author = {Futrell, Robert F.\n".encode()), ("build",),
         ("corrections.bib:2:", "malformed BibTeX entry"), status=1),
    Case("corrections: unknown field syntax",
         write_bytes(CORRECTIONS, "@book{futrelunited,\n  author: {Futrell, Robert F.}\n}\n".encode()), ("build",),
         ("corrections.bib:1:", "malformed BibTeX entry", "Expected a `=`"), status=1),
    Case("corrections: bare value",
         write_bytes(CORRECTIONS, "@book{futrelunited,\n  author = Futrell\n}\n".encode()), ("build",),
         ("corrections.bib:2:", "'author' in 'futrelunited' is neither in braces nor in quotes"), status=1),
    Case("corrections: duplicate key",
         write_bytes(CORRECTIONS, "@book{futrelunited, author = {A}}\n\n@book{futrelunited, author = {B}}\n".encode()),
         ("build",), ("corrections.bib:3:", "duplicate entry key 'futrelunited'"), status=1),
    Case("corrections: field set twice",
         write_bytes(CORRECTIONS, "@book{futrelunited,\n  year = {1983},\n  year = {2000}\n}\n".encode()), ("build",),
         ("corrections.bib:1:", "entry 'futrelunited' sets year twice"), status=1),
    Case("corrections: not UTF-8", write_bytes(CORRECTIONS, "@book{a, title = {".encode() + b"\xff}}\n"), ("build",),
         ("corrections.bib:1:", "not UTF-8"), status=1),
    # convert
    Case("convert: unknown extension", tei_file("a.docx", "文本"), ("convert", "a.docx", "-o", "a.xml"),
         ("a.docx", "--format")),
    Case("convert: unknown --format", tei_file("a.txt", "文本"),
         ("convert", "a.txt", "--format", "rtf", "-o", "a.xml"), ("a.txt", "unknown format 'rtf'")),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_reported_and_loses_nothing(workspace, case):
    case.setup(workspace)
    before = snapshot(workspace)  # after the broken input is in place: the command must change nothing
    args = [*case.args, "--project", str(workspace)]
    result = run_in_process(*args, cwd=workspace)
    assert result.returncode == case.status, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("edition: error:")]
    assert errors, result.stderr
    assert all(fragment in errors[0] for fragment in case.fragments), errors
    assert snapshot(workspace) == before


@pytest.mark.parametrize("prefix, crlf", [(b"\xef\xbb\xbf", False), (b"", True)], ids=["BOM", "CRLF"])
def test_repairable_source_builds_with_a_warning(workspace, prefix, crlf):
    source = workspace / HANT
    data = source.read_bytes()
    expected_tei = (workspace / "tei" / "korean-war-zh-hant.xml").read_bytes()
    source.write_bytes(prefix + (data.replace(b"\n", b"\r\n") if crlf else data))
    result = run_in_process("build", "korean-war-zh-hant", "--formats", "tei", "--project", str(workspace))
    assert result.returncode == 0, result.stderr
    warning = "byte-order mark removed" if prefix else "CRLF/CR line ends normalised to LF"
    assert f"korean-war.zh-hant.txt:1: warning: {warning}" in result.stderr
    assert (workspace / "tei" / "korean-war-zh-hant.xml").read_bytes() == expected_tei
