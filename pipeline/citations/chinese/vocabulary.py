"""What the passes over a Chinese citation share: the words that mark a periodical, a newspaper or a
site, and how a title, a creator and a list of names are recognised."""
from __future__ import annotations

import re

from pipeline.citations.draft import matching_bracket
from pipeline.citations.lexicon import cjk_count
from pipeline.citations.names import (
    looks_like_chinese_creator, looks_like_western_name, name, split_chinese_names, split_western_names,
)

NUM = "[0-9０-９一二三四五六七八九十百零〇○两]+"
JOURNAL_WORDS = re.compile(r"(?:学报|學報|月报|月報|季报|季報|月刊|季刊|週刊|周刊|旬刊|半月刊|杂志|雜誌|期刊|集刊|研究|Journal|Review|Quarterly)[)）]?$|学报[（(]|學報[（(]")
NEWSPAPER = re.compile(r"(?:报|報|晨报|晚报|日报|日報|時報|时报|Times|Post|News)$")
SITE = re.compile(r"(?:网|網|网站|網站|網頁|网页|在线|在線|\.com|\.cn|\.org|Online)$")


def title_text(text: str) -> str:
    """A title without the brackets around it (《…》, 「…」), inner 〈〉 written as 《》."""
    text = text.strip()
    for opening, closing in ("《》", "『』", "「」", "〈〉"):
        if text.startswith(opening) and text.endswith(closing) and matching_bracket(text, 0, opening, closing) == len(text) - 1:
            text = text[1:-1]
            break
    return text.replace("〈", "《").replace("〉", "》").strip(" -－—")


def is_creator(text: str) -> bool:
    """A Chinese person or organisation, or a Western name."""
    text = text.strip()
    return looks_like_chinese_creator(text) or looks_like_western_name(text)


def creator_names(text: str) -> list:
    """The names of a list of creators (``甲、乙等``, ``Smith, J. and Jones, K.``)."""
    text = re.sub(r"\s*等\s*$", "", text.strip(" ，,：:"))
    if cjk_count(re.sub(r"[（(][^）)]*[）)]", "", text)):
        return [name(n) for n in split_chinese_names(text)]
    return [name(n) for n in split_western_names(text)]
