"""Recognise the creators at the head of a Western citation: ``Last, First`` pairs, ``First Last``
runs, lists with no separator at all (``Graham W. Griffiths William E.Shiesser …``), and the role
words that make them editors or translators."""
from __future__ import annotations

import re

from pipeline.citations.dates import YEAR, find_date
from pipeline.citations.draft import GAP
from pipeline.citations.lexicon import is_organisation
from pipeline.citations.names import looks_like_western_name, split_western_names, western_name
from pipeline.citations.western.imprint import is_imprint
from pipeline.citations.western.reading import WesternReading

ROLE = re.compile(r",?\s*\(?\b(eds?\.?|editors?|edited by|trans\.?|translated by)\)?\s*,?\s*$", re.I)


def name_text(text: str) -> str:
    """Trim a name's edges, keeping the full stop of a final initial (``Hopkins, William B.``)."""
    text = text.replace(GAP, " ").strip(" ,;:")
    if text.endswith(".") and not re.search(r"(?:^|[\s.])(?:[A-Z]|Jr|Sr)\.$", text):
        text = text[:-1].rstrip()
    return text


def creator_names(text: str) -> list:
    """The names of a list of creators, each split into family and given name."""
    return [western_name(name_text(n)) for n in split_western_names(name_text(text)) if n.strip(" .,")]


def is_name_list(text: str) -> bool:
    """Whether the text is nothing but creators' names (a role word such as ``eds.`` allowed)."""
    text = ROLE.sub("", text.strip(" ,.:"))
    if not text:
        return False
    parts = split_western_names(text)
    return bool(parts) and all(looks_like_western_name(p) or is_organisation(p) for p in parts) and (
        len(text.split()) <= 12)


_LAST_FIRST = r"[A-Z][\w'’-]+,\s+(?:[A-Z][a-z]+|[A-Z]\.?)(?:\s+[A-Z]\.?)*\.?(?=\s*[,.(]|\s+(?:and|&|eds?\.)\s)"
_FIRST_UNIT = r"[A-Z][a-z'’-]+\s+(?:[A-Z]\.\s?)*(?:Mc|Mac)?[A-Z][A-Za-zà-ÿ'’-]+"
_LATER_UNIT = r"[A-Z][a-z'’-]+\s+(?:[A-Z]\.\s?)+(?:Mc|Mac)?[A-Z][A-Za-zà-ÿ'’-]+"


def _unpunctuated_names(text: str) -> tuple[list[str], int] | None:
    """``Graham W. Griffiths William E.Shiesser Traveling Wave…``: names with no separator.
    The first may lack an initial (``George Articolo Partial…``); later ones need one."""
    first = re.match(rf"\s*({_FIRST_UNIT})(?=\s)", text)
    if not first or not looks_like_western_name(first.group(1)):
        return None
    names, end = [first.group(1)], first.end()
    while more := re.match(rf"\s+({_LATER_UNIT})(?=[\s,])", text[end:]):
        names.append(more.group(1))
        end += more.end()
    return (names, end) if text[end:].strip() else None


def read_creators(r: WesternReading, text: str) -> None:
    """The creators written before the title, with an APA year after them and a role word."""
    text = name_text(text)
    apa = re.search(rf"\(\s*({YEAR})[a-z]?\s*\)\s*[.,]?\s*$", text)
    if apa:
        r.d.set("date", find_date(apa.group(1)).date)
        text = name_text(text[: apa.start()])
    role = ROLE.search(text)
    if role and text:
        target = "editors" if role.group(1).lower().startswith("ed") else "translators"
        text = text[: role.start()]
    else:
        target = "authors"
    if text and is_name_list(text):
        r.d.add_names(target, creator_names(text))


def name_run(r: WesternReading, s: str, lead: int) -> tuple[list[str], int, bool]:
    """The creators' names at the start of ``s`` (from ``lead``), where they end, and whether a
    full stop (rather than a comma) ends them."""
    pair = re.match(rf"{_LAST_FIRST}(?:,?\s+(?:and|&)\s+{_LAST_FIRST})*", s[lead:])
    if pair:
        end = lead + pair.end()
        sep = re.match(r"\s*(?:,?\s*eds?\.)?\s*([,.])?\s*", s[end:])
        full_stop = sep.group(1) == "." or (sep.group(1) is None and re.search(r"[a-z]\.$", s[:end]) is not None)
        return split_western_names(ROLE.sub("", s[lead:end])), end + sep.end(), full_stop
    names: list[str] = []
    names_text = ""  # the last segment taken as names
    end = lead
    segments = [(lead + m.start(), lead + m.end()) for m in re.finditer(r"[^,]+", s[lead:])]
    for i, (a, b) in enumerate(segments):
        text = s[a:b].strip()
        sentence_cut = re.match(r"(.+?[a-z])\.\s+(?=[A-Z])", text)
        if sentence_cut and is_name_list(sentence_cut.group(1)):
            offset = a + len(s[a:b]) - len(s[a:b].lstrip())
            return names + split_western_names(sentence_cut.group(1)), offset + sentence_cut.end(), True
        if not is_name_list(text):
            if i == 0:
                run = _unpunctuated_names(s[a:])
                if run:
                    return run[0], a + run[1], False
            break
        following = s[b + 1:].split(",")[0].strip() if b < len(s) else ""
        if i > 0 and (not following or is_imprint(following) or re.search(r"\s(?:and|&)\s", names_text)):
            break  # a title must remain: ``Dongming Wang, Elimination Practice, Imperial College Press``
        names += split_western_names(ROLE.sub("", text))
        names_text = text
        end = b + (1 if b < len(s) else 0)
    return names, end, False
