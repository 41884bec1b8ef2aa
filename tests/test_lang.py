"""The one language → script rule (:mod:`pipeline.lang`) and what follows from it: the variant a page
shows, and the editorial notes, reader messages and labels (:mod:`pipeline.wording`) all in one script."""
from __future__ import annotations

import pytest

from pipeline.lang import is_traditional, script_of, shown_variant
from pipeline.wording import explain, labels, motivation, reader_message, sentence
from pipeline.writers.scripts import other_script


@pytest.mark.parametrize("lang, script", [
    ("zh-Hant", "Hant"), ("zh-Hant-TW", "Hant"), ("zh-TW", "Hant"), ("zh-HK", "Hant"), ("zh-MO", "Hant"),
    ("zh-Hans", "Hans"), ("zh-CN", "Hans"), ("zh-SG", "Hans"), ("zh-MY", "Hans"), ("zh-Hans-HK", "Hans"),
    ("zh-hant-tw", "Hant"), ("zh", None), ("en", None), ("en-TW", None), ("", None),
])
def test_script_subtag_first_then_region(lang, script):
    assert script_of(lang) == script
    assert is_traditional(lang) == (script == "Hant")


@pytest.mark.parametrize("lang, shown", [
    ("zh-Hans", "zh-Hans"), ("zh-Hant", "zh-Hant"), ("zh-TW", "zh-Hant"), ("zh-Hant-TW", "zh-Hant"),
    ("zh-CN", "zh-Hans"), ("zh", "zh-Hans"), ("en", "zh-Hans"),
])
def test_a_page_shows_its_own_variant_else_its_scripts_else_the_first(lang, shown):
    assert shown_variant(["zh-Hans", "zh-Hant"], lang) == shown
    assert shown_variant(["zh-Hans-CN", "zh-Hant-TW", "zh-Hant"], "zh-Hant") == "zh-Hant"
    assert shown_variant(["zh-Hans-CN", "zh-Hant-HK"], "zh-Hant") == "zh-Hant-HK"
    assert shown_variant([], lang) == ""


def test_a_zh_hant_tw_article_gets_traditional_notes_messages_and_labels_alike():
    for lang in ("zh-Hant-TW", "zh-TW", "zh-HK"):
        assert explain("lost-note", lang) == "此註釋的原文在轉換中遺失。"
        assert reader_message("lost-item", lang) == "此列表項爲空：其中的模板在轉換中丟失。"
        assert sentence("context", lang, text="甲") == "原文：「甲」。"
        assert labels(lang)["notes"] == "註釋" and labels(lang)["contents"] == "目錄"
        assert motivation(lang, "commenting linking") == "評論 關聯"
        assert other_script(lang) == "zh-Hans"
    for lang in ("zh-Hans", "zh-CN", "zh"):
        assert explain("lost-note", lang) == "此注释的原文在转换中丢失。"
        assert reader_message("lost-item", lang) == "此列表项为空：其中的模板在转换中丢失。"
        assert labels(lang)["notes"] == "注释"
    assert other_script("zh") is None and other_script("en") is None
