"""The mutable record the parsers fill field by field, and helpers both parsers share."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Citation, Name, PartialDate

GAP = "\ue004"      # a field taken out of the working string
TITLE = "\ue000"    # a title (or container) masked out
QUOTE = "\ue002"    # a quotation masked so that no pattern reads inside it
ISBN = re.compile(r"ISBN(?:-1[03])?\s*[:：]?\s*((?:97[89][\s-]?)?(?:\d[\s-]?){9}[\dXx])")
URL = re.compile(r"https?://[^\s，。；、）)\]>\"”]+")


def page_range(text: str) -> str:
    """``14-32页`` / ``pp. 253-280`` / ``p55~56`` / ``p. 583+`` → ``14-32`` / ``253-280`` / ``55-56`` / ``583+``."""
    return "-".join(re.findall(r"\d+\+?", text)[:2])


class WorkingText:
    """A cleaned citation string and a working copy of the same length.

    A recognised field is blanked out of the copy with a gap character, titles and quotations
    are masked so that no later pattern reads inside them, and the original text of any span
    stays available for field values.
    """

    def __init__(self, text: str):
        self.orig = text
        self.s = text

    def blank(self, start: int, end: int, mark: str = GAP) -> None:
        self.s = self.s[:start] + mark * (end - start) + self.s[end:]

    def take(self, pattern: "re.Pattern | str", each=None) -> None:
        """Blank every match of ``pattern``, handing each match to ``each`` first."""
        for match in list(re.finditer(pattern, self.s)):
            if each is None or each(match) is not False:
                self.blank(match.start(), match.end())

    def original(self, start: int, end: int) -> str:
        return self.orig[start:end]

    def kept(self, start: int, end: int) -> str:
        """The original text of a span without the fields already taken out of it."""
        return "".join(o for o, w in zip(self.orig[start:end], self.s[start:end]) if w != GAP)

    def take_isbn_and_urls(self, draft: "Draft", links: tuple[tuple[str, str], ...]) -> None:
        """The first ISBN and the note's URL (its first external link, else one written in the text)."""
        self.take(ISBN, lambda m: draft.set("isbn", re.sub(r"\s", "", m.group(1))))
        for _, target in links:
            draft.set("url", target)
        self.take(URL, lambda m: draft.set("url", m.group(0).rstrip(".,")))


@dataclass
class Draft:
    """Fields found so far; a field once set keeps its first value (the most reliable position)."""

    kind: str | None = None
    authors: list[Name] = field(default_factory=list)
    editors: list[Name] = field(default_factory=list)
    translators: list[Name] = field(default_factory=list)
    title: str | None = None
    container: str | None = None
    publisher: str | None = None
    place: str | None = None
    date: PartialDate | None = None
    volume: str | None = None
    part: str | None = None
    issue: str | None = None
    pages: str | None = None
    isbn: str | None = None
    url: str | None = None
    language: str | None = None
    locator: str | None = None

    def set(self, name: str, value) -> None:
        if isinstance(value, str):
            value = value.strip(" ,，.。;；:：")
        if value and not getattr(self, name):
            setattr(self, name, value)

    def add_names(self, role: str, names: list[Name]) -> None:
        target = getattr(self, role)
        known = {n.text for n in target}
        target.extend(n for n in names if n.text and n.text not in known)

    def creators_found(self) -> bool:
        return bool(self.authors or self.editors)

    def to_citation(self, raw: str) -> Citation:
        return Citation(
            raw=raw, kind=self.kind, authors=tuple(self.authors), editors=tuple(self.editors),
            translators=tuple(self.translators), title=self.title, container=self.container,
            publisher=self.publisher, place=self.place, date=self.date, volume=self.volume,
            part=self.part, issue=self.issue, pages=self.pages, isbn=self.isbn, url=self.url,
            language=self.language, locator=self.locator,
        )


def split_top_level(text: str, separators: str) -> list[tuple[int, int]]:
    """Spans of ``text`` between separator characters that are outside any brackets."""
    opening, closing = "(（[《〈「『“", ")）]》〉」』”"
    depth, start, spans = 0, 0, []
    for i, ch in enumerate(text):
        if ch in opening:
            depth += 1
        elif ch in closing:
            depth = max(0, depth - 1)
        elif ch in separators and depth == 0:
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(text)))
    return spans


def matching_bracket(text: str, start: int, opening: str, closing: str) -> int:
    """Index of the bracket closing the one at ``start`` (nesting respected), or -1."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == opening:
            depth += 1
        elif text[i] == closing:
            depth -= 1
            if depth == 0:
                return i
    return -1
