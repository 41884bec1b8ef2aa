"""One record per cited work: group the citations of an article's notes and source list.

The same work is cited in many notes with different strings and locators, in both scripts
(英國的朝鮮戰爭政策 / 英国的朝鲜战争政策), in short forms that point into the source list
(``王树增，第一章`` → ``王树增：《朝鲜战争》``; ``Needham，第五卷…``; ``Burgan 2002, p. 7``),
and under a romanised name (``Liu Xu (2004). History of Ancient Chinese Firearms…`` =
``劉旭：《中國古代火藥火器史》（…2004）``). Works that merely share a title stay apart when
their creators differ (王树增《朝鲜战争》, 李奇微《朝鲜战争》, 日本陆战研究会编《朝鲜战争》), and
editions stay apart when their years or ISBNs differ. A title alone never joins a work of another
kind, container, publisher or web address, nor when it is the name of a journal the article cites
(parsers take a journal's name for a paper's title); one issuing body spelled several ways
(霧社事件誌編纂委員會 / 雾社事件志编纂委员会) is one creator; a main title without its subtitle
(〈中國移民對抗東印度公司〉) is the work's short title.

Public API: :class:`Work` and :func:`group_works`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Sequence

from rapidfuzz import fuzz

from pipeline.citations.lexicon import CJK_CHAR
from pipeline.citations.model import DESCRIPTIVE_FIELDS, Citation, Name
from pipeline.citations.romanise import ascii_fold, comparable, name_tokens, simplified

#: Titles at least this similar (rapidfuzz ratio on the comparable form) are the same title,
#: which absorbs typing differences (``Bombards, and`` / ``Bombards, &``) but not different words.
TITLE_SIMILARITY = 90
#: Names of one issuing body at least this similar (rapidfuzz ratio, comparable form) are one body's.
BODY_SIMILARITY = 85
#: What may follow a main title before its subtitle.
_SUBTITLE_MARKS = "：:－—-–(（ 　"


@dataclass(frozen=True)
class Work:
    """A cited work: ``record`` describes it (the fullest description its citations give, with no
    locator); ``notes`` and ``sources`` index the citations of it in the sequences passed to
    :func:`group_works`, in order."""

    record: Citation
    notes: tuple[int, ...]
    sources: tuple[int, ...]


@dataclass
class _Group:
    members: list[tuple[str, int, Citation]]   # ("n" | "s", index, citation)
    _record: Citation | None = None

    def add(self, member: tuple[str, int, Citation]) -> None:
        self.members.append(member)
        self._record = None

    @property
    def record(self) -> Citation:
        """The merged record, kept until a member is added: every citation placed is compared
        with every group's record, so merging afresh each time would be quadratic in merges."""
        if self._record is None:
            self._record = _merge([c for _, _, c in self.members], [o for o, _, _ in self.members])
        return self._record

    @property
    def listed(self) -> bool:
        return any(origin == "s" for origin, _, _ in self.members)


def group_works(notes: Sequence[Citation], sources: Sequence[Citation] = ()) -> list[Work]:
    """Group citations into works.

    ``notes``: every citation found in the notes, in note order (a note citing several works
    contributes several; use :func:`pipeline.citations.parser.parse_note`). ``sources``: the
    records of the source list (来源/参考文献), in order. An ``ibid`` citation belongs to the work of
    the citation before it; records that name no work (a bare locator, an explanatory note) belong
    to none. Works come in the order of their first
    citation in the notes, then works cited only in the source list, in list order.
    """
    items = [("n", i, c) for i, c in enumerate(notes)] + [("s", i, c) for i, c in enumerate(sources)]
    items = [item for item in items if item[2].names_work and not item[2].ibid]
    groups: list[_Group] = []
    full = [item for item in items if item[2].title and item[2].creators]
    title_only = [item for item in items if not item[2].creators]   # or known only by URL
    short = [item for item in items if not item[2].title and item[2].creators]
    for item in full:
        _place(item, groups, _same_work)
    containers = frozenset(comparable(c.container) for _, _, c in items if c.container)
    for item in title_only:
        _place(item, groups, lambda citation, work: _same_title_only(citation, work, containers))
    for item in short:
        _place(item, groups, _short_refers_to)
    _follow_ibids(notes, groups)
    order = {("n", i): i for i in range(len(notes))}
    order.update({("s", i): len(notes) + i for i in range(len(sources))})
    groups.sort(key=lambda g: min(order[(o, i)] for o, i, _ in g.members))
    return [
        Work(g.record,
             tuple(sorted(i for o, i, _ in g.members if o == "n")),
             tuple(sorted(i for o, i, _ in g.members if o == "s")))
        for g in groups
    ]


def _follow_ibids(notes: Sequence[Citation], groups: list[_Group]) -> None:
    """Each ``ibid`` citation joins the work of the citation before it in the notes."""
    group_of = {i: g for g in groups for origin, i, _ in g.members if origin == "n"}
    for i, citation in enumerate(notes):
        if citation.ibid and i - 1 in group_of:
            group_of[i] = group_of[i - 1]
            group_of[i].add(("n", i, citation))


def _place(item, groups: list[_Group], test) -> None:
    matches = [g for g in groups if test(item[2], g.record)]
    if len(matches) > 1:  # prefer what the source list describes: short notes point into it
        listed = [g for g in matches if g.listed]
        matches = listed if len(listed) == 1 else matches
    if len(matches) == 1:
        matches[0].add(item)
    else:
        groups.append(_Group([item]))


# -- the tests ------------------------------------------------------------------------------------
def _isbn(citation: Citation) -> str | None:
    if not citation.isbn:
        return None
    digits = re.sub(r"[^0-9X]", "", citation.isbn.upper())
    if len(digits) in (9, 10):  # compare ISBN-10 (perhaps cited without its check digit) and ISBN-13 as one number
        core = "978" + digits[:9]
        check = (10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(core)) % 10) % 10
        digits = core + str(check)
    return digits


def _url(citation: Citation) -> str | None:
    if not citation.url:
        return None
    url = re.sub(r"^https?://(?:web\.archive\.org/web/\d+/)?", "", citation.url.strip())
    return re.sub(r"^https?://|^www\.|/$", "", url).lower()


def _conflict(a: Citation, b: Citation) -> bool:
    """Known to be different publications: another ISBN, another date (two issues of one
    newspaper differ only in month or day)."""
    if _isbn(a) and _isbn(b) and _isbn(a) != _isbn(b):
        return True
    if a.date and b.date:
        x, y = a.date, b.date
        if x.year != y.year or (x.month and y.month and x.month != y.month) or (x.day and y.day and x.day != y.day):
            return True
    return False


#: Kinds that can describe one work (a book cited once as a book and once by its web page is still
#: the book only when the creators say so; on a title alone these families never meet).
_KIND_FAMILY = {"book": "book", "chapter": "book", "report": "book", "thesis": "book",
                "journal-article": "periodical", "newspaper-article": "periodical", "web-page": "web"}


def _kinds_conflict(a: Citation, b: Citation) -> bool:
    x, y = _KIND_FAMILY.get(a.kind or "", a.kind), _KIND_FAMILY.get(b.kind or "", b.kind)
    return bool(x and y and x != y)


def _names_agree(a: str | None, b: str | None) -> bool | None:
    """Whether two names of a body (publisher, container, corporate author) are one body's,
    forgiving spellings (霧社事件誌編纂委員會 / 雾社事件志编纂委员会 / 南投縣霧社事件誌編纂委員会);
    None when either is missing."""
    x, y = comparable(a), comparable(b)
    if not x or not y:
        return None
    shorter, longer = sorted((x, y), key=len)
    return (len(shorter) >= 4 and shorter in longer) or fuzz.ratio(x, y) >= BODY_SIMILARITY


def _is_person(name: Name) -> bool:
    return not name.organisation and bool(name.family or name.given)


def _same_body(a: Citation, b: Citation) -> bool:
    """Both works issued by one body, spelled either way, as the creator of one and the creator or
    publisher of the other; neither names a person as its creator. A shared publisher alone says
    nothing: two bodies' books of one title from one publisher are two works."""
    if any(_is_person(n) for n in a.creators + b.creators):
        return False
    return _issued_by(a, b) or _issued_by(b, a)


def _issued_by(a: Citation, b: Citation) -> bool:
    """A corporate creator of ``a`` is a creator or the publisher of ``b``."""
    issuers = [n.text for n in b.creators] + ([b.publisher] if b.publisher else [])
    return any(_names_agree(n.text, other) for n in a.creators for other in issuers)


def _creator_keys(citation: Citation) -> set[str]:
    keys = set()
    for person in citation.creators:
        keys |= _name_keys(person)
    return keys


@lru_cache(maxsize=4096)
def _name_keys(person: Name) -> frozenset[str]:
    # Cached: grouping tests each citation against every work so far, and romanising a name
    # (pypinyin) for each test was a fifth of reading and transforming the seed.
    keys = {"=" + comparable(person.text)}
    if person.alternate:
        keys.add("=" + comparable(person.alternate))
    tokens = name_tokens(person)
    if len(tokens) >= 2:
        keys.add("~" + " ".join(sorted(tokens)))
    if person.family and not CJK_CHAR.search(person.text):
        initial = ascii_fold(person.given or "")[:1]
        keys.add(f"{ascii_fold(person.family)}|{initial}")
    return frozenset(keys)


def _family_keys(citation: Citation) -> set[str]:
    """What a short form names: a Western family name, or a Chinese name in full."""
    keys = set()
    for person in citation.creators:
        if CJK_CHAR.search(person.text):
            keys.add(comparable(person.text))
        else:
            keys.add(ascii_fold(person.family or person.text))
        if person.alternate:
            keys.add(comparable(person.alternate))
    return keys


def _titles_match(a: str, b: str) -> bool:
    x, y = comparable(a), comparable(b)
    if not x or not y:
        return False
    if x == y:
        return True
    shorter, longer = sorted((x, y), key=len)
    if longer.startswith(shorter) and not re.search(r"[^\W\d_]", longer[len(shorter):].replace("_", "")):
        return True  # 朝鲜战争备忘录 / 朝鲜战争备忘录 1950-1953
    if _short_title_of(a, b) or _short_title_of(b, a):
        return True  # 荷蘭與西班牙臺灣史研究 / 荷蘭與西班牙臺灣史研究－以文獻的中文翻譯問題為例
    return fuzz.ratio(x, y) >= TITLE_SIMILARITY


def _cross_script(a: Citation, b: Citation) -> bool:
    """One title in Chinese, the other in Latin letters (a translation or a romanised citation)."""
    return bool(CJK_CHAR.search(a.title or "")) != bool(CJK_CHAR.search(b.title or ""))


def _same_work(citation: Citation, work: Citation) -> bool:
    if _conflict(citation, work):
        return False
    cross = _cross_script(citation, work)
    titled = bool(citation.title and work.title) and not cross
    if _isbn(citation) and _isbn(citation) == _isbn(work):
        # one ISBN for a volume that collects several works (向达校注 《顺风相送》 / 《指南正法》)
        return not titled or _titles_match(citation.title, work.title)
    if _url(citation) and _url(citation) == _url(work):
        return True
    shared = _creator_keys(citation) & _creator_keys(work)
    if not shared:
        # one issuing body spelled several ways: the same work only under the same title
        return titled and _same_body(citation, work) and _titles_match(citation.title, work.title)
    if cross:
        # a title in another language: only the same romanised name, the same year and no
        # conflicting kind or container tell
        return (bool(citation.date and work.date) and any(k.startswith("~") for k in shared)
                and not _kinds_conflict(citation, work) and _names_agree(citation.container, work.container) is not False)
    return _titles_match(citation.title, work.title)


def _published_by(work: Citation, publisher: str) -> bool:
    """The work's publisher, or one of its creators (a body cited as author in one note and as
    publisher in another), is ``publisher`` spelled either way."""
    return any(_names_agree(publisher, other)
               for other in [n.text for n in work.creators] + ([work.publisher] if work.publisher else []))


def _same_day(a: Citation, b: Citation) -> bool:
    return bool(a.date and b.date and a.date.day and a.date.iso() == b.date.iso())


def _short_title_of(short: str, title: str) -> bool:
    """``中國移民對抗東印度公司`` of ``中國移民對抗東印度公司：1652年的郭懷一事件``: the main title
    without its subtitle, as short notes cite a work the article describes in full."""
    x, y = simplified(short).strip(), simplified(title).strip()
    return len(x) >= 4 and y.startswith(x) and y[len(x):len(x) + 1] in tuple(_SUBTITLE_MARKS)


def _same_title_only(citation: Citation, work: Citation, containers: frozenset[str]) -> bool:
    """A record without creators joins a work on its title only when nothing says otherwise: not
    another kind (a web page and a book of one title), not another container or publisher (one
    headline on two news sites), not another web address, and not a title that is the name of a
    journal or newspaper the article cites (``containers``: two papers mis-titled with their
    journal's name), unless the same day's issue is cited."""
    if _conflict(citation, work):
        return False
    if _url(citation) and _url(citation) == _url(work):
        return True
    if not (citation.title and work.title) or not (comparable(citation.title) == comparable(work.title)
                              or _short_title_of(citation.title, work.title)):
        return False
    if _kinds_conflict(citation, work):
        return False
    if comparable(citation.title) in containers and not _same_day(citation, work):
        return False
    if _names_agree(citation.container, work.container) is False:
        return False
    if citation.publisher and (work.publisher or work.creators) and not _published_by(work, citation.publisher):
        return False
    return not (citation.kind == "web-page" and _url(citation) and _url(work))


def _short_refers_to(citation: Citation, work: Citation) -> bool:
    if _conflict(citation, work):
        return False
    if not work.title:  # another short form of a work the article never describes in full
        same_year = (citation.date and citation.date.year) == (work.date and work.date.year)
        return same_year and bool(work.creators) and _family_keys(citation) == _family_keys(work)
    if citation.volume and work.volume and citation.volume != work.volume:
        return False
    return bool(_family_keys(citation) & _family_keys(work))


# -- merging --------------------------------------------------------------------------------------
def _fullness(citation: Citation) -> int:
    return sum(1 for name in DESCRIPTIVE_FIELDS if getattr(citation, name))


def _merge(citations: list[Citation], origins: list[str]) -> Citation:
    """The fullest citation, completed field by field from the others; no locator."""
    ranked = sorted(range(len(citations)), key=lambda i: (-_fullness(citations[i]), origins[i] != "s", i))
    best = citations[ranked[0]]
    values = {f.name: getattr(best, f.name) for f in fields(Citation)}
    for i in ranked[1:]:
        for name in DESCRIPTIVE_FIELDS:
            if not values[name] and getattr(citations[i], name):
                values[name] = getattr(citations[i], name)
    values["kind"] = best.kind or next((c.kind for c in citations if c.kind), None)
    values["locator"] = None
    return Citation(**values)

