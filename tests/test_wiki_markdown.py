"""The wiki-Markdown reader: small inputs built for one construct each, then the seed and the
eight dev articles (structure, faithfulness, debris, validity against tei_all)."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import DEV_ARTICLES, REPO, SCHEMA
from faithfulness import compare
from pipeline import jing, tei
from pipeline.errors import EditionError
from pipeline.readers.base import ReaderResult
from pipeline.readers.wiki_markdown import read

NS = tei.NS
SEED = REPO / "articles" / "korean-war.wiki.md"
DEV = sorted(path.name for path in DEV_ARTICLES.glob("*.md") if path.name != "README.md")
ARTICLES = {"korean-war.wiki.md": SEED, **{name: DEV_ARTICLES / name for name in DEV}}
DEBRIS = ("wikilink", "-{", "}-", "\\[", "\\]", "]]", "](", "**", "''", "<small", "fig:", "{{", "}}", "../Page/")
W = "https://zh.wikipedia.org/wiki/"


def one(markdown: str, lang: str = "zh-Hans") -> ReaderResult:
    return read(markdown, source_name="case.md", lang=lang)


def xml(element: etree._Element | None) -> str:
    """An element serialised without the TEI namespace declaration, for comparison."""
    if element is None:
        return ""
    return etree.tostring(element, encoding="unicode", with_tail=False).replace(' xmlns="http://www.tei-c.org/ns/1.0"', "")


def body(markdown: str) -> str:
    """The content of ``<body>`` as one string."""
    return xml(one(markdown).body)[len("<body>"):-len("</body>")]


def texts(element: etree._Element) -> str:
    return "".join(element.itertext())


def assembled(result: ReaderResult, name: str, lang: str = "zh-Hans") -> etree._Element:
    meta = tei.SourceMeta(id="case", title=name, lang=lang, format="wiki-markdown", file=name)
    root = tei.assemble(meta, result.body, result.back, result.front)
    tei.add_header_extras(root, tei.HeaderExtras(normalisations=result.normalisations, keywords=result.keywords))
    return root


# --- small inputs: links ------------------------------------------------------------------------

def test_wikilink_text_past_the_title_is_split_off() -> None:
    assert body('[朝鮮半島上的](https://zh.wikipedia.org/wiki/朝鮮半島 "wikilink")') == (
        f'<p><ref type="wikilink" target="{W}朝鮮半島">朝鮮半島</ref>上的</p>')


def test_wikilink_title_is_compared_across_scripts_and_page_form() -> None:
    assert body('[朝鲜半岛上的](../Page/朝鮮半島.md "wikilink")') == (
        f'<p><ref type="wikilink" target="{W}朝鮮半島">朝鲜半岛</ref>上的</p>')


def test_piped_wikilink_keeps_its_whole_text() -> None:
    assert body('[被日本统治](../Page/朝鲜日治时期.md "wikilink")') == (
        f'<p><ref type="wikilink" target="{W}朝鲜日治时期">被日本统治</ref></p>')


def test_wikilink_with_parentheses_and_spaces_in_its_title() -> None:
    assert body('[工黨及](https://zh.wikipedia.org/wiki/工黨_\\(英國\\) "wikilink")') == (
        f'<p><ref type="wikilink" target="{W}工黨_(英國)">工黨及</ref></p>')
    assert body('[Xerox\nPARC开发](https://zh.wikipedia.org/wiki/Xerox_PARC "wikilink")') == (
        f'<p><ref type="wikilink" target="{W}Xerox_PARC">Xerox PARC</ref>开发</p>')


def test_external_link_and_autolink_keep_their_url() -> None:
    assert body("[光明网](http://www.gmw.cn/a.htm)，<http://www.smalltalk.org>") == (
        '<p><ref type="external" target="http://www.gmw.cn/a.htm">光明网</ref>，'
        '<ref type="external" target="http://www.smalltalk.org">http://www.smalltalk.org</ref></p>')


def test_category_links_become_keywords_and_leave_the_text() -> None:
    result = one('正文。\n\n[Category:朝鲜战争](https://zh.wikipedia.org/wiki/Category:朝鲜战争 "wikilink") '
                 '[Category:冷戰衝突](../Page/Category:冷戰衝突.md "wikilink")')
    assert result.keywords == ["朝鲜战争", "冷戰衝突"]
    assert xml(result.body) == "<body><p>正文。</p></body>"


# --- small inputs: markers, math, brackets ------------------------------------------------------

def test_escaped_markers_become_note_references() -> None:
    assert body("甲\\[1\\]\\[2\\] \\[3\\]乙") == (
        '<p>甲<ref type="noteref" target="#note-1" n="1">1</ref><ref type="noteref" target="#note-2" n="2">2</ref>'
        ' <ref type="noteref" target="#note-3" n="3">3</ref>乙</p>')


def test_marker_with_a_locator_keeps_the_locator() -> None:
    assert body("甲\\[68\\]:5210。") == (
        '<p>甲<bibl type="noteref"><ref type="noteref" target="#note-68" n="68">68</ref>'
        "<citedRange>5210</citedRange></bibl>。</p>")


def test_escaped_brackets_that_are_not_markers_stay_text() -> None:
    assert body("光合作用的\\[光反應\\]阶段") == "<p>光合作用的[光反應]阶段</p>"


def test_tex_math_inline_and_display() -> None:
    assert body("需要\\(O(n^2)\\)次") == '<p>需要<formula notation="tex">O(n^2)</formula>次</p>'
    assert body("\\[u = -(1/6)*\\alpha\\]") == (
        '<p><formula notation="tex" rend="display">u = -(1/6)*\\alpha</formula></p>')


# --- small inputs: figures ----------------------------------------------------------------------

def test_figure_caption_ends_at_the_debris_and_the_text_after_is_a_paragraph() -> None:
    markdown = ('[Task_Force_Smith.jpg](https://zh.wikipedia.org/wiki/File:Task_Force_Smith.jpg '
                '"fig:Task_Force_Smith.jpg")，準備抵抗\\[5\\]\\]\\] 7月7日，決議。')
    assert body(markdown) == (
        f'<figure><graphic url="{W}File:Task_Force_Smith.jpg"/><head type="damaged">，準備抵抗'
        '<ref type="noteref" target="#note-5" n="5">5</ref></head></figure><p>7月7日，決議。</p>')


def test_figure_without_caption_leaves_the_text_to_the_paragraph() -> None:
    markdown = ('前文。 [A.jpg](https://zh.wikipedia.org/wiki/File:A.jpg "fig:A.jpg") '
                '[B.png](https://zh.wikipedia.org/wiki/File:B.png "fig:B.png")的河畔\\]\\] 後文。')
    assert body(markdown) == (
        f'<p>前文。</p><figure><graphic url="{W}File:A.jpg"/></figure>'
        f'<figure><graphic url="{W}File:B.png"/><head type="damaged">的河畔</head></figure><p>後文。</p>')


def test_gallery_line_gives_one_figure_per_image() -> None:
    markdown = "<center>\n\n<File:Lingjiao> Waterfall.JPG|嶺腳瀑布 <File:Shi> Ti Slope.JPG|石底大斜坑\n\n</center>"
    assert body(markdown) == (
        f'<figure><graphic url="{W}File:Lingjiao_Waterfall.JPG"/><head>嶺腳瀑布</head></figure>'
        f'<figure><graphic url="{W}File:Shi_Ti_Slope.JPG"/><head>石底大斜坑</head></figure>')


# --- small inputs: headings and sections --------------------------------------------------------

def test_headings_nest_into_sections_and_an_empty_heading_is_a_gap() -> None:
    result = one("导言。\n\n## 背景\n\n甲。\n\n### \n\n乙。\n\n## [经过](../Page/经过.md \"wikilink\")\n\n丙。")
    assert xml(result.body) == (
        '<body><p>导言。</p><div type="section"><head>背景</head><p>甲。</p>'
        '<div type="section"><gap reason="lost" resp="#pipeline"><desc>此处标题为空：原标题中的模板在转换中丢失。</desc>'
        '</gap><p>乙。</p></div></div>'
        f'<div type="section"><head><ref type="wikilink" target="{W}经过">经过</ref></head><p>丙。</p></div></body>')


def test_heading_right_after_a_list_line_is_lifted_out_of_the_list() -> None:
    assert body("## 種類\n\n  - 甲\n      -\n## 範例\n\n表。") == (
        '<div type="section"><head>種類</head><list rend="bulleted"><item>甲<list rend="bulleted"><item>'
        '<gap reason="lost" resp="#pipeline"><desc>此列表项为空：其中的模板在转换中丢失。</desc></gap></item>'
        '</list></item></list></div><div type="section"><head>範例</head><p>表。</p></div>')


# --- small inputs: variants -------------------------------------------------------------------

def test_variant_markup_becomes_a_choice_of_readings() -> None:
    assert body("对-{zh-hans:朝鲜;zh-hant:韓國}-平民北朝-{}-鮮平溪-{庄}-，-{zh-tw:又稱;zh-cn:;}-") == (
        '<p>对<choice><reg type="variant" xml:lang="zh-Hans">朝鲜</reg><reg type="variant" xml:lang="zh-Hant">韓國'
        '</reg></choice>平民北朝鮮平溪<seg type="no-conversion">庄</seg>，<choice><reg type="variant" '
        'xml:lang="zh-Hant-TW">又稱</reg><reg type="variant" xml:lang="zh-Hans-CN"/></choice></p>')


def test_a_single_reading_is_a_bare_reg() -> None:
    assert body("-{zh-hans:对象}-") == '<p><reg type="variant" xml:lang="zh-Hans">对象</reg></p>'


def test_variant_markup_inside_link_text_and_heading() -> None:
    result = one("## Smalltalk中的-{zh-hans:对象; zh-hant:物件;}-\n\n"
                 "[-{zh-hans:斯大林;zh-hant:史達林;}-成功逼迫](https://zh.wikipedia.org/wiki/斯大林 \"wikilink\")")
    head, paragraph = result.body.find("tei:div/tei:head", NS), result.body.find("tei:div/tei:p", NS)
    assert xml(head) == ('<head>Smalltalk中的<choice><reg type="variant" xml:lang="zh-Hans">对象</reg>'
                         '<reg type="variant" xml:lang="zh-Hant">物件</reg></choice></head>')
    assert xml(paragraph) == (
        f'<p><ref type="wikilink" target="{W}斯大林"><choice><reg type="variant" xml:lang="zh-Hans">斯大林</reg>'
        '<reg type="variant" xml:lang="zh-Hant">史達林</reg></choice></ref>成功逼迫</p>')


def test_variant_markup_in_a_code_block() -> None:
    assert body("    x\n    -{zh-hant:函數;zh-hans:函数}-") == (
        '<ab type="code" xml:space="preserve">x\n<choice><reg type="variant" xml:lang="zh-Hant">函數</reg>'
        '<reg type="variant" xml:lang="zh-Hans">函数</reg></choice></ab>')


def test_flags_wrapping_a_section_are_removed_and_its_list_kept() -> None:
    result = one("正文。\n\n## 外部链接\n\n\\-{zh-hans;zh-hant|\n\n  - [甲](http://a.example/)\n\n}- {{-}}")
    assert xml(result.back) == (
        '<back><div type="external-links"><head>外部链接</head><list rend="bulleted"><item>'
        '<ref type="external" target="http://a.example/">甲</ref></item></list>'
        '<note type="editorial" resp="#pipeline" subtype="template">此处原有排版模板“-”，已删除。</note></div></back>')


# --- small inputs: lost text, templates, wiki quotes, HTML ---------------------------------------

def test_empty_brackets_of_a_lost_template_are_a_gap_with_an_editorial_note() -> None:
    assert body("**李約瑟**，（，），生於倫敦") == (
        '<p><hi rend="bold">李約瑟</hi>，（<gap reason="lost" resp="#pipeline"/>，）<note type="editorial" '
        'resp="#pipeline" subtype="lost-text">此处原有模板生成的文字，在转换中丢失。</note>，生於倫敦</p>')


def test_editorial_notes_speak_the_article_script() -> None:
    result = one("寄存器（）是", lang="zh-Hant")
    assert texts(result.body.find(".//tei:note", NS)) == "此處原有模板生成的文字，在轉換中丟失。"


def test_empty_bold_is_lost_text() -> None:
    assert body("  - **** - 是在程式執行時") == (
        '<list rend="bulleted"><item><gap reason="lost" resp="#pipeline"/><note type="editorial" resp="#pipeline" '
        'subtype="lost-text">此处原有模板生成的文字，在转换中丢失。</note> - 是在程式執行時</item></list>')


def test_template_with_parameters_keeps_the_values_as_text() -> None:
    assert body("2. {{ cite journal |url=<http://a.example/x.pdf> |title=李約瑟的精彩人生 |issue= |volume=63 }}") == (
        '<list rend="numbered"><item n="2"><seg type="template" n="cite journal"><seg type="param" n="url">'
        '<ref type="external" target="http://a.example/x.pdf">http://a.example/x.pdf</ref></seg> '
        '<seg type="param" n="title">李約瑟的精彩人生</seg> <seg type="param" n="volume">63</seg></seg>'
        '<note type="editorial" resp="#pipeline" subtype="template">以上为未展开的模板“cite journal”的参数，'
        "模板本身未能转换。</note></item></list>")


def test_infobox_over_several_lines_keeps_its_values() -> None:
    assert body("正文。\n\n{{Infobox military conflict\n| conflict = 朝鲜战争\n| place = [朝鲜半岛](../Page/朝鲜半岛.md "
                "\"wikilink\")\n}}") == (
        '<p>正文。</p><p><seg type="template" n="Infobox military conflict"><seg type="param" n="conflict">朝鲜战争</seg> '
        f'<seg type="param" n="place"><ref type="wikilink" target="{W}朝鲜半岛">朝鲜半岛</ref></seg></seg>'
        '<note type="editorial" resp="#pipeline" subtype="template">以上为未展开的模板“Infobox military conflict”的参数，'
        "模板本身未能转换。</note></p>")


def test_wiki_italics_and_an_unpaired_mark() -> None:
    assert body("Edwards, Paul M. '' Korean War Almanac'' (2006)") == (
        '<p>Edwards, Paul M. <hi rend="italic"> Korean War Almanac</hi> (2006)</p>')
    result = one("正文。\n\n'The Man Who Loved China'', p. 212.")
    assert texts(result.body) == "正文。'The Man Who Loved China, p. 212."
    assert result.warnings == ["case.md:3: warning: wiki emphasis mark '' without a partner was removed"]


def test_inline_html_is_encoded_and_placeholders_removed() -> None:
    assert body("2KNO<sub>3</sub> <small>参见：[驻韩美军](https://zh.wikipedia.org/wiki/驻韩美军 \"wikilink\")</small>"
                "<!-- c -->甲<br />乙<references/>") == (
        f'<p>2KNO<hi rend="sub">3</hi> <hi rend="small">参见：<ref type="wikilink" target="{W}驻韩美军">驻韩美军</ref>'
        '</hi>甲<lb/>乙</p>')


def test_stray_ref_tag_becomes_an_editorial_note() -> None:
    assert body("挖去双眼<ref>[报道](http://a.example/)") == (
        '<p>挖去双眼<note type="editorial" resp="#pipeline" subtype="stray-ref">此处原有一个未闭合的引用标签（ref），'
        '其内容即随后的文字。</note><ref type="external" target="http://a.example/">报道</ref></p>')


def test_stray_debris_is_removed_with_a_warning_naming_the_line() -> None:
    result = one("第一行。\n\n甲**乙]]丙 -{丁")
    assert xml(result.body) == "<body><p>第一行。</p><p>甲乙丙 丁</p></body>"
    assert any(w.startswith("case.md:3: warning:") and "-{" in w for w in result.warnings)
    assert sum("stray wiki markup" in w for w in result.warnings) == 3


# --- small inputs: blocks -------------------------------------------------------------------

def test_html_table_with_caption_header_cells_and_a_cell_holding_paragraphs_and_a_list() -> None:
    markdown = ("<table>\n<caption>\n寄存器\n</caption>\n<thead>\n<tr class=\"header\">\n<th><p>CPU架構</p></th>\n"
                "<th><p>整數<br />\n暫存器數量</p></th>\n</tr>\n</thead>\n<tbody>\n<tr class=\"odd\">\n<td>"
                "<p><a href=\"../Page/x86.md\" title=\"wikilink\">x86</a></p></td>\n<td>\n\n甲\n\n乙\n\n  - 丙\n\n</td>\n"
                "</tr>\n</tbody>\n</table>\n\n後文。")
    assert body(markdown) == (
        '<table><head>寄存器</head><row role="label"><cell>CPU架構</cell><cell>整數<lb/> 暫存器數量</cell></row>'
        f'<row><cell><ref type="wikilink" target="{W}x86">x86</ref></cell><cell><p>甲</p><p>乙</p>'
        '<list rend="bulleted"><item>丙</item></list></cell></row></table><p>後文。</p>')


def test_unterminated_html_table_ends_after_its_last_cell_with_a_warning() -> None:
    result = one("前文。\n\n<table>\n<tr>\n<td>\n\n甲\n\n</td>\n</tr>\n\n後文。")
    assert xml(result.body) == "<body><p>前文。</p><table><row><cell>甲</cell></row></table><p>後文。</p></body>"
    assert result.warnings == ["case.md:3: warning: HTML table is never closed; it ends after its last cell"]


def test_pipe_table_with_a_caption_and_escapes() -> None:
    assert body("| 年份 | 行政區 |\n| --- | --- |\n| 1920\\~1932 | 平溪-{庄}- |\n\n: 沿革") == (
        '<table><head>沿革</head><row role="label"><cell>年份</cell><cell>行政區</cell></row><row><cell>1920~1932'
        '</cell><cell>平溪<seg type="no-conversion">庄</seg></cell></row></table>')


def test_ordered_list_keeps_its_numbers_and_empty_items() -> None:
    assert body("3.  甲\n4.\n5.  乙") == (
        '<list rend="numbered"><item n="3">甲</item><item n="4"><gap reason="lost" resp="#pipeline">'
        '<desc>此列表项为空：其中的模板在转换中丢失。</desc></gap></item><item n="5">乙</item></list>')


def test_block_quote_code_block_and_inline_code() -> None:
    assert body("> 引文\n\n``` C\nint i;\n```\n\n`(15 * 19)`") == (
        '<quote type="block"><p>引文</p></quote><ab type="code" subtype="c" xml:space="preserve">int i;</ab>'
        "<p><code>(15 * 19)</code></p>")
    assert body("``` Objective-C numberLines\n- (NSArray*) sort: (NSArray *) a {\n```") == (
        '<ab type="code" subtype="Objective-C" rend="numbered-lines" xml:space="preserve">'
        "- (NSArray*) sort: (NSArray *) a {</ab>")


def test_conversion_banner_goes_to_the_front_matter() -> None:
    result = one("> 本文内容由[火药](https://zh.wikipedia.org/wiki/火药)转换而来。\n\n\n正文。")
    assert xml(result.front) == ('<front><div type="provenance"><p>本文内容由<ref type="external" '
                                 f'target="{W}火药">火药</ref>转换而来。</p></div></front>')
    assert xml(result.body) == "<body><p>正文。</p></body>"


# --- small inputs: end matter ---------------------------------------------------------------------

def test_notes_after_the_category_line_are_end_notes_in_order() -> None:
    result = one("正文\\[2\\]。\n\n## 注释\n\n[Category:甲](https://zh.wikipedia.org/wiki/Category:甲 \"wikilink\")\n\n"
                 "1.\n2.  Frances Wood, *Did Marco Polo Go to China?* (London: Secker &\n    Warburg, 1995).\n\n3.")
    assert xml(result.back) == (
        '<back><div type="notes"><head>注释</head><note place="end" n="1" xml:id="note-1"/>'
        '<note place="end" n="2" xml:id="note-2">Frances Wood, <hi rend="italic">Did Marco Polo Go to China?</hi> '
        '(London: Secker &amp; Warburg, 1995).</note><note place="end" n="3" xml:id="note-3"/></div></back>')
    assert result.keywords == ["甲"]


def test_without_categories_a_final_numbered_list_is_the_notes_only_if_the_text_cites_notes() -> None:
    assert one("正文\\[1\\]。\n\n1.  出处").back.find("tei:div[@type='notes']/tei:note", NS).get("n") == "1"
    assert xml(one("步骤：\n\n1.  比較").back) == "<back/>"


def test_source_lists_become_bibliography_lists_in_source_order() -> None:
    result = one("正文。\n\n## 參考文獻\n\n  - 書目\n\n<!-- end list -->\n\n  - 乙《书》\n  -\n\n<!-- end list -->\n\n"
                 "  - 引用\n\n## 外部連結\n\n  - [甲](http://a.example/)")
    assert xml(result.back) == (
        '<back><div type="sources"><head>參考文獻</head><listBibl type="sources"><head>書目</head><bibl>乙《书》'
        '</bibl><bibl><gap reason="lost" resp="#pipeline"><desc>此书目条目为空：其中的引用模板在转换中丢失。</desc></gap>'
        '</bibl></listBibl><p>引用</p></div><div type="external-links"><head>外部連結</head><list rend="bulleted">'
        '<item><ref type="external" target="http://a.example/">甲</ref></item></list></div></back>')
    assert xml(result.body) == "<body><p>正文。</p></body>"


# --- small inputs: bad input ---------------------------------------------------------------------

def test_unbalanced_variant_markup_is_reported_with_its_line_and_removed() -> None:
    result = one("甲。\n\n乙-{zh-hans:朝鲜;丙")
    assert texts(result.body) == "甲。乙zh-hans:朝鲜;丙"
    assert result.warnings[0].startswith("case.md:3: warning: variant markup: -{ at ")


def test_control_characters_are_refused_with_their_line() -> None:
    with pytest.raises(EditionError) as caught:
        one("甲\n乙\x07丙")
    assert str(caught.value) == ("case.md:2: character U+0007 at column 2 cannot be held in XML; "
                                 "remove it from the source")


@pytest.mark.parametrize("markdown", ["", " \n\n\t", "[Category:甲](https://zh.wikipedia.org/wiki/Category:甲 \"wikilink\")"])
def test_a_source_without_article_text_is_an_error(markdown: str) -> None:
    with pytest.raises(EditionError) as caught:
        one(markdown)
    assert str(caught.value).startswith("case.md: ")


def test_bom_and_crlf_are_repaired_with_warnings() -> None:
    result = one("\ufeff甲。\r\n\r\n乙。")
    assert xml(result.body) == "<body><p>甲。</p><p>乙。</p></body>"
    assert result.warnings == ["case.md:1: warning: byte-order mark removed",
                               "case.md:1: warning: CRLF/CR line ends normalised to LF"]


def test_deeply_nested_lists_are_flattened_with_a_warning() -> None:
    markdown = "".join("  " * depth + "- 层" + str(depth) + "\n" for depth in range(40))
    result = one(markdown)
    assert max(len(item.xpath("ancestor::tei:list", namespaces=NS)) for item in result.body.iter(tei.tag("item"))) == 32
    assert texts(result.body) == "".join(f"层{depth}" for depth in range(40))
    assert result.warnings == ["case.md:33: warning: lists nested deeper than 32 levels were flattened"]


def test_lists_too_deep_for_pandoc_json_are_an_error_naming_the_deepest_line() -> None:
    markdown = "".join("  " * depth + "- 层\n" for depth in range(400))
    with pytest.raises(EditionError) as caught:
        one(markdown)
    assert str(caught.value).startswith("case.md:400: Pandoc cannot read this Markdown: the document nests too deeply")


def test_a_one_megabyte_paragraph_is_read_whole(tmp_path: Path) -> None:
    sentence = '朝鲜战争是[朝鮮半島上的](https://zh.wikipedia.org/wiki/朝鮮半島 "wikilink")战争\\[12\\]。'
    result = one(sentence * (1_000_000 // len(sentence.encode())))
    paragraph = result.body.find("tei:p", NS)
    assert len(paragraph.findall("tei:ref[@type='wikilink']", NS)) == 1_000_000 // len(sentence.encode())
    path = tmp_path / "big.xml"
    path.write_bytes(tei.serialize(assembled(result, "big.md")))
    assert jing.validate_with_jing(path) == []


_FRAGMENTS = st.sampled_from([
    "甲", " ", "\n", "\n\n", "## ", "  - ", "1. ", "-{", "}-", "zh-hans:", ";", "|", "\\[", "\\]", "[", "](",
    "(../Page/T.md \"wikilink\")", "\"fig:A.jpg\")", "''", "**", "{{", "}}", "<table>", "<td>", "</tr>", "<ref>",
    "<sub>", "</sub>", "（，）", "```", "> ", "\\(", "\\)", "[Category:X](https://zh.wikipedia.org/wiki/Category:X)",
    "<File:A>", "<!--", "-->", "\t", "\\", "`",
])


@settings(max_examples=60, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=40).map("".join))
def test_no_input_crashes_the_reader(markdown: str) -> None:
    try:
        result = one(markdown)
    except EditionError:
        return
    etree.fromstring(tei.serialize(assembled(result, "fuzz.md")))


# --- the seed and the dev articles -----------------------------------------------------------

@pytest.fixture(scope="session")
def readings() -> dict[str, ReaderResult]:
    lang = {"平溪區.md": "zh-Hant", "寄存器.md": "zh-Hant"}
    return {name: read(path.read_text(encoding="utf-8"), source_name=name, lang=lang.get(name, "zh-Hans"))
            for name, path in ARTICLES.items()}


@pytest.fixture(scope="session")
def documents(readings: dict[str, ReaderResult]) -> dict[str, etree._Element]:
    return {name: assembled(result, name) for name, result in readings.items()}


@pytest.fixture(scope="session")
def jing_report(documents: dict[str, etree._Element], tmp_path_factory) -> dict[str, str]:
    """jing's messages per article, all articles validated in one run."""
    folder = tmp_path_factory.mktemp("wiki-tei")
    paths = {}
    for index, (name, root) in enumerate(documents.items()):
        paths[name] = folder / f"{index}.xml"
        paths[name].write_bytes(tei.serialize(root))
    assert SCHEMA.exists(), f"{SCHEMA} is missing: it is package data (pipeline/schemas/)"
    run = subprocess.run(["jing", str(SCHEMA), *map(str, paths.values())], capture_output=True, text=True)
    assert run.returncode == 0 or run.stdout.strip(), run.stderr
    return {name: "\n".join(line for line in run.stdout.splitlines() if line.startswith(f"{path}:"))
            for name, path in paths.items()}


EXPECTED_SHARE_KEPT = {name: 1.0 for name in ARTICLES}
"""Share of each source's characters found in order in its TEI (tests/faithfulness.py): all of them."""


@pytest.mark.parametrize("name", list(ARTICLES))
def test_article_is_valid_against_tei_all(name: str, jing_report: dict[str, str]) -> None:
    assert jing_report[name] == ""


@pytest.mark.parametrize("name", list(ARTICLES))
def test_article_text_holds_no_conversion_debris(name: str, documents: dict[str, etree._Element]) -> None:
    text = documents[name].find("tei:text", NS)
    found = [(marker, piece) for node in text.iter() for piece in (node.text, node.tail if node is not text else None)
             if piece for marker in DEBRIS if marker in piece]
    assert found == []


@pytest.mark.parametrize("name", list(ARTICLES))
def test_article_keeps_every_source_character_in_order(name: str, documents: dict[str, etree._Element]) -> None:
    report = compare(ARTICLES[name].read_text(encoding="utf-8"), documents[name])
    assert report.share == EXPECTED_SHARE_KEPT[name], str(report)
    assert report.differences == []


@pytest.mark.parametrize("name", list(ARTICLES))
def test_article_marks_everything_the_pipeline_added(name: str, documents: dict[str, etree._Element]) -> None:
    text = documents[name].find("tei:text", NS)
    assert all(note.get("resp") == "#pipeline" for note in text.iterfind(".//tei:note[@type='editorial']", NS))
    assert all(gap.get("resp") == "#pipeline" for gap in text.iterfind(".//tei:gap", NS))


@pytest.mark.parametrize("name", list(ARTICLES))
def test_every_note_reference_points_at_a_note(name: str, documents: dict[str, etree._Element]) -> None:
    text = documents[name].find("tei:text", NS)
    ids = {note.get(tei.XML_ID) for note in text.iterfind("tei:back/tei:div[@type='notes']/tei:note", NS)}
    targets = {ref.get("target")[1:] for ref in text.iterfind(".//tei:ref[@type='noteref']", NS)}
    assert targets <= ids


NOTES = {"korean-war.wiki.md": (320, 84), "火药.md": (33, 25), "李约瑟.md": (15, 9), "马可·波罗.md": (26, 7),
         "平溪區.md": (9, 5), "(2+1)维_KP方程.md": (1, 1), "冒泡排序.md": (0, 0), "寄存器.md": (0, 0),
         "Smalltalk.md": (0, 0)}
"""(notes, notes holding text) per article. The seed's list runs to 320 (its README says 319; the file
has 320 numbered items and markers up to \\[320\\])."""


@pytest.mark.parametrize("name", list(ARTICLES))
def test_notes_list_is_read_whole(name: str, readings: dict[str, ReaderResult]) -> None:
    notes = readings[name].back.findall("tei:div[@type='notes']/tei:note", NS)
    assert (len(notes), sum(bool(texts(note).strip()) for note in notes)) == NOTES[name]
    assert [note.get("n") for note in notes] == [str(n) for n in range(1, len(notes) + 1)]


FIGURES = {"korean-war.wiki.md": 35, "火药.md": 9, "马可·波罗.md": 4, "冒泡排序.md": 2, "平溪區.md": 13,
           "(2+1)维_KP方程.md": 4, "李约瑟.md": 0, "寄存器.md": 0, "Smalltalk.md": 0}


@pytest.mark.parametrize("name", list(ARTICLES))
def test_every_image_is_a_figure(name: str, readings: dict[str, ReaderResult]) -> None:
    assert len(list(readings[name].body.iter(tei.tag("figure")))) == FIGURES[name]


def test_seed_reading_is_deterministic(readings: dict[str, ReaderResult]) -> None:
    again = read(SEED.read_text(encoding="utf-8"), source_name="korean-war.wiki.md", lang="zh-Hans")
    assert xml(again.body) == xml(readings["korean-war.wiki.md"].body)
    assert xml(again.back) == xml(readings["korean-war.wiki.md"].back)
    assert again.normalisations == readings["korean-war.wiki.md"].normalisations


# --- the seed in detail -----------------------------------------------------------------------------

@pytest.fixture(scope="session")
def seed(readings: dict[str, ReaderResult]) -> ReaderResult:
    return readings["korean-war.wiki.md"]


def figure_of(result: ReaderResult, file_name: str) -> etree._Element:
    return result.body.xpath(f".//tei:figure[tei:graphic/@url='{W}File:{file_name}']", namespaces=NS)[0]


def test_seed_sections_per_level(seed: ReaderResult) -> None:
    levels = [len(div.xpath("ancestor-or-self::tei:div", namespaces=NS)) for div in seed.body.iter(tei.tag("div"))]
    assert [levels.count(level) for level in (1, 2, 3)] == [8, 20, 20]
    assert [texts(head) for head in seed.body.findall("tei:div/tei:head", NS)] == [
        "名称", "背景", "经过", "停战", "伤亡情况", "戰俘處理", "战争罪行", "相关文艺作品"]
    assert len(seed.body.findall(".//tei:div/tei:gap[@reason='lost']", NS)) == 6
    assert texts(seed.body.xpath(".//tei:div[tei:head='相持与谈判']/preceding-sibling::tei:div[1]/tei:head",
                                 namespaces=NS)[0]) == "麥克阿瑟被解職"


def test_seed_figures_have_their_captions(seed: ReaderResult) -> None:
    assert texts(figure_of(seed, "Syngman_Rhee.jpg").find("tei:head", NS)) == "（左）"
    assert texts(figure_of(seed, "Pusan_Perimeter_Sept_4.jpg").find("tei:head", NS)) == "的洛東江河畔，準備阻止朝鮮人民軍的進攻"
    assert figure_of(seed, "Kw_attack1.JPG").find("tei:head", NS) is None
    mig = figure_of(seed, "MIG-15_(5732726794).jpg").find("tei:head", NS)
    assert texts(mig) == "。亞利桑那州空軍紀念博物館收藏。170"
    assert mig.find("tei:ref[@type='noteref']", NS).get("target") == "#note-170"
    # 12 captions, every one cut by the converter, and 4 cut to nothing: all marked damaged
    assert len([head for head in seed.body.findall(".//tei:figure/tei:head", NS) if texts(head)]) == 12
    assert len(seed.body.findall(".//tei:figure/tei:head[@type='damaged']", NS)) == 16


def test_seed_first_paragraph(seed: ReaderResult) -> None:
    first = seed.body.find("tei:p", NS)
    assert [(ref.get("target")[len(W):], ref.text, ref.tail) for ref in first.findall("tei:ref", NS)][:3] == [
        ("朝鮮半島", "朝鮮半島", "上的"), ("朝鮮民主主義人民共和國", "朝鮮民主主義人民共和國", "政权与"),
        ("大韓民國", "大韓民國", "政权之间，从1950年6月25日开战至1953年7月27日双方执行")]


def test_seed_variant_heading_lost_text_and_html(seed: ReaderResult) -> None:
    head = seed.body.xpath(".//tei:head[starts-with(., '对')][tei:choice]", namespaces=NS)[0]
    assert [(reg.get(tei.XML_LANG), reg.text) for reg in head.iter(tei.tag("reg"))] == [
        ("zh-Hans", "朝鲜"), ("zh-Hant", "韓國")]
    names = seed.body.find("tei:div/tei:p", NS)
    assert len(names.findall("tei:gap[@reason='lost']", NS)) >= 3
    assert texts(seed.body.find(".//tei:hi[@rend='small']", NS)) == "参见：驻韩美军"
    assert len(seed.body.findall(".//tei:note[@subtype='stray-ref']", NS)) == 1


def test_seed_end_matter(seed: ReaderResult) -> None:
    sources = seed.back.find("tei:div[@type='sources']", NS)
    assert texts(sources.find("tei:head", NS)) == "参考文献"
    assert [texts(head) for head in sources.findall("tei:div/tei:head", NS)] == ["引用", "来源"]
    bibls = sources.findall(".//tei:bibl", NS)
    assert len(bibls) == 20
    assert texts(bibls[0]) == "丁亮春：《中国人民志愿军名称由来》，光明网。"
    assert texts(bibls[-1]) == "Werrell, Kenneth P., Sabers over MiG Alley, USNI, ISBN 978-1-59114-933-0"
    assert xml(bibls[9].find("tei:hi", NS)) == '<hi rend="italic"> Korean War Almanac</hi>'
    links = seed.back.find("tei:div[@type='external-links']", NS)
    assert len(links.findall("tei:list/tei:item", NS)) == 8
    assert links.find("tei:note[@subtype='template']", NS) is not None
    assert texts(seed.back.find("tei:div[@type='notes']/tei:head", NS)) == "注释"
    assert texts(seed.back.find("tei:div/tei:note[@n='13']", NS)) == (
        "李奇微 著，军事科学院外国军事研究部 译：《朝鲜战争》（The Korean War）. 1983年10月.")


def test_seed_keywords_and_normalisations(seed: ReaderResult) -> None:
    assert len(seed.keywords) == 16
    assert (seed.keywords[0], seed.keywords[-1]) == ("朝鲜战争", "1950年代军事")
    for sentence in ("Footnote markers", "Internal wiki links", "MediaWiki language-variant markup",
                     "Image links", "Category links", "Headings whose text was lost"):
        assert any(line.startswith(sentence) for line in seed.normalisations), sentence
    assert seed.warnings == []


# --- the dev articles in detail ------------------------------------------------------------------------

def test_gunpowder(readings: dict[str, ReaderResult]) -> None:
    result = readings["火药.md"]
    assert texts(result.front) == "本文内容由火药转换而来。"
    gallery = [texts(head) for head in result.body.findall(".//tei:figure/tei:head", NS)][-6:]
    assert gallery == ["霹雳火球制法", "霹雳火球图", "武经总要竹火鷂鐵嘴火鷂", "武经总要火球图", "火龙经霹雳炮", "火龙经水雷"]
    assert [hi.text for hi in result.body.iterfind(".//tei:hi[@rend='sub']", NS)][:3] == ["3", "2", "2"]
    assert [[reg.text for reg in choice] for choice in result.body.iter(tei.tag("choice"))] == [["斤", "觔"]] * 2
    lists = result.back.findall("tei:div[@type='sources']/tei:listBibl", NS)
    assert [len(listbibl.findall("tei:bibl/tei:gap", NS)) for listbibl in lists] == [2, 0]
    assert len(lists[1].findall("tei:bibl", NS)) == 4
    assert result.body.xpath("tei:div[tei:head='內部連結']", namespaces=NS)


def test_needham(readings: dict[str, ReaderResult]) -> None:
    result = readings["李约瑟.md"]
    template = result.back.find(".//tei:note[@n='2']/tei:seg[@type='template']", NS)
    assert template.get("n") == "cite journal"
    assert [(seg.get("n"), texts(seg)) for seg in template][1:] == [
        ("title", "李約瑟的精彩人生"), ("date", "2009-03"), ("author", "簡宜君"), ("journal", "近代史研究所集刊"),
        ("volume", "63"), ("pages", "209-213")]
    assert [texts(head) for head in result.back.findall("tei:div/tei:head", NS)] == ["参考文献", "外部链接"]
    assert result.back.find("tei:div[@type='external-links']/tei:list/tei:item/tei:gap", NS) is not None
    assert result.warnings == ["李约瑟.md:107: warning: wiki emphasis mark '' without a partner was removed"]


def test_marco_polo(readings: dict[str, ReaderResult]) -> None:
    result = readings["马可·波罗.md"]
    assert texts(figure_of(result, "Marco_Polo_at_the_Kublai_Khan.JPG").find("tei:head", NS)) == "汗在大都的王廷"
    assert texts(result.back.find("tei:div/tei:note[@n='12']", NS)) == (
        "Frances Wood, Did Marco Polo Go to China? (London: Secker & Warburg; Boulder, Colorado: Westview, 1995).")
    assert result.body.xpath(".//tei:p[contains(., '出版《')]/tei:gap", namespaces=NS)
    assert result.body.xpath(f".//tei:ref[@target='{W}動畫紀行_馬可波羅的冒險']", namespaces=NS)[0].text == (
        "動畫紀行 馬可波羅的冒險")


def test_bubble_sort(readings: dict[str, ReaderResult]) -> None:
    result = readings["冒泡排序.md"]
    code = result.body.findall(".//tei:ab[@type='code']", NS)
    assert len(code) == 19
    assert [ab.get("subtype") for ab in code][:3] == [None, "c", "cpp"]
    assert (code[-2].get("subtype"), code[-2].get("rend")) == ("Objective-C", "numbered-lines")
    assert [reg.get(tei.XML_LANG) for reg in code[0].iter(tei.tag("reg"))] == ["zh-Hant", "zh-Hans"]
    assert [formula.text for formula in result.body.iter(tei.tag("formula"))] == [
        "n", "n^2", "O(n^2)", "O(n)", "O(n^2)", "O(n)", "O(n)"]
    assert [item.get("n") for item in result.body.findall("tei:list[@rend='numbered']/tei:item", NS)] == ["1", "2", "3", "4"]


def test_register(readings: dict[str, ReaderResult]) -> None:
    result = readings["寄存器.md"]
    table = result.body.find(".//tei:table", NS)
    rows = table.findall("tei:row", NS)
    assert (len(rows), rows[0].get("role"), len(rows[0])) == (13, "label", 3)
    assert xml(rows[0][1]) == "<cell>整數<lb/> 暫存器數量</cell>"
    assert [texts(cell) for cell in rows[1]] == ["x86", "8", "8"]
    assert table.getparent().find("tei:head", NS).text == "範例"
    assert result.body.find(".//tei:note[@subtype='template']", NS) is not None
    assert len(result.body.findall(".//tei:gap", NS)) == 5


def test_pingxi(readings: dict[str, ReaderResult]) -> None:
    result = readings["平溪區.md"]
    rows = result.body.findall(".//tei:table/tei:row", NS)
    assert [[texts(cell) for cell in row] for row in rows[:2]] == [["起訖年份", "行政區"], ["1920~1932", "臺北州七星郡平溪庄"]]
    assert len(result.body.findall(".//tei:seg[@type='no-conversion']", NS)) == 13
    assert [texts(head) for head in result.body.findall(".//tei:figure/tei:head", NS)] == [
        "嶺腳瀑布", "石底橋", "十分老街", "十分", "石底大斜坑"]
    assert texts(result.back.find("tei:div[@type='sources']/tei:listBibl/tei:head", NS)) == "書目"


def test_kp_equation(readings: dict[str, ReaderResult]) -> None:
    result = readings["(2+1)维_KP方程.md"]
    formulas = list(result.body.iter(tei.tag("formula")))
    assert [formula.get("rend") for formula in formulas] == [None, "display", "display", "display", "display"]
    assert len(result.body.findall(".//tei:table/tei:row/tei:cell/tei:figure", NS)) == 4
    bibls = result.back.findall("tei:div[@type='sources']/tei:listBibl/tei:bibl", NS)
    assert len(bibls) == 13
    assert texts(bibls[1]) == "*阎振亚著 《复杂非线性波的构造性理论及其应用》 科学出版社 2007年"


def test_smalltalk(readings: dict[str, ReaderResult]) -> None:
    result = readings["Smalltalk.md"]
    choices = list(result.body.iter(tei.tag("choice")))
    assert len(choices) == 9
    assert all([reg.text for reg in choice] == ["对象", "物件"] for choice in choices)
    assert len(result.body.findall(".//tei:ref/tei:choice", NS)) == 1
    assert len(result.body.findall(".//tei:head/tei:choice", NS)) == 1
    links = result.back.findall("tei:div[@type='external-links']//tei:ref", NS)
    assert [link.get("target") for link in links][0] == "http://www.smalltalk.org"
    assert "C#" in texts(result.body)
