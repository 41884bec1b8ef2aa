"""Bringing annotations made elsewhere into a scholar's annotation file: anchoring their quotes in the
edition, and appending ``<annotation>`` elements to the file's text.

An imported annotation is anchored by its quote (a TextQuoteSelector: exact, prefix, suffix) in the
edition's text as readers see it (:mod:`pipeline.visible`), with the engine the build re-anchors with
(:func:`pipeline.annotations.relocate.best_occurrence`): compared in the folded form
(:mod:`pipeline.ids.text`: script, width, whitespace, regional vocabulary), so a quote taken from the
traditional-script edition anchors in the simplified one, on the phrase as that edition writes it.
Of several places, the one whose surroundings match the prefix and suffix best wins (the block a
FragmentSelector names first on a tie); a quote that cuts a word the folding converts whole is
looked for with a few characters of its context. A quote that spans a whole block becomes a block target.

The file's existing text is never rewritten: the new elements are inserted before its last
``</listAnnotation>``, so every existing annotation, comment and line stays byte for byte; the
caller checks and writes the result.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

from pipeline.annotations.hypothesis import is_hypothesis, read_hypothesis
from pipeline.annotations.incoming import Incoming, Quote, read_json
from pipeline.annotations.relocate import best_occurrence
from pipeline.annotations.webanno import read_web_annotations
from pipeline.errors import EditionError
from pipeline.ids.text import Comparable, comparable
from pipeline.targets import ANCHOR_PREFIX, Pointer
from pipeline.tei import NS, XML_ID, XML_LANG
from pipeline.visible import CONTAINERS, VisibleText

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NAME = re.compile(r"^[^\W\d][\w.\-]*$")
_LIST_END = "</listAnnotation>"


@dataclass
class Placed:
    """An imported annotation anchored: the ID it gets and its targets."""

    incoming: Incoming
    id: str
    pointers: list[Pointer]


@dataclass
class Refused:
    """An imported annotation that is not added, and why (a sentence)."""

    incoming: Incoming
    reason: str


def read_export(path: Path) -> tuple[str, list[Incoming]]:
    """The kind (``Hypothesis`` or ``Web Annotation``) and annotations of an export file."""
    data = read_json(path)
    if is_hypothesis(data):
        return "Hypothesis", read_hypothesis(data)
    found = read_web_annotations(data)
    if not found and not (isinstance(data, (dict, list)) and len(data) == 0):
        raise EditionError.at(path, "neither a Hypothesis export nor a Web Annotation document "
                                    "(no annotation with a target found)", status=1)
    return "Web Annotation", found


class QuoteFinder:
    """The edition's blocks (those holding text: not sections, lists, tables; not the anchor segs
    of merged annotations), for finding quotes in."""

    def __init__(self, edition: etree._Element):
        lang = edition.get(XML_LANG, "zh-Hans")
        self.blocks = [(element.get(XML_ID), VisibleText(element, lang).text)
                       for element in edition.xpath(".//tei:text//*[@xml:id]", namespaces=NS)
                       if not element.get(XML_ID).startswith(ANCHOR_PREFIX)
                       and etree.QName(element).localname not in CONTAINERS]
        self._folded: dict[str, str] = {}  # each block's folded text, made once: the quick test
        self._comparable: dict[str, Comparable] = {}  # and its character map, for blocks that pass it

    def find(self, quote: Quote) -> Pointer | None:
        """The target the quote anchors at, or None when the edition does not have it."""
        wanted = comparable(quote.exact)
        if not wanted.strip():
            return None
        left, right = comparable(quote.prefix), comparable(quote.suffix)
        best = None
        for block_id, text in self._in_order(quote):
            if wanted in self._folded_text(block_id, text):
                fit, found = best_occurrence(self._character_map(block_id, text), quote.exact, left, right)
                if best is None or fit > best[0]:
                    best = fit, block_id, text, (found.start, found.end)
        place = best[1:] if best is not None else self._with_context(quote)
        if place is None:
            return None
        block_id, text, (start, end) = place
        if (start, end) == (0, len(text)):
            return Pointer(block_id)
        phrase = text[start:end]
        return Pointer(block_id, phrase, VisibleText.find_all(text, phrase).index(start) + 1)

    def _with_context(self, quote: Quote) -> tuple[str, str, tuple[int, int]] | None:
        """Where the quote is when it cuts a word the vocabulary folding converts whole (建立, say:
        ``…各自建`` folds otherwise alone than inside ``各自建立``): the quote is folded with a few
        characters of its prefix and suffix, nearest first, and that is looked for instead."""
        for width in (8, 4, 2, 1):
            before, after = quote.prefix[-width:], quote.suffix[:width]
            if not (before or after):
                return None
            probe = Comparable(before + quote.exact + after)
            start, end = probe.span(len(before), len(before) + len(quote.exact))
            if start == end:
                continue
            for block_id, text in self._in_order(quote):
                position = self._folded_text(block_id, text).find(probe.text)
                if position >= 0:
                    return block_id, text, self._character_map(block_id, text).raw_span(position + start,
                                                                                         position + end)
        return None

    def _in_order(self, quote: Quote) -> list[tuple[str, str]]:
        """The blocks, the one the quote names (if any) first."""
        return sorted(self.blocks, key=lambda block: block[0] != quote.block)

    def _folded_text(self, block_id: str, text: str) -> str:
        if block_id not in self._folded:
            self._folded[block_id] = comparable(text)
        return self._folded[block_id]

    def _character_map(self, block_id: str, text: str) -> Comparable:
        if block_id not in self._comparable:
            self._comparable[block_id] = Comparable(text)
        return self._comparable[block_id]


def place(incoming: list[Incoming], finder: QuoteFinder, taken: set[str]) -> tuple[list[Placed], list[Refused]]:
    """Anchor each annotation (every quote must be found); give each an ID not in ``taken``. An
    annotation whose ID the file already has was imported before and is not added again."""
    placed, refused = [], []
    for annotation in incoming:
        new_id = _new_id(annotation)
        if not annotation.quotes:
            refused.append(Refused(annotation, "no quote to anchor (no TextQuoteSelector in its target)"))
            continue
        if new_id in taken:
            refused.append(Refused(annotation, f"already in the file as '{new_id}'"))
            continue
        pointers = [finder.find(quote) for quote in annotation.quotes]
        missing = next((quote for quote, pointer in zip(annotation.quotes, pointers) if pointer is None), None)
        if missing is not None:
            refused.append(Refused(annotation, f'quote not found: "{missing.exact}"'))
            continue
        taken.add(new_id)
        placed.append(Placed(annotation, new_id, pointers))
    return placed, refused


def _new_id(annotation: Incoming) -> str:
    """An annotation ID from the imported one: the fragment of an IRI (an exported annotation gets
    its own ID back), else ``imported-`` and its last segment (or its number in the file)."""
    given = (annotation.id or "").strip()
    base, hash_, fragment = given.partition("#")
    if hash_ and _NAME.match(fragment):
        return fragment
    last = re.sub(r"[^\w.\-]", "-", base.rstrip("/").rpartition("/")[2]).strip("-")
    return f"imported-{last or annotation.number}"


def annotation_xml(placed: Placed, source: str, file_lang: str) -> str:
    """One ``<annotation>`` element as text, indented as the files are written by hand."""
    incoming = placed.incoming
    text = incoming.text
    if incoming.tags:
        text = "\n".join(filter(None, [text, " ".join(f"#{tag}" for tag in incoming.tags)]))
    text = _NOT_XML.sub("", text).strip() or incoming.motivation
    lang = f' xml:lang="{escape(incoming.lang)}"' if incoming.lang and incoming.lang != file_lang else ""
    when = f' when="{incoming.created}"' if incoming.created else ""
    creator = _NOT_XML.sub("", incoming.creator or "").strip() or "unknown"
    target = " ".join(str(pointer) for pointer in placed.pointers)
    return (f'      <annotation xml:id="{placed.id}" target="{escape(target, {chr(34): "&quot;"})}" '
            f'motivation="{incoming.motivation}">\n'
            f"        <respStmt><resp{when}>annotation ({source})</resp><name>{escape(creator)}</name></respStmt>\n"
            f"        <note{lang}>{escape(text)}</note>\n"
            "      </annotation>\n")


def appended(path: Path, original: str | None, elements: str, article: str, lang: str) -> str:
    """The text of the file at ``path`` with ``elements`` before its last ``</listAnnotation>`` (a new
    file when there is none yet)."""
    if original is None:
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="{lang}">\n  <teiHeader>\n    <fileDesc>\n'
                f"      <titleStmt><title>{article}: annotations</title></titleStmt>\n"
                "      <publicationStmt><p>Imported with edition annotations import.</p></publicationStmt>\n"
                "      <sourceDesc><p>Annotations made in other tools, anchored in this edition.</p></sourceDesc>\n"
                "    </fileDesc>\n  </teiHeader>\n  <standOff>\n    <listAnnotation>\n"
                f"{elements}    </listAnnotation>\n  </standOff>\n</TEI>\n")
    end = original.rfind(_LIST_END)
    if end < 0:
        raise EditionError.at(path, f"no {_LIST_END} to add the annotations before", status=1)
    line_start = original.rfind("\n", 0, end) + 1
    at = line_start if not original[line_start:end].strip() else end
    return original[:at] + elements + original[at:]
