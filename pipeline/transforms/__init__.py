"""Transforms: functions ``TEI tree → TEI tree`` run in one fixed order.

Each stage is a module with ``apply(root, inputs, reporter, …) -> Report``
(:mod:`pipeline.transforms.base`): it edits the tree in place, reads nothing but its arguments
and reports its counts (shown by the build and written to the header), the sentences it adds to
``editorialDecl`` and any result a later stage needs. The order is the design's: notes →
citations → bibliography → editorial → ids → annotations. (No ``from __future__ import
annotations`` in this package's ``__init__``: the name would shadow the ``annotations`` stage
module.)
"""
from dataclasses import dataclass

from lxml import etree

from pipeline.ids.ledger import Ledger
from pipeline.tei import HeaderExtras, add_header_extras
from pipeline.transforms import annotations, bibliography, citations, editorial, ids, notes
from pipeline.transforms.base import ArticleInputs, Report, Reporter


@dataclass(frozen=True)
class Transformed:
    """What the transforms of one article produced besides the tree: the BibTeX of the works it
    cites and its ID ledger as this build leaves it (both committed with the TEI)."""

    bibtex: str
    ledger: Ledger
    reports: tuple[Report, ...]

    def counts(self, stage: str) -> dict[str, int] | None:
        """The counts ``stage`` reported (as the header's summary records them)."""
        return next((report.counts for report in self.reports if report.stage == stage), None)


def run_transforms(root: etree._Element, inputs: ArticleInputs, reporter: Reporter,
                   extras: HeaderExtras) -> Transformed:
    """Run every stage over ``root``, then record what they reported (after the reader's
    ``extras``) in the header."""
    noted = notes.apply(root, inputs, reporter)
    cited = citations.apply(root, inputs, reporter)
    listed = bibliography.apply(root, inputs, reporter, cited.works)
    explained = editorial.apply(root, inputs, reporter)
    identified = ids.apply(root, inputs, reporter)
    annotated = annotations.apply(root, inputs, reporter, identified.ledger)
    reports = (noted, cited, listed, explained, identified, annotated)
    for report in reports:
        extras.normalisations.extend(report.normalisations)
        if report.counts is not None:
            extras.summaries[report.stage] = report.counts
    add_header_extras(root, extras)
    return Transformed(listed.bibtex, identified.ledger, reports)
