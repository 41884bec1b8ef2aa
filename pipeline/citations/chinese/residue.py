"""Give the stretches of a Chinese citation that no pattern claimed a field, by where each stands
(before or after the title) and how it looks (a name, a site, a newspaper, a place)."""
from __future__ import annotations

import re

from pipeline.citations.chinese.reading import ChineseReading
from pipeline.citations.chinese.vocabulary import JOURNAL_WORDS, NEWSPAPER, SITE, creator_names, is_creator, title_text
from pipeline.citations.draft import GAP, QUOTE, TITLE, split_top_level
from pipeline.citations.lexicon import CHAPTER_SUFFIX, CHINESE_PLACES, CJK, cjk_count, is_organisation, latin_count

_SERIES = re.compile(r"(?:系列图书|系列圖書|系列|丛书|叢書|文库|文庫|书系|書系)$")
_GENRE = re.compile(r"社论|社論|评论|評論|报道|報導|通讯|通訊|短评|短評|专访|專訪|消息|讲话|講話|全文|摘要|转载|轉載")
_BOOK_CHAPTER = re.compile(r"([^·‧・]{1,12})[·‧・](\S{1,16})")


def _segments(r: ChineseReading) -> list[tuple[int, int, bool]]:
    """Unclassified stretches: (start, end, before the title)."""
    s = r.t.s
    title_start = r.titles[0][0] if r.titles else None
    out = []
    for start, end in split_top_level(s, "，,。；;：:、" + GAP + TITLE):
        for m in re.finditer(rf"[^\s{GAP}{TITLE}]+(?:\s+(?=[A-Za-z&'(])[^\s{GAP}{TITLE}]+)*", s[start:end]):
            a, b = start + m.start(), start + m.end()
            text = _strip_unbalanced(r.t.original(a, b).strip())
            if not re.search(rf"[{CJK}A-Za-z0-9]", text) or not s[a:b].strip(QUOTE + "、 （）()"):
                continue  # punctuation, or a quotation on its own (the title of a volume named beside it)
            before = title_start is not None and a < title_start
            out.append((a, b, before))
    return out


def residue(r: ChineseReading) -> None:
    """Give each stretch no pattern claimed a field, by where it stands and how it looks."""
    r.residue_title = None
    leading = True  # 戴昌达、姜小光、习晓环，题名…: every name before the title is an author
    for start, end, before in _segments(r):
        text = r.t.original(start, end).strip(" ，,：:")
        if not text:
            continue
        bare = _strip_unbalanced(text)
        if before:
            _before_title(r, bare, end)
        elif leading and not r.d.title and is_creator(bare) and not _BOOK_CHAPTER.fullmatch(bare):
            r.d.add_names("authors", creator_names(bare))
        else:
            leading = False
            _after_creators(r, start, end, text, bare)


def _before_title(r: ChineseReading, bare: str, end: int) -> None:
    d = r.d
    right_before_title = re.match(rf"\s*[：:]\s*[〈《「『“]?{TITLE}", r.t.s[end:])
    if is_creator(bare) or (right_before_title and re.fullmatch(f"[{CJK}]{{2,6}}", bare) and not _GENRE.fullmatch(bare)):
        d.add_names("authors", creator_names(bare))
    elif _SERIES.search(bare) or SITE.search(bare):
        d.set("container", bare)


def _after_creators(r: ChineseReading, start: int, end: int, text: str, bare: str) -> None:
    t, d = r.t, r.d
    web = bool(d.url) and not d.publisher
    chapter = _BOOK_CHAPTER.fullmatch(bare)
    if not d.title and chapter and CHAPTER_SUFFIX.search(chapter.group(2)):
        d.set("title", bare)  # 史记·蒙恬列传: a book and its chapter (split later)
        r.mask_title(start, end)
    elif not d.title and SITE.search(bare) and d.url and not d.container:
        d.set("container", bare)  # ``1963年8月29日 人民網``: a dated page of a site
    elif not d.title:
        d.set("title", title_text(re.sub(r"^(?:据|據)", "", text)))
        r.mask_title(start, end)
        r.residue_title = (start, end)
    elif SITE.search(bare) or NEWSPAPER.search(bare) or JOURNAL_WORDS.search(bare):
        if not d.container:
            d.set("container", bare)
        else:
            r.leftovers.append(text)
    elif is_creator(bare) and (not is_organisation(bare) or not web):
        if not d.creators_found():
            d.add_names("authors", creator_names(bare))
    elif is_organisation(bare) and web and not d.container:
        d.set("container", bare)
    elif bare in CHINESE_PLACES:
        d.set("place", bare)
    elif (r.journal or r.dotted or web) and not d.container and cjk_count(bare) + latin_count(bare) >= 2:
        d.set("container", bare)
    elif r.residue_title and re.fullmatch(r"[\s，,]*", t.s[r.residue_title[1]:start]):
        # a title with a comma in it: 只爭朝夕，當尼克森遇上毛澤東
        r.residue_title = (r.residue_title[0], end)
        d.put(title=title_text(t.original(*r.residue_title)))
        r.mask_title(*r.residue_title)
    else:
        r.leftovers.append(text)


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
