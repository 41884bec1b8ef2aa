"""Parse the free-text notes and source-list items of an article into bibliographic records.

Public API (pure functions, no I/O; nothing here raises on any input string):

- :func:`parse_note` reads a whole note: it tells an explanatory note from a citing one, splits a
  note that cites several works (``…人民日报,1950-08-21; 新华社.…``), and reads each work's fields.
  Use it for notes.
- :func:`parse_citation` parses one citation string (a source-list item, or a note known to cite
  one work) into a :class:`~pipeline.citations.model.Citation`.

Both take the note's plain text, the ``(link text, URL)`` of each external link it holds
(wikilinks are not sources: leave them out) and its italic spans. ``Citation.raw`` is always the
input. :func:`~pipeline.citations.note_input.note_input` reads those three arguments off a TEI
note: ``parse_note(*note_input(note))`` is how the TEI stages call the parser.

This module chooses, per note, between the two readers by what each does better, measured on
articles neither was developed on (``benchmarks/citation_values.py``): the hand-written rules
(:mod:`pipeline.citations.rules`) decide what kind of note it is (explanatory, a ``{{cite}}``
template, ``同上``, a bare page number) and give the URL and ISBN; the learned labeller
(:func:`~pipeline.citations.crf.tagger.tag_note`) finds the records and their field spans and
:func:`~pipeline.citations.assemble.assemble` turns each into values.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Callable, Iterable

from pipeline.citations.assemble import assemble
from pipeline.citations.cleanup import cite_template
from pipeline.citations.crf.tagger import tag_note
from pipeline.citations.draft import MASKS_END, TITLE
from pipeline.citations.model import Citation
from pipeline.citations.rules import Links, ParsedNote, parse_citation, rule_note
from pipeline.citations.spans import TaggedNote

__all__ = ["Links", "ParsedNote", "parse_citation", "parse_note"]
#: The rule readers' own mask characters: never part of a value (a space keeps every offset).
_MASKS = re.compile(f"[{TITLE}-{MASKS_END}]")


def parse_note(text: str, links: Links = (), italics: Iterable[str] = ()) -> ParsedNote:
    """A note → whether it is explanatory, and every work it cites (in order)."""
    return _parse_note(text, tuple(tuple(link) for link in links), tuple(italics))


@lru_cache(maxsize=4096)
def _parse_note(text: str, links: tuple, italics: tuple) -> ParsedNote:
    """Remembered, as the rules' reading is: the notes stage and the citations stage read every
    note, and the labeller's features are computed in Python (a few milliseconds a note)."""
    return read_note(text, links, italics, tag_note)


def read_note(text: str, links: Links, italics: Iterable[str],
              tagger: Callable[[str], TaggedNote]) -> ParsedNote:
    """:func:`parse_note` with the labeller given (the benchmark passes each fold's own)."""
    links, italics = tuple(tuple(link) for link in links), tuple(italics)
    rules = rule_note(text, links, italics)
    if cite_template(text) or _pointer(rules) or (rules.explanatory and not rules.citations):
        return rules
    plain = _MASKS.sub(" ", text)
    tagged = tagger(plain)
    if not tagged.records:
        return rules  # all prose to the labeller: the rules say whether it explains, and keep its text
    learned = [replace(assemble(plain, links, italics, record), raw=text) for record in tagged.records]
    if len(learned) == len(rules.citations):
        learned = [_checked(citation, ruled) for citation, ruled in zip(learned, rules.citations)]
    return ParsedNote(text, rules.explanatory, tuple(learned))


def _pointer(note: ParsedNote) -> bool:
    """``同上 25页`` or a bare ``:159-161``: a note pointing at a neighbour's work, which the rules read."""
    if len(note.citations) != 1:
        return False
    only = note.citations[0]
    return only.ibid or (only.locator is not None and only.kind is None and only.title is None)


def _checked(learned: Citation, ruled: Citation) -> Citation:
    """The rules' URL and ISBN where they found one (on unseen articles URL F1 0.980 against the
    labeller's 0.938, ISBN 0.964 against 0.940), their DOI where the labeller found none."""
    return replace(learned, url=ruled.url or learned.url, isbn=ruled.isbn or learned.isbn,
                   doi=learned.doi or ruled.doi)
