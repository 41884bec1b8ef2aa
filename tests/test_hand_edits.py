"""Hand edits the build must notice (issue 15, cases 2, 7, 8 and the TeX of 14).

A generated file changed by hand, however its line ends or last bytes look, stops the build
(the guard seals content, not the file's last bytes); a correction that would not survive in the
``.bib`` is refused at its line; a correction's TeX reaches the TEI as Unicode; a ledger edited
by hand (or broken so that JSON itself chokes) is refused at its line. Each refusal is one line
``file:line: what``, exit status 1, and leaves every file of the project as it was.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_in_process
from pipeline.citations.bibtex import Correction, bibtex_text, correct_record, parse_corrections
from pipeline.citations.parser import parse_citation
from pipeline.citations.works import group_works
from pipeline.errors import EditionError
from pipeline.guard import is_hand_edited, seal
from pipeline.ids.ledger import parse_ledger

ARTICLE = "korean-war-zh-hant"
TEI = f"tei/{ARTICLE}.xml"
GUARD_MESSAGE = ("changed since the build wrote it; the build would overwrite it and stopped. Generated files "
                 "are rewritten on every build: put annotations in {annotations} (README, 'Writing an "
                 "annotation') and corrections to the bibliography in bibliography/corrections.bib; to "
                 "discard the changes and rebuild, run 'edition build --force'")


def build(project: Path, article: str = ARTICLE, *extra: str):
    return run_in_process("build", article, "--formats", "tei", "--project", str(project), *extra)


def snapshot(project: Path) -> dict[str, bytes]:
    """Every file of the project, by path, but the build's scratch folder ``.cache/`` (its lock
    file names the process that last held it)."""
    return {path.relative_to(project).as_posix(): path.read_bytes() for path in sorted(project.rglob("*"))
            if path.is_file() and path.relative_to(project).parts[0] != ".cache"}


def refused(project: Path, article: str = ARTICLE) -> str:
    """The one line of a build that must stop (status 1) and change nothing; that line."""
    before = snapshot(project)
    result = build(project, article)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert snapshot(project) == before
    return lines[0]


# -- case 2: the guard seals content ------------------------------------------------------------
def hand_edit(data: bytes) -> bytes:
    """The edit of the issue: ``sed -i 's/戰爭對蘇聯的影響/HANDEDIT&/'``."""
    assert "戰爭對蘇聯的影響".encode() in data
    return data.replace("戰爭對蘇聯的影響".encode(), "HANDEDIT戰爭對蘇聯的影響".encode())


def without_last_line(data: bytes) -> bytes:
    return data.rstrip(b"\n").rpartition(b"\n")[0] + b"\n"


@pytest.mark.parametrize("change", [
    lambda data: hand_edit(data) + b"\n",                      # echo >> file
    lambda data: hand_edit(data).rstrip(b"\n"),                # no final newline
    lambda data: hand_edit(data).replace(b"\n", b"\r\n"),      # CRLF line ends
    lambda data: hand_edit(data) + b" ",                       # a trailing space
    lambda data: without_last_line(hand_edit(data)),           # the seal line removed
    hand_edit,                                                 # the seal kept, the text edited
    lambda data: data + b"\n",                                 # only the bytes at the end changed
    lambda data: data.replace(b"\n", b"\r\n"),                 # only the line ends changed
    without_last_line,                                         # only the seal removed
], ids=["newline-appended", "final-newline-stripped", "crlf", "trailing-space", "seal-removed",
        "text-edited", "only-newline-appended", "only-crlf", "only-seal-removed"])
def test_a_hand_edited_edition_stops_the_build_whatever_its_last_bytes(project, change):
    tei = project / TEI
    edited = change(tei.read_bytes())
    tei.write_bytes(edited)
    annotations = GUARD_MESSAGE.format(annotations=f"tei/annotations/{ARTICLE}.xml")
    assert refused(project) == f"edition: error: {TEI}: {annotations}"
    assert tei.read_bytes() == edited


@pytest.mark.parametrize("change", [
    lambda data: data.replace(b"USNI", b"HANDEDIT", 1) + b"\n",
    lambda data: data.replace(b"\n", b"\r\n"),
    without_last_line,
], ids=["edited-newline-appended", "crlf", "seal-removed"])
def test_a_hand_edited_bibtex_file_stops_the_build(project, change):
    bib = project / "bibliography" / "korean-war.bib"
    edited = change(bib.read_bytes())
    bib.write_bytes(edited)
    assert refused(project, "korean-war") == \
        f"edition: error: bibliography/korean-war.bib: {GUARD_MESSAGE.format(annotations='tei/annotations/')}"
    assert bib.read_bytes() == edited


def test_force_overwrites_a_hand_edit_and_the_next_build_is_quiet(project):
    tei = project / TEI
    tei.write_bytes(hand_edit(tei.read_bytes()).replace(b"\n", b"\r\n") + b" \n")
    result = build(project, ARTICLE, "--force")
    assert result.returncode == 0, result.stderr
    assert b"HANDEDIT" not in tei.read_bytes() and b"\r" not in tei.read_bytes()
    assert not is_hand_edited(tei)
    assert build(project).returncode == 0


def test_the_seal_vouches_for_exactly_the_bytes_the_build_wrote(tmp_path):
    path = tmp_path / "tei" / "a.xml"
    path.parent.mkdir()
    assert not is_hand_edited(path)  # a new project: nothing to protect yet
    sealed = seal(path, b"<TEI/>\n")
    path.write_bytes(sealed)
    assert not is_hand_edited(path)
    for other in (b"<TEI/>\n", b"made before the guard existed\n", b"", sealed.replace(b"sha256:", b"sha256:0"),
                  sealed + b"\n\n", b"<TEI/>" + sealed[len(b"<TEI/>\n"):], sealed.replace(b"<TEI/>", b"<TEI />")):
        path.write_bytes(other)
        assert is_hand_edited(path), other


# -- case 7: a correction that would not survive in the .bib --------------------------------------
def test_a_correction_with_unbalanced_braces_is_refused_at_its_line(project):
    corrections = project / "bibliography" / "corrections.bib"
    text = corrections.read_text(encoding="utf-8")
    corrections.write_text(text.replace("author = {Futrell, Robert F.}", 'author = "Futrell{, Robert F."'),
                           encoding="utf-8")
    line = text[:text.index("author = {Futrell")].count("\n") + 1
    assert refused(project, "korean-war") == (
        f"edition: error: {corrections}:{line}: the value of 'author' in 'futrelunited' has unbalanced braces "
        "({ without }): Futrell{, Robert F.")


@pytest.mark.parametrize("value, message", [
    ('"x } y"', "closes a brace it never opened: x } y"),
    ('"x}{ y"', "closes a brace it never opened: x}{ y"),
    ('"a\x01b"', "holds the control character U+0001"),
    ("{" + "{" * 3000 + "}" * 3000 + "}", "is TeX the build cannot read"),
])
def test_values_that_would_not_read_back_are_refused(value, message):
    with pytest.raises(EditionError) as caught:
        parse_corrections(f"@book{{a,\n  year = {{1950}},\n  title = {value}\n}}\n", "bibliography/corrections.bib")
    [problem] = caught.value.problems
    assert (problem.file, problem.line, caught.value.status) == ("bibliography/corrections.bib", 3, 1)
    assert problem.message.startswith(f"the value of 'title' in 'a' {message}")


def works_of(text: str):
    return group_works([parse_citation(text)])


def test_written_bibtex_that_would_lose_an_entry_is_an_error():
    works = works_of("王兆春著《中国军事科学通史》解放军出版社 2010，124页")
    # made without parse_corrections, which refuses it: the written .bib is checked all the same
    broken = Correction("wang2010zhongguo", "book", (("author", "Futrell{, Robert F."),), 7,
                        "bibliography/corrections.bib")
    with pytest.raises(EditionError) as caught:
        bibtex_text(works, {"wang2010zhongguo": broken})
    assert str(caught.value) == ("bibliography/corrections.bib:7: the BibTeX written for wang2010zhongguo would "
                                 "not read back as written (check the braces and quotes of its values)")


def test_a_url_with_braces_is_written_so_that_it_reads_back():
    (work,) = works_of("Smith, John. The War. http://example.org/a{b}\\c")
    text = bibtex_text([work])
    assert "  url = {http://example.org/a%7Bb%7D%5Cc}" in text


# -- case 14 (part): a correction's TeX reaches the TEI as Unicode --------------------------------
def test_tex_accents_and_commands_in_a_correction_are_decoded_for_the_record():
    corrections = parse_corrections(
        "@book{wang2010zhongguo,\n"
        "  author = {M\\\"uller, J{\\\"o}rg and {\\O}stergaard, Lars and \\c{C}elik, Ay\\c{s}e and {Smith \\& Sons}},\n"
        "  title = {Caf\\'{e} Stra\\ss e: \\emph{{NATO}} 50% \\& Fran\\c{c}ais, na\\\"{\\i}ve},\n"
        "  publisher = {\\v{S}koda \\textasciitilde{} Co. & Partners},\n"
        "  pages = {12--15},\n"
        "  url = {http://example.org/M\\\"uller_%20}\n}\n")
    (work,) = works_of("王兆春著《中国军事科学通史》解放军出版社 2010，124页")
    record = correct_record(work.record, corrections["wang2010zhongguo"])
    assert [(n.text, n.organisation) for n in record.authors] == [
        ("Müller, Jörg", False), ("Østergaard, Lars", False), ("Çelik, Ayşe", False), ("Smith & Sons", True)]
    assert record.title == "Café Straße: NATO 50% & Français, naïve"
    assert record.publisher == "Škoda ~ Co. & Partners"
    assert record.pages == "12-15"
    assert record.url == 'http://example.org/M\\"uller_%20'
    text = bibtex_text([work], corrections)  # the .bib keeps the TeX as the scholar wrote it
    assert "  author = {M\\\"uller, J{\\\"o}rg and {\\O}stergaard, Lars" in text
    assert "  title = {Caf\\'{e} Stra\\ss e: \\emph{{NATO}} 50% \\& Fran\\c{c}ais, na\\\"{\\i}ve}," in text


def test_a_correction_s_tex_reaches_the_tei_as_unicode(project):
    corrections = project / "bibliography" / "corrections.bib"
    corrections.write_text(corrections.read_text(encoding="utf-8").replace(
        "author = {Futrell, Robert F.}", "author = {Futr\\'ell, R{\\o}bert F.}"), encoding="utf-8")
    result = build(project, "korean-war")
    assert result.returncode == 0, result.stderr
    tei = (project / "tei" / "korean-war.xml").read_text(encoding="utf-8")
    assert "<surname>Futréll</surname>, <forename>Røbert F.</forename>" in tei and "\\'" not in tei
    assert "  author = {Futr\\'ell, R{\\o}bert F.}," in (project / "bibliography" / "korean-war.bib").read_text(
        encoding="utf-8")


# -- case 8 and the ledgers of case 12: a ledger edited by hand -----------------------------------
LEDGER = f"tei/ids/{ARTICLE}.json"


def live_paragraph(raw: str) -> tuple[str, str]:
    """The first live paragraph of a ledger: its ID and its text as JSON writes it."""
    ids = json.loads(raw)["ids"]
    block_id = min(k for k, e in ids.items() if k.startswith("p-") and e["status"] == "live")
    return block_id, json.dumps(ids[block_id]["text"], ensure_ascii=False)


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def test_a_hand_edited_ledger_entry_is_refused_at_its_line(project):
    ledger = project / LEDGER
    raw = ledger.read_text(encoding="utf-8")
    block_id, text = live_paragraph(raw)
    ledger.write_text(raw.replace(text, '"HANDEDIT' + text[1:], 1), encoding="utf-8")
    line = line_of(raw, '"' + block_id + '": ')
    assert refused(project) == (
        f"edition: error: {ledger}:{line}: {block_id}: the text no longer matches its fingerprint (the ledger was "
        "edited by hand; restore it from version control)")


@pytest.mark.parametrize("break_it, message, where", [
    (lambda raw, text: raw.replace('"index": 0,', '"index": ' + "9" * 5000 + ",", 1),
     "a number of 5000 digits in the ID ledger (no index reaches 1000000000)", '"index": 0,'),
    (lambda raw, text: raw.replace(text, '"\\ud800' + text[1:], 1),
     "{block_id}: text holds U+D800, which no edition can hold", '"{block_id}": '),
    (lambda raw, text: raw.replace('"first_seen": ', '"first_seen": ' + "[" * 100_000, 1),
     "the ID ledger nests arrays or objects too deeply (a ledger nests at most 5 levels)", '"first_seen": '),
], ids=["5000-digit-index", "lone-surrogate", "100000-brackets"])
def test_a_ledger_that_would_crash_json_is_refused_at_its_line(project, break_it, message, where):
    ledger = project / LEDGER
    raw = ledger.read_text(encoding="utf-8")
    block_id, text = live_paragraph(raw)
    ledger.write_text(break_it(raw, text), encoding="utf-8")
    line = line_of(raw, where.format(block_id=block_id))
    assert refused(project) == f"edition: error: {ledger}:{line}: {message.format(block_id=block_id)}"


def test_a_ledger_of_brackets_alone_is_refused_at_line_one():
    with pytest.raises(EditionError) as caught:
        parse_ledger("[" * 100_000, LEDGER)
    assert str(caught.value) == (f"{LEDGER}:1: the ID ledger nests arrays or objects too deeply (a ledger "
                                 "nests at most 5 levels)")


@pytest.mark.parametrize("old, new, message", [
    ('"successor": null', '"successor": "\\udc00"', "successor must be an ID or null"),
    ('"first_seen": "1"', '"first_seen": "\\ud800"', "build labels must be non-empty strings of printable characters"),
    ('"text": "', '"text": "\\u0007', "text holds U+0007, which no edition can hold"),
])
def test_characters_no_file_can_hold_are_refused_in_a_ledger(old, new, message):
    raw = json.dumps({"format": "edition-id-ledger/1", "ids": {"p-abcdef": {
        "fingerprint": "2d711642b726b044", "first_seen": "1", "kind": "p", "position": {"index": 0, "path": []},
        "retired_in": "2", "status": "retired", "successor": None, "text": "x"}}}, indent=2, sort_keys=True)
    with pytest.raises(EditionError) as caught:
        parse_ledger(raw.replace(old, new), LEDGER)
    assert str(caught.value) == f"{LEDGER}:4: p-abcdef: {message}"


def test_an_id_with_a_trailing_newline_is_not_an_id():
    from pipeline.ids.minting import is_block_id

    assert [is_block_id(value) for value in ("p-7k3m2q", "p-7k3m2q\n", " p-7k3m2q", "p-7k3m2")] == \
        [True, False, False, False]
