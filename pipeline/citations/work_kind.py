"""What kind of work a labelled record cites, and in which language, from its fields and words.

A record's kind (book, journal article, web page …) decides how it is rendered and exported, and
its language which name order and title script apply. Both follow from evidence the labelled
spans expose: GB/T 7714 type marks (``[M]``, ``[J]``, ``[EB/OL]``), thesis words, which fields are
present (a container with an issue is a journal), and the script of the title (kana is Japanese).
"""
from __future__ import annotations

import re

from pipeline.citations.dates import parse_date
from pipeline.citations.lexicon import (CJK_CHAR, GOVERNMENT, JAPANESE_KANJI, SIMPLIFIED_ONLY, WESTERN_NEWSPAPER,
                                        language_of)
from pipeline.citations.spans import FieldSpan

# GB/T 7714 type marks and type words → kind.
_TYPE_KINDS = (
    (re.compile(r"\[M\]|專著|专著"), "book"),
    (re.compile(r"\[J\]"), "journal-article"),
    (re.compile(r"\[N\]"), "newspaper-article"),
    (re.compile(r"\[(?:EB|DB|CP)?/?OL\]|網頁|网页|online", re.I), "web-page"),
    (re.compile(r"\[D\]|論文|论文|thesis|diss|dissertation", re.I), "thesis"),
    (re.compile(r"\[R\]|報告|报告|report|手稿|檔案|档案|統計|统计", re.I), "report"),
    (re.compile(r"\[[CA]\]"), "chapter"),
)
_NEWSPAPER = re.compile(r"(?:日報|日报|晚報|晚报|時報|时报|新報|新报|新聞|新闻|早報|早报|官報|官报|"
                        r"(?<![学學季月通汇彙画畫])[報报]$|中央社|新華社|新华社|通訊社|通讯社|共同社)")
_WEBSITE = re.compile(r"(?:網|网|網站|网站|部落格|博客|電子報|电子报|電臺|電台|电台|\.com|\.org|\.net|\.gov|\.edu|"
                      r"\.tw|\.cn|Online|Website|Blog|BBC|CNN)$", re.I)
# Containers that collect chapters or entries: proceedings, collected works, dictionaries.
_COLLECTION = re.compile(r"論文集|论文集|文集|全集|會議|会议|研討會|研讨会|辭典|辞典|词典|詞典|百科|全書|全书|"
                         r"Proceedings|Conference|Symposium|Handbook|Encyclopa?edia", re.I)
# Archives and their files: the pipeline renders archival documents as reports.
_ARCHIVE = re.compile(r"檔案|档案|公文|記錄|记录|史料センター|資料センター")
# Titles and series that name an official or statistical document.
_REPORT_TITLE = re.compile(r"(?:报告|報告|統計|统计|通知|公告|Report)$|調查研究報告|调查研究报告", re.I)
_THESIS_PUBLISHER = re.compile(r"(?:大學|大学|University).*(?:研究所|學系|学系|Department)")
_JAPANESE_PLACES = re.compile("東京|东京|京都|大阪|名古屋|横浜|神戸|札幌|福岡")
_JAPANESE_BODIES = re.compile("日日新報|日日新报|官報|經世新報|總督府|总督府|株式会社|出版局|新書|文庫|記事")
_JAPANESE_ISBN = re.compile(r"^(?:978-?)?4")
_COLONIAL_TAIWAN = re.compile("臺灣|台灣|臺北|台北|臺中|臺南|台南")
_STATED_LANGUAGE = {"俄": "ru", "日": "ja", "英": "en", "德": "de", "法": "fr", "韓": "ko", "韩": "ko"}
_CYRILLIC = re.compile("[\u0400-\u04ff]")
# Words frequent in titles of a language and rare in English ones.
_LATIN_LANGUAGES = (
    ("nl", re.compile(r"\b(?:van|het|een|voor|en|tot|der|Nederlandse?|Oost-Indische|dagregisters?)\b", re.I)),
    ("de", re.compile(r"\b(?:und|der|die|das|über|für|zur|zum|einer?|im|Geschichte)\b", re.I)),
    ("fr", re.compile(r"\b(?:les|des|du|et|pour|dans|une|sur|au|aux)\b", re.I)),
    ("id", re.compile(r"\b(?:dan|yang|dari|untuk|dalam|sejarah)\b", re.I)),
)


def _field(text: str, spans: tuple[FieldSpan, ...], field: str) -> str:
    return " ".join(text[s.start:s.end] for s in spans if s.field == field)


def kind_of(text: str, spans: tuple[FieldSpan, ...], *, has_link: bool = False) -> str | None:
    """The kind of work the record cites; None for a bare locator or back-reference."""
    present = {s.field for s in spans}
    marks = _field(text, spans, "type")
    for pattern, kind in _TYPE_KINDS:
        if marks and pattern.search(marks):
            return kind
    if not present - {"locator", "ibid", "note", "role", "pages"}:
        return "web-page" if has_link else None
    container = _field(text, spans, "container")
    publisher = _field(text, spans, "publisher")
    title = next((t for t in spans if t.field == "title"), None)
    bracket = text[title.start - 1] if title is not None and title.start > 0 else ""
    online = has_link or bool(present & {"url", "accessed"})
    if _ARCHIVE.search(container + _field(text, spans, "series")):
        return "report"
    if not container and (_REPORT_TITLE.search(_field(text, spans, "title").rstrip())
                          or _REPORT_TITLE.search(_field(text, spans, "series"))):
        return "report"
    if _THESIS_PUBLISHER.search(publisher) and not present & {"series", "isbn", "container"}:
        return "thesis"
    if not present & {"number", "publisher", "isbn", "container"} and _government(text, spans, "author"):
        return "report"
    if container:
        return _contained_kind(text, spans, container, title, online)
    if present & {"accessed", "url"} and not present & {"publisher", "isbn"}:
        return "web-page"
    if bracket == "〈" and not present & {"series", "editor"}:
        return "journal-article"
    if "number" in present and "isbn" not in present:
        return "report"
    if "accessed" in present or (online and bracket not in ("《", "『")):
        return "web-page"
    return "book"


def _contained_kind(text: str, spans: tuple[FieldSpan, ...], container: str, title: FieldSpan | None,
                    online: bool) -> str:
    """The kind of a work that appeared in something: a newspaper, a website, a collection, a journal."""
    present = {s.field for s in spans}
    if _NEWSPAPER.search(container) or WESTERN_NEWSPAPER.search(container):
        return "web-page" if _WEBSITE.search(container) else "newspaper-article"
    if _WEBSITE.search(container):
        return "web-page"
    container_start = next(s.start for s in spans if s.field == "container")
    book_first = title is not None and container_start < title.start and text[container_start - 1] == "《"
    if _COLLECTION.search(container) or (book_first and not online):
        return "chapter"   # 《魯迅全集》第九卷《中國小說史略》, a 論文集, a 辭典
    if present & {"volume", "issue", "pages"} and not present & {"editor", "isbn"}:
        return "journal-article"
    if online and not present & {"publisher", "isbn", "editor"}:
        return "web-page"
    if present & {"editor", "publisher", "isbn", "place"}:
        return "chapter"
    return "journal-article"


def _government(text: str, spans: tuple[FieldSpan, ...], field: str) -> bool:
    """A government body or legislature made the work: its publications are reports."""
    return any(s.field == field and GOVERNMENT.search(text[s.start:s.end]) for s in spans)


def language_of_record(text: str, spans: tuple[FieldSpan, ...]) -> str | None:
    """The language of the work as cited: that of its title's script and words (see the corpus guide).

    A kanji-only title is Japanese when the record says so elsewhere: 『』, kana or shinjitai in
    its names or imprint, a Japanese ISBN, a Japanese publisher or city (unless the title is in
    simplified Chinese), or a work of Japanese-ruled Taiwan (1895–1945).
    """
    stated = re.search(r"[（(]?([俄日英德法韓韩])[语語文][）)]?", _field(text, spans, "note"))
    if stated:
        return _STATED_LANGUAGE[stated.group(1)]
    title = (_field(text, spans, "title") or _field(text, spans, "container")
             or _field(text, spans, "volume-title") or _field(text, spans, "series"))
    if not title:
        title = " ".join(text[s.start:s.end] for s in spans if s.field not in ("date", "locator", "pages"))
    language = language_of(title)
    if _CYRILLIC.search(title):
        return "ru"
    if language == "zh":
        return _chinese_or_other(text, spans, title)
    if language == "en" and not CJK_CHAR.search(title):
        for code, words in _LATIN_LANGUAGES:
            if len(words.findall(title)) >= 2:
                return code
    return language


def _chinese_or_other(text: str, spans: tuple[FieldSpan, ...], title: str) -> str:
    """``zh`` for a title in Chinese characters unless the record shows a Japanese, Korean or Western work."""
    imprint = " ".join(text[s.start:s.end] for s in spans if s.field not in ("title", "note", "locator"))
    names = [text[s.start:s.end] for s in spans if s.field in ("author", "editor", "translator")]
    parallel = _field(text, spans, "parallel-title")
    if names and parallel and not CJK_CHAR.search(" ".join(names) + parallel):
        return "en"  # a Western work glossed in Chinese: 《意大利圖書館簡介（A Short Account…）》
    title_span = next((s for s in spans if s.field == "title"), None)
    if title_span is not None and text[max(0, title_span.start - 1)] == "『":
        return "ja"
    if JAPANESE_KANJI.search(title) or language_of(imprint) == "ja" or JAPANESE_KANJI.search(imprint):
        return "ja"
    if language_of(imprint) == "ko":
        return "ko"
    if SIMPLIFIED_ONLY.search(title):
        return "zh"
    date = parse_date(_field(text, spans, "date")) if "date" in {s.field for s in spans} else None
    if (_JAPANESE_PLACES.search(imprint) or _JAPANESE_BODIES.search(imprint)
            or _JAPANESE_ISBN.match(_field(text, spans, "isbn"))
            or any(re.fullmatch(f"[{CJK_CHAR.pattern[1:-1]}]+ [{CJK_CHAR.pattern[1:-1]}]+", n) for n in names)
            or (date and 1895 <= date.year <= 1945 and _COLONIAL_TAIWAN.search(title + imprint))):
        return "ja"
    return "zh"
