"""Transforms: functions ``TEI tree → TEI tree`` run in one fixed order.

Each stage is a module with ``apply(root, context)``; it edits the tree in place, may record a
summary (counts shown by the build and written to the header) and never reads files another
stage writes. The order is the design's: notes → citations → bibliography → editorial → ids →
annotations. (No ``from __future__ import annotations`` in this package's ``__init__``: the name
would shadow the ``annotations`` stage module.)
"""
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from pipeline.tei import HeaderExtras, SourceMeta, add_header_extras

if TYPE_CHECKING:
    from pipeline.citations.parser import ParsedNote
    from pipeline.citations.works import Work


@dataclass
class ArticleContext:
    """What the transforms of one article may know besides the tree.

    ``project`` is None when a file is converted outside the catalog: then no ledger or
    annotation file exists and the stages that need them work from an empty state.
    ``readings`` is the citation parser's reading of every note that holds text, by the note's
    ``xml:id``: the notes stage needs it to tell explanatory notes from citing ones and leaves it
    for the citations stage, so that no note is parsed twice. ``works`` is the article's cited
    works with their BibTeX keys, in work order, from the citations stage for the bibliography
    stage. ``bibtex`` is the BibTeX text of the works cited, set by the bibliography stage.
    ``ledger`` is the article's ID ledger as the ids stage leaves it (this build's retirements
    included), and ``committed_ledger`` the one it read, for the annotations stage to follow
    retired IDs and changed blocks; None before that stage.
    """

    meta: SourceMeta
    project: Path | None = None
    extras: HeaderExtras = field(default_factory=HeaderExtras)
    warnings: list[str] = field(default_factory=list)
    readings: "dict[str, ParsedNote]" = field(default_factory=dict)
    works: "list[tuple[str, Work]]" = field(default_factory=list)
    bibtex: str | None = None
    ledger: object | None = None
    committed_ledger: object | None = None

    def summary(self, stage: str) -> dict[str, int]:
        """The counts a stage reports, created empty on first use."""
        return self.extras.summaries.setdefault(stage, {})


def stages():
    """The transform functions in their fixed order."""
    from pipeline.transforms import annotations, bibliography, citations, editorial, ids, notes

    return [notes.apply, citations.apply, bibliography.apply, editorial.apply, ids.apply, annotations.apply]


def run_transforms(root: etree._Element, context: ArticleContext) -> etree._Element:
    """Run every stage over ``root``, then record what they reported in the header."""
    for apply in stages():
        apply(root, context)
    add_header_extras(root, context.extras)
    return root
