"""Parse a citation written in Chinese conventions.

The forms met in zhwiki notes: 《》 titles (〈〉 inside them, or 〈〉 for an article), responsibility
words (王兆春著, 李奇微 著，…译, 陸國俊 等 編, 作者：…), GB/T 7714 order with ASCII full stops
(``作者.题名.刊名,2007(04).``), imprints in parentheses (``（上海：上海古籍出版社，2006）``),
publishers run into other fields (``人民出版社1964``), year-and-issue (``2007(04)``, ``2007年第1期``),
page and chapter locators (``124页``, ``第一章``, ``624—625页``), web notes (link text, 来源：人民网).
"""
from __future__ import annotations

import re

from pipeline.citations.chinese.fields import dates, imprint, journal_issue, keywords, locators, roles, volumes
from pipeline.citations.chinese.reading import ChineseReading
from pipeline.citations.chinese.residue import residue
from pipeline.citations.chinese.titles import (
    bracket_titles, dots_as_separators, dotted_order, link_titles, mask_quotes, original_title,
)
from pipeline.citations.chinese.vocabulary import JOURNAL_WORDS, NEWSPAPER, NUM, SITE
from pipeline.citations.draft import GAP, TITLE, Draft, page_range
from pipeline.citations.lexicon import CHAPTER_SUFFIX, cjk_count, language_of, latin_count, number_text

_LANGUAGE_MARKS = {"俄": "ru", "英": "en", "日": "ja", "韩": "ko", "韓": "ko", "法": "fr", "德": "de"}
_PROCEEDINGS = re.compile(r"论文集|論文集|文集|会议|會議|Proceedings")
_THESIS = re.compile(r"学位论文|學位論文|博士论文|博士論文|硕士论文|碩士論文|毕业论文|畢業論文")
_REPORT = re.compile(r"报告|報告|抗议书|抗議書|白皮书|白皮書|统计分析|統計分析|纪录|紀錄|公报|公報")


def parse_chinese(text: str, links: tuple[tuple[str, str], ...] = ()) -> Draft:
    """A citation written in Chinese conventions → its draft record (the passes in order)."""
    r = ChineseReading(text, links)
    t, d = r.t, r.d
    t.take(r"^\s*[（(](俄|英|日|韩|韓|法|德)[语語文][)）]", lambda m: d.set("language", _LANGUAGE_MARKS[m.group(1)]))
    t.take(r"[（(](俄|英|日|韩|韓|法|德)[)）]", lambda m: d.set("language", _LANGUAGE_MARKS[m.group(1)]))
    t.take_isbn_and_urls(d, r.links)
    link_titles(r)
    if not r.titles:
        dotted_order(r)
    dots_as_separators(r)
    bracket_titles(r)
    t.take(r"^[\s" + GAP + r"]*(?:据|據|参见|參見|参看|參看|见|見)")
    original_title(r)
    t.take(rf"(?<=[{TITLE}》])\s*(?:中)?(?:记载|記載|载|載|说|說|称|稱|云|曰|写道|寫道)\s*[：:，,]?.*$")  # an excerpt quoted
    t.take(rf"[^\s，,。{GAP}{TITLE}]+?\s*(?:特别|特別)?(?:协助|協助)")  # who assisted is not a creator
    mask_quotes(r)
    journal_issue(r)
    volumes(r)
    dates(r)
    locators(r)
    keywords(r)
    imprint(r)
    roles(r)
    residue(r)
    _title_volume(r)
    _kind(r)
    _finish(r)
    return d


def _title_volume(r: ChineseReading) -> None:
    d = r.d
    if not d.title:
        return
    chapter = re.fullmatch(r"([^·‧・，,]{1,12})[·‧・，,]\s*(\S{1,16})", d.title)
    if chapter and CHAPTER_SUFFIX.search(chapter.group(2)) and not d.locator:
        # 《史記‧匈奴列傳》: the book, and the chapter this note cites
        d.put(title=chapter.group(1), locator=None)
        r.chapter_locator = chapter.group(2)
    match = re.search(rf"\s*[（(](?:第\s*({NUM})\s*[卷册冊]|([上中下])[册冊卷]?)[)）]$", d.title)
    if match:
        d.set("volume", number_text(match.group(1)) if match.group(1) else match.group(2))
        d.put(title=d.title[: match.start()].strip())
    match = re.search(rf"\s*[·・]\s*第\s*({NUM})\s*[册冊卷].*$", d.title)
    if match:
        d.set("volume", number_text(match.group(1)))
        d.put(title=d.title[: match.start()].strip())
    if d.container:
        match = re.search(r"\s*[（(]([上中下])[册冊卷]?[)）]$", d.container)
        if match:
            d.set("volume", match.group(1))
            d.put(container=d.container[: match.start()].strip())


def _kind(r: ChineseReading) -> None:
    d = r.d
    everything = " ".join(filter(None, (d.title, d.container, r.t.orig)))
    if _THESIS.search(everything):
        d.put(kind="thesis")
    elif r.chapter_pair or (d.container and _PROCEEDINGS.search(d.container)):
        d.put(kind="chapter")
    elif r.journal or (d.container and JOURNAL_WORDS.search(d.container) and not d.publisher):
        d.put(kind="journal-article")
    elif d.title and _REPORT.search(d.title):
        d.put(kind="report")
    elif d.container and NEWSPAPER.search(d.container):
        d.put(kind="newspaper-article")
    elif (d.url and not d.publisher and not d.isbn and "books.google." not in d.url) or (d.container and SITE.search(d.container)):
        d.put(kind="web-page")
    elif d.title or d.publisher or d.isbn or (d.creators_found() and (r.locators or d.volume)):
        d.put(kind="book")


def _finish(r: ChineseReading) -> None:
    d, t = r.d, r.t
    if d.kind == "newspaper-article" and r.newspaper_page:
        d.set("pages", r.newspaper_page)
    journal_like = d.kind == "journal-article" or (
        d.kind == "chapter" and bool(r.page_spans) and bool(re.search(r"\d\D+\d", t.original(*r.page_spans[0]))))
    pieces = sorted(r.locators)
    if journal_like and r.page_spans:
        d.put(pages=page_range(t.original(*r.page_spans[0])))
        pieces = [p for p in pieces if p != r.page_spans[0]]
    if r.chapter_locator:
        d.set("locator", " ".join([r.chapter_locator] + [t.original(*p).strip() for p in pieces]))
    elif pieces:
        text = t.original(*pieces[0]).strip()
        for previous, current in zip(pieces, pieces[1:]):
            between = t.orig[previous[1]:current[0]]
            text += (between if not between.strip(" 、") else " ") + t.original(*current).strip()
        d.set("locator", text.strip())
    elif r.leftovers and d.kind in ("book", "chapter"):
        d.set("locator", r.leftovers[0])
    if not d.language and (d.title or d.creators_found() or d.container):
        source = d.title or (t.orig if d.creators_found() else d.container)
        chinese = cjk_count(source) * 6 >= latin_count(source) and cjk_count(source)
        d.put(language=language_of(source) if d.title or not chinese else "zh")
