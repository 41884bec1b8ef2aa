"""What the labeller sees of each token: the conventions Chinese, Japanese and Western citations follow.

A CRF learns from features, so the bibliographic knowledge lives here, each cue one feature:
title brackets (《》〈〉『』「」) and whether a token is inside them; role words (著, 编, 译, 主编,
口述, ed., trans.); publisher words (出版社, 書局, Press); dates with 年/月/日, era names (昭和,
民國 …) and ISO forms; 第…卷/期/页 and p./Vol./No. markers; GB/T 7714 type marks ([M], [J],
[EB/OL]); URL, DOI and ISBN hits (the rules that are reliable become features rather than
decisions); the script of the token and the run of CJK characters it sits in (names are two to
four characters, titles longer); the project's lexicons of surnames, places and publishers
(:mod:`pipeline.citations.lexicon`); the transliteration dot of Western names written in Chinese
(艾伯特·B·哈迪); the token's position in the string; and the same cues of the neighbours.

Measured by leave-one-article-out span F1 (``benchmarks/citation_crf.py``) on five folds
(korean-war, 井上成美, (2+1)维_KP方程, 元谋人, 牡丹社事件; 1116 gold spans): the pattern hits,
brackets, CJK runs and a neighbour window of two gave 0.740; the *segments* between separators
(their length, place, case and what bounds them) 0.749 and with their neighbours' lengths 0.754;
a single-character cue 据/據 for prose lowered it to 0.732 (it fires inside 根据, 数据) and was
dropped; whether a segment looks like a Western name, a Chinese person or an organisation (the
project's lexicons) left the total at 0.754 (zh +0.002, Western −0.011) and is kept for the
names the issue names. The full table is in ``benchmarks/README.md``.
"""
from __future__ import annotations

import re

from pipeline.citations.chinese.vocabulary import JOURNAL_WORDS, NEWSPAPER, SITE
from pipeline.citations.crf.tokens import CJK_CHARS, Token
from pipeline.citations.names import looks_like_chinese_person, looks_like_western_name
from pipeline.citations.lexicon import (
    CHINESE_PLACES, CHINESE_PUBLISHER, COMPOUND_SURNAMES, ORGANISATION_SUFFIXES, ROLE_PATTERN, SURNAMES,
    WESTERN_PERIODICAL, WESTERN_PLACES, WESTERN_PUBLISHER_WORDS, WESTERN_PUBLISHERS, is_organisation)

_NUM = "[0-9０-９一二三四五六七八九十百千零〇○两兩廿]"
_ERAS = "昭和|平成|大正|明治|令和|民國|民国|光緒|光绪|同治|道光|咸豐|咸丰|乾隆|康熙|嘉慶|嘉庆|宣統|宣统|光武|隆熙|建陽|永樂|永乐|正統|正统|景泰|天順"
_ORGANISATION = "|".join(re.escape(suffix) for suffix in ORGANISATION_SUFFIXES if len(suffix) > 1)


def _alternatives(words) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


#: Each pattern's hits become features of the tokens they cover (``name``, ``name:B`` on the first).
PATTERNS = tuple((name, re.compile(pattern)) for name, pattern in (
    ("role", rf"{ROLE_PATTERN}|口述|編著|编著|原著|譯著|校注|点校|點校|導演|协助|協助|等(?=[，,.。；:：\s]|$)"
             r"|\b(?:eds?\.|\(eds?\.\)|\(Ed\.\)|trans\.|Trans\.|et al\.?|edited by|translated by)"),
    ("publisher", CHINESE_PUBLISHER.pattern),
    ("pubword", r"出版社|出版|書局|书局|印書館|印书馆|書房|书房|書店|书店|文化事業|文化事业|新書|文庫|叢書|丛书"),
    ("wpub", WESTERN_PUBLISHER_WORDS.pattern),
    ("wpublisher", r"\b(?:" + _alternatives(WESTERN_PUBLISHERS) + r")\b"),
    ("periodical", WESTERN_PERIODICAL.pattern),
    ("organisation", _ORGANISATION),
    ("cdate", rf"{_NUM}{{1,4}}年(?:{_NUM}{{1,2}}月(?:{_NUM}{{1,3}}[日號号]?)?)?|{_NUM}{{1,2}}月{_NUM}{{1,3}}[日號号]"),
    ("isodate", r"(?<!\d)(?:1[5-9]\d\d|20\d\d)[-/.．](?:0?[1-9]|1[0-2])(?:[-/.．](?:0?[1-9]|[12]\d|3[01]))?(?!\d)"),
    ("year", r"(?<!\d)(?:1[5-9]\d\d|20\d\d)(?!\d)"),
    ("era", rf"(?:{_ERAS})\s*(?:元|{_NUM}{{1,3}})\s*(?:[（(]\d{{4}}[)）])?\s*年?"),
    ("wdate", r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b"),
    ("cvolume", rf"第?{_NUM}+\s*[卷冊册輯辑集編编]|[（(][上中下][）)]|卷{_NUM}+"),
    ("cpart", rf"第?{_NUM}+\s*分[冊册]"),
    ("cissue", rf"第?{_NUM}+\s*[期號号]|[（(]\s*\d+\s*[)）]|總\d+|总\d+"),
    ("cpage", rf"第?{_NUM}+\s*[-–~～—]?\s*{_NUM}*\s*[页頁]|[页頁]\s*{_NUM}+(?:\s*[-–~～—]\s*{_NUM}+)?"
              rf"|p{{1,2}}\.\s*\d+|\bp\d+"),
    ("range", r"\d+\s*[-–~～—]\s*\d+"),
    ("cchapter", rf"第{_NUM}+\s*[章節节回篇版]"),
    ("wvolume", r"\b(?:[Vv]ol|[Nn]o|[Nn]r|Bd|Issue|Part)\.?\s*\d+"),
    ("typemark", r"\[(?:M|J|N|C|D|R|S|P|Z|G|A|EB/OL|OL|DB|CP|M/OL|J/OL|N/OL)\]"),
    ("thesis", r"碩士論文|博士論文|硕士论文|博士论文|學位論文|学位论文|修士論文|卒業論文|[Tt]hesis|[Dd]issertation|Ph\.\s?D"),
    ("doi", r"\b10\.\d{4,9}/\S+|\b[Dd][Oo][Ii]\b"),
    ("isbn", r"ISBN|ISSN|(?<!\d)97[89][\d-]{10,14}|(?<!\d)\d{1,5}-\d{1,7}-\d{1,7}-[\dXx]"),
    ("accessed", r"查閱|查阅|访问|訪問|檢索|检索|閲覧|閱覽|取用|存档|存檔|[Rr]etrieved|[Aa]ccessed|[Aa]rchived"),
    ("ibid", r"同上|同前|前揭|前引|[Ii]bid|op\. cit"),
    ("link", r"載於|载于|收入|收錄|收录|\bIn:?\s|参见|參見|見|见|另见|又见|另見|又見|来源|來源|原载|原載|转载|轉載|出自|引自|摘自"),
    ("journal", JOURNAL_WORDS.pattern.replace("$", "")),
    ("newspaper", NEWSPAPER.pattern.replace("$", "")),
    ("site", SITE.pattern.replace("$", "")),
    ("place", _alternatives(CHINESE_PLACES) + r"|\b(?:" + _alternatives(WESTERN_PLACES) + r")\b"),
    ("csurname2", _alternatives(COMPOUND_SURNAMES)),
))
_OPEN = {"《": "《", "〈": "〈", "『": "『", "「": "「", "（": "(", "(": "(", "[": "[", "［": "[", "“": "“", "【": "["}
_CLOSE = {"》": "《", "〉": "〈", "』": "『", "」": "「", "）": "(", ")": "(", "]": "[", "］": "[", "”": "“", "】": "["}
_DOTS = "·‧•・･."
_SEPARATORS = set(",，;；:：、。《》〈〉「」『』()（）[]［］【】\"“”‘’/")
_CJK = re.compile(f"[{CJK_CHARS}]")
_KANA = re.compile("[\u3040-\u30ff]")


def _shape(token: str) -> str:
    if _KANA.match(token):
        return "kana"
    if _CJK.match(token):
        return "cjk"
    if token.isdigit():
        return "digit"
    if token.startswith(("http", "www.")):
        return "url"
    if token[0].isalpha():
        if "\uac00" <= token[0] <= "\ud7af":
            return "hangul"
        if len(token) == 1 and token.isupper():
            return "initial"
        return "Cap" if token[0].isupper() else "low"
    return "punct"


def _pattern_hits(text: str, tokens: list[Token]) -> list[list[str]]:
    hits: list[list[str]] = [[] for _ in tokens]
    starts = {token.start: index for index, token in enumerate(tokens)}
    ends = [token.end for token in tokens]
    for name, pattern in PATTERNS:
        for match in pattern.finditer(text):
            if match.end() == match.start():
                continue
            first = True
            index = starts.get(match.start())
            if index is None:
                index = next((i for i, end in enumerate(ends) if end > match.start()), len(tokens))
            while index < len(tokens) and tokens[index].start < match.end():
                hits[index].append(f"{name}:B" if first else name)
                if first:
                    hits[index].append(name)
                first = False
                index += 1
    return hits


def _brackets(tokens: list[Token]) -> list[list[str]]:
    """The brackets open around each token (innermost first); a bracket token is outside itself."""
    stack: list[str] = []
    states = []
    for token in tokens:
        if token.text in _CLOSE and _CLOSE[token.text] in stack:
            while stack and stack.pop() != _CLOSE[token.text]:
                pass
        states.append([f"in={stack[-1]}"] + [f"within={kind}" for kind in sorted(set(stack))] if stack else ["in=none"])
        if token.text in _OPEN:
            stack.append(_OPEN[token.text])
    return states


def _runs(tokens: list[Token], shapes: list[str]) -> list[list[str]]:
    """Each CJK token's run (CJK tokens with no gap or other token between): length and place."""
    runs: list[list[str]] = [[] for _ in tokens]
    index = 0
    while index < len(tokens):
        if shapes[index] not in ("cjk", "kana"):
            index += 1
            continue
        end = index + 1
        while end < len(tokens) and shapes[end] in ("cjk", "kana") and tokens[end].start == tokens[end - 1].end:
            end += 1
        length = end - index
        size = str(length) if length <= 5 else ("6-8" if length <= 8 else "9+")
        before = tokens[index - 1].text if index else "^"
        after = tokens[end].text if end < len(tokens) else "$"
        for position in range(index, end):
            place = "S" if length == 1 else "B" if position == index else "E" if position == end - 1 else "M"
            runs[position] = [f"run={size}", f"runpos={place}", f"runpos={place}{size}",
                              f"runbefore={before}", f"runafter={after}", f"runfromend={min(end - position, 6)}"]
        index = end
    return runs


def _separator(tokens: list[Token], index: int) -> bool:
    """Whether the token ends a segment: a comma, colon, bracket …, or a full stop before a space."""
    text = tokens[index].text
    if text in _SEPARATORS:
        return True
    if text in ".．":
        return index + 1 == len(tokens) or tokens[index + 1].start > tokens[index].end or \
            _CJK.match(tokens[index + 1].text) is not None
    return False


def _segments(text: str, tokens: list[Token], shapes: list[str]) -> list[list[str]]:
    """Each token's segment (tokens between separators): length, place, index, what bounds it,
    and for Latin segments whether every word is capitalised (names) or not (titles)."""
    bounds = []
    index = 0
    while index < len(tokens):
        if _separator(tokens, index):
            index += 1
            continue
        end = index
        while end < len(tokens) and not _separator(tokens, end):
            end += 1
        bounds.append((index, end))
        index = end
    sizes = [_size(end - start) for start, end in bounds] + ["none"]
    segments: list[list[str]] = [[] for _ in tokens]
    for number, (start, end) in enumerate(bounds):
        words = [shapes[i] for i in range(start, end) if shapes[i] in ("Cap", "low", "initial")]
        case = "none" if not words else "caps" if all(w != "low" for w in words) else "mixed"
        before = tokens[start - 1].text if start else "^"
        after = tokens[end].text if end < len(tokens) else "$"
        size = sizes[number]
        words = text[tokens[start].start:tokens[end - 1].end]
        kinds = [name for name, test in (("western", looks_like_western_name), ("person", looks_like_chinese_person),
                                         ("organisation", is_organisation)) if test(words)]
        for position in range(start, end):
            place = "S" if end - start == 1 else "B" if position == start else "E" if position == end - 1 else "M"
            segments[position] = [f"seg={size}", f"segpos={place}", f"segno={min(number, 5)}", f"segcase={case}",
                                  f"segbefore={before}", f"segafter={after}", f"segcase={case}{size}",
                                  f"segprev={sizes[number - 1] if number else '^'}", f"segnext={sizes[number + 1]}",
                                  f"segleft={min(len(bounds) - number - 1, 5)}"] + [f"seglooks={kind}" for kind in kinds]
    return segments


def _size(length: int) -> str:
    return str(length) if length <= 3 else "4-5" if length <= 5 else "6-8" if length <= 8 else "9-15" if length <= 15 else "16+"


def _own(token: Token, shape: str, index: int, count: int, previous: Token | None) -> list[str]:
    text = token.text
    own = [f"w={text.lower()}", f"shape={shape}"]
    if shape in ("Cap", "low"):
        own += [f"suf3={text[-3:].lower()}", f"len={min(len(text), 6)}"]
        if text.isupper():
            own.append("allcaps")
    elif shape == "digit":
        own.append(f"digits={len(text)}")
    elif shape == "cjk":
        if text in SURNAMES:
            own.append("surname")
    if text in _DOTS:
        own.append("dot")
    if previous is not None and previous.end < token.start:
        own.append("space")
    own.append(f"pos={10 * index // max(count, 1)}")
    if index == 0:
        own.append("first")
    if index == count - 1:
        own.append("last")
    return own


def featurise(text: str, tokens: list[Token]) -> list[list[str]]:
    """The features of each token: its own, then its neighbours' (within two) prefixed by offset."""
    shapes = [_shape(token.text) for token in tokens]
    hits = _pattern_hits(text, tokens)
    brackets = _brackets(tokens)
    runs = _runs(tokens, shapes)
    segments = _segments(text, tokens, shapes)
    own = [_own(token, shapes[i], i, len(tokens), tokens[i - 1] if i else None) + hits[i]
           for i, token in enumerate(tokens)]
    features = []
    for index in range(len(tokens)):
        items = ["bias"] + own[index] + brackets[index] + runs[index] + segments[index]
        for offset in (-2, -1, 1, 2):
            other = index + offset
            if 0 <= other < len(tokens):
                items += [f"{offset}:w={tokens[other].text.lower()}", f"{offset}:shape={shapes[other]}"]
                if abs(offset) == 1:
                    items += [f"{offset}:{hit}" for hit in hits[other]] + [f"{offset}:{b}" for b in brackets[other][:1]]
            else:
                items.append(f"{offset}:edge")
        if index + 1 < len(tokens):
            items.append(f"bi+={tokens[index].text.lower()}|{tokens[index + 1].text.lower()}")
        if index:
            items.append(f"bi-={tokens[index - 1].text.lower()}|{tokens[index].text.lower()}")
        features.append(items)
    return features
