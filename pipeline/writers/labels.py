"""The words the EPUB and PDF editions add around the text, in the article's own script.

An edition of a traditional-script article must not print simplified headings. The labels are
written once, in simplified script, and converted for traditional-script articles with OpenCC
(``s2tw``: Taiwan standard characters, without phrase substitution, which would turn 对象
into 物件), so the two scripts can never drift apart.
"""
from __future__ import annotations

from functools import lru_cache

import opencc

LABELS = {
    "contents": "目录", "notes": "注释", "bibliography": "参考文献", "sources": "来源",
    "external_links": "外部链接", "annotations": "学术批注", "infobox": "信息框",
    "source": "来源", "licence": "许可协议", "edition_date": "版本日期", "publisher": "出版",
    "cited_in": "引用于注释", "see_work": "书目", "untitled": "无标题", "target": "批注对象",
    "target_missing": "批注对象在本版中未找到", "figure": "图", "page": "页",
    "unreferenced_notes": "正文中未引用的注释", "lead": "导言", "by": "批注者",
}

#: Web Annotation motivations (the values TEI's ``@motivation`` takes) as a reader would say them.
MOTIVATIONS = {
    "assessing": "评估", "bookmarking": "书签", "classifying": "分类", "commenting": "评论",
    "describing": "说明", "editing": "校订", "highlighting": "标示", "identifying": "考订",
    "linking": "关联", "moderating": "审核", "questioning": "质疑", "replying": "回复", "tagging": "标签",
}


@lru_cache(maxsize=None)
def _script_tables(traditional: bool) -> tuple[dict[str, str], dict[str, str]]:
    if not traditional:
        return LABELS, MOTIVATIONS
    converter = opencc.OpenCC("s2tw")
    return ({key: converter.convert(value) for key, value in LABELS.items()},
            {key: converter.convert(value) for key, value in MOTIVATIONS.items()})


def labels(lang: str) -> dict[str, str]:
    """The labels for an article language: traditional for zh-Hant*, simplified otherwise."""
    return _script_tables(lang.startswith("zh-Hant"))[0]


def motivation(lang: str, value: str) -> str:
    """A motivation in the article's script; an unknown value is shown as written."""
    table = _script_tables(lang.startswith("zh-Hant"))[1]
    return " ".join(table.get(part, part) for part in value.split())
