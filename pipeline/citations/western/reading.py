"""The state of one Western citation being read: its working text, links and italic spans, the
draft record, and what the passes have found so far (dates, page spans, whether it is an article…).

Each pass (:mod:`~pipeline.citations.western.creators`, :mod:`~pipeline.citations.western.titles`,
:mod:`~pipeline.citations.western.imprint`) is a function of this state; the order they run in is
:func:`pipeline.citations.western.parser.parse_western`.
"""
from __future__ import annotations

from pipeline.citations.draft import Draft, WorkingText


class WesternReading:
    """A Western citation being read (see the module's docstring)."""

    def __init__(self, text: str, links: tuple[tuple[str, str], ...], italics: tuple[str, ...]):
        self.t = WorkingText(text)
        self.links = links
        self.italics = italics
        self.d = Draft()
        self.article = False     # a quoted or linked title in a named container
        self.chapter = False     # … ``in`` or ``from`` a book
        self.periodical = False  # an issue of a periodical cited by its date
        self.linked = False      # the title is a link's text
        self.date_spans: list[tuple[int, int]] = []
        self.page_spans: list[str] = []
        self.locators: list[str] = []
