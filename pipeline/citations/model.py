"""The bibliographic record a citation string becomes.

Records are frozen so that they can be compared, hashed and shared between the notes that cite
the same work without one stage altering what another relies on.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace

#: The kinds of work a citation can name (``Citation.kind``), as the issue and BibTeX know them.
KINDS = ("book", "chapter", "journal-article", "newspaper-article", "web-page", "report", "thesis")


@dataclass(frozen=True)
class Name:
    """A creator's name: ``text`` as written; ``family``/``given`` where the name can be split.

    Western names are split from ``Last, First`` or ``First Last``; Chinese personal names into
    surname and given name; transliterated names written with ``·`` at the last dot.
    ``alternate`` is the same creator's name in another script written beside it
    (``Joseph Needham（李約瑟）``). Organisations keep ``family`` and ``given`` empty.
    """

    text: str
    family: str | None = None
    given: str | None = None
    alternate: str | None = None
    organisation: bool = False


@dataclass(frozen=True)
class PartialDate:
    """A publication date as precise as the citation gives it; ``text`` is the date as written."""

    text: str
    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        """``1983``, ``1983-10`` or ``1953-10-16``."""
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
            if self.day:
                out += f"-{self.day:02d}"
        return out


@dataclass(frozen=True)
class Citation:
    """One cited work as a note or list item describes it, with the note's own ``locator``.

    ``kind`` is None when the string could not be recognised as any kind of work (the record is
    then "unparsed" and only ``raw`` is reliable); ``is_citation`` is False for a note that
    explains rather than cites. ``raw`` is always the input exactly as given.
    ``pages`` is a work's extent in its container (an article's pages, ASCII hyphen);
    ``locator`` is the place this note cites, as written (``p. 26``, ``第一章``, ``624—625页``).
    ``volume``, ``part`` and ``issue`` are numbers written with Arabic digits where the source has a
    number (``第三卷`` → ``3``), otherwise as written (``上``). ``ibid`` marks a note that cites the
    same work as the note before it (``同上 25页``, ``Ibid., p. 4``); it carries only its locator.
    """

    raw: str
    kind: str | None = None
    is_citation: bool = True
    authors: tuple[Name, ...] = ()
    editors: tuple[Name, ...] = ()
    translators: tuple[Name, ...] = ()
    # what the work is and where it appeared
    title: str | None = None
    container: str | None = None
    publisher: str | None = None
    place: str | None = None
    date: PartialDate | None = None
    # where in it, and how to find it
    volume: str | None = None
    part: str | None = None
    issue: str | None = None
    pages: str | None = None
    isbn: str | None = None
    url: str | None = None
    # read from labelled spans (assembly); the rule parsers leave them empty
    edition: str | None = None
    series: str | None = None
    number: str | None = None
    doi: str | None = None
    accessed: PartialDate | None = None
    language: str | None = None
    locator: str | None = None
    ibid: bool = False

    @property
    def creators(self) -> tuple[Name, ...]:
        """Who is responsible for the work: its authors, or failing those its editors."""
        return self.authors or self.editors

    @property
    def is_short(self) -> bool:
        """A short reference: creators (and perhaps a year) without a title, as in ``Burgan 2002, p. 7``."""
        return self.title is None and bool(self.creators)

    def with_raw(self, raw: str) -> "Citation":
        """The same record for another input string (a note read from another witness)."""
        return replace(self, raw=raw)

    @property
    def names_work(self) -> bool:
        """Whether the record identifies a work at all (a bare ``:159-161`` does not)."""
        return self.is_citation and bool(self.title or self.creators or self.url or self.container)


#: The descriptive fields of a citation, in the order BibTeX and TEI output list them.
DESCRIPTIVE_FIELDS = tuple(
    f.name for f in fields(Citation) if f.name not in ("raw", "kind", "is_citation", "locator", "ibid")
)
