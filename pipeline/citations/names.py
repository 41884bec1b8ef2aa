"""Creators' names: recognising them in citation text, splitting lists, and family/given parts."""
from __future__ import annotations

import re

from pipeline.citations.lexicon import (CJK, CJK_CHAR, JAPANESE_SURNAME_ENDINGS, PINYIN_GIVEN, PINYIN_SURNAMES,
                                        TRANSLITERATION_CHARS, chinese_surname, is_organisation)
from pipeline.citations.model import Name

_PARTICLES = {"van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "le", "la", "ter", "ten", "bin", "al"}
_TITLE_WORDS = {"the", "of", "and", "in", "on", "for", "to", "a", "an", "with", "from", "at", "by", "is",
                "what", "how", "why", "who", "about", "all", "its", "their", "vs", "vs.", "or", "as", "into"}
_INITIAL = r"(?:[A-Z]\.?-?){1,3}"
_WORD = r"(?:(?:Mc|Mac|O')?[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ]+)*)"
_NAME_TOKEN = re.compile(rf"^(?:{_INITIAL}|{_WORD}|(?:{_INITIAL}){_WORD}|[A-Z][a-z]*[A-Z][a-z]+)$")
# Posts and honorifics written after a Chinese name (…上校, …医学博士); not part of the name.
_HONORIFICS = re.compile(r"(?:医学博士|醫學博士|博士|教授|上校|中校|少校|上尉|中尉|少尉|将军|將軍|先生|女士|局长|局長)$")
_NATIONALITY = re.compile(rf"^(?:[{CJK}]{{1,2}}国人|[{CJK}]{{1,2}}國人|\([{CJK}]{{1,3}}\)|（[{CJK}]{{1,3}}）)")
# A dynasty written before an author's name: 明朝宋应星, 南朝范晔, （清）…, [宋].
_DYNASTY = re.compile(
    r"^[\[（(【]?(?:先秦|秦|西汉|東漢|东汉|西漢|汉|漢|三国|三國|西晋|東晉|东晋|晋|晉|南北朝|南朝|北朝|隋|唐|五代|"
    r"北宋|南宋|宋|辽|遼|金|元|明|清|民国|民國)(?:朝|代)?[\]）)】]?(?=[\u3400-\u9fff]{2,4}$)")
# Ranks and titles written before a Western name: Major General Spurgeon Neel, LeMay, General Curtis E.
_WESTERN_TITLES = re.compile(
    r"\b(?:Major General|Lieutenant General|Brigadier General|General|Admiral|Colonel|Col\.|Lt\.|Major|Captain|"
    r"Capt\.|Prince|Princess|Sir|Dame|Dr\.|Prof\.|Professor|President|Senator|Rev\.)\s+")
_ALTERNATE = re.compile(r"^(.+?)\s*[（(]([^（）()]+)[）)]$")


def strip_western_titles(text: str) -> str:
    """``Major General Spurgeon Neel`` → ``Spurgeon Neel``; ``LeMay, General Curtis E.`` → ``LeMay, Curtis E.``."""
    return _WESTERN_TITLES.sub("", text).strip()


def looks_like_western_name(text: str, *, need_initial: bool = False) -> bool:
    """``Derek W. Bowett``, ``W Thompson``, ``Nohlen, D``, ``Burgan``: capitalised name tokens only."""
    text = strip_western_titles(text.strip(" ,.;:"))
    if not text or CJK_CHAR.search(text) or re.search(r"\d", text):
        return False
    if "," in text:
        family, _, given = text.partition(",")
        given = given.replace(",", " ")  # ``Young, Marilyn, B.``
        return looks_like_western_name(family) and (looks_like_western_name(given) or _given_like(given.strip()))
    tokens = [t for t in re.split(r"\s+|(?<=\.)(?=[A-Z])", text) if t]
    if not 1 <= len(tokens) <= 4 or any(t.lower() in _TITLE_WORDS for t in tokens):
        return False
    core = [t for t in tokens if t.lower() not in _PARTICLES]
    if not core or not all(_NAME_TOKEN.match(t) for t in core):
        return False
    has_initial = any(re.fullmatch(_INITIAL, t) for t in core)
    return has_initial or not need_initial


def looks_like_chinese_person(text: str) -> bool:
    """A Chinese personal name (王树增) or a transliterated one (史蒂芬·艾迪科特)."""
    text = _clean_chinese(text)
    if "·" in text or "‧" in text or "・" in text:
        return bool(re.fullmatch(rf"[{CJK}A-Z]+(?:[·‧・][{CJK}A-Z]+)+", text)) and len(text) <= 16
    return bool(re.fullmatch(f"[{CJK}]{{2,4}}", text)) and chinese_surname(text) is not None


def looks_like_chinese_creator(text: str) -> bool:
    """A person or an organisation (军事科学院军事历史研究部, 新华社)."""
    text = _clean_chinese(text)
    if not text or not CJK_CHAR.search(text) or len(text) > 30:
        return False
    return looks_like_chinese_person(text) or (is_organisation(text) and len(text) >= 3)


def _clean_chinese(text: str) -> str:
    text = text.strip(" ,，.。:：;；")
    without_nationality = _NATIONALITY.sub("", text)
    if re.search("[·‧・]", without_nationality):  # 德国人维尔纳·施泰因; not 中国人民解放军
        text = without_nationality
    text = _HONORIFICS.sub("", text).strip()
    without_dynasty = _DYNASTY.sub("", text)
    return without_dynasty if chinese_surname(without_dynasty) else text


def chinese_name(text: str, language: str | None = None) -> Name:
    """A name written in Chinese characters (or Hangul), split where its shape tells how.

    A transliterated foreign name is one name: with a dot (艾伯特·B·哈迪) its family name is after
    the last dot; without one (李奇微, 麦克阿瑟) it is not split at all (its family name is the whole).
    Japanese names (``language`` ja, a space, or a Japanese surname's shape) are family first
    (``宮崎 市定``); Chinese names are split after a known surname, compound ones included (欧阳修).
    """
    text = _clean_chinese(text)
    alternate = None
    match = _ALTERNATE.match(text)
    if match:
        text, alternate = match.group(1).strip(), match.group(2).strip()
    if is_organisation(text) and not looks_like_chinese_person(text):
        return Name(text, alternate=alternate, organisation=True)
    for dot in "·‧・•":
        if dot in text:
            given, _, family = text.rpartition(dot)
            return Name(text, family=family, given=given, alternate=alternate)
    family, given = _cjk_parts(text, language)
    return Name(text, family=family, given=given, alternate=alternate)


def _cjk_parts(text: str, language: str | None) -> tuple[str | None, str | None]:
    """Family and given name of an undotted name in Chinese characters or Hangul."""
    if " " in text:  # 大井 篤, 김 승일: written with the break
        family, _, given = text.partition(" ")
        return family, given.strip()
    if re.fullmatch("[\uac00-\ud7af]{2,4}", text):
        return text[0], text[1:]
    if not re.fullmatch(f"[{CJK}]{{2,6}}", text):
        return None, None
    surname = chinese_surname(text)
    given = text[len(surname):] if surname else text
    japanese = len(text) >= 3 and text[1] in JAPANESE_SURNAME_ENDINGS and not (surname and len(surname) == 2)
    if japanese and (language == "ja" or len(text) >= 4 or not surname):
        return text[:2], text[2:]  # 宮崎市定, 大木康
    spelt = set(given) & TRANSLITERATION_CHARS  # characters that spell foreign names
    if surname and (len(given) <= 2 or language == "ja") and not (len(given) == 2 and spelt == set(given)):
        return surname, given  # 王树增, 欧阳修, 司馬遼太郎
    if len(text) >= 3 and spelt and (surname or language != "ja"):
        return text, None  # 李奇微, 麦克阿瑟, 奥尔洛夫: a transliteration, one name
    return (surname, given) if surname and len(text) <= 4 else (None, None)


def _chinese_order(tokens: list[str]) -> bool:
    """``Xu Huilin``, ``Liu Xu``, ``Liang Ssu-ch'eng``: a romanised Chinese surname before a given
    name in pinyin or hyphenated Wade-Giles, written in Chinese order."""
    if len(tokens) != 2 or not tokens[1][:1].isupper():
        return False
    surname = tokens[0].lower() in PINYIN_SURNAMES or "'" in tokens[0]
    wade_giles = re.fullmatch(r"[A-Z][a-z']+-[A-Za-z'][a-z']+", tokens[1]) and "-" not in tokens[0]
    return surname and bool(PINYIN_GIVEN.fullmatch(tokens[1]) or wade_giles)


def western_name(text: str) -> Name:
    """``Rees, David`` → Rees / David; ``Derek W. Bowett`` → Bowett / Derek W.; ``Burgan`` → Burgan."""
    text = strip_western_titles(re.sub(r"^the\s+", "", text.strip(" ,;:")))
    alternate = None
    match = _ALTERNATE.match(text)
    if match and CJK_CHAR.search(match.group(2)):
        text, alternate = match.group(1).strip(), match.group(2).strip()
    if is_organisation(text):
        return Name(text, alternate=alternate, organisation=True)
    if "," in text:
        family, _, given = text.partition(",")
        return Name(text, family=family.strip(), given=given.strip() or None, alternate=alternate)
    tokens = [t for t in re.split(r"\s+|(?<=\.)(?=[A-Z][a-z])", text) if t]
    if len(tokens) == 1:
        return Name(text, family=tokens[0], alternate=alternate)
    if _chinese_order(tokens):
        return Name(text, family=tokens[0], given=tokens[1], alternate=alternate)
    if len(tokens) > 1 and re.fullmatch(_INITIAL, tokens[-1]) and not re.fullmatch(_INITIAL, tokens[0]):
        return Name(text, family=tokens[0], given=" ".join(tokens[1:]), alternate=alternate)  # Bluss J.L.
    start = len(tokens) - 1
    while start > 0 and tokens[start - 1].lower() in _PARTICLES:
        start -= 1
    return Name(text, family=" ".join(tokens[start:]), given=" ".join(tokens[:start]) or None, alternate=alternate)


def name(text: str, language: str | None = None) -> Name:
    """One person's or body's name, in whatever script it is written (``language``: the work's)."""
    if CJK_CHAR.search(re.sub(r"[（(][^）)]*[）)]", "", text)) or re.search("[\uac00-\ud7af]", text):
        return chinese_name(text, language)
    return western_name(text)


def split_chinese_names(text: str) -> list[str]:
    """``何青 王丽芬`` / ``史蒂芬·艾迪科特和爱德华·海哲曼`` / ``甲、乙`` → the separate names."""
    text = re.sub(r"\s*等\s*$", "", text.strip())
    parts = [p for p in re.split(r"\s*[、，,;；/]\s*", text) if p]
    out: list[str] = []
    for part in parts:
        pieces = part.split()
        if len(pieces) > 1 and all(looks_like_chinese_person(p) for p in pieces):
            out.extend(pieces)
            continue
        halves = re.split(r"[和与與及]", part)
        if len(halves) > 1 and all(looks_like_chinese_person(h) for h in halves):
            out.extend(halves)
        else:
            out.append(part)
    return [p.strip() for p in out if p.strip()]


def split_western_names(text: str) -> list[str]:
    """``Thompson, Warren E., and McLaren, David R.`` / ``Nohlen, D, Grotz, F & Hartmann, C`` /
    ``McNamara, Robert, James Blight`` / ``Young, Marilyn, B.`` → the separate names, each as written.

    Read left to right: a one-word piece followed by a given name is ``Last, First``; a piece of
    initials only belongs to the name before it; any other piece is a name of its own.
    """
    text = re.sub(r",?\s*(?:et al\.?|等)\s*$", "", text.strip(" ,;"))
    out: list[str] = []
    for part in re.split(r",?\s+(?:and|&)\s+|\s*;\s*", text):
        tokens = [t.strip() for t in part.split(",") if t.strip()]
        i = 0
        while i < len(tokens):
            if i + 1 < len(tokens) and len(tokens[i].split()) == 1 and _given_like(tokens[i + 1]):
                out.append(f"{tokens[i]}, {tokens[i + 1]}")
                i += 2
            elif out and re.fullmatch(rf"{_INITIAL}|Jr\.?|Sr\.?", tokens[i]) and "," in out[-1]:
                out[-1] += f", {tokens[i]}"
                i += 1
            else:
                out.append(tokens[i])
                i += 1
    return out


def _given_like(token: str) -> bool:
    """``D``, ``Warren E.``, ``David``, ``B C``: a given name or initials after ``Last,``."""
    words = token.split()
    return 1 <= len(words) <= 4 and all(re.fullmatch(rf"{_INITIAL}|{_WORD}|Jr\.?|Sr\.?", w) for w in words)
