"""What a transform is given and what it gives back: typed inputs, typed reports, one reporter.

A stage never opens a file. Everything it may know besides the tree is read by the build before
the first stage runs (:mod:`pipeline.inputs`) and handed over as :class:`ArticleInputs`; a
stage's results that a later stage needs (the cited works, the BibTeX, the updated ledger) come
back in its :class:`Report` and are passed on explicitly by :func:`pipeline.transforms.run_transforms`.
Warnings of every stage go to one :class:`Reporter` (docutils' ``reporter`` is the model), so the
build shows them together, in order.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from lxml import etree

from pipeline.annotations.loading import AnnotationFile
from pipeline.annotations.project import OtherEditions
from pipeline.citations.bibtex import Correction
from pipeline.citations.works import Work
from pipeline.ids.ledger import Ledger
from pipeline.tei import SourceMeta


@dataclass(frozen=True)
class AnnotationInputs:
    """The scholars' annotation file of the article, checked, with what its targets are found in:
    the edition as last committed (to re-find a phrase whose block was revised) and the other
    articles it links to."""

    file: AnnotationFile
    committed_edition: etree._Element | None = None
    others: OtherEditions = field(default_factory=OtherEditions)


@dataclass(frozen=True)
class ArticleInputs:
    """Everything the transforms of one article read besides the tree.

    Outside a project (``edition convert``) only ``meta`` is known: the ledger is empty, there
    are no corrections and no annotations, and the stages work from that empty state.
    """

    meta: SourceMeta
    ledger: Ledger = field(default_factory=Ledger)
    corrections: Mapping[str, Correction] = field(default_factory=dict)
    annotations: AnnotationInputs | None = None


@dataclass
class Report:
    """What a stage did: its counts for the header's summary (None: nothing to summarise, the
    stage had no work) and the sentences it adds to ``editorialDecl``."""

    stage: str
    counts: dict[str, int] | None = None
    normalisations: list[str] = field(default_factory=list)


@dataclass
class CitationsReport(Report):
    """The works the notes and source lists cite, with their BibTeX keys, in work order."""

    works: list[tuple[str, Work]] = field(default_factory=list)


@dataclass
class BibliographyReport(Report):
    """The BibTeX of the works cited, the scholar's corrections applied."""

    bibtex: str = ""


@dataclass
class IdsReport(Report):
    """The article's ID ledger as this build leaves it (its retirements included)."""

    ledger: Ledger = field(default_factory=Ledger)


class Reporter:
    """Collects the warnings of one conversion (``file:line: what``), in the order they arise."""

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def warning(self, message: str) -> None:
        self.warnings.append(message)

    def extend(self, messages: list[str]) -> None:
        self.warnings.extend(messages)
