"""The state of one Chinese citation being read: its working text, the draft record, and what the
passes have found so far (title spans, locators, whether it is a periodical…).

Each pass (:mod:`~pipeline.citations.chinese.titles`, :mod:`~pipeline.citations.chinese.fields`,
:mod:`~pipeline.citations.chinese.residue`) is a function of this state; the order they run in is
:func:`pipeline.citations.chinese.parser.parse_chinese`.
"""
from __future__ import annotations

from pipeline.citations.draft import TITLE, Draft, WorkingText


class ChineseReading:
    """A Chinese citation being read (see the module's docstring)."""

    def __init__(self, text: str, links: tuple[tuple[str, str], ...]):
        self.t = WorkingText(text)
        self.links = links
        self.d = Draft()
        self.titles: list[tuple[int, int]] = []   # spans masked as the title
        self.journal = False
        self.dotted = False
        self.chapter_pair = False
        self.locators: list[tuple[int, int]] = []
        self.page_spans: list[tuple[int, int]] = []
        self.leftovers: list[str] = []
        self.chapter_locator: str | None = None
        self.residue_title: tuple[int, int] | None = None
        self.newspaper_page: str | None = None

    def mask_title(self, start: int, end: int) -> None:
        self.titles.append((start, end))
        self.t.blank(start, end, TITLE)
