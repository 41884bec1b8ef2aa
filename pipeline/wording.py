"""Every sentence and label the pipeline adds to an edition, in simplified and traditional script.

An edition of a traditional-script article must not print simplified words, and the two scripts
must not drift apart, so all of them are here, each table with the one way it gets its other
script, and every lookup decides the script with :func:`pipeline.lang.is_traditional`:

* :data:`EXPLANATIONS` (the editorial stage's explanation of what the source flags or lost),
  :data:`NOTE_STATEMENTS` (the notes section's one statement of the notes lost) and
  :data:`SENTENCES` (what the annotations stage says about a re-anchored or orphaned annotation) are
  written out in both scripts, with Taiwan's wording (連結, 存取);
* :data:`READER_MESSAGES` (the editorial notes and gap descriptions the wiki reader adds) are written
  in simplified script and converted with OpenCC ``s2t`` (characters only);
* :data:`LABELS` and :data:`MOTIVATIONS` (the words the editions add around the text: headings, the
  HTML interface) are written in simplified script and converted with OpenCC ``s2tw`` (Taiwan standard
  characters, without phrase substitution, which would turn 对象 into 物件).

The readers, the transforms and the writers all import this module, which imports nothing of theirs.
"""
from __future__ import annotations

import re
from functools import lru_cache
from string import ascii_lowercase

from pipeline.lang import converter, is_traditional

LABELS = {
    "contents": "目录", "notes": "注释", "bibliography": "参考文献", "sources": "来源（原文）",
    "external_links": "外部链接", "annotations": "学术批注", "infobox": "资讯框",
    "source": "来源", "licence": "许可协议", "edition_date": "版本日期", "publisher": "出版",
    "cited_in": "引用于注释", "see_work": "书目", "untitled": "无标题", "target": "批注对象",
    "target_missing": "批注对象在本版中未找到", "figure": "图", "page": "页",
    "unreferenced_notes": "正文中未引用的注释", "lead": "导言", "by": "批注者", "wikipedia_editors": "维基百科编者", "part": "第{}部分",
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
    "caption_damaged": "图注开头在转换中丢失",
    # the editorial apparatus (pipeline/writers/model/apparatus.py)
    "apparatus": "编者说明", "heading_missing": "标题缺失",
}
#: a note's label ending in its number (``註 2``, ``17``)
TRAILING_NUMBER = re.compile(r"(.*?)(\d+)")
#: The scripts a reader can switch between, each named in its own script (never converted).
SCRIPT_NAMES = {"zh-Hans": "简体", "zh-Hant": "繁體"}
LANGUAGE_NAMES = {"zh-Hans": "中文（简体）", "zh-Hant": "中文（繁體）"}

#: Web Annotation motivations (the values TEI's ``@motivation`` takes) as a reader would say them.
MOTIVATIONS = {
    "assessing": "评估", "bookmarking": "书签", "classifying": "分类", "commenting": "评论",
    "describing": "说明", "editing": "校订", "highlighting": "标示", "identifying": "考订",
    "linking": "关联", "moderating": "审核", "questioning": "质疑", "replying": "回复", "tagging": "标签",
}


EXPLANATIONS = {
    "citation-needed": ("维基百科编者在此标注“来源请求”：这一说法在原文中没有注明出处，本版未加核实。",
                        "維基百科編者在此標註「來源請求」：這一說法在原文中沒有註明出處，本版未加核實。"),
    "page-needed": ("维基百科编者在此标注“页码请求”：所引文献没有注明页码，读者无法据以核对。",
                    "維基百科編者在此標註「頁碼請求」：所引文獻沒有註明頁碼，讀者無法據以核對。"),
    "dead-link": ("维基百科编者在此标注“失效链接”：所引网页已无法访问，此处所述暂时无从核对。",
                  "維基百科編者在此標註「失效連結」：所引網頁已無法存取，此處所述暫時無從核對。"),
    "doubtful-source": ("维基百科编者在此标注“来源可靠？”：所引来源的可靠性受到质疑。",
                        "維基百科編者在此標註「來源可靠？」：所引來源的可靠性受到質疑。"),
    "lost-text": ("此处原有模板生成的文字，在转换中丢失。",
                  "此處原有模板生成的文字，在轉換中遺失。"),
    "empty-heading": ("此处标题为空：原标题中的模板在转换中丢失。",
                      "此處標題為空：原標題中的模板在轉換中遺失。"),
    "lost-note": ("此注释的原文在转换中丢失。",
                  "此註釋的原文在轉換中遺失。"),
    "unresolved-note": ("此版本未收录该注释的原文。",
                        "此版本未收錄該註釋的原文。"),
}
"""Each kind's explanation in simplified and traditional script (docs/tei-model.md lists the kinds)."""

NOTE_STATEMENTS = {
    "lost": ("注 {numbers} 的原文在转换中丢失。", "註 {numbers} 的原文在轉換中遺失。"),
    "unresolved": ("此版本未收录注 {numbers} 的原文。", "此版本未收錄註 {numbers} 的原文。"),
}
"""What the notes section says, once, of the notes whose text the source lost (``lost``) or this
version lacks (``unresolved``), by the notes' type, in simplified and traditional script."""

SENTENCES = {
    "retired": ("原目标 {old} 已在修订中退役，现按 ID 记录指向其后继 {new}。",
                "原目標 {old} 已在修訂中退役，現按 ID 記錄指向其後繼 {new}。"),
    "moved": ("短语“{old}”在修订后的文本中未原样出现，现按上下文定位于“{new}”。",
              "短語「{old}」在修訂後的文本中未原樣出現，現按上下文定位於「{new}」。"),
    "occurrence": ("短语“{phrase}”在修订后的段落中出现的次序有变，现按上下文定位于第 {n} 处。",
                   "短語「{phrase}」在修訂後的段落中出現的次序有變，現按上下文定位於第 {n} 處。"),
    "deleted": ("无法定位：原目标 {target} 所在的段落已在修订中删除，没有后继。{old}",
                "無法定位：原目標 {target} 所在的段落已在修訂中刪除，沒有後繼。{old}"),
    "lost": ("无法定位：原目标 {target} 的短语在修订后的段落 {block} 中已找不到。{old}",
             "無法定位：原目標 {target} 的短語在修訂後的段落 {block} 中已找不到。{old}"),
    "context": ("原文：“{text}”。", "原文：「{text}」。"),
}
"""Sentences the merged TEI carries about re-anchoring, in simplified and traditional script."""

READER_MESSAGES = {
    "empty-heading": "此处标题为空：原标题中的模板在转换中丢失。",
    "lost-text": "此处原有模板生成的文字，在转换中丢失。",
    "lost-item": "此列表项为空：其中的模板在转换中丢失。",
    "lost-bibl": "此书目条目为空：其中的引用模板在转换中丢失。",
    "stray-ref": "此处原有一个未闭合的引用标签（ref），其内容即随后的文字。",
    "template": "以上为未展开的模板“{name}”的参数，模板本身未能转换。",
    "layout-template": "此处原有排版模板“{name}”，已删除。",
}
"""The editorial notes and gap descriptions the reader adds, in simplified Chinese; an article
in traditional script gets them converted with OpenCC."""


@lru_cache(maxsize=None)
def _script_tables(traditional: bool) -> tuple[dict[str, str], dict[str, str]]:
    if not traditional:
        return LABELS, MOTIVATIONS
    to_taiwan = converter("s2tw").convert
    return ({key: to_taiwan(value) for key, value in LABELS.items()},
            {key: to_taiwan(value) for key, value in MOTIVATIONS.items()})


def labels(lang: str) -> dict[str, str]:
    """The labels for an article language, in its script."""
    return _script_tables(is_traditional(lang))[0]


def motivation(lang: str, value: str) -> str:
    """A motivation in the article's script; an unknown value is shown as written."""
    table = _script_tables(is_traditional(lang))[1]
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


def explain(kind: str, lang: str) -> str:
    """The editorial explanation of ``kind`` (a key of :data:`EXPLANATIONS`) in the script of ``lang``."""
    simplified, traditional = EXPLANATIONS[kind]
    return traditional if is_traditional(lang) else simplified


def note_statement(kind: str, numbers: list[str], lang: str) -> str:
    """The notes section's one statement about the textless notes of a type (a key of
    :data:`NOTE_STATEMENTS`), their numbers written as ranges (:func:`number_ranges`)."""
    simplified, traditional = NOTE_STATEMENTS[kind]
    return (traditional if is_traditional(lang) else simplified).format(numbers=number_ranges(numbers))


def number_ranges(numbers: list[str]) -> str:
    """Note numbers as a reader writes them, in order: runs of three or more as ranges (4–9), the
    rest one by one, joined by 、 (``["7", "2", "3", "4"]`` → ``2–4、7``). A number with a prefix
    of its own (a source's second series, 註 2) runs only with numbers of the same prefix, after
    the plain ones; a label without a number stands on its own, last."""
    runs: list[list] = []
    for prefix, value in sorted(map(_numbered, numbers), key=lambda pair: (pair[1] is None, pair[0] != "", pair[0], pair[1] or 0)):
        if value is not None and runs and runs[-1][0] == prefix and runs[-1][2] == value - 1:
            runs[-1][2] = value
        else:
            runs.append([prefix, value, value])
    pieces: list[str] = []
    for prefix, first, last in runs:
        if first is None:
            pieces.append(prefix)
        elif last - first >= 2:
            pieces.append(f"{prefix}{first}–{last}")
        else:
            pieces += [f"{prefix}{value}" for value in range(first, last + 1)]
    return "、".join(pieces)


def _numbered(label: str) -> tuple[str, int | None]:
    """A note's label as its prefix and number (``"註 2"`` → ``("註 ", 2)``); no number: ``(label, None)``."""
    match = TRAILING_NUMBER.fullmatch(label)
    return (match[1], int(match[2])) if match else (label, None)


def sentence(key: str, lang: str, **values: str) -> str:
    """A sentence about re-anchoring (a key of :data:`SENTENCES`) in the script of ``lang``, filled in."""
    simplified, traditional = SENTENCES[key]
    return (traditional if is_traditional(lang) else simplified).format(**values)


def reader_message(key: str, lang: str, **values: str) -> str:
    """An editorial message of the reader (a key of :data:`READER_MESSAGES`) in the script of ``lang``."""
    text = READER_MESSAGES[key]
    if is_traditional(lang):
        text = converter("s2t").convert(text)
    return text.format(**values)


def lettering(index: int) -> str:
    """0 → a, 25 → z, 26 → aa, 27 → ab: how the edition letters annotation calls and the works
    that would share a BibTeX key."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = ascii_lowercase[rest] + label
    return label
