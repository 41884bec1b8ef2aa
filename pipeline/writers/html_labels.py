"""The words of the HTML edition's interface (headings, buttons, hints), in the page's script.

They are written once, in simplified characters, and converted with OpenCC for a traditional
page, so the two scripts never drift apart. Only the names of the scripts themselves are fixed:
each is written in its own script, as a reader looking for it expects.
"""
from __future__ import annotations

from functools import lru_cache

from pipeline.writers.scripts import SWITCH, script_of, opencc_converter

LABELS = {
    "skip": "跳到正文",
    "toc": "目录",
    "infobox": "信息框",
    "source": "来源",
    "licence": "许可协议",
    "edition_date": "版本日期",
    "source_format": "底本",
    "downloads": "下载",
    "notes": "注释",
    "bibliography": "引用文献",
    "cited_in": "引用于注释",
    "sources": "来源文献",
    "links": "外部链接",
    "annotations": "批注",
    "annotations_intro": "学者与编者的批注：正文中以黄色标示批注所指的文字，字母标记对应下列各条。",
    "unanchored": "未能定位的批注",
    "unanchored_intro": "这些批注所指的文字已在修订中删除或改动，无法重新定位；原位置附于每条之后。",
    "by": "撰写",
    "back_to_text": "返回正文",
    "back_to_ref": "返回引用处",
    "editorial": "编者注",
    "editorial_annotation": "编者批注",
    "scholarly_annotation": "学术批注",
    "permalink": "永久链接",
    "cite": "引用",
    "cite_title": "引用此段",
    "citation_text": "引文",
    "copy": "复制",
    "copied": "已复制到剪贴板",
    "copy_failed": "无法自动复制，请手动选择文字复制",
    "close": "关闭",
    "search": "搜索",
    "search_label": "搜索全文",
    "search_results": "搜索结果",
    "search_needs_server": "搜索需要通过网页服务器打开本版（例如 edition serve）；直接打开文件时无法使用。",
    "search_none": "没有找到结果。",
    "search_count": "条结果",
    "jump_to_note": "跳至注释",
    "jump_to_annotation": "跳至批注",
    "view_image": "在来源网站查看图像",
    "image": "图像",
    "math": "TeX 公式",
    "code": "代码",
    "script_switch": "文字",
    "articles": "文章",
    "language": "语言",
    "paragraphs": "段落",
    "works": "引用文献",
    "editions": "版本",
    "counts": "统计",
    "lost_text": "原文缺失",
    "maintenance": "维护标记",
    "note_citation": "引文注",
    "note_explanatory": "说明注",
    "note_lost": "已佚失的注释",
    "note_unresolved": "本版未收录的注释",
    "motivation_commenting": "评注",
    "motivation_editing": "校订",
    "motivation_assessing": "评估",
    "motivation_questioning": "质疑",
    "motivation_linking": "关联",
    "motivation_identifying": "考订",
    "motivation_describing": "说明",
    "motivation_classifying": "分类",
    "motivation_highlighting": "标示",
    "motivation_replying": "回应",
    "motivation_tagging": "标记",
    "motivation_bookmarking": "书签",
    "motivation_moderating": "审核",
}

SCRIPT_NAMES = {"zh-Hans": "简体", "zh-Hant": "繁體"}
LANGUAGE_NAMES = {"zh-Hans": "中文（简体）", "zh-Hant": "中文（繁體）"}


@lru_cache(maxsize=None)
def labels_for(lang: str) -> dict[str, str]:
    """The interface words for a page in ``lang`` (simplified unless the script is traditional)."""
    if script_of(lang) != "zh-Hant":
        return dict(LABELS)
    convert = opencc_converter(SWITCH["zh-Hans"][1]).convert
    return {key: convert(value) for key, value in LABELS.items()}


def script_names() -> dict[str, str]:
    return dict(SCRIPT_NAMES)
