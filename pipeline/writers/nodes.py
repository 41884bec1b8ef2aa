"""The view model's vocabulary: every node kind, declared once, and the tree types built of them.

:mod:`pipeline.writers.model` builds this small tree (:class:`Node`: a kind, an id, attributes,
children or text) from TEI, and every writer renders it, looking up how to render a node by its
:class:`Kind` in a table of its own (the EPUB builder's dicts, the templates' tables of macros).
A kind is a ``str`` enum, so it compares equal to its name and a template finds it by that name.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """What a node is, and so how every writer renders it."""

    # blocks
    SECTION = "section"
    HEADING = "heading"
    PARAGRAPH = "p"
    CODE = "code"                       #: a block of program text, never converted
    LIST = "list"
    ITEM = "item"                       #: a list item or a bibliography entry
    FIGURE = "figure"
    TABLE = "table"
    CAPTION = "caption"                 #: a table's caption, its first child
    ROW = "row"
    CELL = "cell"
    QUOTE = "quote"
    NOTE = "note"                       #: one of the source's notes, in the back matter
    ANNOTATION = "annotation"           #: a scholar's annotation (standOff)
    # blocks or inlines, by where they stand
    GAP = "gap"                         #: text lost in conversion, described
    EDITORIAL = "editorial"             #: what the pipeline says to the reader
    APPARATUS = "apparatus"             #: one explanation of the apparatus, shared by every sign of it
    # inlines
    SPAN = "span"                       #: an inline run inside mixed content
    TEXT = "text"
    HI = "hi"                           #: emphasis (``attrs["rend"]``: bold, italic, sub, sup, small)
    LINK = "link"
    NOTEREF = "noteref"                 #: the call of a note
    ANNOTATION_REF = "annotation-ref"   #: the call of an annotation, lettered
    ANNOTATED = "annotated"             #: the phrase an annotation is about
    BIBLREF = "biblref"                 #: a note's link to the work it cites
    LOCATOR = "locator"                 #: the place in a work a note cites
    VARIANT = "variant"                 #: readings in each script; one is shown
    REG = "reg"                         #: one reading of a variant
    FOREIGN = "foreign"                 #: text in another language
    NOCONV = "noconv"                   #: text the source protected from script conversion
    MATH = "math"
    CODE_INLINE = "code-inline"
    MAINTENANCE = "maintenance"         #: a maintenance tag of the source (``[来源请求]``)
    BR = "br"


#: inline kinds that are not the source's words: marks, references and editorial additions
NOT_READING_TEXT = frozenset({Kind.NOTEREF, Kind.ANNOTATION_REF, Kind.LOCATOR, Kind.EDITORIAL, Kind.MAINTENANCE,
                              Kind.GAP})
#: the calls of notes and annotations: kept out of titles, and set apart when side by side
CALLS = frozenset({Kind.NOTEREF, Kind.ANNOTATION_REF})
#: the blocks that stand among inline runs in mixed content (list items, cells, quotes, annotations)
MIXED_BLOCKS = frozenset({Kind.PARAGRAPH, Kind.LIST, Kind.TABLE, Kind.QUOTE, Kind.FIGURE, Kind.CODE})


@dataclass
class Node:
    """One piece of the view model: ``kind`` says how to render it."""

    kind: Kind
    id: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)
    children: list["Node"] = field(default_factory=list)
    text: str | None = None
    #: the annotations anchored on this block (kind ``annotation``), for margin notes
    annotations: list["Node"] = field(default_factory=list)

    def plain_text(self) -> str:
        """The text a reader sees, for tables of contents, search and citations.

        A variant shows only the reading it was given (``shown``), not all of them.
        """
        if self.text is not None:
            return self.text
        children = self.children
        if self.kind == Kind.VARIANT:
            children = [c for c in children if c.attrs.get("lang") == self.attrs.get("shown")]
        return "".join(child.plain_text() for child in children)

    def reading_text(self) -> str:
        """The source's own words only: :meth:`plain_text` without note references, locators,
        annotation marks and what the pipeline added, and without blocks nested inside that
        have their own ID (a nested list item is its own citable block)."""
        if self.kind in NOT_READING_TEXT:
            return ""
        if self.text is not None:
            return self.text
        children = self.children
        if self.kind == Kind.VARIANT:
            children = [c for c in children if c.attrs.get("lang") == self.attrs.get("shown")]
        return "".join(child.reading_text() for child in children
                       if child.id is None or child.kind in (Kind.ANNOTATED, Kind.NOTEREF))

    def walk(self) -> Iterator["Node"]:
        """This node and every node below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


def text_node(text: str | None) -> list[Node]:
    """A text node in a list, or no node for no text (an element's empty ``text`` or ``tail``)."""
    return [Node(Kind.TEXT, text=text)] if text else []


@dataclass
class TocEntry:
    id: str
    title: str
    level: int
    children: list["TocEntry"] = field(default_factory=list)


@dataclass
class Document:
    """Everything a writer needs about one article."""

    id: str
    lang: str
    meta: dict[str, str]
    front: list[Node]
    body: list[Node]
    toc: list[TocEntry]
    notes: list[Node]
    sources: list[Node]
    links: list[Node]
    bibliography: list[Node]
    summaries: dict[str, dict[str, str]]
    #: ``annotation`` nodes (standOff), lettered in reading order; their calls are in the trees.
    annotations: list[Node] = field(default_factory=list)
    #: the source's heading of its notes (``div[@type='notes']/head``), when it has one
    notes_head: Node | None = None
    #: the editorial apparatus: ``apparatus`` nodes, one per explanation, that the signs in the
    #: text point at (:mod:`pipeline.writers.model.apparatus`)
    apparatus: list[Node] = field(default_factory=list)
    #: the notes section's statements of the notes lost or unresolved (``apparatus`` nodes)
    note_statements: list[Node] = field(default_factory=list)

    def all_blocks(self) -> Iterator[Node]:
        """Every node of the article's text and back matter, in reading order."""
        for part in (self.front, self.body, [self.notes_head] if self.notes_head else [], self.notes,
                     self.bibliography, self.sources, self.links):
            for node in part:
                yield from node.walk()

    def notes_by_id(self) -> dict[str, Node]:
        return {note.id: note for note in self.notes if note.id}
