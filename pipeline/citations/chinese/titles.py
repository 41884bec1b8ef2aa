"""Find the title of a Chinese citation: 《》 and 〈〉 brackets, a link's text, GB/T 7714 order with
full stops (``作者.题名.刊名,年(期)``), and a Western original title in brackets beside it.

Each function is a pass over a :class:`~pipeline.citations.chinese.reading.ChineseReading`: it sets
the title (or the container a bracket names) and masks it so that no later pass reads inside it.
"""
from __future__ import annotations

import re

from pipeline.citations.chinese.reading import ChineseReading
from pipeline.citations.chinese.vocabulary import JOURNAL_WORDS, NEWSPAPER, NUM, creator_names, is_creator, title_text
from pipeline.citations.dates import YEAR, find_date
from pipeline.citations.draft import GAP, QUOTE, TITLE, matching_bracket
from pipeline.citations.lexicon import CJK, GENERIC_LINK_TEXT, ROLE_PATTERN, ROLE_WORDS, cjk_count, latin_count

_SEPARATORS = "，,。；;：:、" + GAP + TITLE


def link_titles(r: ChineseReading) -> None:
    """The title given as an external link's text (with the page, site or author it may carry)."""
    t, d = r.t, r.d
    for text, _ in r.links:
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
            r.locators.append((at, at + page.end()))
            t.blank(at, at + page.end())
            at, inner = at + page.end(), inner[page.end():]
        site = re.match(rf"^([{CJK}A-Za-z]{{1,12}}(?:网|網|网站|網站))[：:]\s*", inner)
        if site:
            d.set("container", site.group(1))
            t.blank(at, at + site.end())
            at, inner = at + site.end(), inner[site.end():]
        author = re.search(r"[（(]([^（）()]{2,12})[）)]$", inner)
        if author and is_creator(author.group(1)):
            d.add_names("authors", creator_names(author.group(1)))
            t.blank(at + author.start(), at + len(inner))
            inner = inner[: author.start()]
        d.set("title", title_text(inner))
        r.mask_title(at, at + len(inner))
        return


def bracket_titles(r: ChineseReading) -> None:
    """Titles and containers in 《》 and 〈〉: a chapter and its book, a journal before its issue, a newspaper's issue."""
    t, d = r.t, r.d
    article = re.search(r"〈([^〈〉]+)〉[\s，,：:]*(?=《)", t.s)
    if article and not d.title:  # 〈篇名〉，《书名》: a chapter of a book
        d.set("title", title_text(article.group(1)))
        r.mask_title(article.start(), article.end())
        r.chapter_pair = True
    i = 0
    while True:
        start = t.s.find("《", i)
        if start < 0:
            break
        end = matching_bracket(t.s, start, "《", "》")
        if end < 0:
            t.blank(start, start + 1)
            continue
        _bracket_role(r, start, end)
        i = end + 1
    for match in list(re.finditer(r"〈([^〈〉]+)〉", t.s)):
        after = t.s[match.end():].lstrip()
        if re.match(rf"第\s*{NUM}\s*期", after) and not d.container:
            d.set("container", match.group(1))
            r.journal = True
            t.blank(match.start(), match.end(), TITLE)
        elif not d.title:
            d.set("title", title_text(match.group(1)))
            r.mask_title(match.start(), match.end())


def _bracket_role(r: ChineseReading, start: int, end: int) -> None:
    t, d = r.t, r.d
    inner = t.original(start + 1, end)
    before, after = t.s[:start], t.s[end + 1:]
    if re.search(r"(?:出版社|雜誌社|杂志社|報社|报社)$", inner):
        d.set("publisher", inner)
        t.blank(start, end + 1)
    elif re.search(rf"(?:原?(?:载|載|刊)(?:于|於)|见于|見於|收入|收录于|收錄於)[^{GAP}《]{{0,14}}$", before):
        d.set("container", title_text(inner))
        t.blank(start, end + 1, TITLE)
    elif not d.container and (re.match(rf"\s*(?:{YEAR}\s*年\s*)?第\s*{NUM}\s*期|\s*{YEAR}\s*[（(]\s*\d+\s*[)）]", after) or (
            d.title and re.match(rf"[\s，,。.]*(?:{YEAR}\s*[，,年]?\s*)?(?:第\s*{NUM}\s*[期卷册冊]|{NUM}\s*期)", after))):
        d.set("container", title_text(inner))
        r.journal = True
        t.blank(start, end + 1, TITLE)
    elif (NEWSPAPER.search(inner) or JOURNAL_WORDS.search(inner)) and (
            found := find_date(after[:16], bare_year=False)) and found.date.day and not after[:found.start].strip():
        d.set("container", title_text(inner))  # 《人民日报》1965.01.06: a newspaper's issue
        t.blank(start, end + 1, TITLE)
        quoted = re.search(r"“([^“”《]+)”", after.split("《")[0])
        if quoted and not d.title:  # …社论：“祝贺平也大捷”: the article's title in quotation marks
            at = end + 1 + quoted.start()
            d.set("title", quoted.group(1))
            r.mask_title(at, at + len(quoted.group(0)))
    elif not d.title:
        phrase = _embedding_phrase(r, start, end)
        if phrase:
            d.set("title", title_text(t.original(*phrase)))
            r.mask_title(*phrase)
        else:
            d.set("title", title_text(inner))
            r.mask_title(start, end + 1)
    elif not d.container and r.titles and not t.s[r.titles[-1][1]:start].strip():
        d.set("container", title_text(inner))  # 《篇名》《书名》: a chapter in a book
        r.chapter_pair = True
        t.blank(start, end + 1, TITLE)
    else:
        t.blank(start, end + 1)  # the title of a volume or part named beside the work's title


def _embedding_phrase(r: ChineseReading, start: int, end: int) -> tuple[int, int] | None:
    """The whole phrase when 《》 sits inside a longer title (新剧《马可波罗》12月上线)."""
    s = r.t.s
    pre = re.search(rf"[^\s{_SEPARATORS}]+$", s[:start])
    post = re.match(rf"[^\s{_SEPARATORS}《]+", s[end + 1:])
    if not pre or not post:
        return None
    pre_text, post_text = pre.group(0), post.group(0)
    if re.search(rf"(?:{ROLE_PATTERN})(?:的)?$", pre_text) or is_creator(pre_text):
        return None
    if re.match(rf"第|{YEAR}|出版|来源|來源|作者|[Pp]\d|\d+\s*[页頁]|[（(]|{ROLE_PATTERN}", post_text):
        return None
    return pre.start(), end + 1 + post.end()


def dotted_order(r: ChineseReading) -> None:
    """GB/T 7714 order with full stops: 作者.题名.刊名,年(期) — or 题名.报纸.日期."""
    t, d = r.t, r.d
    spans = [(a, b) for a, b in _dot_spans(r) if t.s[a:b].strip(" " + GAP)]
    if len(spans) < 2:
        return
    first = t.kept(*spans[0]).strip()
    role = re.fullmatch(rf"(.+?)\s*(等)?\s*({ROLE_PATTERN})", first)
    # with three parts or more the first is the author even when its surname is rare (曲爱国)
    creator = is_creator(first) or bool(role and is_creator(role.group(1))) or (
        len(spans) >= 3 and re.fullmatch(f"[{CJK}]{{2,4}}", first) is not None)
    if "《" in first and not creator:
        return  # 大鹰：《志愿军战俘真实纪事》. 解放军文艺出版社: the 《》 rules read it
    r.dotted = True
    index = 1 if creator else 0
    if index >= len(spans):
        return
    start, end = spans[index]
    while start < end and t.s[start] in " " + GAP:
        start += 1
    d.set("title", title_text(t.original(start, end)))
    r.mask_title(start, end)
    if index:
        d.add_names(ROLE_WORDS[role.group(3)] if role else "authors", creator_names(role.group(1) if role else first))
        t.blank(*spans[0])


def _dot_spans(r: ChineseReading) -> list[tuple[int, int]]:
    s = r.t.s
    cuts = [m.start() for m in re.finditer(rf"(?<=[{CJK}{TITLE}》」』”）)\]])\.|(?<![\d.A-Za-z])\.(?=\s*[{CJK}「“《])", s)]
    edges = [-1] + cuts + [len(s)]
    return [(edges[i] + 1, edges[i + 1]) for i in range(len(edges) - 1)]


def dots_as_separators(r: ChineseReading) -> None:
    """The full stops that separate GB/T 7714 fields become gaps, like commas."""
    for start, end in _dot_spans(r)[:-1]:
        r.t.blank(end, end + 1)
        r.dotted = True


def original_title(r: ChineseReading) -> None:
    """A Western original title in brackets right after the Chinese one: 《朝鲜战争》（The Korean War）."""
    if not r.titles:
        return
    end = r.titles[0][1]
    match = re.match(r"\s*[（(]([^（）()]*)[）)]", r.t.s[end:])
    if match and latin_count(match.group(1)) > 3 and not cjk_count(match.group(1)):
        r.t.blank(end, end + match.end())


def mask_quotes(r: ChineseReading) -> None:
    """Quotations masked, so that no later pass reads a field inside them."""
    for opening, closing in (("“", "”"), ("「", "」"), ("『", "』"), ("‘", "’")):
        for match in list(re.finditer(f"{opening}[^{opening}{closing}]*{closing}", r.t.s)):
            r.t.blank(match.start(), match.end(), QUOTE)
