"""The faithfulness helper itself: it must see a lost word, ignore editorial additions, accept a
moved block and strip wiki markup the way the module docstring says."""
from __future__ import annotations

from lxml import etree

from faithfulness import compare, source_segments, tei_text

TEI = "http://www.tei-c.org/ns/1.0"


def tei(body: str, back: str = "") -> etree._Element:
    return etree.fromstring(f'<TEI xmlns="{TEI}"><text><body>{body}</body><back>{back}</back></text></TEI>')


def test_source_segments_strip_markup_independently() -> None:
    markdown = ("## 背景\n\n[朝鮮半島上的](https://zh.wikipedia.org/wiki/朝鮮半島 \"wikilink\")冲突\\[1\\]，"
                "对-{zh-hans:朝鲜;zh-hant:韓國}-，\\(n^2\\)，''斜体''，{{cite web|title=标题|url=}}\n\n"
                "[A.jpg](https://zh.wikipedia.org/wiki/File:A.jpg \"fig:A.jpg\")说明\\]\\]\n\n"
                "[Category:甲](https://zh.wikipedia.org/wiki/Category:甲 \"wikilink\")")
    assert source_segments(markdown) == ["背景", "朝鮮半島上的冲突1，对朝鲜韓國，n^2，斜体，标题", "说明"]


def test_tei_text_leaves_out_editorial_additions_but_keeps_their_tails() -> None:
    root = tei('<p>（<gap reason="lost" resp="#pipeline"/>，）<note type="editorial" resp="#pipeline">丢失</note>后</p>')
    assert tei_text(root) == "（，）后"


def test_a_lost_word_is_reported() -> None:
    report = compare("甲乙丙丁。\n\n戊己。", tei("<p>甲乙丁。</p><p>戊己。</p>"))
    assert (report.total, report.kept) == (8, 7)
    assert [difference.lost for difference in report.differences] == ["丙"]
    assert str(report).startswith("7/8 source characters kept (87.50%)")


def test_a_moved_block_counts_as_kept() -> None:
    report = compare("正文。\n\n## 注释\n\n1.  注一", tei("<p>正文。</p>", "<div><note>注一</note><head>注释</head></div>"))
    assert (report.share, report.moved, report.differences) == (1.0, 1, [])
