"""Where, in one run of Chinese text, words of another language stand, and which language each is.

Script conversion must never touch Korean, Japanese or any non-Chinese words (a Korean hanja term
is not simplified Chinese waiting to be converted), and readers (screen readers, fonts, hyphenation)
need the language of every run. Most runs show their language by their script; hanja and kanji do
not, so they are told by their context. The rules, most specific first (a character is claimed once):

1. **Glosses.** A parenthesis holding Hangul or opened by a language label (``朝鮮語：``, ``韩语：``,
   ``日語：``, ``俄文：`` …) glosses a term in that language: its parts (split at ``／ / ； ， 、``)
   in Han characters are that language's own writing of the term: ``ko-Hani`` (hanja) beside Hangul
   or after a Korean label, ``ja`` after a Japanese label. The label itself stays Chinese.
2. **The glossed term.** The Han term just before a Korean gloss is the hanja too when it is quoted
   (「…」 “…”) or follows a cue (朝鲜称之为, 北韓稱 …), holds no simplified-only character, and the
   gloss either has no hanja of its own or gives the same hanja; a bare run ending in the gloss's
   hanja has that ending tagged.
3. **A cue alone.** In a simplified article, a quoted term after a Korean cue written in traditional
   characters (and in no simplified-only one) is hanja: the article would have simplified its own words.
   A quoted term after a Japanese cue (日本称之为, 日語稱) written in forms foreign to the article's
   script (traditional ones in a simplified article, simplified-looking ones in a traditional article:
   Japanese mixes both, 朝鮮動乱) and in no character only Chinese writes is ``ja``.
4. **Scripts.** Hangul (with the spaces and digits inside a phrase) is ``ko``; a run of Han
   characters and kana, cut wherever a simplified character Japanese never writes stands (这, 经),
   is ``ja`` when it holds kana or a form only Japanese writes (戦, 駅, 図 …: OpenCC's Japanese
   shinjitai that neither GB 2312 nor Big5 encodes);
   Cyrillic is ``ru``; Latin words are ``en`` when plain ASCII (Chinese Wikipedia's Latin text is
   overwhelmingly English: names, titles, terms), ``und-Latn`` when they carry letters English does
   not write (é, ü, ō: French, German, pinyin… whose language the script does not tell).

Each rule sees one text node: words split by markup are judged apart.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pipeline.lang import converter

HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\ud7b0-\ud7ff"
KANA = "\u3040-\u309f\u30a0-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f"  # not ・, which Chinese uses too
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005"
CYRILLIC = "\u0400-\u052f"
LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"

#: a Latin word: letters, with digits, hyphens and apostrophes inside (3rd, F-86A, St Martin's)
LATIN_WORD = rf"\d*[{LATIN}](?:[{LATIN}\d'’\-]*[{LATIN}\d])?"

GLOSS = re.compile(r"[（(]([^（）()]*)[）)]")
LABEL = re.compile(r"(朝鮮|朝鲜|韓國|韩国|韓|韩|日本|日|俄羅斯|俄罗斯|俄|英|法|德|越南|越|蒙古|蒙)(語|语|文)\s*[：:]\s*")
LABEL_LANGS = {"朝": "ko", "韓": "ko", "韩": "ko", "日": "ja", "俄": "ru", "英": "en", "法": "fr", "德": "de",
               "越": "vi", "蒙": "mn"}
PART_SEPARATORS = re.compile(r"[／/；;，,、]")
#: Korea (either state, either script) calls it …: 北韓稱之為, 朝鲜称, 韩国人叫作
KOREAN_CUE_WORDS = r"(?:朝鮮|朝鲜|北韓|北韩|南韓|南韩|韓國|韩国|大韓民國|大韩民国)(?:人)?(?:稱|称|叫|譯|译)(?:之)?(?:為|为|作)?"
KOREAN_CUE = re.compile(KOREAN_CUE_WORDS)
QUOTES = {"「": "」", "“": "”", "『": "』", "‘": "’", '"': '"'}
TERM_BEFORE = re.compile(rf"([「“『‘\"]?)([{HAN}][{HAN} ]*?)([」”』’\"]?)$")
QUOTED_AFTER_CUE = re.compile(rf"{KOREAN_CUE_WORDS}[「“『]([{HAN}]+)[」”』]")
#: Japan (or Japanese) calls it “…”
QUOTED_AFTER_JAPANESE_CUE = re.compile(rf"(?:日本|日語|日语|日文)(?:人)?(?:稱|称|叫|譯|译)(?:之)?(?:為|为|作)?"
                                       rf"[「“『]([{HAN}]+)[」”』]")

SCRIPT_RUNS = (
    ("ko", re.compile(rf"[{HANGUL}](?:[\s\d]*[{HANGUL}])*")),
    ("ru", re.compile(rf"[{CYRILLIC}]+(?:[\s.,:\-–'’]+[{CYRILLIC}]+)*")),
    ("latin", re.compile(rf"{LATIN_WORD}(?:(?:[.,&]?\s+|\.){LATIN_WORD})*")),
)
#: what closes a quoted Latin phrase: its last punctuation and the closing mark
LATIN_CLOSING_QUOTE = re.compile(r"[.,!?]?[”’]")
#: a stretch of Han characters and kana: where Japanese may stand
HAN_OR_KANA = re.compile(rf"[{HAN}{KANA}]+")
KANA_CHAR = re.compile(rf"[{KANA}]")

Span = tuple[int, int, str]   # start, end, language tag


#: the kanji only Japanese writes and the simplified characters it never writes, worked out from
#: OpenCC's tables and the national encodings by tools/kanji_tables.py (its text says how)
KANJI_TABLE = Path(__file__).with_name("kanji.tsv")


@lru_cache(maxsize=1)
def _kanji_sets() -> dict[str, frozenset[str]]:
    rows = (line.split("\t") for line in KANJI_TABLE.read_text(encoding="utf-8").splitlines())
    return {name: frozenset(chars) for name, chars in rows}


def japanese_only() -> frozenset[str]:
    """The kanji only Japanese writes (戦, 駅, 図): Chinese text of either script does not have them."""
    return _kanji_sets()["japanese-only"]


def chinese_only() -> frozenset[str]:
    """The simplified characters Japanese never writes (经, 这, 们, 释)."""
    return _kanji_sets()["chinese-only"]


def could_be_hanja(term: str) -> bool:
    """No simplified-only character: hanja are traditional forms (a term OpenCC would change when
    converting it to traditional characters is simplified Chinese)."""
    return converter("s2t").convert(term) == term


def traditional_only(term: str) -> bool:
    """Some character that simplified Chinese would write otherwise."""
    return converter("t2s").convert(term) != term


def language_spans(text: str, simplified_article: bool) -> list[Span]:
    """The runs of ``text`` in another language than the article's Chinese, in order, not overlapping."""
    spans: list[Span] = []
    for gloss in GLOSS.finditer(text):
        spans.extend(_gloss_spans(text, gloss))
    if simplified_article:
        for cue in QUOTED_AFTER_CUE.finditer(text):
            term = cue.group(1)
            if traditional_only(term) and could_be_hanja(term):
                spans.append((cue.start(1), cue.end(1), "ko-Hani"))
    for cue in QUOTED_AFTER_JAPANESE_CUE.finditer(text):
        term = cue.group(1)
        foreign_script = traditional_only(term) if simplified_article else not could_be_hanja(term)
        if foreign_script and not set(term) & chinese_only():
            spans.append((cue.start(1), cue.end(1), "ja"))
    spans = _without_overlaps(spans)
    for lang, pattern in SCRIPT_RUNS:
        for run in pattern.finditer(text):
            tag = _latin_tag(run.group()) if lang == "latin" else lang
            start, end = _with_quotes(text, run.start(), run.end()) if lang == "latin" else run.span()
            if tag and _free(spans, start, end):
                spans.append((start, end, tag))
    for start, end in _japanese_pieces(text):
        if _free(spans, start, end):
            spans.append((start, end, "ja"))
    return sorted(spans)


def _japanese_pieces(text: str) -> list[tuple[int, int]]:
    """The stretches of Han characters and kana, cut at every character only Chinese writes, that
    hold kana or a kanji only Japanese writes."""
    kanji, chinese = japanese_only(), chinese_only()
    pieces = []
    for run in HAN_OR_KANA.finditer(text):
        if not KANA_CHAR.search(run.group()) and kanji.isdisjoint(run.group()):
            continue  # no piece of it can hold kana or such a kanji: not cut character by character
        start = run.start()
        for end in [*(i for i in range(run.start(), run.end()) if text[i] in chinese), run.end()]:
            piece = text[start:end]
            if KANA_CHAR.search(piece) or any(char in kanji for char in piece):
                pieces.append((start, end))
            start = end + 1
    return pieces


def _gloss_spans(text: str, gloss: re.Match) -> list[Span]:
    """Rules 1 and 2 for one parenthesis."""
    start = gloss.start(1)
    content = gloss.group(1)
    label = LABEL.match(content)
    label_lang = LABEL_LANGS[label.group(1)[0]] if label else ""
    offset = label.end() if label else 0
    korean = label_lang == "ko" or re.search(f"[{HANGUL}]", content) is not None
    han_lang = "ko-Hani" if korean else ("ja" if label_lang == "ja" else "")
    spans: list[Span] = []
    hanja: list[str] = []
    for part in _parts(content, offset):
        words = content[part[0]:part[1]]
        if re.fullmatch(f"[{HAN} ]+", words) and han_lang:
            spans.append((start + part[0], start + part[1], han_lang))
            hanja.append(words.replace(" ", ""))
        elif label_lang and label_lang not in ("ko", "ja") and not re.search(f"[{HAN}]", words):
            spans.append((start + part[0], start + part[1], label_lang))
    if korean:
        spans.extend(_glossed_term(text[:gloss.start()], hanja))
    return spans


def _parts(content: str, offset: int) -> list[tuple[int, int]]:
    """The stretches of a gloss between its separators, without their surrounding spaces."""
    parts, begin = [], offset
    for separator in [*PART_SEPARATORS.finditer(content, offset), None]:
        end = separator.start() if separator else len(content)
        words = content[begin:end]
        if words.strip():
            lead = len(words) - len(words.lstrip())
            parts.append((begin + lead, begin + len(words.rstrip())))
        begin = separator.end() if separator else end
    return parts


def _glossed_term(before: str, hanja: list[str]) -> list[Span]:
    """Rule 2: the hanja term directly before a Korean gloss (``before`` is the text up to the gloss)."""
    found = TERM_BEFORE.search(before)
    if not found:
        return []
    opening, term, closing = found.groups()
    term_start = found.start(2)
    if not (opening and QUOTES.get(opening) == closing):
        if opening or closing:
            return []
        cues = list(KOREAN_CUE.finditer(term))
        if cues:
            term_start += cues[-1].end()
            term = term[cues[-1].end():]
        else:
            ending = next((h for h in hanja if term.replace(" ", "").endswith(h) and h in term), "")
            if not ending:
                return []
            term_start += term.rindex(ending)
            term = ending
    if not term.strip() or not could_be_hanja(term) or (hanja and term.replace(" ", "") not in hanja):
        return []
    return [(term_start, term_start + len(term), "ko-Hani")]


def _with_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    """A Latin run with the quotation marks that enclose it (“The Making.”): they are the
    phrase's own, set in its face (a CJK face's marks are full-width, a gap in Latin text)."""
    closing = LATIN_CLOSING_QUOTE.match(text, end)
    if start and text[start - 1] in "“‘" and closing:
        return start - 1, closing.end()
    return start, end


def _latin_tag(words: str) -> str:
    """``en`` for ASCII words, ``und-Latn`` for others; "" for a lone letter or symbol (T-34, X)."""
    if sum(char.isalpha() for char in words) < 2:
        return ""
    return "en" if words.isascii() else "und-Latn"


def _free(spans: list[Span], start: int, end: int) -> bool:
    return all(end <= s or start >= e for s, e, _ in spans)


def _without_overlaps(spans: list[Span]) -> list[Span]:
    """The spans in order, each dropped that overlaps one kept before it."""
    kept: list[Span] = []
    for span in spans:
        if _free(kept, span[0], span[1]):
            kept.append(span)
    return kept
