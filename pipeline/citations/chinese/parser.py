"""Parse a citation written in Chinese conventions.

The forms met in zhwiki notes: 《》 titles (〈〉 inside them, or 〈〉 for an article), responsibility
words (王兆春著, 李奇微 著，…译, 陸國俊 等 編, 作者：…), GB/T 7714 order with ASCII full stops
(``作者.题名.刊名,2007(04).``), imprints in parentheses (``（上海：上海古籍出版社，2006）``),
publishers run into other fields (``人民出版社1964``), year-and-issue (``2007(04)``, ``2007年第1期``),
page and chapter locators (``124页``, ``第一章``, ``624—625页``), web notes (link text, 来源：人民网).
"""
from __future__ import annotations

import re

from pipeline.citations.dates import YEAR, find_date
from pipeline.citations.draft import GAP, QUOTE, TITLE, Draft, WorkingText, matching_bracket, page_range, split_top_level
from pipeline.citations.lexicon import (
    CHAPTER_SUFFIX, CHINESE_PLACES, CHINESE_PUBLISHER, CJK, FOREIGN_CITIES, GENERIC_LINK_TEXT, ROLE_PATTERN, ROLE_WORDS,
    cjk_count, is_organisation, language_of, latin_count, number_text,
)
from pipeline.citations.names import (
    looks_like_chinese_creator, looks_like_western_name, name,
    split_chinese_names, split_western_names,
)

_NUM = "[0-9０-９一二三四五六七八九十百零〇○两]+"
_SEPARATORS = "，,。；;：:、" + GAP + TITLE
_LANGUAGE_MARKS = {"俄": "ru", "英": "en", "日": "ja", "韩": "ko", "韓": "ko", "法": "fr", "德": "de"}
_JOURNAL_WORDS = re.compile(r"(?:学报|學報|月报|月報|季报|季報|月刊|季刊|週刊|周刊|旬刊|半月刊|杂志|雜誌|期刊|集刊|研究|Journal|Review|Quarterly)[)）]?$|学报[（(]|學報[（(]")
_NEWSPAPER = re.compile(r"(?:报|報|晨报|晚报|日报|日報|時報|时报|Times|Post|News)$")
_SITE = re.compile(r"(?:网|網|网站|網站|網頁|网页|在线|在線|\.com|\.cn|\.org|Online)$")
_SERIES = re.compile(r"(?:系列图书|系列圖書|系列|丛书|叢書|文库|文庫|书系|書系)$")
_PROCEEDINGS = re.compile(r"论文集|論文集|文集|会议|會議|Proceedings")
_THESIS = re.compile(r"学位论文|學位論文|博士论文|博士論文|硕士论文|碩士論文|毕业论文|畢業論文")
_GENRE = re.compile(r"社论|社論|评论|評論|报道|報導|通讯|通訊|短评|短評|专访|專訪|消息|讲话|講話|全文|摘要|转载|轉載")
_BOOK_CHAPTER = re.compile(r"([^·‧・]{1,12})[·‧・](\S{1,16})")
_REPORT = re.compile(r"报告|報告|抗议书|抗議書|白皮书|白皮書|统计分析|統計分析|纪录|紀錄|公报|公報")


def _title_text(text: str) -> str:
    text = text.strip()
    for opening, closing in ("《》", "『』", "「」", "〈〉"):
        if text.startswith(opening) and text.endswith(closing) and matching_bracket(text, 0, opening, closing) == len(text) - 1:
            text = text[1:-1]
            break
    return text.replace("〈", "《").replace("〉", "》").strip(" -－—")


def _is_creator(text: str) -> bool:
    text = text.strip()
    return looks_like_chinese_creator(text) or looks_like_western_name(text)


def _names(text: str) -> list:
    text = re.sub(r"\s*等\s*$", "", text.strip(" ，,：:"))
    if cjk_count(re.sub(r"[（(][^）)]*[）)]", "", text)):
        return [name(n) for n in split_chinese_names(text)]
    return [name(n) for n in split_western_names(text)]


class ChineseParser:
    def __init__(self, text: str, links: tuple[tuple[str, str], ...]):
        self.t = WorkingText(text)
        self.links = links
        self.d = Draft()
        self.titles: list[tuple[int, int]] = []   # spans masked as the title
        self.journal = False
        self.dotted = False
        self.chapter_pair = False
        self.locators: list[tuple[int, int]] = []
        self.page_spans: list[tuple[int, int]] = []
        self.leftovers: list[str] = []
        self.chapter_locator: str | None = None
        self.residue_title: tuple[int, int] | None = None
        self.newspaper_page: str | None = None

    # -- passes -------------------------------------------------------------------------------
    def parse(self) -> Draft:
        t, d = self.t, self.d
        t.take(r"^\s*[（(](俄|英|日|韩|韓|法|德)[语語文][)）]", lambda m: d.set("language", _LANGUAGE_MARKS[m.group(1)]))
        t.take(r"[（(](俄|英|日|韩|韓|法|德)[)）]", lambda m: d.set("language", _LANGUAGE_MARKS[m.group(1)]))
        t.take_isbn_and_urls(d, self.links)
        self._link_titles()
        if not self.titles:
            self._dotted()
        self._dots_as_separators()
        self._bracket_titles()
        t.take(r"^[\s" + GAP + r"]*(?:据|據|参见|參見|参看|參看|见|見)")
        self._original_title()
        t.take(rf"(?<=[{TITLE}》])\s*(?:中)?(?:记载|記載|载|載|说|說|称|稱|云|曰|写道|寫道)\s*[：:，,]?.*$")  # an excerpt quoted
        t.take(rf"[^\s，,。{GAP}{TITLE}]+?\s*(?:特别|特別)?(?:协助|協助)")  # who assisted is not a creator
        self._mask_quotes()
        self._journal_issue()
        self._volumes()
        self._dates()
        self._locators()
        self._keywords()
        self._imprint()
        self._roles()
        self._residue()
        self._title_volume()
        self._kind()
        self._finish()
        return d

    def _link_titles(self) -> None:
        t, d = self.t, self.d
        for text, _ in self.links:
            text = text.strip()
            at = t.s.find(text) if text else -1
            if at < 0:
                continue
            if GENERIC_LINK_TEXT.match(text):
                t.blank(at, at + len(text))
                continue
            inner = text
            if re.fullmatch(r"《[^《》]*(?:《[^《》]*》[^《》]*)*》", inner) is None and "《" in inner:
                continue  # the 《》 rules read it (平溪區公所《…》, 新剧《马可波罗》12月上线)
            found = find_date(inner)
            if found and not inner.replace(found.date.text, "").strip(" ，,"):
                continue  # the link text is the page's date (1963年8月29日): the date pass reads it
            page = re.match(r"[Pp]{1,2}\.\s*\d+(?:\s*[-–]\s*\d+)?\s+", inner)
            if page:  # ``p.14 韓國軍隊的屠殺…``: the page cited, then the title
                self.locators.append((at, at + page.end()))
                t.blank(at, at + page.end())
                at, inner = at + page.end(), inner[page.end():]
            site = re.match(rf"^([{CJK}A-Za-z]{{1,12}}(?:网|網|网站|網站))[：:]\s*", inner)
            if site:
                d.set("container", site.group(1))
                t.blank(at, at + site.end())
                at, inner = at + site.end(), inner[site.end():]
            author = re.search(r"[（(]([^（）()]{2,12})[）)]$", inner)
            if author and _is_creator(author.group(1)):
                d.add_names("authors", _names(author.group(1)))
                t.blank(at + author.start(), at + len(inner))
                inner = inner[: author.start()]
            d.set("title", _title_text(inner))
            self._mask_title(at, at + len(inner))
            return

    def _mask_title(self, start: int, end: int) -> None:
        self.titles.append((start, end))
        self.t.blank(start, end, TITLE)

    def _bracket_titles(self) -> None:
        t, d = self.t, self.d
        article = re.search(r"〈([^〈〉]+)〉[\s，,：:]*(?=《)", t.s)
        if article and not d.title:  # 〈篇名〉，《书名》: a chapter of a book
            d.set("title", _title_text(article.group(1)))
            self._mask_title(article.start(), article.end())
            self.chapter_pair = True
        i = 0
        while True:
            start = t.s.find("《", i)
            if start < 0:
                break
            end = matching_bracket(t.s, start, "《", "》")
            if end < 0:
                t.blank(start, start + 1)
                continue
            self._bracket_role(start, end)
            i = end + 1
        for match in list(re.finditer(r"〈([^〈〉]+)〉", t.s)):
            after = t.s[match.end():].lstrip()
            if re.match(rf"第\s*{_NUM}\s*期", after) and not d.container:
                d.set("container", match.group(1))
                self.journal = True
                t.blank(match.start(), match.end(), TITLE)
            elif not d.title:
                d.set("title", _title_text(match.group(1)))
                self._mask_title(match.start(), match.end())

    def _bracket_role(self, start: int, end: int) -> None:
        t, d = self.t, self.d
        inner = t.original(start + 1, end)
        before, after = t.s[:start], t.s[end + 1:]
        if re.search(r"(?:出版社|雜誌社|杂志社|報社|报社)$", inner):
            d.set("publisher", inner)
            t.blank(start, end + 1)
        elif re.search(rf"(?:原?(?:载|載|刊)(?:于|於)|见于|見於|收入|收录于|收錄於)[^{GAP}《]{{0,14}}$", before):
            d.set("container", _title_text(inner))
            t.blank(start, end + 1, TITLE)
        elif not d.container and (re.match(rf"\s*(?:{YEAR}\s*年\s*)?第\s*{_NUM}\s*期|\s*{YEAR}\s*[（(]\s*\d+\s*[)）]", after) or (
                d.title and re.match(rf"[\s，,。.]*(?:{YEAR}\s*[，,年]?\s*)?(?:第\s*{_NUM}\s*[期卷册冊]|{_NUM}\s*期)", after))):
            d.set("container", _title_text(inner))
            self.journal = True
            t.blank(start, end + 1, TITLE)
        elif (_NEWSPAPER.search(inner) or _JOURNAL_WORDS.search(inner)) and (
                found := find_date(after[:16], bare_year=False)) and found.date.day and not after[:found.start].strip():
            d.set("container", _title_text(inner))  # 《人民日报》1965.01.06: a newspaper's issue
            t.blank(start, end + 1, TITLE)
            quoted = re.search(r"“([^“”《]+)”", after.split("《")[0])
            if quoted and not d.title:  # …社论：“祝贺平也大捷”: the article's title in quotation marks
                at = end + 1 + quoted.start()
                d.set("title", quoted.group(1))
                self._mask_title(at, at + len(quoted.group(0)))
        elif not d.title:
            phrase = self._embedding_phrase(start, end)
            if phrase:
                d.set("title", _title_text(t.original(*phrase)))
                self._mask_title(*phrase)
            else:
                d.set("title", _title_text(inner))
                self._mask_title(start, end + 1)
        elif not d.container and self.titles and not t.s[self.titles[-1][1]:start].strip():
            d.set("container", _title_text(inner))  # 《篇名》《书名》: a chapter in a book
            self.chapter_pair = True
            t.blank(start, end + 1, TITLE)
        else:
            t.blank(start, end + 1)  # the title of a volume or part named beside the work's title

    def _embedding_phrase(self, start: int, end: int) -> tuple[int, int] | None:
        """The whole phrase when 《》 sits inside a longer title (新剧《马可波罗》12月上线)."""
        s = self.t.s
        pre = re.search(rf"[^\s{_SEPARATORS}]+$", s[:start])
        post = re.match(rf"[^\s{_SEPARATORS}《]+", s[end + 1:])
        if not pre or not post:
            return None
        pre_text, post_text = pre.group(0), post.group(0)
        if re.search(rf"(?:{ROLE_PATTERN})(?:的)?$", pre_text) or _is_creator(pre_text):
            return None
        if re.match(rf"第|{YEAR}|出版|来源|來源|作者|[Pp]\d|\d+\s*[页頁]|[（(]|{ROLE_PATTERN}", post_text):
            return None
        return pre.start(), end + 1 + post.end()

    def _dotted(self) -> None:
        """GB/T 7714 order with full stops: 作者.题名.刊名,年(期) — or 题名.报纸.日期."""
        t, d = self.t, self.d
        spans = [(a, b) for a, b in self._dot_spans() if t.s[a:b].strip(" " + GAP)]
        if len(spans) < 2:
            return
        first = t.kept(*spans[0]).strip()
        role = re.fullmatch(rf"(.+?)\s*(等)?\s*({ROLE_PATTERN})", first)
        # with three parts or more the first is the author even when its surname is rare (曲爱国)
        creator = _is_creator(first) or bool(role and _is_creator(role.group(1))) or (
            len(spans) >= 3 and re.fullmatch(f"[{CJK}]{{2,4}}", first) is not None)
        if "《" in first and not creator:
            return  # 大鹰：《志愿军战俘真实纪事》. 解放军文艺出版社: the 《》 rules read it
        self.dotted = True
        index = 1 if creator else 0
        if index >= len(spans):
            return
        start, end = spans[index]
        while start < end and t.s[start] in " " + GAP:
            start += 1
        d.set("title", _title_text(t.original(start, end)))
        self._mask_title(start, end)
        if index:
            d.add_names(ROLE_WORDS[role.group(3)] if role else "authors", _names(role.group(1) if role else first))
            t.blank(*spans[0])

    def _dot_spans(self) -> list[tuple[int, int]]:
        s = self.t.s
        cuts = [m.start() for m in re.finditer(rf"(?<=[{CJK}{TITLE}》」』”）)\]])\.|(?<![\d.A-Za-z])\.(?=\s*[{CJK}「“《])", s)]
        edges = [-1] + cuts + [len(s)]
        return [(edges[i] + 1, edges[i + 1]) for i in range(len(edges) - 1)]

    def _dots_as_separators(self) -> None:
        for start, end in self._dot_spans()[:-1]:
            self.t.blank(end, end + 1)
            self.dotted = True

    def _original_title(self) -> None:
        """A Western original title in brackets right after the Chinese one: 《朝鲜战争》（The Korean War）."""
        if not self.titles:
            return
        end = self.titles[0][1]
        match = re.match(r"\s*[（(]([^（）()]*)[）)]", self.t.s[end:])
        if match and latin_count(match.group(1)) > 3 and not cjk_count(match.group(1)):
            self.t.blank(end, end + match.end())

    def _mask_quotes(self) -> None:
        for opening, closing in (("“", "”"), ("「", "」"), ("『", "』"), ("‘", "’")):
            for match in list(re.finditer(f"{opening}[^{opening}{closing}]*{closing}", self.t.s)):
                self.t.blank(match.start(), match.end(), QUOTE)

    def _journal_issue(self) -> None:
        t, d = self.t, self.d

        def year_issue(m: re.Match) -> None:
            d.set("date", find_date(m.group(1)).date)
            d.set("issue", number_text(m.group(2)))
            self.journal = True

        t.take(rf"({YEAR})\s*[（(]\s*(\d{{1,3}})\s*[)）]", year_issue)
        t.take(rf"({YEAR})\s*[,，]\s*(\d+)\s*[（(]\s*(\d+)\s*[)）]\s*[:：]\s*(\d+\s*[-–]\s*\d+)", lambda m: (
            d.set("date", find_date(m.group(1)).date), d.set("volume", m.group(2)), d.set("issue", m.group(3)),
            d.set("pages", page_range(m.group(4))), setattr(self, "journal", True)))  # GB/T: 2007,25(4):72-76
        t.take(rf"({YEAR})\s*年?\s*第?\s*({_NUM})\s*期", year_issue)
        t.take(r"(?:总|總)\s*第?\s*(\d+)\s*期?|[（(](?:总|總)\s*(\d+)[)）]",
               lambda m: (d.set("issue", m.group(1) or m.group(2)), setattr(self, "journal", True)))
        t.take(rf"第\s*({_NUM})\s*期", lambda m: (d.set("issue", number_text(m.group(1))), setattr(self, "journal", True)))

    def _volumes(self) -> None:
        t, d = self.t, self.d
        t.take(rf"第\s*({_NUM})\s*分[册冊]", lambda m: d.set("part", number_text(m.group(1))))
        t.take(rf"[{CJK}]{{2,8}}分[册冊]")  # a part named, not numbered: its name is the part's title
        t.take(rf"第\s*({_NUM})\s*卷", lambda m: d.set("volume", number_text(m.group(1))))
        t.take(rf"第\s*({_NUM})\s*[册冊](?!\S*[页頁])", lambda m: d.set("volume", number_text(m.group(1))))
        t.take(r"\b[Vv]ol\.?\s*(\d+)|\bV\.\s*(\d+)", lambda m: d.set("volume", m.group(1) or m.group(2)))
        t.take(r"[，,\s]第\s*(\d+)\s*版$", lambda m: setattr(self, "newspaper_page", m.group(1)))  # 人民日报…，第4版
        t.take(rf"第\s*{_NUM}\s*版|[修增]订版|[修增]訂版")

    def _dates(self) -> None:
        t, d = self.t, self.d
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
                self.journal = True
                end += 1
            t.blank(found.start, end)

    def _locators(self) -> None:
        t = self.t
        chapter = rf"第\s*{_NUM}\s*[章节節回篇部]{{1,2}}(?:[：:]\s*|\s+(?=[{CJK}]))?[^\s，,。；;、{GAP}{TITLE}\d]*"
        part = rf"(?:卷|章节|章節|附件|节|節)\s*{QUOTE}+"
        pages = r"(?:第\s*)?\d+\s*(?:[-‐–—~～]\s*\d+)?\s*[页頁]|(?<![A-Za-z])[Pp]{1,2}\.?\s*\d+(?:\s*[-‐–—~～]\s*[Pp]?\s*\d+)?\+?"
        for match in list(re.finditer(f"{part}(?:、{part})*|{chapter}", t.s)):
            self.locators.append((match.start(), match.end()))
            t.blank(match.start(), match.end())
        for match in list(re.finditer(pages, t.s)):
            self.page_spans.append((match.start(), match.end()))
            self.locators.append((match.start(), match.end()))
            t.blank(match.start(), match.end())

    def _keywords(self) -> None:
        t, d = self.t, self.d
        t.take(r"(?:责任)?编辑\s*[：:]\s*\S+|(?:責任)?編輯\s*[：:]\s*\S+|连载\s*[：:]\s*\S+|連載\s*[：:]\s*\S+")
        t.take(rf"作者\s*[：:]?\s*([^\s，,。；;{GAP}{TITLE}]+)", lambda m: d.add_names("authors", _names(m.group(1))))
        t.take(rf"出版(?:社|者)\s*[：:]\s*([^\s，,。；;{GAP}]+)", lambda m: d.set("publisher", m.group(1)))
        t.take(rf"([^\s，,。；;{GAP}{TITLE}]+?)(?:转载|轉載)", lambda m: d.set("container", m.group(1)))
        t.take(rf"(?:来源|來源)\s*[：:]?\s*([^\s，,。；;{GAP}{TITLE}]+)", lambda m: d.set("container", m.group(1)))
        t.take(rf"(?:发表|發表)(?:于|於)\s*({'|'.join(CHINESE_PLACES)})", lambda m: d.set("place", m.group(1)))
        t.take(rf"([^\s，,。；;{GAP}{TITLE}]+?)联合(?:发表|發表)", lambda m: d.add_names("authors", _names(m.group(1))))
        t.take(r"(?:本文)?原?(?:载|載|刊)(?:于|於)|(?:发表|發表)(?:于|於)?|公布|上线|上線")

    def _imprint(self) -> None:
        t, d = self.t, self.d
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

    def _roles(self) -> None:
        t, d = self.t, self.d
        latin = rf"(?<![\w])([A-Z][\w'’-]+,\s+[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*)*)\s*(等)?\s*({ROLE_PATTERN})(?=[\s，,：:]|$)"
        for match in list(re.finditer(latin, t.s)):  # ``Waldon, Arthur 著``: a Western name keeps its comma
            d.add_names(ROLE_WORDS[match.group(3)], _names(match.group(1)))
            t.blank(match.start(), match.end())
        for start, end in split_top_level(t.s, "，,：:；;。" + GAP + TITLE):
            chunk = t.s[start:end]
            for match in re.finditer(rf"(?:^|(?<=\s))([^\s{QUOTE}][^{QUOTE}]*?)\s*(等)?\s*({ROLE_PATTERN})(?:的|本)?(?=\s|$)", chunk):
                names = _names(match.group(1).strip())
                if names and all(_is_creator(n.text) or n.alternate for n in names):
                    d.add_names(ROLE_WORDS[match.group(3)], names)
                    t.blank(start + match.start(), start + match.end())

    def _segments(self) -> list[tuple[int, int, bool]]:
        """Unclassified stretches: (start, end, before the title)."""
        s = self.t.s
        title_start = self.titles[0][0] if self.titles else None
        out = []
        for start, end in split_top_level(s, "，,。；;：:、" + GAP + TITLE):
            for m in re.finditer(rf"[^\s{GAP}{TITLE}]+(?:\s+(?=[A-Za-z&'(])[^\s{GAP}{TITLE}]+)*", s[start:end]):
                a, b = start + m.start(), start + m.end()
                text = _strip_unbalanced(self.t.original(a, b).strip())
                if not re.search(rf"[{CJK}A-Za-z0-9]", text) or not s[a:b].strip(QUOTE + "、 （）()"):
                    continue  # punctuation, or a quotation on its own (the title of a volume named beside it)
                before = title_start is not None and a < title_start
                out.append((a, b, before))
        return out

    def _residue(self) -> None:
        """Give each stretch no pattern claimed a field, by where it stands and how it looks."""
        self.residue_title = None
        leading = True  # 戴昌达、姜小光、习晓环，题名…: every name before the title is an author
        for start, end, before in self._segments():
            text = self.t.original(start, end).strip(" ，,：:")
            if not text:
                continue
            bare = _strip_unbalanced(text)
            if before:
                self._before_title(bare, end)
            elif leading and not self.d.title and _is_creator(bare) and not _BOOK_CHAPTER.fullmatch(bare):
                self.d.add_names("authors", _names(bare))
            else:
                leading = False
                self._after_creators(start, end, text, bare)

    def _before_title(self, bare: str, end: int) -> None:
        d = self.d
        right_before_title = re.match(rf"\s*[：:]\s*[〈《「『“]?{TITLE}", self.t.s[end:])
        if _is_creator(bare) or (right_before_title and re.fullmatch(f"[{CJK}]{{2,6}}", bare) and not _GENRE.fullmatch(bare)):
            d.add_names("authors", _names(bare))
        elif _SERIES.search(bare) or _SITE.search(bare):
            d.set("container", bare)

    def _after_creators(self, start: int, end: int, text: str, bare: str) -> None:
        t, d = self.t, self.d
        web = bool(d.url) and not d.publisher
        chapter = _BOOK_CHAPTER.fullmatch(bare)
        if not d.title and chapter and CHAPTER_SUFFIX.search(chapter.group(2)):
            d.set("title", bare)  # 史记·蒙恬列传: a book and its chapter (split later)
            self._mask_title(start, end)
        elif not d.title and _SITE.search(bare) and d.url and not d.container:
            d.set("container", bare)  # ``1963年8月29日 人民網``: a dated page of a site
        elif not d.title:
            d.set("title", _title_text(re.sub(r"^(?:据|據)", "", text)))
            self._mask_title(start, end)
            self.residue_title = (start, end)
        elif _SITE.search(bare) or _NEWSPAPER.search(bare) or _JOURNAL_WORDS.search(bare):
            if not d.container:
                d.set("container", bare)
            else:
                self.leftovers.append(text)
        elif _is_creator(bare) and (not is_organisation(bare) or not web):
            if not d.creators_found():
                d.add_names("authors", _names(bare))
        elif is_organisation(bare) and web and not d.container:
            d.set("container", bare)
        elif bare in CHINESE_PLACES:
            d.set("place", bare)
        elif (self.journal or self.dotted or web) and not d.container and cjk_count(bare) + latin_count(bare) >= 2:
            d.set("container", bare)
        elif self.residue_title and re.fullmatch(r"[\s，,]*", t.s[self.residue_title[1]:start]):
            # a title with a comma in it: 只爭朝夕，當尼克森遇上毛澤東
            self.residue_title = (self.residue_title[0], end)
            d.put(title=_title_text(t.original(*self.residue_title)))
            self._mask_title(*self.residue_title)
        else:
            self.leftovers.append(text)

    def _title_volume(self) -> None:
        d = self.d
        if not d.title:
            return
        chapter = re.fullmatch(r"([^·‧・，,]{1,12})[·‧・，,]\s*(\S{1,16})", d.title)
        if chapter and CHAPTER_SUFFIX.search(chapter.group(2)) and not d.locator:
            # 《史記‧匈奴列傳》: the book, and the chapter this note cites
            d.put(title=chapter.group(1), locator=None)
            self.chapter_locator = chapter.group(2)
        match = re.search(rf"\s*[（(](?:第\s*({_NUM})\s*[卷册冊]|([上中下])[册冊卷]?)[)）]$", d.title)
        if match:
            d.set("volume", number_text(match.group(1)) if match.group(1) else match.group(2))
            d.put(title=d.title[: match.start()].strip())
        match = re.search(rf"\s*[·・]\s*第\s*({_NUM})\s*[册冊卷].*$", d.title)
        if match:
            d.set("volume", number_text(match.group(1)))
            d.put(title=d.title[: match.start()].strip())
        if d.container:
            match = re.search(r"\s*[（(]([上中下])[册冊卷]?[)）]$", d.container)
            if match:
                d.set("volume", match.group(1))
                d.put(container=d.container[: match.start()].strip())

    def _kind(self) -> None:
        d = self.d
        everything = " ".join(filter(None, (d.title, d.container, self.t.orig)))
        if _THESIS.search(everything):
            d.put(kind="thesis")
        elif self.chapter_pair or (d.container and _PROCEEDINGS.search(d.container)):
            d.put(kind="chapter")
        elif self.journal or (d.container and _JOURNAL_WORDS.search(d.container) and not d.publisher):
            d.put(kind="journal-article")
        elif d.title and _REPORT.search(d.title):
            d.put(kind="report")
        elif d.container and _NEWSPAPER.search(d.container):
            d.put(kind="newspaper-article")
        elif (d.url and not d.publisher and not d.isbn and "books.google." not in d.url) or (d.container and _SITE.search(d.container)):
            d.put(kind="web-page")
        elif d.title or d.publisher or d.isbn or (d.creators_found() and (self.locators or d.volume)):
            d.put(kind="book")

    def _finish(self) -> None:
        d, t = self.d, self.t
        if d.kind == "newspaper-article" and self.newspaper_page:
            d.set("pages", self.newspaper_page)
        journal_like = d.kind == "journal-article" or (
            d.kind == "chapter" and bool(self.page_spans) and bool(re.search(r"\d\D+\d", t.original(*self.page_spans[0]))))
        pieces = sorted(self.locators)
        if journal_like and self.page_spans:
            d.put(pages=page_range(t.original(*self.page_spans[0])))
            pieces = [p for p in pieces if p != self.page_spans[0]]
        if self.chapter_locator:
            d.set("locator", " ".join([self.chapter_locator] + [t.original(*p).strip() for p in pieces]))
        elif pieces:
            text = t.original(*pieces[0]).strip()
            for previous, current in zip(pieces, pieces[1:]):
                between = t.orig[previous[1]:current[0]]
                text += (between if not between.strip(" 、") else " ") + t.original(*current).strip()
            d.set("locator", text.strip())
        elif self.leftovers and d.kind in ("book", "chapter"):
            d.set("locator", self.leftovers[0])
        if not d.language and (d.title or d.creators_found() or d.container):
            source = d.title or (t.orig if d.creators_found() else d.container)
            chinese = cjk_count(source) * 6 >= latin_count(source) and cjk_count(source)
            d.put(language=language_of(source) if d.title or not chinese else "zh")


def _strip_unbalanced(text: str) -> str:
    """Drop brackets at the ends of a stretch that lost their partner when the text was split."""
    pairs = {"（": "）", "(": ")", "[": "]", "【": "】"}
    changed = True
    while changed and text:
        changed = False
        if text[0] in pairs and text.count(text[0]) > text.count(pairs[text[0]]):
            text, changed = text[1:].strip(), True
        elif text[-1] in pairs.values():
            opening = next(k for k, v in pairs.items() if v == text[-1])
            if text.count(text[-1]) > text.count(opening):
                text, changed = text[:-1].strip(), True
    return text


def parse_chinese(text: str, links: tuple[tuple[str, str], ...] = ()) -> Draft:
    return ChineseParser(text, links).parse()
