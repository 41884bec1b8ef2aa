"""The words the EPUB and PDF editions add around the text, in the article's own script.

An edition of a traditional-script article must not print simplified headings; keeping both
spellings side by side here lets every writer ask for ``labels(lang)["notes"]`` and get the
right one.
"""
from __future__ import annotations

LABELS = {
    "zh-Hans": {
        "contents": "目录", "notes": "注释", "bibliography": "参考文献", "sources": "来源",
        "external_links": "外部链接", "annotations": "学术批注", "infobox": "信息框",
        "source": "来源", "licence": "许可协议", "edition_date": "版本日期", "publisher": "出版",
        "cited_in": "引用于注释", "see_work": "书目", "untitled": "无标题", "target": "批注对象",
        "target_missing": "批注对象在本版中未找到", "figure": "图", "page": "页",
        "unreferenced_notes": "正文中未引用的注释", "lead": "导言",
    },
    "zh-Hant": {
        "contents": "目錄", "notes": "註釋", "bibliography": "參考文獻", "sources": "來源",
        "external_links": "外部連結", "annotations": "學術批註", "infobox": "資訊框",
        "source": "來源", "licence": "授權條款", "edition_date": "版本日期", "publisher": "出版",
        "cited_in": "引用於註釋", "see_work": "書目", "untitled": "無標題", "target": "批註對象",
        "target_missing": "批註對象在本版中未找到", "figure": "圖", "page": "頁",
        "unreferenced_notes": "正文中未引用的註釋", "lead": "導言",
    },
}

#: Web Annotation motivations (the values TEI's ``@motivation`` takes) as a reader would say them.
MOTIVATIONS = {
    "zh-Hans": {"assessing": "评估", "bookmarking": "书签", "classifying": "分类", "commenting": "评论",
                "describing": "说明", "editing": "校订", "highlighting": "标示", "identifying": "考订",
                "linking": "关联", "moderating": "审核", "questioning": "质疑", "replying": "回复",
                "tagging": "标签"},
    "zh-Hant": {"assessing": "評估", "bookmarking": "書籤", "classifying": "分類", "commenting": "評論",
                "describing": "說明", "editing": "校訂", "highlighting": "標示", "identifying": "考訂",
                "linking": "關聯", "moderating": "審核", "questioning": "質疑", "replying": "回覆",
                "tagging": "標籤"},
}


def labels(lang: str) -> dict[str, str]:
    """The labels for an article language; simplified for any language that is not zh-Hant."""
    return LABELS["zh-Hant" if lang.startswith("zh-Hant") else "zh-Hans"]


def motivation(lang: str, value: str) -> str:
    """A motivation in the article's script; an unknown value is shown as written."""
    table = MOTIVATIONS["zh-Hant" if lang.startswith("zh-Hant") else "zh-Hans"]
    return " ".join(table.get(part, part) for part in value.split())
