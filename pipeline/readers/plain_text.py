"""Reader for plain-text dumps of a rendered Chinese Wikipedia article (``korean-war.zh-hant.txt``).

Such a dump is what a browser's "save as text" keeps of the page: no headings, no notes list,
the infobox flattened into short loose lines before the lead paragraph, one paragraph per line
(sometimes with blank lines between, sometimes not), and the note markers as bracketed text. A
few lines are debris of the flattening: a lone ``。`` whose sentence ended on the line before,
or a line that opens with the note reference of the previous sentence.

The reader keeps every character of the prose in order. It turns the infobox lines into a
front-matter block, every other line into a paragraph, the markers into note references (via
:mod:`pipeline.readers.markers`), and, because the dump holds none of the notes' text, gives each
referenced note an end note marked unresolved with an editorial note saying so.

Characters XML cannot hold (NUL and the other C0 controls except tab and line ends, U+FFFE,
U+FFFF, lone surrogates) are refused with an error naming the line rather than dropped: the
edition may not lose a character silently, and such a character in a text dump means the file
is damaged or not text, which the user should see.
"""
from __future__ import annotations


from lxml import etree

from pipeline.errors import EditionError, Problem
from pipeline.readers.base import ReaderResult
from pipeline.readers.markers import Marker, append_parts, split_markers
from pipeline.sources import NOT_XML, repaired_text
from pipeline.tei import PIPELINE_RESP, el, sub
from pipeline.wording import explain

PROSE_MIN_CHARS = 40
"""A line is prose (and the infobox has ended) when it holds a sentence end and, markers
aside, at least this many characters. The seed's infobox lines reach 61 characters but never
end a sentence; a lone sentence-like label shorter than this (``軍事僵持。``) is not a lead."""

_SENTENCE_ENDS = frozenset("。！？")
_CLOSING_PUNCTUATION = "。，、；：！？）」』】》〉"
"""Full-width punctuation that closes a sentence or clause, so that a line opening with it
continues the line before (the dump broke the line in the wrong place)."""

_MAX_REPORTED_LINES = 20

Parts = list[str | Marker]
"""A line or paragraph as :func:`~pipeline.readers.markers.split_markers` cuts it."""


def read(text: str, *, source_name: str, lang: str) -> ReaderResult:
    """The TEI body, front (infobox) and back (unresolved notes) of a plain-text dump."""
    warnings: list[str] = []
    text = repaired_text(text, source_name, warnings)
    lines = _lines(text, source_name)
    infobox, prose = _split_off_infobox(lines)
    paragraphs, joined_punctuation, moved_markers = _paragraphs(prose)

    front = _front(infobox) if infobox else None
    body = el("body")
    for paragraph in paragraphs:
        append_parts(sub(body, "p"), paragraph)
    all_parts = [part for block in infobox + paragraphs for part in block]
    found = [part for part in all_parts if isinstance(part, Marker)]
    back = _back(found, lang)

    normalisations = _normalisations(
        infobox=len(infobox), joined_punctuation=joined_punctuation, moved_markers=moved_markers,
        found=found, dates_split=_dates_split_from_locators(all_parts))
    return ReaderResult(body=body, back=back, front=front, normalisations=normalisations,
                        warnings=warnings)


def _lines(text: str, source_name: str) -> list[Parts]:
    """The non-blank lines, stripped of indentation, their markers split off.

    Raises EditionError listing the lines that hold characters XML cannot represent.
    """
    problems: list[Problem] = []
    lines: list[Parts] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        bad = NOT_XML.search(raw)
        if bad:
            problems.append(Problem(
                source_name,
                f"character U+{ord(bad.group()):04X} at column {bad.start() + 1} cannot be held in XML; "
                "remove it from the source",
                number))
            continue
        stripped = raw.strip()
        if stripped:
            lines.append(split_markers(stripped))
    if problems:
        shown = problems[:_MAX_REPORTED_LINES]
        if len(problems) > len(shown):
            shown.append(Problem(source_name, f"{len(problems) - len(shown)} more lines with such characters"))
        raise EditionError(shown)
    return lines


def _prose_text(parts: Parts) -> str:
    return "".join(part for part in parts if isinstance(part, str))


def _is_prose(line: Parts) -> bool:
    text = _prose_text(line)
    return len(text) >= PROSE_MIN_CHARS and any(char in _SENTENCE_ENDS for char in text)


def _split_off_infobox(lines: list[Parts]) -> tuple[list[Parts], list[Parts]]:
    """The infobox remnants (the lines before the first prose line) and the rest.

    A dump with no prose line at all has no infobox to tell apart: all of it is paragraphs.
    """
    for index, line in enumerate(lines):
        if _is_prose(line):
            return lines[:index], lines[index:]
    return [], lines


def _paragraphs(lines: list[Parts]) -> tuple[list[Parts], int, int]:
    """One paragraph per line, with a line's opening punctuation and markers given to the one before.

    Returns the paragraphs and how many lines were wholly joined (a lone ``。``) and how many
    gave only their opening markers or punctuation to the paragraph before.
    """
    paragraphs: list[Parts] = []
    joined = moved = 0
    for line in lines:
        opening, rest = _opening_continuation(line)
        if paragraphs and opening:
            paragraphs[-1].extend(opening)
            if rest:
                moved += 1
            else:
                joined += 1
                continue
        else:
            rest = line
        paragraphs.append(list(rest))
    return paragraphs, joined, moved


def _opening_continuation(parts: Parts) -> tuple[Parts, Parts]:
    """Split a line's leading markers and closing punctuation (which belong to the line before)."""
    opening: Parts = []
    for index, part in enumerate(parts):
        if isinstance(part, Marker):
            opening.append(part)
            continue
        length = len(part) - len(part.lstrip(_CLOSING_PUNCTUATION))
        if length == len(part):
            opening.append(part)
            continue
        if length:
            opening.append(part[:length])
        return opening, [part[length:]] + parts[index + 1:]
    return opening, []


def _front(infobox: list[Parts]) -> etree._Element:
    front = el("front")
    block = sub(front, "div", type="infobox")
    for line in infobox:
        append_parts(sub(block, "ab"), line)
    return front


def _back(found: list[Marker], lang: str) -> etree._Element:
    """End notes for every referenced number, each unresolved: the dump holds no note text."""
    back = el("back")
    numbered = sorted({m.number for m in found if m.kind == "note"}, key=int)
    explanatory: dict[str, str] = {}
    for marker in found:
        if marker.kind == "explanatory":
            explanatory.setdefault(marker.number, marker.label)
    if not numbered and not explanatory:
        return back
    notes = sub(back, "div", type="notes")
    labelled = [(f"note-{n}", n) for n in numbered]
    labelled += [(f"note-expl-{n}", explanatory[n]) for n in sorted(explanatory, key=int)]
    message = explain("unresolved-note", lang)
    for note_id, label in labelled:
        note = sub(notes, "note", place="end", xml_id=note_id, n=label, type="unresolved")
        sub(note, "note", message, type="editorial", subtype="unresolved-note", resp=PIPELINE_RESP)
    return back


def _dates_split_from_locators(parts: Parts) -> int:
    """How many locators had a date's digits left to the text after them (see markers.py)."""
    return sum(
        1 for part, after in zip(parts, parts[1:])
        if isinstance(part, Marker) and part.locator and isinstance(after, str) and after[:1].isdigit()
    )


def _normalisations(*, infobox: int, joined_punctuation: int, moved_markers: int, found: list[Marker],
                    dates_split: int) -> list[str]:
    """One sentence per kind of change the reader made, for the header's editorialDecl."""
    sentences = [
        "Each non-blank line of the plain-text source is a paragraph; blank lines only separate "
        "paragraphs, and the indentation and trailing spaces of each line are removed.",
    ]
    if infobox:
        sentences.append(
            f"The {infobox} short lines before the lead paragraph, remnants of the infobox, are kept "
            "in order as one <ab> each in a front-matter infobox block; blank lines between them are dropped.")
    if joined_punctuation:
        sentences.append(
            "A line holding only closing punctuation (such as a lone 。) is joined to the paragraph "
            f"before it (lines joined: {joined_punctuation}).")
    if moved_markers:
        sentences.append(
            "A line opening with note references or closing punctuation gives these to the end of the "
            f"paragraph before, whose sentence they close (lines: {moved_markers}).")
    if dates_split:
        sentences.append(
            "Where a page locator ran straight into a following date (e.g. [122]:12810月23日), the "
            f"date's digits are kept as text and the rest as the locator (locators: {dates_split}).")
    numbered = {m.number for m in found if m.kind == "note"}
    explanatory = {m.number for m in found if m.kind == "explanatory"}
    if numbered or explanatory:
        sentences.append(
            f"The source references {len(numbered)} numbered and {len(explanatory)} explanatory notes "
            "but holds none of their text: each referenced note is an end note of type 'unresolved' "
            "with an editorial note saying its text is absent from this witness.")
    return sentences
