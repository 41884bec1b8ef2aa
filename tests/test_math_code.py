"""Math typeset and code in the reader's variant (issue 17).

Math: every formula of the (2+1)维KP方程 and K-近邻算法 dev articles is MathML in the HTML and the
EPUB (its TeX kept as the annotation, never shown as text) and Typst math in the PDF; a formula
Pandoc cannot read stays TeX source, with a ``file:line`` warning in the build's output, and the
header and the build's summary count both kinds. Code: the 冒泡排序 pseudocode, written in each
script with variant markup, shows one reading per view with its line breaks.
"""
from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from conftest import DATA, DEV_ARTICLES, run_in_process
from pipeline import texmath
from pipeline.tei import NS, header_summaries, load_tei
from pipeline.writers.model import build_document
from pipeline.writers.nodes import Kind
from pipeline.writers.scripts import convert_document

MATHML = "http://www.w3.org/1998/Math/MathML"
XHTML = "http://www.w3.org/1999/xhtml"
#: id → (source, its formulas as the TEI holds them, display ones marked)
FORMULA_ARTICLES = {
    "kp": (DEV_ARTICLES / "(2+1)维_KP方程.md", [
        ("", "(U_{t}+6*U*U_{x}+U_{xxx})_{x} +\\alpha*U_{yy}=0"),
        ("display", "u(x, y, t) = -(1/6)*(\\alpha*_C5^2+_C6*_C4)/_C4^2-2*_C4^2*WeierstrassP(_C3+_C4*x+_C5*y+_C6*t, "
                    "_C2, _C1)"),
        ("display", "u(x, y, t) = -(1/6)*(_C4*_C2+\\alpha*_C3^2+4*_C2^4)/_C2^2-2*_C2^2*csch(_C1+_C2*x+_C3*y+_C4*t)^2"),
        ("display", "u(x, y, t) = -(1/6)*(-4*_C3^4*_C1^2+\\alpha*_C4^2+_C5*_C3-4*_C3^4)/_C3^2-2*_C3^2*"
                    "JacobiNS(_C2+_C3*x+_C4*y+_C5*t, _C1)^2"),
        ("display", "u(x, y, t) = -(1/6)*(\\alpha*_C4^2-4*_C3^4*_C1^2+8*_C3^4+_C5*_C3)/_C3^2+(2*_C3^2-2*_C3^2*_C1^2)*"
                    "JacobiND(_C2+_C3*x+_C4*y+_C5*t, _C1)^2"),
    ]),
    "knn": (DATA / "math" / "K-近邻算法.md", [
        ("", "1 / k"), ("", "w_{ni}"), ("", "\\sum_{i = 1}^n w_{ni}= 1"), ("", "C ^{wnn}_n"),
        ("", "\\{w_{ni}\\}_{i = 1}^n"),
        ("display", "\\mathcal{R}_\\mathcal{R}(C^{wnn}_{n}) - \\mathcal{R}_{\\mathcal{R}}(C^{Bayes}) = "
                    "\\left(B_1 s_n^2 + B_2 t_n^2\\right) \\{1+o(1)\\},"),
        ("", "B_1"), ("", "B_2"), ("", "s_n^2 = \\sum_{i=1}^n w_{ni}^2"),
        ("", "t_n = n^{-2/d}\\sum_{i=1}^n w_{ni}\\{i^{1+2/d} - (i-1)^{1+2/d}\\}"),
        ("", "\\{w_{ni}^* \\}_{i = 1}^n"), ("", "k ^* = \\lfloor B n ^{\\frac 4 {d + 4}}\\rfloor"),
        ("display", "w_{ni}^*  = \\frac 1 {k^*} \\left[1 + \\frac d 2 - \\frac d {2{k^*}^{2/d}} "
                    "\\{ i ^{1+2/d} - (i-1)^{1+2/d}\\}\\right]"),
        ("", "i=1,2,\\dots,k^*"), ("display", "w^*_{ni} = 0"), ("", "i = k^*+1,\\dots,n"),
        ("", "\\mathcal{O}(n^{-\\frac 4 {d+4}})"),
    ]),
}
#: TeX that must never show as text: the commands of the two articles
TEX_COMMANDS = ("\\frac", "\\sum", "\\alpha", "\\mathcal", "\\left", "\\lfloor", "\\dots")

#: 冒泡排序's pseudocode, as the source writes it for each script
PSEUDOCODE = {
    "zh-Hant": ["函數 氣泡排序 輸入 一個陣列名稱為array 其長度為length",
                "    i 從 0 到 (length - 1)",
                "        j 從 0 到 (length - 1 - i)",
                "            如果 array[j] > array[j + 1]",
                "                交換 array[j] 和 array[j + 1] 的值",
                "            如果結束",
                "        j迴圈結束",
                "    i迴圈結束",
                "函數結束"],
    "zh-Hans": ["函数 冒泡排序 输入 一个数组名称为array 其长度为length",
                "    i 从 1 到 (length - 1)",
                "        j 从 0 到 (length - 1 - i)",
                "            如果 array[j] > array[j + 1]",
                "                交换 array[j] 和 array[j + 1] 的值",
                "            如果结束",
                "        j循环结束",
                "    i循环结束",
                "函数结束"],
}
#: the lines before it in the same block
PSEUDOCODE_BEFORE = ["function bubble_sort (array, length) {", "    var i, j;", "    for(i from 0 to length-1){",
                     "        for(j from 0 to length-1-i){", "            if (array[j] > array[j+1])",
                     "                swap(array[j], array[j+1])", "        }", "    }", "}", ""]


def convert(source: Path, target: Path, lang: str = "zh-Hans") -> subprocess.CompletedProcess:
    result = run_in_process("convert", str(source), "-o", str(target), "--lang", lang)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    """The KP and KNN articles converted and rendered to HTML, EPUB and PDF (id → folder)."""
    folders = {}
    for article_id, (source, _) in FORMULA_ARTICLES.items():
        out = tmp_path_factory.mktemp(article_id)
        convert(source, out / f"{article_id}.xml")
        result = run_in_process("render", str(out / f"{article_id}.xml"), "--to", "html,epub,pdf", "-o", str(out))
        assert result.returncode == 0, result.stderr
        folders[article_id] = out
    return folders


def epub_chapters(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as book:
        return {name: etree.fromstring(book.read(name)) for name in book.namelist()
                if name.endswith(".xhtml") and name != "EPUB/nav.xhtml"}


@pytest.mark.slow
@pytest.mark.parametrize("article_id", FORMULA_ARTICLES)
def test_every_formula_is_mathml_in_html_with_its_tex_as_annotation(rendered, article_id):
    expected = FORMULA_ARTICLES[article_id][1]
    tei = load_tei(rendered[article_id] / f"{article_id}.xml")
    assert [(f.get("rend", ""), "".join(f.itertext())) for f in tei.iter(f"{{{NS['tei']}}}formula")] == expected
    for name in ("index.html", "index.zh-Hant.html"):  # the article's script and the converted page
        page = lxml.html.parse(str(rendered[article_id] / name)).getroot()
        maths = page.xpath("//math")
        assert len(maths) == {"kp": 5, "knn": 17}[article_id]
        assert [("display" if m.get("display") == "block" else "", m.xpath("string(.//annotation)"))
                for m in maths] == expected
        assert [m.xpath("string(.//annotation/@encoding)") for m in maths] == ["application/x-tex"] * len(maths)
        assert page.xpath("//code[contains(@class, 'math')]") == []
        for annotation in page.xpath("//annotation"):
            annotation.drop_tree()
        shown = page.text_content()
        assert [command for command in TEX_COMMANDS if command in shown] == []


@pytest.mark.slow
@pytest.mark.parametrize("article_id", FORMULA_ARTICLES)
def test_every_formula_is_mathml_in_the_epub_and_its_chapters_say_so(rendered, article_id):
    from test_epub import epubcheck_messages

    expected = FORMULA_ARTICLES[article_id][1]
    epub = rendered[article_id] / f"{article_id}.epub"
    chapters = epub_chapters(epub)
    maths = [m for root in chapters.values() for m in root.iter(f"{{{MATHML}}}math")]
    assert len(maths) == {"kp": 5, "knn": 17}[article_id]
    assert [("display" if m.get("display") == "block" else "", m.findtext(f".//{{{MATHML}}}annotation"))
            for m in maths] == expected
    for root in chapters.values():
        for annotation in root.iter(f"{{{MATHML}}}annotation"):
            annotation.getparent().remove(annotation)
        shown = "".join(root.itertext())
        assert [command for command in TEX_COMMANDS if command in shown] == []
    with zipfile.ZipFile(epub) as book:
        opf = etree.fromstring(book.read("EPUB/content.opf"))
    properties = {item.get("href"): item.get("properties", "") for item in opf.iter("{*}item")}
    with_math = {name.removeprefix("EPUB/") for name, root in chapters.items() if root.find(f".//{{{MATHML}}}math") is not None}
    assert with_math and all("mathml" in properties[name].split() for name in with_math)
    assert epubcheck_messages(epub) == (True, [])


@pytest.mark.slow
@pytest.mark.parametrize("article_id", FORMULA_ARTICLES)
def test_every_formula_is_typst_math_in_the_pdf(rendered, article_id):
    pdf = rendered[article_id] / f"{article_id}.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert [command for command in TEX_COMMANDS if command in text] == []
    assert "\\" not in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "NewCMMath" in fonts  # Typst's math font: the formulas are set, not printed as code


def test_a_formula_pandoc_cannot_read_stays_tex_with_a_warning_at_its_line(tmp_path):
    project = tmp_path / "project"
    (project / "articles").mkdir(parents=True)
    (project / "articles" / "catalog.toml").write_text(
        '[edition]\ntitle = "T"\npublisher = "P"\nbase_url = "https://example.org"\nlicence = "CC BY-SA 4.0"\n'
        'date = "2026-01-02"\n\n[[article]]\nid = "sums"\nfile = "sums.md"\nformat = "wiki-markdown"\n'
        'lang = "zh-Hans"\ntitle = "求和"\nsource = "https://zh.wikipedia.org/wiki/求和"\nlicence = "CC BY-SA 4.0"\n',
        encoding="utf-8")
    (project / "articles" / "sums.md").write_text(
        "求和写作\\(\\sum_{i=1}^n i\\)。\n\n第二段。\n\n坏公式\\(\\frac{1}{\\)与\\[\\undefinedmacro{x}\\]留作原文。\n",
        encoding="utf-8")
    result = run_in_process("build", "--formats", "tei,html", "--project", str(project))
    assert result.returncode == 0, result.stderr
    source = project / "articles" / "sums.md"
    warnings = [line for line in result.stderr.splitlines() if "TeX formula" in line]
    assert warnings == [
        f"{source}:5: warning: Pandoc cannot read this TeX formula; it is shown as TeX source, not typeset: \\frac{{1}}{{",
        f"{source}:5: warning: Pandoc cannot read this TeX formula; it is shown as TeX source, not typeset: "
        "\\undefinedmacro{x}"]
    assert "[sums] summary" in result.stderr and "formulas: typeset 1, tex 2" in result.stderr
    tei = load_tei(project / "tei" / "sums.xml")
    assert header_summaries(tei)["formulas"] == {"typeset": "1", "tex": "2"}
    page = lxml.html.parse(str(project / "output" / "html" / "sums" / "index.html")).getroot()
    assert [m.xpath("string(.//annotation)") for m in page.xpath("//math")] == ["\\sum_{i=1}^n i"]
    assert [(c.get("class"), c.text) for c in page.xpath("//code[contains(@class, 'math')]")] == [
        ("math", "\\frac{1}{"), ("math math-display", "\\undefinedmacro{x}")]


def test_one_pandoc_run_converts_every_formula_for_the_reader_the_html_and_the_epub(tmp_path, monkeypatch):
    runs = []
    real = texmath.run_pandoc
    monkeypatch.setattr(texmath, "run_pandoc", lambda arguments, text: runs.append(arguments) or real(arguments, text))
    texmath._convert.cache_clear()
    convert(FORMULA_ARTICLES["knn"][0], tmp_path / "knn.xml")
    result = run_in_process("render", str(tmp_path / "knn.xml"), "--to", "html,epub", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert runs == [["--from=json", "--wrap=none", "--to=html5", "--mathml"]]
    page = lxml.html.parse(str(tmp_path / "index.html")).getroot()
    assert len(page.xpath("//math")) == 17


def test_an_article_without_formulas_counts_none():
    tei = load_tei(Path(__file__).parent.parent / "tei" / "korean-war.xml")
    assert "formulas" not in header_summaries(tei)


@pytest.fixture(scope="module")
def bubble_sort(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bubble")
    convert(DEV_ARTICLES / "冒泡排序.md", out / "bubble-sort.xml", lang="zh-Hant")
    return out / "bubble-sort.xml"


def pseudocode_block(texts: list[str]) -> list[str]:
    """The lines of the one code block that holds the pseudocode."""
    found = [text for text in texts if "length-1-i" in text and "(length - 1 - i)" in text]
    assert len(found) == 1
    return found[0].split("\n")


def test_the_pseudocode_shows_the_reading_of_each_view_only(bubble_sort):
    document = build_document(load_tei(bubble_sort))
    for view, script in ((document, "zh-Hant"), (convert_document(document, "zh-Hans"), "zh-Hans")):
        codes = [node.plain_text() for node in view.all_blocks() if node.kind == Kind.CODE]
        assert len(codes) == 19
        assert pseudocode_block(codes) == PSEUDOCODE_BEFORE + PSEUDOCODE[script]


@pytest.mark.slow
def test_the_pseudocode_shows_one_reading_in_html_epub_and_pdf(bubble_sort, tmp_path):
    result = run_in_process("render", str(bubble_sort), "--to", "html,epub,pdf", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    for name, script in (("index.html", "zh-Hant"), ("index.zh-Hans.html", "zh-Hans")):
        page = lxml.html.parse(str(tmp_path / name)).getroot()
        blocks = [pre.text_content() for pre in page.xpath("//pre[@class='code']")]
        assert pseudocode_block(blocks) == PSEUDOCODE_BEFORE + PSEUDOCODE[script]
        assert [s.get("lang") for s in page.xpath("//pre[@class='code']//span[@class='variant']")] == [script]
    chapters = epub_chapters(tmp_path / "bubble-sort.epub")
    blocks = ["".join(pre.itertext()) for root in chapters.values() for pre in root.iter(f"{{{XHTML}}}pre")]
    assert pseudocode_block(blocks) == PSEUDOCODE_BEFORE + PSEUDOCODE["zh-Hant"]
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "bubble-sort.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    lines = [line.strip() for line in text.splitlines()]
    start = lines.index(PSEUDOCODE["zh-Hant"][0])
    assert lines[start:start + 9] == [line.strip() for line in PSEUDOCODE["zh-Hant"]]
    assert "函數結束函数" not in text
