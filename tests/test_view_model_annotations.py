"""The view model's annotations (anchored, lettered) and bibliography entries, on small TEI."""
from __future__ import annotations

from lxml import etree

from conftest import DATA
from pipeline.targets import Pointer
from pipeline.tei import load_tei
from pipeline.wording import lettering
from pipeline.writers.annotations import read_target
from pipeline.writers.model import build_document

SAMPLE = DATA / "editions" / "incheon-sample.xml"


def tei(body: str, standoff: str = "", back: str = "") -> etree._Element:
    return etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="t" xml:lang="zh-Hans"><teiHeader/>'
        f"<text><body>{body}</body><back>{back}</back></text>"
        f"<standOff><listAnnotation type=\"scholarly\">{standoff}</listAnnotation></standOff></TEI>")


def annotation(xml_id: str, target: str, who: str = "李文", text: str = "批注文字") -> str:
    return (f'<annotation xml:id="{xml_id}" target="{target}" motivation="commenting">'
            f"<respStmt><resp>批注</resp><persName>{who}</persName></respStmt><note>{text}</note></annotation>")


def walk(nodes):
    for node in nodes:
        yield node
        yield from walk(node.children)


def test_targets_are_read_with_the_one_grammar_of_pipeline_targets():
    assert read_target("#p-1") == [Pointer("p-1")]
    assert read_target("#match(p-1,'仁川%20登陆,%20作战')") == [Pointer("p-1", "仁川 登陆, 作战")]
    assert read_target("#p-7k3m2q  #h-2") == [Pointer("p-7k3m2q"), Pointer("h-2")]
    assert read_target("#match(p-2,'引号',2)") == [Pointer("p-2", "引号", 2)]
    # a token that is not a pointer (another file's block, a double-quoted phrase) points nowhere
    assert read_target("korean-war.xml#p-7k3m2q #match(p-2,\"引号\")") == [
        "korean-war.xml#p-7k3m2q", '#match(p-2,"引号")']


def test_hand_written_phrase_targets_are_decoded_counted_and_wrapped_as_the_build_would():
    root = tei('<p xml:id="p-1">a b<ref type="noteref" target="#n-1" n="1">1</ref>与ab，x与x</p>',
               annotation("ann-1", "#match(p-1,'a%20b与')") + annotation("ann-2", "#match(p-1,'x',2)"))
    paragraph = build_document(root).body[0]
    marks = [(n.id, n.plain_text()) for n in walk(paragraph.children) if n.kind == "annotated"]
    assert marks == [("anchor-ann-1-1-1", "a b"), ("anchor-ann-1-1-2", "与"), ("anchor-ann-2-1-1", "x")]
    assert [n.kind for n in paragraph.children][-3:] == ["text", "annotated", "annotation-ref"]
    assert paragraph.children[-3].text == "ab，x与"  # the second x is marked, not the first
    # the TEI given is not changed: a second rendering anchors the same way
    assert root.find(".//{http://www.tei-c.org/ns/1.0}seg") is None
    assert [n.id for n in walk(build_document(root).body[0].children) if n.kind == "annotated"] == [
        "anchor-ann-1-1-1", "anchor-ann-1-1-2", "anchor-ann-2-1-1"]


def test_a_phrase_the_shown_variant_holds_is_found_in_a_traditional_article():
    root = etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="t" xml:lang="zh-Hant-TW"><teiHeader/><text><body>'
        '<p xml:id="p-1"><choice><reg xml:lang="zh-Hans">朝鲜</reg><reg xml:lang="zh-Hant">韓國</reg></choice>方面</p>'
        '</body></text><standOff><listAnnotation type="scholarly">'
        + annotation("ann-1", "#match(p-1,'韓國方面')") + "</listAnnotation></standOff></TEI>")
    paragraph = build_document(root).body[0]
    assert [n.plain_text() for n in walk(paragraph.children) if n.kind == "annotated"] == ["韓國", "方面"]


def test_letters_run_a_to_z_then_aa():
    assert [lettering(i) for i in (0, 1, 25, 26, 27, 51, 52)] == ["a", "b", "z", "aa", "ab", "az", "ba"]


def test_phrase_is_marked_and_called_and_block_target_called_at_the_end():
    root = tei('<p xml:id="p-1">甲乙丙丁</p><p xml:id="p-2">戊己</p>',
               annotation("ann-2", "#p-2") + annotation("ann-1", "#match(p-1,'乙丙')", who="Anna Petrova"))
    document = build_document(root)
    first, second = document.body
    assert [(n.kind, n.text or n.attrs.get("label")) for n in first.children] == [
        ("text", "甲"), ("annotated", None), ("annotation-ref", "a"), ("text", "丁")]
    assert first.children[1].children[0].text == "乙丙"
    assert second.children[-1].kind == "annotation-ref" and second.children[-1].attrs["label"] == "b"
    # lettered in reading order, whatever the order of the standOff list
    assert [(a.id, a.attrs["label"], a.attrs["resp"], a.attrs["anchored"]) for a in document.annotations] == [
        ("ann-1", "a", "Anna Petrova", "yes"), ("ann-2", "b", "李文", "yes")]
    # the phrase's call is named as for the build's TEI, whose @target lists the phrase's segs
    assert document.annotations[0].attrs["refs"] == "ref-ann-1-2"


def test_phrase_running_through_a_link_is_marked_in_both_pieces():
    root = tei('<p xml:id="p-1">开罗<ref type="wikilink" target="https://zh.wikipedia.org/wiki/X">会议</ref>以后</p>',
               annotation("ann-1", "#match(p-1,'罗会议以')"))
    paragraph = build_document(root).body[0]
    marked = "".join(n.plain_text() for n in walk(paragraph.children) if n.kind == "annotated")
    assert marked == "罗会议以"
    assert paragraph.plain_text() == "开罗会议以后"
    calls = [n for n in walk(paragraph.children) if n.kind == "annotation-ref"]
    assert len(calls) == 1
    kinds = [n.kind for n in paragraph.children]
    assert kinds.index("annotation-ref") == kinds.index("link") + 2  # after the mark of 以


def test_unknown_target_is_kept_unanchored_and_lettered_last():
    root = tei('<p xml:id="p-1">文字</p>', annotation("ann-lost", "#p-gone") + annotation("ann-ok", "#p-1"))
    document = build_document(root)
    assert [(a.id, a.attrs["anchored"], a.attrs["label"]) for a in document.annotations] == [
        ("ann-ok", "yes", "a"), ("ann-lost", "no", "b")]


def test_phrase_not_found_falls_back_to_the_end_of_the_block():
    root = tei('<p xml:id="p-1">文字</p>', annotation("ann-1", "#match(p-1,'不存在')"))
    paragraph = build_document(root).body[0]
    assert [n.kind for n in paragraph.children] == ["text", "annotation-ref"]


def test_section_target_calls_at_its_heading_and_list_item_in_its_text():
    root = tei('<div type="section" xml:id="s-1"><head xml:id="h-1">背景</head>'
               '<list><item xml:id="i-1">条目<list><item xml:id="i-2">子</item></list></item></list></div>',
               annotation("ann-s", "#s-1") + annotation("ann-i", "#i-1"))
    section = build_document(root).body[0]
    heading, items = section.children
    assert heading.children[-1].kind == "annotation-ref"
    item = items.children[0]
    assert [n.kind for n in item.children] == ["span", "list", "span"]
    assert item.children[-1].children[0].kind == "annotation-ref"


def test_sample_bibliography_entries_are_formatted_and_know_their_notes():
    document = build_document(load_tei(SAMPLE))
    entries = {item.id: item for item in document.bibliography[0].children}
    assert entries["bib-wang2000"].plain_text() == "王树增. 远东朝鲜战争[M]. 北京: 解放军文艺出版社, 2000. ISBN 9787503317917."
    assert entries["bib-appleman1961"].plain_text() == (
        "Appleman, Roy E. South to the Naktong, North to the Yalu. Washington: Center of Military History, 1961.")
    assert entries["bib-wang2000"].attrs["cited_by"] == "note-1 note-8"
    army = entries["bib-army"]
    assert [n.kind for n in army.children][-1] == "link"
    assert army.children[-1].attrs["href"] == "https://www.history.army.mil/books/korea/"


def test_foreign_words_keep_their_language():
    document = build_document(load_tei(SAMPLE))
    foreign = [(n.attrs["lang"], n.plain_text()) for n in walk(document.body) if n.kind == "foreign"]
    assert foreign == [("ko", "인천 상륙 작전"), ("ru", "Операция «Хромит»")]



def format_work(record) -> str:
    """The bibliography line the view model gives a work the bibliography stage wrote."""
    from pipeline.transforms.bibliography import biblstruct
    from pipeline.writers.biblstruct import format_biblstruct

    return "".join(n.plain_text() for n in format_biblstruct(biblstruct(record, "bib-x")))


def test_works_from_the_bibliography_stage_read_as_bibliography_lines():
    from pipeline.citations.model import Citation, Name, PartialDate

    article = Citation(raw="", kind="journal-article", language="en", title="The Inchon Landing",
                       container="Naval War College Review", volume="20", issue="2", pages="51-72",
                       authors=(Name("Robert Heinl", family="Heinl", given="Robert"),),
                       date=PartialDate("1967", 1967))
    assert format_work(article) == "Heinl, Robert. “The Inchon Landing.” Naval War College Review 20, no. 2 (1967): 51–72."
    book = Citation(raw="", kind="book", language="zh", title="中国科学技术史", publisher="科学出版社",
                    place="北京", date=PartialDate("1975", 1975), volume="1",
                    authors=(Name("Joseph Needham", family="Needham", given="Joseph", alternate="李约瑟"),),
                    translators=(Name("王铃"),))
    assert format_work(book) == "Needham J（李约瑟）. 中国科学技术史: 第1卷[M]. 王铃, 译. 北京: 科学出版社, 1975."
