"""Property-based fuzzing of everything that reads a user's input: no input crashes it.

A crash is any exception other than :class:`pipeline.errors.EditionError` (bad input, reported
by file and line). The owners' test files fuzz each parser on its own terms (the readers on text,
``split_markers`` on characters, ``parse_note`` on strings); this file fills what they leave:

- a source file's *bytes* (any encoding damage, BOMs, CR line ends, NULs) through decoding, the
  reader and every transform to serialized TEI, for both formats and both scripts;
- the marker grammar on runs of near-markers (a character alphabet rarely spells ``[註 3]``);
- the citation parser on TEI notes as the readers write them (links, italics, variants,
  templates, gaps, editorial notes), through :func:`note_input`;
- the annotation loader on whole files: well-formed ones with arbitrary ids, targets, phrases and
  motivations (then anchored and merged into a small edition), and arbitrary bytes.

Example counts are bounded so that the file runs in well under a minute on a loaded machine.
"""
from __future__ import annotations

from pathlib import Path
from unittest import mock
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline import tei
from pipeline.annotations import loading
from pipeline.annotations.anchoring import IdHistory, anchor
from pipeline.annotations.merge import merge
from pipeline.annotations.project import OtherEditions
from pipeline.convert import convert
from pipeline.citations.note_input import note_input
from pipeline.citations.parser import parse_note
from pipeline.errors import EditionError
from pipeline.readers.markers import Marker, append_parts, split_markers, to_tei
from pipeline.sources import NOT_XML
from pipeline.targets import PointerError, parse_targets
from pipeline.transforms.base import ArticleInputs



def fuzz(examples: int) -> settings:
    """Bounded examples, no per-example deadline (a loaded machine is slow, not wrong)."""
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


TEI_NS = "http://www.tei-c.org/ns/1.0"


def _xml_text(max_size: int) -> st.SearchStrategy[str]:
    """Any text XML can hold (what a well-formed file may say; damaged files are fuzzed apart)."""
    return st.text(max_size=max_size).map(lambda text: NOT_XML.sub("", text))


def _only_edition_errors(call, *args, **kwargs):
    """The call's result, or None when it raised EditionError; any other exception propagates."""
    try:
        return call(*args, **kwargs)
    except EditionError as error:
        assert error.problems and all(problem.message for problem in error.problems)
        return None


# --- a source file's bytes through reader, transforms and serializer ---------------------------

_SOURCE_PIECES = st.sampled_from([
    "韓戰", "朝鲜战争", " ", "\n", "\n\n", "\r\n", "\r", "\t", "\ufeff", "# ", "## 經過\n", "=== 標題 ===\n",
    "  - ", "1. ", "> ", "[12]", "\\[12\\]", "[68]:5210", "[註 3]", "[來源請求]", "[來源可靠？]", "註釋\n",
    "參考文獻\n", "外部連結\n", "-{zh-hans:国;zh-hant:國}-", "-{", "}-", "[[仁川登陸]]", "[仁川](../Page/仁川.md \"wikilink\")",
    "''", "'''", "**", "{{cite book |title=甲 |author=乙}}", "{{", "}}", "|", "<ref>", "</ref>", "<br>",
    "<table><tr><td>", "</td></tr></table>", "<!--", "-->", "```", "\\(", "\\)", "$x$", "^", "↑",
    "1.  ^ 王树增. 《朝鲜战争》. 2009: 12.\n", "《", "》", "（", "）", "：", "。", "\x00", "\x0b", "\ud7ff",
])


def _encodings(text: str) -> st.SearchStrategy[bytes]:
    return st.sampled_from([text.encode("utf-8"), text.encode("utf-8", "surrogatepass"),
                            ("\ufeff" + text).encode("utf-8"), text.encode("utf-16"),
                            text.encode("gb18030", "replace"), text.encode("big5", "replace")])


_SOURCE_BYTES = st.one_of(
    st.lists(_SOURCE_PIECES, max_size=40).map("".join).flatmap(_encodings),
    st.binary(max_size=200),
    st.text(max_size=120).map(lambda text: text.encode("utf-8")),
)


@fuzz(40)
@given(_SOURCE_BYTES, st.sampled_from(["wiki-markdown", "plain-text"]), st.sampled_from(["zh-Hans", "zh-Hant"]))
def test_no_source_bytes_crash_reading_and_transforming(tmp_path_factory, data: bytes, fmt: str, lang: str):
    source = tmp_path_factory.mktemp("fuzz") / ("case.md" if fmt == "wiki-markdown" else "case.txt")
    source.write_bytes(data)
    meta = tei.SourceMeta(id="case", title="case", lang=lang, format=fmt, file=source.name)
    converted = _only_edition_errors(convert, source, ArticleInputs(meta), lambda message: None)
    event("reported as bad input" if converted is None else "converted")
    if converted is None:
        return
    root, _ = converted
    reparsed = etree.fromstring(tei.serialize(root))
    assert reparsed.find(f"{{{TEI_NS}}}text/{{{TEI_NS}}}body") is not None


# --- the marker grammar on runs of near-markers ------------------------------------------------

_MARKER_PIECES = st.sampled_from([
    "[", "]", "\\[", "\\]", "12", "0", "9999", "10000", "註", "注釋", "note", " ", "\u00a0", "3", "來源請求",
    "页码请求", "失效連結", "來源可靠", "？", "?", ":", "：", "5210", "176-177", "第一章", "1950年", "月", "-",
    "–", "頁", "p.", "甲", "\n",
])


@fuzz(300)
@given(st.lists(_MARKER_PIECES, max_size=30).map("".join))
def test_marker_splitting_keeps_every_character_and_writes_xml(text: str):
    parts = split_markers(text)
    assert "".join(part if isinstance(part, str) else part.raw for part in parts) == text
    parent = etree.Element(f"{{{TEI_NS}}}p")
    append_parts(parent, parts)
    for marker in (part for part in parts if isinstance(part, Marker)):
        etree.tostring(to_tei(marker))
    etree.fromstring(etree.tostring(parent))


# --- the citation parser on TEI notes as the readers write them --------------------------------

_NOTE_TEXT = st.one_of(_xml_text(12), st.sampled_from([
    "王树增", "《朝鲜战争》", "人民文学出版社", "2009年", "2007(04)", "ISBN 978-7-5460-0031-2", "pp. 12-14",
    "Rees, David", " and ", "ed.", "第3卷", "，", "。", "：", "-{", "}-", "http://x.org/a", "\ue000"]))


def _inline(children: st.SearchStrategy[list]) -> st.SearchStrategy[etree._Element]:
    def element(spec):
        name, attrs, text, kids, tail = spec
        node = etree.Element(f"{{{TEI_NS}}}{name}", attrs)
        node.text, node.tail = text, tail
        node.extend(kids)
        return node

    names = st.sampled_from([
        ("ref", {"type": "external", "target": "http://example.org/b"}), ("ref", {"type": "wikilink", "target": "x"}),
        ("ref", {"type": "noteref", "target": "#note-1"}), ("hi", {"rend": "italic"}), ("hi", {"rend": "bold"}),
        ("choice", {}), ("reg", {"type": "variant"}), ("gap", {"reason": "lost"}), ("desc", {}), ("lb", {}),
        ("note", {"type": "editorial", "resp": "#pipeline"}), ("note", {"type": "maintenance"}),
        ("seg", {"type": "template", "n": "cite book"}), ("seg", {"type": "param", "n": "title"}), ("code", {}),
    ])
    return st.tuples(names, _NOTE_TEXT, children, _NOTE_TEXT).map(
        lambda spec: element((spec[0][0], spec[0][1], spec[1], spec[2], spec[3])))


_INLINES = st.recursive(_inline(st.just([])), lambda inner: _inline(st.lists(inner, max_size=3)), max_leaves=12)


@fuzz(200)
@given(_NOTE_TEXT, st.lists(_INLINES, max_size=6), st.sampled_from(["note", "bibl"]))
def test_no_tei_note_crashes_the_citation_parser(text: str, children: list, name: str):
    element = etree.Element(f"{{{TEI_NS}}}{name}", {"type": "citation"})
    element.text = text
    element.extend(children)
    read = note_input(element)
    parsed = parse_note(*read)
    assert parsed.raw == read.text
    for citation in parsed.citations:
        assert citation.raw in read.text


# --- the annotation loader on whole files -------------------------------------------------------

_HEADER = ('<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="zh-Hant">'
           "<teiHeader><fileDesc><titleStmt><title>注釋</title></titleStmt><publicationStmt><p>隨本版發佈。</p>"
           "</publicationStmt><sourceDesc><p>原創注釋。</p></sourceDesc></fileDesc></teiHeader>"
           "<standOff><listAnnotation>\n")
_FOOTER = "</listAnnotation></standOff></TEI>\n"

# A small edition the annotations point into: blocks with IDs, a link, a variant, a note reference.
_EDITION = (
    f'<TEI xmlns="{TEI_NS}" xml:id="kw" xml:lang="zh-Hant"><teiHeader><fileDesc><titleStmt><title>韓戰</title>'
    "</titleStmt><publicationStmt><p>測試</p></publicationStmt><sourceDesc><p>測試</p></sourceDesc></fileDesc>"
    '</teiHeader><text><body><div type="section" xml:id="s-aaaaaa"><head xml:id="h-aaaaaa">經過</head>'
    '<p xml:id="p-incheo">9月15日，美軍在<ref type="wikilink" target="https://zh.wikipedia.org/wiki/仁川">仁川</ref>'
    '登陸，迅速扭轉戰局<ref type="noteref" target="#note-1" n="1">1</ref>。仁川登陸後，北韓全面潰退。</p>'
    '<p xml:id="p-deaths">死亡人數約為300萬，比例高於<choice><reg xml:lang="zh-Hans">第二次世界大战</reg>'
    '<reg xml:lang="zh-Hant">第二次世界大戰</reg></choice>。</p></div></body><back><div type="notes">'
    '<note place="end" xml:id="note-1" n="1">王樹增《朝鮮戰爭》。</note></div></back></text></TEI>')

# Mostly valid values, with the mistakes a scholar makes among them (random text is for the
# damaged-file test below: here a file should usually get as far as anchoring).
_IDS = st.sampled_from(["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "p-incheo", "note-1"])
_PHRASE_WORDS = ["仁川", "登陸", "仁川登陸", "300萬", "第二次世界大戰", "第二次世界大战", "美軍在仁川", "%20", "%E4%BB%81",
                 "%FF", "%", "'", "1"]
_PHRASES = st.one_of(st.sampled_from(_PHRASE_WORDS), _xml_text(6))
# Any target (for the target syntax), and targets that follow the syntax (for anchoring: blocks
# that exist or not, phrases that occur or not, percent-encoded as a scholar must write them).
_POINTER = st.one_of(
    st.sampled_from(["#p-incheo", "#p-deaths", "#h-aaaaaa", "#note-1", "#s-aaaaaa", "#nowhere", "#", "p-incheo",
                     "#match(", "#match()", "#match(p-incheo)", "#match(p-incheo,'')"]),
    st.tuples(st.sampled_from(["p-incheo", "p-deaths", "note-1", "gone", ""]), _PHRASES,
              st.sampled_from(["", ",1", ",2", ",0", ",-1", ",99999999999999999999", ",x"])).map(
        lambda t: f"#match({t[0]},'{t[1]}'{t[2]})"),
    _xml_text(10),
)
_SYNTACTIC_POINTER = st.one_of(
    st.sampled_from(["#p-incheo", "#p-deaths", "#h-aaaaaa", "#note-1", "#s-aaaaaa", "#nowhere"]),
    st.tuples(st.sampled_from(["p-incheo", "p-deaths", "h-aaaaaa", "gone"]),
              st.one_of(st.sampled_from(_PHRASE_WORDS),
                        st.text(st.characters(blacklist_categories=("Cs", "Cc", "Z")), min_size=1, max_size=6)),
              st.sampled_from(["", ",1", ",2", ",3"])).map(
        lambda t: f"#match({t[0]},'{quote(t[1], safe='')}'{t[2]})"),
)
_MOTIVATIONS = st.sampled_from(["commenting", "assessing editing", "tagging", "questioning", "describing",
                                "commenting commenting", " linking ", "nonsense"])


_REFS = st.one_of(st.just(None), st.sampled_from([
    "#p-incheo", "#a1", "#nowhere", "korean-war.xml#p-1", "korean-war.xml", "other.xml#", "https://example.org/x",
    "javascript:alert(1)", "#", ""]), _xml_text(8))


def _annotation(spec) -> str:
    xml_id, pointers, motivation, note, ref = spec
    link = "" if ref is None else f"<ref target={quoteattr(ref)}>見</ref>"
    return (f"<annotation xml:id={quoteattr(xml_id)} target={quoteattr(' '.join(pointers))} "
            f"motivation={quoteattr(motivation)}><respStmt><resp>注釋</resp><persName>王明</persName></respStmt>"
            f"<note>{escape(note)}{link}</note></annotation>\n")


_ANNOTATION_FILES = st.lists(st.tuples(_IDS, st.lists(_SYNTACTIC_POINTER, min_size=1, max_size=3), _MOTIVATIONS,
                                       _xml_text(20), _REFS).map(_annotation), min_size=1, max_size=4).map(
    lambda annotations: _HEADER + "".join(annotations) + _FOOTER)
# What the ID ledgers may say: nothing, or that p-incheo's text was different (revised) last time.
_HISTORIES = st.one_of(st.just(IdHistory()), _PHRASES.map(
    lambda text: IdHistory(last_text={"p-incheo": f"9月15日，美軍在{text}登陸"}, changed=frozenset({"p-incheo"}))))


def _load(path: Path):
    """The loader as it runs without jing (its libxml2 wording): a fuzzed file that fails the
    schema must not start a JVM per example."""
    with mock.patch.object(loading, "validate_with_jing", side_effect=EditionError.at("jing", "not installed")):
        return _only_edition_errors(loading.load_annotation_file, path)


@fuzz(120)
@given(_ANNOTATION_FILES.map(lambda text: text.encode("utf-8", "surrogatepass")), _HISTORIES, st.booleans())
def test_no_annotation_file_crashes_loading_anchoring_or_merging(tmp_path_factory, data: bytes, history,
                                                                 with_previous: bool):
    project = tmp_path_factory.mktemp("project")
    path = project / "kw.xml"
    path.write_bytes(data)
    loaded = _load(path)
    event("reported as bad input" if loaded is None else "loaded")
    if loaded is None:
        return
    for annotation in loaded.annotations:
        assert annotation.pointers and all(_well_formed(pointer) for pointer in annotation.pointers)
    root = etree.fromstring(_EDITION)
    previous = etree.fromstring(_EDITION) if with_previous else None
    result = anchor(root, loaded, history, previous, OtherEditions())
    event("anchoring problems reported" if result.problems else "merged")
    if result.problems:
        return
    merge(root, result)
    etree.fromstring(tei.serialize(root))


_DAMAGE = st.sampled_from([b"<", b">", b"&", b"&amp;", b"&x;", b"]]>", b"<!--", b"<!DOCTYPE TEI [<!ENTITY e 'x'>]>",
                           b"<!ENTITY % p SYSTEM 'file:///etc/passwd'>", b"\x00", b"\xff\xfe", b"\xe4\xbb",
                           b"\"", b"xml:id=\"a1\"", b"</annotation>", b"<annotation>", b""])


@st.composite
def _damaged_files(draw) -> bytes:
    data = bytearray(draw(_ANNOTATION_FILES).encode("utf-8", "surrogatepass"))
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(data)))
        end = draw(st.integers(start, min(len(data), start + 8)))
        data[start:end] = draw(_DAMAGE)
    return bytes(data)


@fuzz(120)
@given(st.one_of(_damaged_files(), st.binary(max_size=300)))
def test_no_damaged_annotation_file_crashes_the_loader(tmp_path_factory, data: bytes):
    path = tmp_path_factory.mktemp("annotations") / "kw.xml"
    path.write_bytes(data)
    _load(path)


@fuzz(300)
@given(st.lists(_POINTER, max_size=4).map(" ".join))
def test_target_syntax_raises_only_its_own_error(value: str):
    try:
        pointers = parse_targets(value)
    except PointerError:
        return
    assert len(pointers) == len(value.split()) and all(_well_formed(pointer) for pointer in pointers)


def _well_formed(pointer) -> bool:
    """A block ID that is an NCName; a phrase, if any, not blank; an occurrence counted from 1."""
    return (bool(pointer.block) and not pointer.block[0].isdigit() and pointer.occurrence >= 1
            and (pointer.phrase is None or bool(pointer.phrase.strip())))
