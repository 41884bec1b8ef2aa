"""Read the numbered and labelled fields of a Chinese citation: year and issue, volumes, dates, page
and chapter locators, labelled fields (作者：, 出版社：, 来源：), the imprint (place：publisher) and
the creators named by a responsibility word (王兆春著, 陸國俊 等 編).

Each function is a pass over a :class:`~pipeline.citations.chinese.reading.ChineseReading` that
takes what it recognises out of the working text.
"""
from __future__ import annotations

import re

from pipeline.citations.chinese.reading import ChineseReading
from pipeline.citations.chinese.vocabulary import NUM, creator_names, is_creator
from pipeline.citations.dates import YEAR, find_date
from pipeline.citations.draft import GAP, QUOTE, TITLE, page_range, split_top_level
from pipeline.citations.lexicon import (
    CHINESE_PLACES, CHINESE_PUBLISHER, CJK, FOREIGN_CITIES, ROLE_PATTERN, ROLE_WORDS, number_text,
)


def journal_issue(r: ChineseReading) -> None:
    """A periodical's year and issue (``2007(04)``, ``2007年第1期``, ``总第12期``, GB/T ``2007,25(4):72-76``)."""
    t, d = r.t, r.d

    def year_issue(m: re.Match) -> None:
        d.set("date", find_date(m.group(1)).date)
        d.set("issue", number_text(m.group(2)))
        r.journal = True

    t.take(rf"({YEAR})\s*[（(]\s*(\d{{1,3}})\s*[)）]", year_issue)
    t.take(rf"({YEAR})\s*[,，]\s*(\d+)\s*[（(]\s*(\d+)\s*[)）]\s*[:：]\s*(\d+\s*[-–]\s*\d+)", lambda m: (
        d.set("date", find_date(m.group(1)).date), d.set("volume", m.group(2)), d.set("issue", m.group(3)),
        d.set("pages", page_range(m.group(4))), setattr(r, "journal", True)))  # GB/T: 2007,25(4):72-76
    t.take(rf"({YEAR})\s*年?\s*第?\s*({NUM})\s*期", year_issue)
    t.take(r"(?:总|總)\s*第?\s*(\d+)\s*期?|[（(](?:总|總)\s*(\d+)[)）]",
           lambda m: (d.set("issue", m.group(1) or m.group(2)), setattr(r, "journal", True)))
    t.take(rf"第\s*({NUM})\s*期", lambda m: (d.set("issue", number_text(m.group(1))), setattr(r, "journal", True)))


def volumes(r: ChineseReading) -> None:
    """Parts, volumes and editions (``第3卷``, ``第二分册``, ``Vol. 2``), and a newspaper's page (``第4版``)."""
    t, d = r.t, r.d
    t.take(rf"第\s*({NUM})\s*分[册冊]", lambda m: d.set("part", number_text(m.group(1))))
    t.take(rf"[{CJK}]{{2,8}}分[册冊]")  # a part named, not numbered: its name is the part's title
    t.take(rf"第\s*({NUM})\s*卷", lambda m: d.set("volume", number_text(m.group(1))))
    t.take(rf"第\s*({NUM})\s*[册冊](?!\S*[页頁])", lambda m: d.set("volume", number_text(m.group(1))))
    t.take(r"\b[Vv]ol\.?\s*(\d+)|\bV\.\s*(\d+)", lambda m: d.set("volume", m.group(1) or m.group(2)))
    t.take(r"[，,\s]第\s*(\d+)\s*版$", lambda m: setattr(r, "newspaper_page", m.group(1)))  # 人民日报…，第4版
    t.take(rf"第\s*{NUM}\s*版|[修增]订版|[修增]訂版")


def dates(r: ChineseReading) -> None:
    """Every date, the most precise first; ``2000年4月12日号`` marks a magazine's issue."""
    t, d = r.t, r.d
    t.take(r"出版(?:时间|時間|日期)\s*[：:]")
    while True:
        found = find_date(t.s)
        if not found:
            break
        d.set("date", found.date)
        end = found.end
        if t.s[end:end + 1] == "版":
            end += 1
        elif t.s[end:end + 1] and t.s[end:end + 1] in "号號":  # 2000年4月12日号: a magazine's issue
            r.journal = True
            end += 1
        t.blank(found.start, end)


def locators(r: ChineseReading) -> None:
    """Chapter, part and page locators (``第一章``, ``卷“…”``, ``624—625页``, ``p.14``)."""
    t = r.t
    chapter = rf"第\s*{NUM}\s*[章节節回篇部]{{1,2}}(?:[：:]\s*|\s+(?=[{CJK}]))?[^\s，,。；;、{GAP}{TITLE}\d]*"
    part = rf"(?:卷|章节|章節|附件|节|節)\s*{QUOTE}+"
    pages = r"(?:第\s*)?\d+\s*(?:[-‐–—~～]\s*\d+)?\s*[页頁]|(?<![A-Za-z])[Pp]{1,2}\.?\s*\d+(?:\s*[-‐–—~～]\s*[Pp]?\s*\d+)?\+?"
    for match in list(re.finditer(f"{part}(?:、{part})*|{chapter}", t.s)):
        r.locators.append((match.start(), match.end()))
        t.blank(match.start(), match.end())
    for match in list(re.finditer(pages, t.s)):
        r.page_spans.append((match.start(), match.end()))
        r.locators.append((match.start(), match.end()))
        t.blank(match.start(), match.end())


def keywords(r: ChineseReading) -> None:
    """Fields named by a label: 作者：, 出版社：, 来源：, …转载, 发表于 (place), …联合发表."""
    t, d = r.t, r.d
    t.take(r"(?:责任)?编辑\s*[：:]\s*\S+|(?:責任)?編輯\s*[：:]\s*\S+|连载\s*[：:]\s*\S+|連載\s*[：:]\s*\S+")
    t.take(rf"作者\s*[：:]?\s*([^\s，,。；;{GAP}{TITLE}]+)", lambda m: d.add_names("authors", creator_names(m.group(1))))
    t.take(rf"出版(?:社|者)\s*[：:]\s*([^\s，,。；;{GAP}]+)", lambda m: d.set("publisher", m.group(1)))
    t.take(rf"([^\s，,。；;{GAP}{TITLE}]+?)(?:转载|轉載)", lambda m: d.set("container", m.group(1)))
    t.take(rf"(?:来源|來源)\s*[：:]?\s*([^\s，,。；;{GAP}{TITLE}]+)", lambda m: d.set("container", m.group(1)))
    t.take(rf"(?:发表|發表)(?:于|於)\s*({'|'.join(CHINESE_PLACES)})", lambda m: d.set("place", m.group(1)))
    t.take(rf"([^\s，,。；;{GAP}{TITLE}]+?)联合(?:发表|發表)", lambda m: d.add_names("authors", creator_names(m.group(1))))
    t.take(r"(?:本文)?原?(?:载|載|刊)(?:于|於)|(?:发表|發表)(?:于|於)?|公布|上线|上線")


def imprint(r: ChineseReading) -> None:
    """Place and publisher (``上海：上海古籍出版社``), and a publisher run into other text (``人民出版社1964``)."""
    t, d = r.t, r.d
    places = "|".join(sorted(CHINESE_PLACES, key=len, reverse=True))

    def place_publisher(m: re.Match) -> None:
        d.set("place", m.group(1))
        d.set("publisher", m.group(2))

    t.take(rf"((?:{places})[{CJK}]{{0,3}})\s*[：:]\s*([^\s，,。；;）)]+)", place_publisher)

    def publisher(m: re.Match) -> None:
        value = m.group(0)
        for city in FOREIGN_CITIES:
            if value.startswith(city) and len(value) > len(city) + 2:
                d.set("place", city)
                value = value[len(city):]
        d.set("publisher", value)

    t.take(CHINESE_PUBLISHER, publisher)
    t.take(rf"(?<![{CJK}])出版(?:的)?")


def roles(r: ChineseReading) -> None:
    """Creators named by a responsibility word: ``王兆春著``, ``陸國俊 等 編``, ``Waldon, Arthur 著``."""
    t, d = r.t, r.d
    latin = rf"(?<![\w])([A-Z][\w'’-]+,\s+[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*)*)\s*(等)?\s*({ROLE_PATTERN})(?=[\s，,：:]|$)"
    for match in list(re.finditer(latin, t.s)):  # ``Waldon, Arthur 著``: a Western name keeps its comma
        d.add_names(ROLE_WORDS[match.group(3)], creator_names(match.group(1)))
        t.blank(match.start(), match.end())
    for start, end in split_top_level(t.s, "，,：:；;。" + GAP + TITLE):
        chunk = t.s[start:end]
        for match in re.finditer(rf"(?:^|(?<=\s))([^\s{QUOTE}][^{QUOTE}]*?)\s*(等)?\s*({ROLE_PATTERN})(?:的|本)?(?=\s|$)", chunk):
            names = creator_names(match.group(1).strip())
            if names and all(is_creator(n.text) or n.alternate for n in names):
                d.add_names(ROLE_WORDS[match.group(3)], names)
                t.blank(start + match.start(), start + match.end())
