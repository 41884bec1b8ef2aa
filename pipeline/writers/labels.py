"""The words the editions add around the text (headings, the HTML interface), in the article's own script.

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
    "footnotes_in_chapters": "本版将正文引用的注释排为脚注，置于各章之末。",
    "footnotes_on_pages": "本版将正文引用的注释排为脚注，置于各页页脚。",
    "unreferenced_follow": "以下是正文中没有引用的注释。",
    "moved_follow": "以下注释因排版所限未能排在引用它的页面，移到此处。",
    "textless_follow": "原文在本版中缺失的注释不排为脚注，列于此处，正文中的注号链接到这里。",
    # the HTML edition's interface
    "skip": "跳到正文", "source_format": "底本", "downloads": "下载", "unanchored": "未能定位的批注",
    "annotations_intro": "正文中以黄色标示批注所指的文字，字母对应下列各条。",
    "unanchored_intro": "这些批注所指的文字已在修订中删除或改动，无法重新定位；编者注明了原位置。",
    "back_to_text": "返回正文", "back_to_ref": "返回引用处", "editorial": "编者注", "permalink": "永久链接",
    "cite": "引用", "cite_title": "引用此段", "citation_text": "引文", "copy": "复制", "copied": "已复制到剪贴板",
    "copy_failed": "无法自动复制，请手动选择文字复制", "close": "关闭", "search": "搜索", "search_label": "搜索全文",
    "search_results": "搜索结果", "search_none": "没有找到结果。", "search_count": "条结果",
    "search_unavailable": "本版还没有搜索索引。",
    "search_needs_server": "搜索需要通过网页服务器打开本版（例如 edition serve）；直接打开文件时无法使用。",
    "jump_to_note": "跳至注释", "jump_to_annotation": "跳至批注", "view_image": "在来源网站查看图像",
    "math": "TeX 公式", "script_switch": "文字", "articles": "文章", "language": "语言", "paragraphs": "段落",
    "works": "引用文献", "editions": "版本", "lost_text": "原文缺失",
}
#: The scripts a reader can switch between, each named in its own script (never converted).
SCRIPT_NAMES = {"zh-Hans": "简体", "zh-Hant": "繁體"}
LANGUAGE_NAMES = {"zh-Hans": "中文（简体）", "zh-Hant": "中文（繁體）"}

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


def notes_remark(words: dict[str, str], where: str, placed: bool, unplaced: bool, moved: bool = False,
                 textless: bool = False) -> str:
    """What a notes section says about its notes and those set as footnotes elsewhere.

    ``where`` is the book's own sentence (``footnotes_in_chapters`` or ``footnotes_on_pages``);
    ``moved``: the section also holds referenced notes the typesetter could not place;
    ``textless``: it also holds referenced notes whose text this version of the source lacks.
    """
    return ((where if placed else "") + (words["unreferenced_follow"] if placed and unplaced else "")
            + (words["textless_follow"] if textless else "") + (words["moved_follow"] if moved else ""))
