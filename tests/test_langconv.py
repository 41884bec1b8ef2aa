"""Variant markup (``-{…}-``) resolved over what Pandoc really produces from the Markdown.

Small inputs go through pypandoc, so every case tests the node sequences Pandoc emits (an
escaped ``\\-{`` arriving as ``Str "-{"``, a construct split by a ``SoftBreak`` or a link),
and the seed and dev articles are resolved whole.
"""
from __future__ import annotations

import copy
import json
import re

import pypandoc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DEV_ARTICLES, REPO
from pipeline.readers.langconv import (
    code_variants,
    resolve_block_variants,
    resolve_block_variants_with_report,
    resolve_variants,
    resolve_variants_with_report,
)
from pipeline.readers.langconv_rules import BCP47, variant_key_to_lang

SEED = REPO / "articles" / "korean-war.wiki.md"


def blocks_of(markdown: str) -> list[dict]:
    return json.loads(pypandoc.convert_text(markdown, "json", format="markdown"))["blocks"]


def inlines_of(markdown: str) -> list[dict]:
    (block,) = blocks_of(markdown)
    assert block["t"] == "Para"
    return block["c"]


@pytest.fixture(scope="module")
def articles() -> dict[str, list[dict]]:
    """Every seed and dev article as Pandoc blocks, parsed once."""
    paths = sorted(p for p in DEV_ARTICLES.glob("*.md") if p.name != "README.md") + [SEED]
    return {
        p.name: json.loads(pypandoc.convert_file(str(p), "json", format="markdown"))["blocks"]
        for p in paths
    }


def S(text: str) -> dict:
    return {"t": "Str", "c": text}


SP = {"t": "Space"}


def reg(lang: str, *inlines: dict) -> dict:
    return {"t": "Span", "c": [["", ["reg"], [["lang", lang]]], list(inlines)]}


def variant(*regs: dict) -> dict:
    return {"t": "Span", "c": [["", ["variant"], []], list(regs)]}


def protected(*inlines: dict) -> dict:
    return {"t": "Span", "c": [["", ["no-conversion"], []], list(inlines)]}


def link(url: str, *inlines: dict) -> dict:
    return {"t": "Link", "c": [["", [], []], list(inlines), [url, "wikilink"]]}


def walk(node):
    """Every dict node, depth first, in document order."""
    if isinstance(node, dict):
        yield node
        yield from walk(node.get("c"))
    elif isinstance(node, list):
        for child in node:
            yield from walk(child)


def inline_lists(node):
    """Every list of nodes in the tree (inline lists among them)."""
    if isinstance(node, dict):
        yield from inline_lists(node.get("c"))
    elif isinstance(node, list):
        if node and all(isinstance(n, dict) and "t" in n for n in node):
            yield node
        for child in node:
            yield from inline_lists(child)


def texts_outside_code(node):
    """The text of every Str that is not inside code, math or raw markup."""
    if isinstance(node, dict):
        if node.get("t") == "Str":
            yield node["c"]
        elif node.get("t") not in ("Code", "CodeBlock", "RawInline", "RawBlock", "Math"):
            yield from texts_outside_code(node.get("c"))
    elif isinstance(node, list):
        for child in node:
            yield from texts_outside_code(child)


def spans(tree, cls: str) -> list[dict]:
    return [n for n in walk(tree) if n.get("t") == "Span" and cls in n["c"][0][1]]


_MARKUP = re.compile(r"-\{|\}-|zh(?:-[a-z]+)?[:;|]|[;|\s]")


def visible(tree) -> str:
    """Text with variant markup, separators and spacing deleted: what must survive resolution."""
    return _MARKUP.sub("", "".join(texts_outside_code(tree)))


# --------------------------------------------------------------------------- mapping


def test_bcp47_maps_every_mediawiki_key():
    assert BCP47 == {
        "zh": "zh",
        "zh-hans": "zh-Hans",
        "zh-hant": "zh-Hant",
        "zh-cn": "zh-Hans-CN",
        "zh-sg": "zh-Hans-SG",
        "zh-my": "zh-Hans-MY",
        "zh-tw": "zh-Hant-TW",
        "zh-hk": "zh-Hant-HK",
        "zh-mo": "zh-Hant-MO",
    }


def test_variant_key_to_lang_normalises_case_and_space():
    assert variant_key_to_lang("zh-hant") == "zh-Hant"
    assert variant_key_to_lang(" ZH-TW ") == "zh-Hant-TW"
    with pytest.raises(ValueError, match="zh-xx"):
        variant_key_to_lang("zh-xx")


# --------------------------------------------------------------------------- variants


def test_two_variants_between_text():
    assert resolve_variants(inlines_of("提出-{zh-hans:朝鲜;zh-hant:韓國}-獨立")) == [
        S("提出"),
        variant(reg("zh-Hans", S("朝鲜")), reg("zh-Hant", S("韓國"))),
        S("獨立"),
    ]


def test_every_key_kept_in_source_order():
    source = (
        "《-{zh:太極旗飄揚;zh-hans:太极旗飘扬;zh-hant:太極旗－生死兄弟;zh-cn:太极旗飘扬;"
        "zh-tw:太極旗－生死兄弟;zh-hk:太極旗飄揚：生死有情;zh-mo:太極旗飄揚：生死有情;"
        "zh-sg:甲;zh-my:乙;}-》"
    )
    assert resolve_variants(inlines_of(source)) == [
        S("《"),
        variant(
            reg("zh", S("太極旗飄揚")),
            reg("zh-Hans", S("太极旗飘扬")),
            reg("zh-Hant", S("太極旗－生死兄弟")),
            reg("zh-Hans-CN", S("太极旗飘扬")),
            reg("zh-Hant-TW", S("太極旗－生死兄弟")),
            reg("zh-Hant-HK", S("太極旗飄揚：生死有情")),
            reg("zh-Hant-MO", S("太極旗飄揚：生死有情")),
            reg("zh-Hans-SG", S("甲")),
            reg("zh-Hans-MY", S("乙")),
        ),
        S("》"),
    ]


def test_space_after_semicolon_and_trailing_semicolon():
    assert resolve_variants(inlines_of("向-{zh-hans:对象; zh-hant:物件;}-2发送")) == [
        S("向"),
        variant(reg("zh-Hans", S("对象")), reg("zh-Hant", S("物件"))),
        S("2发送"),
    ]


def test_split_across_lines():
    source = "当作-{zh-hans:对象;\nzh-hant:物件;}-处理"
    assert {"t": "SoftBreak"} in inlines_of(source)
    assert resolve_variants(inlines_of(source)) == [
        S("当作"),
        variant(reg("zh-Hans", S("对象")), reg("zh-Hant", S("物件"))),
        S("处理"),
    ]


def test_bold_inside_and_empty_value_across_lines():
    source = "**冒泡排序**（）-{zh-tw:又稱為**泡沫排序**，;\nzh-cn:;}-是一種"
    assert resolve_variants(inlines_of(source)) == [
        {"t": "Strong", "c": [S("冒泡排序")]},
        S("（）"),
        variant(
            reg("zh-Hant-TW", S("又稱為"), {"t": "Strong", "c": [S("泡沫排序")]}, S("，")),
            reg("zh-Hans-CN"),
        ),
        S("是一種"),
    ]


def test_links_inside_values_spread_over_nodes():
    source = (
        "的-{zh-hant:[朝鮮王朝](https://zh.wikipedia.org/wiki/朝鮮王朝 \"wikilink\");"
        "zh-hans:[朝鲜王朝](../Page/朝鲜王朝.md \"wikilink\")}-是"
    )
    inlines = inlines_of(source)
    assert [n["t"] for n in inlines] == ["Str", "Link", "Str", "Link", "Str"]
    assert resolve_variants(inlines) == [
        S("的"),
        variant(
            reg("zh-Hant", link("https://zh.wikipedia.org/wiki/朝鮮王朝", S("朝鮮王朝"))),
            reg("zh-Hans", link("../Page/朝鲜王朝.md", S("朝鲜王朝"))),
        ),
        S("是"),
    ]


def test_inside_link_text():
    source = "[-{zh-hans:斯大林;zh-hant:史達林;}-成功逼迫](https://zh.wikipedia.org/wiki/斯大林 \"wikilink\")"
    assert resolve_variants(inlines_of(source)) == [
        link(
            "https://zh.wikipedia.org/wiki/斯大林",
            variant(reg("zh-Hans", S("斯大林")), reg("zh-Hant", S("史達林"))),
            S("成功逼迫"),
        )
    ]


def test_semicolon_not_followed_by_a_key_stays_in_the_value():
    assert resolve_variants(inlines_of("-{zh-hans:甲;乙;;zh-hant:丙;}-")) == [
        variant(reg("zh-Hans", S("甲;乙;")), reg("zh-Hant", S("丙"))),
    ]


def test_adjacent_constructs_read_by_smart_punctuation_as_an_en_dash():
    inlines = inlines_of("-{H|zh-hans:信息;zh-hant:資訊}--{H|zh-hans:框;zh-hant:框}-正文-{A}--{B}-")
    assert "}\u2013{" in inlines[0]["c"]
    resolved, report = resolve_variants_with_report(inlines)
    assert resolved == [S("正文"), protected(S("A")), protected(S("B"))]
    assert len(report.flag_forms) == 2
    warnings: list[str] = []
    assert resolve_variants(inlines_of("甲}--{乙"), warnings) == [S("甲}--{乙")]
    assert warnings == ['}- at "甲}–{乙": unbalanced', '-{ at "甲}–{乙": unbalanced']


def test_unidirectional_rules_keep_their_source_as_the_zh_reading():
    assert resolve_variants(inlines_of("-{俄羅斯=>zh-cn:俄罗斯;俄羅斯=>zh-sg:俄罗斯;}-")) == [
        variant(reg("zh", S("俄羅斯")), reg("zh-Hans-CN", S("俄罗斯")), reg("zh-Hans-SG", S("俄罗斯"))),
    ]
    assert resolve_variants(inlines_of("-{ 甲 => zh-tw: 乙 丙 }-")) == [
        variant(reg("zh", S("甲")), reg("zh-Hant-TW", S("乙"), SP, S("丙"))),
    ]


def test_nested_protected_text_inside_a_value():
    assert resolve_variants(inlines_of("-{zh-hans:-{A}-B;zh-hant:C}-")) == [
        variant(reg("zh-Hans", protected(S("A")), S("B")), reg("zh-Hant", S("C"))),
    ]


# --------------------------------------------------------------------------- protected, separators


def test_protected_text():
    assert resolve_variants(inlines_of("平溪-{庄}-長")) == [S("平溪"), protected(S("庄")), S("長")]


def test_protected_text_with_inlines_and_a_colon_that_is_no_key():
    assert resolve_variants(inlines_of("-{**粗** R2:D2}-")) == [
        protected({"t": "Strong", "c": [S("粗")]}, SP, S("R2:D2")),
    ]


def test_separator_removed_joining_the_text():
    assert resolve_variants(inlines_of("韩-{}-国战争")) == [S("韩国战争")]
    assert resolve_variants(inlines_of("a -{}- b")) == [S("a"), SP, S("b")]


def test_report_counts_each_kind():
    _, report = resolve_variants_with_report(
        inlines_of("朝-{}-鲜 -{庄}- -{zh-hans:甲;zh-hant:乙}- -{zh-hans:丙;zh-hant:丁}-")
    )
    assert (report.variants, report.protected, report.separators) == (2, 1, 1)
    assert report.warnings == [] and report.flag_forms == []


# --------------------------------------------------------------------------- flag forms


def test_escaped_flag_form_with_empty_text_is_removed_and_recorded():
    inlines = inlines_of("\\-{zh-hans;zh-hant|}-")
    assert inlines == [S("-{zh-hans;zh-hant|}-")]
    resolved, report = resolve_variants_with_report(inlines)
    assert resolved == []
    assert report.flag_forms == [
        '-{zh-hans;zh-hant|…}- at "-{zh-hans;zh": text shown only in zh-Hans, zh-Hant is empty, removed'
    ]


def test_flag_form_with_text_is_protected_text():
    resolved, report = resolve_variants_with_report(inlines_of("-{zh-hans; zh-hant|[甲](http://a)}-"))
    assert resolved == [protected({"t": "Link", "c": [["", [], []], [S("甲")], ["http://a", ""]]})]
    assert report.flag_forms == [
        '-{zh-hans;zh-hant|…}- at "-{zh-hans;": text shown only in zh-Hans, zh-Hant, kept as protected text'
    ]


def test_mediawiki_letter_flags():
    resolved, report = resolve_variants_with_report(
        inlines_of(
            "-{R|zh-hans:A;zh-hant:B}- -{A|zh-hans:C;zh-hant:D}- -{H|zh-hans:E;zh-hant:F}- "
            "-{T|zh-hans:G}- -{-|zh-hans:H}- -{|zh-hans:I;zh-hant:J}- -{N|zh-hant}-"
        )
    )
    assert resolved == [
        protected(S("zh-hans:A;zh-hant:B")),
        SP,
        variant(reg("zh-Hans", S("C")), reg("zh-Hant", S("D"))),
        SP,
        variant(reg("zh-Hans", S("I")), reg("zh-Hant", S("J"))),
        SP,
        protected(S("zh-hant")),
    ]
    assert report.flag_forms == [
        '-{A|…}- at "-{A|zh-hans:": page-wide rule also shown here, kept as variants',
        '-{H|…}- at "-{H|zh-hans:": hidden conversion rule, not shown, removed',
        '-{T|…}- at "-{T|zh-hans:": hidden conversion rule, not shown, removed',
        '-{-|…}- at "-{-|zh-hans:": hidden conversion rule, not shown, removed',
        '-{N|…}- at "-{N|zh-hant}": variant-name flag, text kept as protected text',
    ]


def test_bar_after_ordinary_text_is_not_a_flag():
    assert resolve_variants(inlines_of("-{甲|乙}-")) == [protected(S("甲|乙"))]


# --------------------------------------------------------------------------- escapes and code


def test_escaped_opener_in_a_heading():
    (header,) = resolve_block_variants(blocks_of("#### \\-{zh-hans:朝鲜;zh-hant:韓國}-左翼与右翼"))
    assert header["t"] == "Header"
    assert header["c"][2] == [
        variant(reg("zh-Hans", S("朝鲜")), reg("zh-Hant", S("韓國"))),
        S("左翼与右翼"),
    ]


def test_code_keeps_its_text():
    blocks = blocks_of("`-{zh-hans:a;zh-hant:b}-` and\n\n```c\nx = -{A}-;\n```\n\n    -{zh-hant:\n    甲\n    }-\n")
    assert resolve_block_variants(blocks) == blocks


def test_code_variants_cut_code_into_literal_parts_and_choices():
    code = "f(x);\n\n-{zh-hant:\n函數 甲\n    i 從 0;\n;zh-hans:\n函数 甲\n}-\ny = -{A}-;-{}-"
    assert code_variants(code) == [
        "f(x);\n\n",
        [("zh-Hant", "函數 甲\n    i 從 0;"), ("zh-Hans", "函数 甲")],
        "\ny = -{A}-;-{}-",
    ]
    assert code_variants("-{zh-hans:a;zh-tw:b}-") == [[("zh-Hans", "a"), ("zh-Hant-TW", "b")]]
    assert code_variants("x = -{A}-; y}- -{") is None
    assert code_variants("plain code") is None


# --------------------------------------------------------------------------- unbalanced


def test_unbalanced_opener_left_as_text_and_reported():
    warnings: list[str] = []
    assert resolve_variants(inlines_of("南-{zh-hans:朝鲜 地區"), warnings) == inlines_of("南-{zh-hans:朝鲜 地區")
    assert warnings == ['-{ at "南-{zh-hans:朝鲜": unbalanced']


def test_lone_closer_left_as_text_and_reported():
    warnings: list[str] = []
    assert resolve_variants(inlines_of("-{庄}-長}-久"), warnings) == [protected(S("庄")), S("長}-久")]
    assert warnings == ['}- at "-{庄}-長}-久": unbalanced']


def test_construct_crossing_a_link_boundary_is_reported_not_guessed():
    source = "[-{zh-hans:甲](http://a)}-乙"
    warnings: list[str] = []
    assert resolve_variants(inlines_of(source), warnings) == inlines_of(source)
    assert warnings == ['-{ at "-{zh-hans:甲": unbalanced', '}- at "}-乙": unbalanced']


def test_context_is_clipped_to_ten_characters_each_side():
    _, report = resolve_variants_with_report([S("一二三四五六七八九十壹-{貳參肆伍陸柒捌玖拾佰仟")])
    assert report.warnings == ['-{ at "二三四五六七八九十壹-{貳參肆伍陸柒捌玖拾佰": unbalanced']


def test_nesting_as_deep_as_json_can_load():
    source = '{"t":"Str","c":"平溪-{庄}-"}'
    for _ in range(450):
        source = '{"t":"Strong","c":[' + source + "]}"
    (node,) = resolve_variants(json.loads(f"[{source}]"))
    for _ in range(449):
        (node,) = node["c"]
    assert node["c"] == [S("平溪"), protected(S("庄"))]
    quotes = blocks_of(">" * 400 + " 平溪-{庄}-")
    assert len(spans(resolve_block_variants(quotes), "no-conversion")) == 1


def test_input_is_not_modified():
    inlines = inlines_of("平溪-{庄}-長 -{zh-hans:[甲](x);zh-hant:乙}-")
    before = copy.deepcopy(inlines)
    resolve_variants(inlines)
    assert inlines == before


# --------------------------------------------------------------------------- blocks


def test_every_kind_of_block_is_visited():
    source = """\
# 标题-{zh-hans:甲;zh-hant:乙}-

- 项-{庄}-目
    1. 嵌-{}-套

> 引-{里}-文

| 年 | 名 |
| -- | -- |
| 1920 | 平溪-{庄}- |

: 表-{zh-hans:丙;zh-hant:丁}-题

::: box
块-{里}-
:::

术语-{庄}-
:   定-{里}-义

| 行-{里}-

![图-{zh-hans:戊;zh-hant:己}-](a.png)

注[^1]*强-{里}-调*“引-{庄}-号”

[^1]: 脚-{里}-注
"""
    resolved, report = resolve_block_variants_with_report(blocks_of(source))
    assert report.warnings == []
    assert [s["c"][1] for s in spans(resolved, "no-conversion")] == [
        [S("庄")], [S("里")], [S("庄")], [S("里")], [S("庄")], [S("里")], [S("里")],
        [S("里")], [S("里")], [S("庄")],
    ]
    (figure,) = [b for b in resolved if b["t"] == "Figure"]
    assert spans(figure["c"][1], "variant") and spans(figure["c"][2], "variant")  # caption, alt text
    (table,) = [b for b in resolved if b["t"] == "Table"]
    assert spans(table["c"][1], "variant")  # caption
    assert len(spans(resolved, "variant")) == 4  # and the heading
    assert report.separators == 1
    assert not any("-{" in t or "}-" in t for t in texts_outside_code(resolved))


def test_flag_form_spanning_blocks_is_removed_as_a_pair():
    source = "## 外部链接\n\n\\-{zh-hans;zh-hant|\n\n  - [甲](http://a)，乙\n\n}- {{-}}\n"
    resolved, report = resolve_block_variants_with_report(blocks_of(source))
    assert [b["t"] for b in resolved] == ["Header", "BulletList", "Para"]
    assert resolved[2] == {"t": "Para", "c": [S("{{-}}")]}
    assert report.warnings == []
    assert report.flag_forms == [
        '-{zh-hans;zh-hant|…}- at "-{zh-hans;zh" around 1 block(s): shown in zh-Hans, zh-Hant, markers removed'
    ]


def test_variant_markup_spanning_blocks_is_reported():
    source = "-{zh-hans:甲\n\n乙\n\n}-丙\n"
    warnings: list[str] = []
    assert resolve_block_variants(blocks_of(source), warnings) == blocks_of(source)
    assert warnings == ['-{ at "-{zh-hans:甲": unbalanced', '}- at "}-丙": unbalanced']


# --------------------------------------------------------------------------- real articles


def test_smalltalk_nine_object_variants(articles):
    source = articles["Smalltalk.md"]
    breaks = [
        (a, b)
        for inlines in inline_lists(source)
        for a, b in zip(inlines, inlines[1:])
        if a["t"] == "Str" and a["c"].endswith("-{zh-hans:对象;") and b["t"] == "SoftBreak"
    ]
    assert len(breaks) == 5
    resolved, report = resolve_block_variants_with_report(source)
    found = spans(resolved, "variant")
    assert len(found) == 9
    assert all(s["c"][1] == [reg("zh-Hans", S("对象")), reg("zh-Hant", S("物件"))] for s in found)
    headers = [b for b in resolved if b["t"] == "Header" and spans(b, "variant")]
    assert [h["c"][2][0] for h in headers] == [S("Smalltalk中的")]
    links = [n for n in walk(resolved) if n.get("t") == "Link" and spans(n, "variant")]
    assert [link["c"][1][1] for link in links] == [S("的系统")]
    assert report.warnings == []


def test_bubble_sort_heading_lead_and_code(articles):
    source = articles["冒泡排序.md"]
    resolved, report = resolve_block_variants_with_report(source)
    heading = next(b for b in resolved if b["t"] == "Header" and spans(b, "variant"))
    assert heading["c"][2] == [variant(reg("zh-Hant", S("虛擬碼")), reg("zh-Hans", S("伪代码")))]
    lead = spans(resolved[0], "variant")
    assert [r["c"][0][2] for r in lead[0]["c"][1]] == [[["lang", "zh-Hant-TW"]], [["lang", "zh-Hans-CN"]]]
    (pseudocode,) = [b for b in resolved if b["t"] == "CodeBlock" and "-{" in b["c"][1]]
    assert pseudocode in source
    literal, variants = code_variants(pseudocode["c"][1])
    assert literal.startswith("function bubble_sort (array, length) {") and literal.endswith("}\n\n")
    assert [lang for lang, _ in variants] == ["zh-Hant", "zh-Hans"]
    assert variants[0][1].startswith("函數 氣泡排序") and variants[0][1].endswith("函數結束")
    assert variants[1][1].startswith("函数 冒泡排序") and variants[1][1].endswith("函数结束")
    assert report.warnings == []


def test_pingxi_protected_characters_in_lists_and_table(articles):
    resolved, _ = resolve_block_variants_with_report(articles["平溪區.md"])
    found = spans(resolved, "no-conversion")
    assert sorted(s["c"][1][0]["c"] for s in found) == ["庄"] * 11 + ["里"] * 2
    (table,) = [b for b in resolved if b["t"] == "Table"]
    assert len(spans(table, "no-conversion")) == 2


def test_gunpowder_and_marco_polo(articles):
    resolved, _ = resolve_block_variants_with_report(articles["火药.md"])
    assert [s["c"][1] for s in spans(resolved, "variant")] == [
        [reg("zh-Hans", S("斤")), reg("zh-Hant", S("觔"))]
    ] * 2
    _, report = resolve_block_variants_with_report(articles["马可·波罗.md"])
    assert report.separators == 1


def test_seed_article(articles):
    source = articles["korean-war.wiki.md"]
    resolved, report = resolve_block_variants_with_report(source)
    assert (report.variants, report.protected, report.separators) == (54, 0, 36)
    assert report.warnings == []
    assert len(report.flag_forms) == 2
    heading = next(
        b for b in resolved if b["t"] == "Header" and b["c"][0] == 4 and spans(b, "variant")
    )
    assert heading["c"][2][0] == variant(reg("zh-Hans", S("朝鲜")), reg("zh-Hant", S("韓國")))
    assert heading["c"][2][1] == S("左翼与右翼对平民的同族屠杀")
    seven = [s for s in spans(resolved, "variant") if len(s["c"][1]) == 7]
    assert [r["c"][0][2][0][1] for r in seven[0]["c"][1]] == [
        "zh", "zh-Hans", "zh-Hant", "zh-Hans-CN", "zh-Hant-TW", "zh-Hant-HK", "zh-Hant-MO",
    ]
    links = spans(resolved, "variant")[0]["c"][1]
    assert [r["c"][1][0]["t"] for r in links] == ["Link", "Link"]
    external = next(
        i for i, b in enumerate(resolved) if b["t"] == "Header" and b["c"][2] == [S("外部链接")]
    )
    assert [b["t"] for b in resolved[external : external + 3]] == ["Header", "BulletList", "Para"]
    assert resolved[external + 2]["c"] == [S("{{-}}")]
    assert len(resolved) == len(source) - 2


@pytest.mark.parametrize(
    "name",
    ["Smalltalk.md", "冒泡排序.md", "平溪區.md", "火药.md", "马可·波罗.md", "李约瑟.md",
     "寄存器.md", "(2+1)维_KP方程.md", "korean-war.wiki.md"],
)
def test_no_markup_left_and_no_text_lost(articles, name):
    source = articles[name]
    resolved, report = resolve_block_variants_with_report(source)
    assert report.warnings == []
    assert [t for t in texts_outside_code(resolved) if "-{" in t or "}-" in t] == []
    assert visible(resolved) == visible(source)
    code = [b["c"][1] for b in walk(source) if b.get("t") in ("CodeBlock", "Code")]
    assert code == [b["c"][1] for b in walk(resolved) if b.get("t") in ("CodeBlock", "Code")]


# --------------------------------------------------------------------------- fuzzing

_PIECES = st.sampled_from(
    ["-{", "}-", "}\u2013{", ";", ":", "|", "=>", "zh-hans", "zh-hant:", "zh:", "zh-tw", "R|", "H",
     "zh-hans;zh-hant|", "甲", "a", "-", "{", "}", " ", "\n"]
)
_STR = st.lists(_PIECES, min_size=1, max_size=8).map(lambda p: {"t": "Str", "c": "".join(p)})
_LEAF = st.one_of(_STR, st.just({"t": "Space"}), st.just({"t": "SoftBreak"}))
_INLINES = st.recursive(
    st.lists(_LEAF, max_size=6),
    lambda children: st.lists(
        st.one_of(
            _LEAF,
            children.map(lambda c: {"t": "Link", "c": [["", [], []], c, ["http://x", ""]]}),
            children.map(lambda c: {"t": "Strong", "c": c}),
        ),
        max_size=6,
    ),
    max_leaves=20,
)


_DELIMITERS = re.compile("-\\{|\\}-|\\}\u2013\\{")


@settings(max_examples=300, deadline=None)
@given(_INLINES)
def test_fuzz_inlines_never_crash_and_report_every_leftover(inlines):
    resolved, report = resolve_variants_with_report(inlines)
    json.dumps(resolved)
    assert all(isinstance(n, dict) and "t" in n for n in walk(resolved))
    leftover = any(_DELIMITERS.search(t) for t in texts_outside_code(resolved))
    assert not leftover or report.warnings
    if not report.warnings:
        assert resolve_variants(resolved) == resolved
    if not any(_DELIMITERS.search(t) for t in texts_outside_code(inlines)):
        assert "".join(texts_outside_code(resolved)) == "".join(texts_outside_code(inlines))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(_INLINES.map(lambda c: {"t": "Para", "c": c}),
                          st.lists(_INLINES.map(lambda c: [{"t": "Plain", "c": c}]), max_size=3)
                          .map(lambda items: {"t": "BulletList", "c": items})), max_size=5))
def test_fuzz_blocks_never_crash(blocks):
    resolved = resolve_block_variants(blocks, [])
    json.dumps(resolved)
