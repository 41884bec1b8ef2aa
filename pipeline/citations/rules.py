"""The hand-written citation reader: explanatory notes, several works in one note, and every field by rule.

Tuned on the seed and the dev articles, it was the whole parser before issue 18; now
:mod:`pipeline.citations.parser` (the public API) takes its decisions on what kind of note a note
is (explanatory, a ``{{cite}}`` template, ``同上``, a bare page) and its reading of URLs, and asks
the learned labeller for the fields; the labeller also sees this reader's fields as features
(:mod:`pipeline.citations.crf.context`). :func:`parse_citation` (one source-list item) reads by
rule only.

Both functions take the note's plain text, the ``(link text, URL)`` of each external link it holds
(wikilinks are not sources: leave them out) and its italic spans (the strongest sign of a
title). The text may still carry MediaWiki remnants (variant markup ``-{…}-``, link syntax, wiki
italics ``''…''``); they are cleaned before parsing and never reach a field. ``Citation.raw`` is
always the input. A string that matches no pattern gives a record with ``kind=None`` and its
``raw`` text. This module decides which conventions a string follows and what kind of note it is;
the Chinese and Western readers (:mod:`pipeline.citations.chinese`,
:mod:`pipeline.citations.western`) read the fields.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from pipeline.citations.chinese.parser import parse_chinese
from pipeline.citations.cleanup import cite_template, clean
from pipeline.citations.dates import find_date
from pipeline.citations.draft import Draft, page_range
from pipeline.citations.lexicon import CJK, cjk_count, full_width_count, latin_count
from pipeline.citations.model import Citation
from pipeline.citations.names import name, split_chinese_names, split_western_names
from pipeline.citations.western.parser import parse_western

Links = Iterable[tuple[str, str]]

_TEMPLATE_KINDS = {
    "cite journal": "journal-article", "cite magazine": "journal-article", "cite book": "book",
    "cite news": "newspaper-article", "cite web": "web-page", "cite thesis": "thesis",
    "cite report": "report", "cite conference": "chapter", "cite encyclopedia": "chapter",
}
_SIGNALS = re.compile(
    r"《|〈|ISBN|出版|Press|https?://|(?<!\d)(?:1[5-9]\d\d|20\d\d)(?!\d)|[页頁]|\bpp?\.\s*\d|"
    rf"[{CJK}](?:著|编|編|译|譯)|\bVol\.|\beds?\.|第\s*\S{{1,3}}\s*[卷期章]"
)


@dataclass(frozen=True)
class ParsedNote:
    """A note read whole: whether it explains rather than cites, and the works it cites or names."""

    raw: str
    explanatory: bool
    citations: tuple[Citation, ...]


def parse_citation(text: str, links: Links = (), italics: Iterable[str] = ()) -> Citation:
    """One citation string → its record. An explanatory text gives ``is_citation=False``."""
    note = _read(text, tuple(links), tuple(italics), split=False)
    if note.explanatory:
        return Citation(raw=text, is_citation=False)
    return note.citations[0]


def rule_note(text: str, links: Links = (), italics: Iterable[str] = ()) -> ParsedNote:
    """A note → whether it is explanatory, and every work it cites (in order), all by rule."""
    return _read(text, tuple(links), tuple(italics), split=True)


@lru_cache(maxsize=4096)
def _read(text: str, links: tuple, italics: tuple, *, split: bool) -> ParsedNote:
    """The reading of one note or citation. Remembered: the notes stage reads every note to tell
    citing from explaining ones and the citations stage reads them again for their works; the
    reading is a pure function of the arguments and immutable, so the second costs nothing."""
    raw = text
    template = cite_template(text)
    if template:
        return ParsedNote(raw, False, (_from_template(raw, *template, links),))
    cleaned = clean(text)
    links = tuple((clean(label).text, url) for label, url in links) + tuple((u, u) for u in cleaned.urls)
    italics = tuple(clean(i).text for i in italics) + cleaned.italics
    body = cleaned.text
    if not body and not links:
        return ParsedNote(raw, False, (Citation(raw=raw),))
    ibid = re.fullmatch(r"(?:同上|同前|同書|同书|前引書|前引书|[Ii]bid\.?|Id\.)\s*[，,.:：]?\s*(.*?)\s*[.。]?", body)
    if ibid:  # 同上 25页: the work of the note before, at another place
        return ParsedNote(raw, False, (Citation(raw=raw, ibid=True, locator=ibid.group(1) or None),))
    bare_locator = not any(label == body for label, _ in links) and re.fullmatch(
        r"[:：]?\s*((?:pp?\.?\s*)?\d+(?:\s*[-‐–—~～]\s*\d+)?\s*[页頁]?)\s*[.。]?", body)
    if bare_locator:  # ``:159-161``: the page of a work cited by a neighbouring note
        return ParsedNote(raw, False, (Citation(raw=raw, locator=bare_locator.group(1)),))
    if _explanatory(body, links):
        return ParsedNote(raw, True, tuple(_named_works(raw, body)))
    parts = _split_works(body) if split else [body]
    drafts = [_parse(part, _links_in(part, links, len(parts) == 1), italics) for part in parts]
    return ParsedNote(raw, False, tuple(_citation(d, raw) for d in drafts))


def _links_in(part: str, links: tuple, whole: bool) -> tuple:
    return links if whole else tuple(link for link in links if link[0] in part)


def _parse(text: str, links: tuple, italics: tuple) -> Draft:
    """Chinese conventions when the string is mostly Chinese (or uses 《》 for its title)."""
    cjk, latin = cjk_count(text), latin_count(text)
    linked = "".join(label for label, _ in links)
    rest = text.replace(linked, "") if linked and linked in text else text
    chinese = "《" in text[:20] or (cjk_count(rest) + full_width_count(rest)) * 3 >= latin_count(rest) and cjk > 0
    if chinese and re.match(r"^[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*\s*[:,]\s*[A-Z]", text) and latin > cjk:
        chinese = False  # ``W.H. Medhurst:China, … 麦都思：《…》``: a Western citation with a Chinese gloss
    return parse_chinese(text, links) if chinese else parse_western(text, links, italics)


def _citation(draft: Draft, raw: str) -> Citation:
    if draft.kind is None and (draft.title or draft.creators_found() or draft.url):
        draft.put(kind="book" if draft.title or draft.creators_found() else "web-page")
    return draft.to_citation(raw)


def _explanatory(text: str, links: tuple) -> bool:
    """A note that explains: a quotation on its own, prose with no bibliographic signal, or
    prose that only points at a source (``…是朝鲜战争---见李峰《决战朝鲜》P1``)."""
    if links or text.startswith("《"):
        return False
    stripped = text.strip()
    if re.fullmatch(r"[\"“「].{40,}[\"”」]\.?", stripped):
        return True
    prose = re.sub(r"《[^》]*》|（[^）]*）|\([^)]*\)", "", text)
    sentences = len(re.findall(r"[。！？](?=.)|[.!?]\s+[A-Z]", prose))
    if not _SIGNALS.search(text):
        statement = len(re.findall(r"\b(?:was|were|is|are|did|does|not|has|have|had|said|claimed|but|because)\b", prose))
        return len(prose) >= 30 and (sentences >= 1 or statement >= 2)
    pointer = re.search(r"(?:-{2,}|—|，|。)\s*(?:见|見|参见|參見|参看|參看)\s*\S", text)
    if pointer and len(prose[: pointer.start()]) >= 15:
        return True
    return cjk_count(prose) >= 60 and sentences >= 1 and len(re.findall(r"[，,]", prose)) >= 2


def _named_works(raw: str, text: str) -> list[Citation]:
    """The works an explanatory note names as its sources, each parsed from its own clause."""
    out = []
    pointer = re.search(r"(?:见|見|参见|參見|参看|參看)\s*(\S.*)$", text)
    if pointer and "《" in pointer.group(1):
        out.append(_citation(parse_chinese(pointer.group(1)), raw))
        text = text[: pointer.start()]
    for clause in re.split(r"[。；;]|，(?![^（(]*[）)])", text):
        if "《" not in clause:
            continue
        clause = re.sub(r"(?:统计|統計|记载|記載|指出|认为|認為|称|稱|说|說)\s*$", "", clause.strip())
        draft = parse_chinese(clause)
        if draft.title:
            out.append(_citation(draft, raw))
    return out


def _split_works(text: str) -> list[str]:
    """Parts of a note that cites several works, separated by semicolons; else the note whole."""
    parts = [p.strip() for p in re.split(r"\s*[;；]\s*|(?<=。)(?=《)", text) if p.strip()]
    if len(parts) < 2:
        return [text]
    drafts = [_parse(p, (), ()) for p in parts]
    if all(d.title and (d.creators_found() or d.container) and d.date for d in drafts):
        return parts
    if all(p.startswith("《") and d.title for p, d in zip(parts, drafts)):
        return parts  # 《周书·宣帝纪》；《周书·于翼传》…: one classical source after another
    return [text]


def _from_template(raw: str, template: str, params: dict[str, str], links: tuple) -> Citation:
    """A ``{{cite …}}`` template left in the note: its parameters are the fields."""
    d = Draft(kind=_TEMPLATE_KINDS.get(template, "book"))
    authors = [params[k] for k in sorted(params) if re.fullmatch(r"authors?\d*", k)]
    for suffix in ("", *map(str, range(1, 10))):
        last, first = params.get("last" + suffix), params.get("first" + suffix)
        if last:
            authors.append(f"{last}, {first}" if first else last)
    for text in authors:
        splitter = split_chinese_names if cjk_count(text) else split_western_names
        d.add_names("authors", [name(n) for n in splitter(text)])
    if "editor" in params:
        d.add_names("editors", [name(params["editor"])])
    d.set("title", clean(params.get("chapter") or params.get("title") or "").text or None)
    if "chapter" in params:
        d.set("container", params.get("title"))
    for key in ("journal", "newspaper", "work", "website", "magazine", "periodical"):
        d.set("container", params.get(key))
    for field in ("publisher", "volume", "issue", "isbn", "url", "language"):
        d.set(field, params.get(field))
    d.set("place", params.get("location") or params.get("place"))
    if "pages" in params or "page" in params:
        d.set("pages", page_range(params.get("pages") or params["page"]))
    found = find_date(params.get("date") or params.get("year") or "")
    d.set("date", found.date if found else None)
    for _, url in links:
        d.set("url", url)
    if not d.language:
        d.put(language="zh" if cjk_count(d.title or "") else "en")
    elif d.language.lower() in ("chinese", "中文", "zh-hans", "zh-hant", "zh-cn", "zh-tw"):
        d.put(language="zh")
    return d.to_citation(raw)


