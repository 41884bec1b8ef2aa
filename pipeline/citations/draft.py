"""The mutable record the parsers fill field by field, and helpers both parsers share."""
from __future__ import annotations

import re
from dataclasses import replace

from pipeline.citations.model import Citation, Name

GAP = "\ue004"      # a field taken out of the working string
TITLE = "\ue000"    # a title (or container) masked out
QUOTE = "\ue002"    # a quotation masked so that no pattern reads inside it
MASKS_END = "\ue00f"  # the mask characters are TITLE … MASKS_END (cleanup removes them from input)
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


class Draft:
    """A citation being built. Its fields read like a :class:`Citation`'s; :meth:`set` fills a
    field only once (the first position a parser trusts wins), :meth:`put` overwrites."""

    def __init__(self, **values):
        self.citation = Citation(raw="", **values)

    def __getattr__(self, name: str):
        return getattr(self.__dict__["citation"], name)

    def __setattr__(self, name: str, value) -> None:
        if name != "citation":
            raise AttributeError(f"use Draft.put({name}=…) or Draft.set({name!r}, …)")
        super().__setattr__(name, value)

    def put(self, **changes) -> None:
        for name, value in changes.items():
            if isinstance(value, str):  # no mask character of a working text ever reaches a field
                changes[name] = re.sub(f"[{TITLE}-{MASKS_END}]", "", value).strip() or None
        self.citation = replace(self.citation, **changes)

    def set(self, name: str, value) -> None:
        if isinstance(value, str):
            value = re.sub(f"[{TITLE}-{MASKS_END}]", "", value).strip(" ,，.。;；:：")
        if value and not getattr(self.citation, name):
            self.put(**{name: value})

    def add_names(self, role: str, names: list[Name]) -> None:
        known = {n.text for n in getattr(self.citation, role)}
        fresh = tuple(n for n in names if n.text and n.text not in known)
        self.put(**{role: getattr(self.citation, role) + fresh})

    def creators_found(self) -> bool:
        return bool(self.citation.creators)

    def to_citation(self, raw: str) -> Citation:
        """The record, without a mask character anywhere: a field cut across a masked title or
        quotation (``〈《社著``) must not carry the working string's private marks out."""
        return _unmasked(self.citation).with_raw(raw)


#: the private characters the working string masks with (:data:`TITLE` … :data:`MASKS_END`)
MASK_CHARACTERS = re.compile(f"[{TITLE}-{MASKS_END}]")


def _unmasked(citation: Citation) -> Citation:
    def text(value):
        return MASK_CHARACTERS.sub("", value) if isinstance(value, str) else value

    def names(found: tuple[Name, ...]) -> tuple[Name, ...]:
        return tuple(replace(name, text=text(name.text), family=text(name.family), given=text(name.given),
                             alternate=text(name.alternate)) for name in found)
    return replace(citation, authors=names(citation.authors), editors=names(citation.editors),
                   translators=names(citation.translators),
                   **{key: text(value) for key, value in vars(citation).items() if isinstance(value, str)})


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
