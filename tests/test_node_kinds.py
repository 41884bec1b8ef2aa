"""View-model node kinds are declared once (``pipeline/writers/nodes.py``); the builders read TEI
through one table of behaviours per element, and every renderer dispatches on the declared kinds."""
from __future__ import annotations

from lxml import etree

from pipeline.writers.model import build_document
from pipeline.writers.model.blocks import BlockBuilder
from pipeline.writers.model.inlines import InlineBuilder
from pipeline.writers.nodes import Kind, Node
from pipeline.writers.pandoc_ast import PandocBuilder
from pipeline.writers.templating import environment
from pipeline.writers.typst_source import environment as typst_environment


def tei(body: str) -> etree._Element:
    return etree.fromstring('<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="t" xml:lang="zh-Hans"><teiHeader/>'
                            f"<text><body>{body}</body></text></TEI>")


def shape(node: Node) -> tuple:
    """A node as (kind, id, attrs, text or children's shapes), for comparing trees."""
    return (node.kind, node.id, node.attrs, node.text if node.text is not None else [shape(c) for c in node.children])


def test_a_kind_is_its_name():
    assert Kind.CODE_INLINE == "code-inline" and Kind("annotation-ref") is Kind.ANNOTATION_REF
    assert f"{Kind.PARAGRAPH}" == "p" and {"p": 1}[Kind.PARAGRAPH] == 1
    assert len(Kind) == 34


def test_the_builders_tables_name_tei_elements():
    assert set(BlockBuilder.BLOCK_ELEMENTS) == {"div", "head", "p", "ab", "list", "figure", "table", "quote", "gap",
                                                "note", "listBibl", "formula"}
    assert set(InlineBuilder.INLINE_ELEMENTS) == {"hi", "emph", "ref", "ptr", "choice", "foreign", "seg", "formula",
                                                  "code", "note", "gap", "bibl", "citedRange", "lb", "graphic", "title", "q"}


def test_elements_without_a_behaviour_of_their_own_keep_their_words():
    document = build_document(tei('<p xml:id="p-1">甲<name xml:lang="en">Ridgway</name><seg>乙</seg></p>'
                                  '<sp xml:id="p-2">丙</sp><ab xml:id="p-3">丁</ab>'))
    assert [shape(node) for node in document.body] == [
        (Kind.PARAGRAPH, "p-1", {}, [(Kind.TEXT, None, {}, "甲"),
                                     (Kind.FOREIGN, None, {"lang": "en"}, [(Kind.TEXT, None, {}, "Ridgway")]),
                                     (Kind.TEXT, None, {}, "乙")]),
        (Kind.PARAGRAPH, "p-2", {}, [(Kind.TEXT, None, {}, "丙")]),
        (Kind.PARAGRAPH, "p-3", {}, [(Kind.TEXT, None, {}, "丁")]),
    ]


def test_a_ref_of_type_noteref_is_a_call_but_a_ptr_stays_a_link():
    document = build_document(tei('<p><ref type="noteref" target="#n-1" n="1">1</ref><ptr type="noteref" target="#n-1"/></p>'))
    assert [shape(node) for node in document.body[0].children] == [
        (Kind.NOTEREF, "ref-n-1-1", {"note": "n-1", "n": "1", "subtype": ""}, "1"),
        (Kind.LINK, None, {"href": "#n-1", "type": "noteref"}, []),
    ]


def test_the_html_templates_render_every_kind_by_a_table():
    module = environment(None, "html").get_template("_nodes.html").module
    assert set(module.INLINES) == {"text", "hi", "link", "noteref", "locator", "variant", "noconv", "foreign", "math",
                                   "code-inline", "maintenance", "editorial", "gap", "biblref", "annotated",
                                   "annotation-ref", "br", "span"}
    assert set(module.BLOCKS) == {"section", "heading", "p", "list", "figure", "table", "quote", "code", "gap",
                                  "editorial"}
    # the others are rendered by the node that holds them, or by _notes.html, _apparatus.html
    # and _annotations.html (a span is inline: the groups that keep a note call on its line are spans)
    assert set(Kind) - set(module.INLINES) - set(module.BLOCKS) == {
        Kind.ITEM, Kind.CAPTION, Kind.ROW, Kind.CELL, Kind.NOTE, Kind.ANNOTATION, Kind.REG, Kind.APPARATUS}


def test_the_typst_templates_render_every_kind_by_a_table():
    module = typst_environment(None).get_template("_nodes.typ").module
    assert set(module.CALLS) == {Kind.NOTEREF, Kind.ANNOTATION_REF}
    assert set(module.INLINES) | set(module.BLOCKS) <= set(Kind)
    # a link to a cited work shows its words on paper
    assert set(Kind) - set(module.CALLS) - set(module.INLINES) - set(module.BLOCKS) == {
        Kind.ITEM, Kind.CAPTION, Kind.ROW, Kind.CELL, Kind.SPAN, Kind.REG, Kind.BIBLREF}


def test_the_epub_builder_renders_every_kind_by_a_table():
    handled = set(PandocBuilder.INLINES) | set(PandocBuilder.BLOCKS)
    # a section is laid out with its level; the others by the node that holds them
    assert set(Kind) - handled == {Kind.SECTION, Kind.ITEM, Kind.CAPTION, Kind.ROW, Kind.CELL, Kind.SPAN, Kind.REG,
                                   Kind.BIBLREF}
