"""The annotation target grammar (:mod:`pipeline.targets`), and ``edition render`` of a hand-written
TEI whose annotations still point with ``#match(…)``: anchored on the phrase the grammar reads."""
from __future__ import annotations

import re

import pytest

from conftest import run_edition
from pipeline.targets import (Pointer, PointerError, anchor_seg_id, parse_anchor_seg_id, parse_pointer,
                              parse_targets)


@pytest.mark.parametrize("token, pointer", [
    ("#p-1", Pointer("p-1")),
    ("#match(p-1,'a%20b')", Pointer("p-1", "a b")),
    ("#match(p-1,'it%27s')", Pointer("p-1", "it's")),
    ("#match(p-1,'100%25')", Pointer("p-1", "100%")),
    ("#match(p-1,'ab',2)", Pointer("p-1", "ab", 2)),
    ("#match(p-1,'%E4%BB%81川',12)", Pointer("p-1", "仁川", 12)),
    ("#注1", Pointer("注1")),
])
def test_each_form_reads_as_a_typed_pointer(token, pointer):
    assert parse_pointer(token) == pointer


def test_pointer_forms():
    assert parse_pointer("#p-7k3m2q") == Pointer("p-7k3m2q")
    assert parse_pointer("#match(p-7k3m2q,'仁川登陸')") == Pointer("p-7k3m2q", "仁川登陸", 1)
    assert parse_pointer("#match( p-7k3m2q , '仁川登陸' , 2 )") == Pointer("p-7k3m2q", "仁川登陸", 2)
    assert parse_pointer("#match(p-1,'Douglas%20MacArthur%27s')") == Pointer("p-1", "Douglas MacArthur's")
    assert parse_targets("#p-a  #match(p-b,'x')") == [Pointer("p-a"), Pointer("p-b", "x")]
    assert str(Pointer("p-1", "a b", 3)) == "#match(p-1,'a%20b',3)"
    assert str(Pointer("p-1", "仁川")) == "#match(p-1,'仁川')"


def test_several_targets_are_read_in_order():
    assert parse_targets(" #p-a\t#match(p-b,'x%20y',3)\n#ann-2 ") == [
        Pointer("p-a"), Pointer("p-b", "x y", 3), Pointer("ann-2")]


def test_a_pointer_answers_an_annotation_only_when_the_file_has_one_of_that_id():
    assert Pointer("ann-2").answers({"ann-1", "ann-2"})
    assert not Pointer("p-a").answers({"ann-1", "ann-2"})
    assert not Pointer("ann-2", "x").answers({"ann-2"})


def test_a_pointer_is_written_back_as_the_grammar_reads_it():
    for pointer in (Pointer("p-1"), Pointer("p-1", "a b"), Pointer("p-1", "it's", 2), Pointer("p-1", "100%")):
        assert parse_pointer(str(pointer)) == pointer


@pytest.mark.parametrize("token, says", [
    ("#match(p-1,'a", "not a phrase pointer"),
    ("#match(p-1,\"ab\")", "not a phrase pointer"),
    ("#match(p-1,'ab',)", "not a phrase pointer"),
    ("#match(p-1,'ab',x)", "not a phrase pointer"),
    ("#match(p-1,'ab',0)", "counts from 1"),
    ("#match(p-1,'%20')", "empty phrase"),
    ("#match(p-1,'%C3')", "not UTF-8"),
    ("#1abc", "neither a block"),
    ("p-7k3m2q", "neither a block"),
    ("#match(p-7k3m2q,仁川)", "not a phrase pointer"),
    ("#match(p-7k3m2q,'仁川',0)", "counts from 1"),
    ("#match(p-7k3m2q,' ')", "empty phrase"),
    ("#match(p-1,'%FF')", "not UTF-8"),
    ("korean-war.xml#p-1", "neither a block"),
])
def test_malformed_pointers_say_what_is_expected(token, says):
    with pytest.raises(PointerError, match=says):
        parse_pointer(token)


def test_a_target_value_is_refused_at_its_first_malformed_pointer():
    for value, says in (("", "empty target"), (" \n", "empty target"), ("#p-1 other.xml#p-2", "'other.xml#p-2'"),
                        ("#match(p-1,'a b')", "'#match\\(p-1,'a'")):
        with pytest.raises(PointerError, match=says):
            parse_targets(value)


def test_anchor_seg_ids_name_the_annotation_and_the_target():
    assert anchor_seg_id("kw-incheon", 2, 3) == "anchor-kw-incheon-2-3"
    assert parse_anchor_seg_id("anchor-kw-incheon-2-3") == ("kw-incheon", 2)
    assert parse_anchor_seg_id("p-abc") is None
    assert parse_anchor_seg_id("anchor-kw-x") is None


HAND_TEI = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="hand" xml:lang="zh-Hans">
  <teiHeader><fileDesc>
    <titleStmt><title type="main">手写</title></titleStmt>
    <publicationStmt><publisher>Edition pipeline project</publisher><date when="2026-11-23">2026-11-23</date></publicationStmt>
    <sourceDesc><p>手写的 TEI。</p></sourceDesc>
  </fileDesc></teiHeader>
  <text><body>
    <p xml:id="p-one">先写ab，再写a b<ref type="noteref" target="#note-1" n="1">1</ref>，it's late。</p>
    <p xml:id="p-two">x一x二<hi rend="bold">x</hi>三</p>
  </body>
  <back><div type="notes"><note xml:id="note-1" n="1">注。</note></div></back></text>
  <standOff><listAnnotation type="scholarly">
    <annotation xml:id="ann-space" target="#match(p-one,'a%20b')" motivation="commenting">
      <respStmt><resp>批注</resp><persName>李文</persName></respStmt><note>空格写作 %20。</note></annotation>
    <annotation xml:id="ann-second" target="#match(p-two,'x',2)" motivation="commenting">
      <respStmt><resp>批注</resp><persName>李文</persName></respStmt><note>第二处。</note></annotation>
    <annotation xml:id="ann-quote" target="#match(p-one,'it%27s%20late') #p-two" motivation="commenting">
      <respStmt><resp>批注</resp><persName>李文</persName></respStmt><note>引号写作 %27。</note></annotation>
  </listAnnotation></standOff>
</TEI>
"""


def test_render_anchors_hand_written_phrase_targets_on_the_text_they_name(tmp_path):
    source = tmp_path / "hand.xml"
    source.write_text(HAND_TEI, encoding="utf-8")
    result = run_edition("render", str(source), "--to", "html", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    paragraphs = dict(re.findall(r'<p id="(p-one|p-two)">(.*?)<span class="block-tools">', page))

    def marks(html: str) -> list[tuple[str, str]]:
        return re.findall(r'<mark class="annotated" id="([^"]+)" data-annotation="[^"]+">([^<]*)</mark>', html)

    # %20 is a space, %27 a quote: "a b" (not "ab"), "it's late"
    assert marks(paragraphs["p-one"]) == [("anchor-ann-space-1-1", "a b"), ("anchor-ann-quote-1-1", "it&#39;s late")]
    assert paragraphs["p-one"].startswith("先写ab，再写<mark")
    # ,2 is the second x (the first is left alone), and the call follows it
    assert marks(paragraphs["p-two"]) == [("anchor-ann-second-1-1", "x")]
    # (calls are kept on the line of what they follow: a no-break group, a word joiner after a mark)
    assert re.match('x一<mark[^>]*>x</mark><span class="join">\u2060<a class="annotation-ref" id="ref-ann-second-2" '
                    'href="#ann-second"', paragraphs["p-two"])
    # the block target of the same annotation gets its call at the end of its block
    assert paragraphs["p-two"].endswith('<a class="annotation-ref" id="ref-ann-quote-2" href="#ann-quote" '
                                        'data-preview="ann-quote" role="doc-noteref" aria-label="学术批注 b">b</a></span>')
    assert "未能定位" not in page.split('<section class="annotations')[0]

