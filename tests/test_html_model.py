"""The view model's pieces the HTML edition relies on, on small hand-made TEI.

``tests/data/html/annotated.xml`` is TEI as the stages write it (docs/tei-model.md): block IDs,
annotations merged into the standOff with their phrases wrapped in anchor segs, an orphaned
annotation, notes cited from several places, biblStruct works, text that must stay inert.
"""
from __future__ import annotations

from lxml import etree

from conftest import DATA, jing
from pipeline.tei import load_tei
from pipeline.writers.model import build_document

ANNOTATED = DATA / "html" / "annotated.xml"


def tei(body: str, standoff: str = "") -> etree._Element:
    return etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="t" xml:lang="zh-Hans"><teiHeader/>'
        f"<text><body>{body}</body></text><standOff>{standoff}</standOff></TEI>")


def walk(nodes):
    for node in nodes:
        yield node
        yield from walk(node.children)


def by_id(document, block_id):
    return next(node for node in document.all_blocks() if node.id == block_id)


def test_the_sample_is_valid_tei():
    result = jing(ANNOTATED)
    assert result.returncode == 0, result.stdout


def test_anchor_segs_of_the_annotation_stage_are_marked_and_called_after_the_phrase():
    document = build_document(load_tei(ANNOTATED))
    paragraph = by_id(document, "p-aaa111")
    kinds = [(n.kind, n.id) for n in paragraph.children]
    assert ("annotated", "anchor-ann-incheon-1") in kinds
    mark = kinds.index(("annotated", "anchor-ann-incheon-1"))
    call = paragraph.children[mark + 1]
    assert call.kind == "annotation-ref" and call.attrs["annotation"] == "ann-incheon"
    assert paragraph.children[mark].plain_text() == "在仁川登陆"
    annotations = {a.id: a for a in document.annotations}
    assert annotations["ann-incheon"].attrs["anchored"] == "yes"
    assert annotations["ann-incheon"].attrs["refs"] == call.id


def test_a_call_after_a_phrase_inside_a_link_follows_the_link():
    document = build_document(load_tei(ANNOTATED))
    paragraph = by_id(document, "p-unsafe")
    link = next(n for n in paragraph.children if n.kind == "link")
    assert [n.kind for n in link.children] == ["annotated"]
    after = paragraph.children[paragraph.children.index(link) + 1]
    assert after.kind == "annotation-ref" and after.attrs["annotation"] == "ann-unsafe"


def test_each_annotated_block_lists_its_annotations_for_margin_notes():
    document = build_document(load_tei(ANNOTATED))
    margins = {node.id: [a.id for a in node.annotations] for node in document.all_blocks() if node.annotations}
    assert margins == {"p-aaa111": ["ann-incheon"], "p-bbb222": ["ann-block1"], "p-unsafe": ["ann-unsafe"]}


def test_orphaned_annotations_stay_unanchored_with_the_old_position_marked_editorial():
    document = build_document(load_tei(ANNOTATED))
    orphan = next(a for a in document.annotations if a.id == "ann-gone01")
    assert orphan.attrs["anchored"] == "no" and orphan.attrs["type"] == "orphaned"
    position = orphan.children[0]
    assert position.kind == "editorial" and position.plain_text().startswith("原位于段落 p-gone99")
    assert orphan.attrs["resp"] == "张三" and orphan.attrs["role"] == "注释"


def test_retired_ids_recorded_in_the_tei_are_given_to_their_successor():
    document = build_document(load_tei(ANNOTATED))
    assert by_id(document, "p-aaa111").attrs["retired"] == "p-old001 p-old002"
    assert "retired" not in by_id(document, "p-bbb222").attrs


def test_reading_text_leaves_out_note_calls_locators_marks_and_editorial_text():
    document = build_document(load_tei(ANNOTATED))
    assert by_id(document, "p-aaa111").reading_text() == (
        "1950年9月15日，联合国军在仁川登陆，战局逆转。朝鲜方面称之为인천 상륙 작전，英文为Operation Chromite。")
    assert by_id(document, "p-bbb222").reading_text() == (
        "麦克阿瑟的计划依赖潮汐，保留写法后来的头发不转换，潮差公式h = a\\cos(\\omega t)。")


def test_a_variant_shows_one_reading_in_plain_text():
    root = tei('<p xml:id="p-1"><choice><reg xml:lang="zh-Hans">朝鲜</reg><reg xml:lang="zh-Hant">韓國</reg></choice>战争</p>')
    assert build_document(root).body[0].plain_text() == "朝鲜战争"


def test_emphasis_and_inlines_with_a_language_keep_it():
    root = tei('<p xml:id="p-1"><emph>重点</emph><hi rend="italic" xml:lang="en">Inchon</hi></p>')
    paragraph = build_document(root).body[0]
    assert [(n.kind, n.attrs.get("lang"), n.plain_text()) for n in paragraph.children] == [
        ("hi", None, "重点"), ("foreign", "en", "Inchon")]


def test_a_note_links_to_its_work_and_the_work_knows_the_notes_citing_it():
    document = build_document(load_tei(ANNOTATED))
    note = document.notes_by_id()["note-1"]
    reference = next(n for n in walk(note.children) if n.kind == "biblref")
    assert reference.attrs["target"] == "bib-wang01"
    assert by_id(document, "bib-wang01").attrs["cited_by"] == "note-1"


def test_names_given_in_parts_are_written_as_readers_expect():
    document = build_document(load_tei(ANNOTATED))
    assert by_id(document, "bib-heinl1").plain_text().startswith("Heinl, Robert. ")
    root = etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="t" xml:lang="zh-Hans"><teiHeader/><text><body/><back>'
        '<div type="bibliography"><listBibl><biblStruct xml:id="bib-1"><monogr><author><persName>'
        '<surname>王</surname><forename>树增</forename></persName></author><title level="m">朝鲜战争</title>'
        '<imprint/></monogr></biblStruct></listBibl></div></back></text></TEI>')
    assert build_document(root).bibliography[0].children[0].plain_text() == "王树增. 朝鲜战争[M]."


def test_back_matter_keeps_the_sources_headings_and_every_division():
    root = etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="t" xml:lang="zh-Hans"><teiHeader/><text><body/><back>'
        '<div type="notes"><head xml:id="h-notes1">注释</head><note xml:id="n-1" n="1" place="end">甲</note></div>'
        '<div type="sources"><head xml:id="h-src001">来源</head><listBibl type="sources"><head xml:id="h-label1">书目'
        '</head><bibl xml:id="b-1">乙</bibl></listBibl></div>'
        '<div type="sources"><head xml:id="h-src002">延伸阅读</head><listBibl type="sources"><bibl xml:id="b-2">丙'
        '</bibl></listBibl></div></back></text></TEI>')
    document = build_document(root)
    assert (document.notes_head.id, document.notes_head.plain_text()) == ("h-notes1", "注释")
    assert [(n.kind, n.id) for n in document.sources] == [
        ("heading", "h-src001"), ("section", None), ("heading", "h-src002"), ("list", None)]
    label, entries = document.sources[1].children
    assert (label.id, label.attrs["level"], label.plain_text()) == ("h-label1", "2", "书目")
    assert [item.id for item in entries.children] == ["b-1"]
    assert {"h-notes1", "h-label1", "b-2"} <= {node.id for node in document.all_blocks()}
