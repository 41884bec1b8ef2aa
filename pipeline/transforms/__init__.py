"""Transforms: functions ``TEI tree → TEI tree`` run in one fixed order.

Each stage is a module with ``apply(root, inputs, reporter, …) -> Report``
(:mod:`pipeline.transforms.base`): it edits the tree in place, reads nothing but its arguments
and reports its counts (shown by the build and written to the header), the sentences it adds to
``editorialDecl`` and any result a later stage needs; the header also records the build's changes
(``revisionDesc``: the conversion, retired IDs, moved annotations). The order is the design's: notes →
citations → bibliography → editorial → languages → ids → annotations. (No ``from __future__ import
annotations`` in this package's ``__init__``: the name would shadow the ``annotations`` stage
module.)
"""
from dataclasses import dataclass

from lxml import etree

from pipeline.ids.ledger import Ledger, retired_entries
from pipeline.tei import FORMAT_NAMES, NS, XML_ID, Change, HeaderExtras, SourceMeta, add_header_extras
from pipeline.transforms import annotations, bibliography, citations, editorial, ids, languages, notes
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
    tagged = languages.apply(root, inputs, reporter)
    identified = ids.apply(root, inputs, reporter)
    annotated = annotations.apply(root, inputs, reporter, identified.ledger)
    reports = (noted, cited, listed, explained, tagged, identified, annotated)
    for report in reports:
        extras.normalisations.extend(report.normalisations)
        if report.counts is not None:
            extras.summaries[report.stage] = report.counts
    extras.changes.extend(build_changes(root, inputs.meta, identified.ledger))
    add_header_extras(root, extras)
    return Transformed(listed.bibtex, identified.ledger, reports)


def build_changes(root: etree._Element, meta: SourceMeta, ledger: Ledger) -> list[Change]:
    """What the header's ``revisionDesc`` says of this build: the conversion, every ID the ledger
    retired (and where its text went), every annotation re-anchored or orphaned. Only what the
    ledger and the tree after the build determine, so that the same inputs give the same TEI."""
    live = sum(1 for entry in ledger.entries.values() if entry.live)
    changes = [Change("conversion", f"Converted from {meta.file} ({FORMAT_NAMES.get(meta.format, meta.format)}) "
                                    f"by the edition pipeline; {live} blocks carry stable IDs.", when=meta.date)]
    for block_id, entry, successor in retired_entries(ledger):
        where = f"its text continues in {successor}" if successor else "its text is no longer in the edition"
        changes.append(Change("retired-id", f"{block_id} retired in build {entry.retired_in}: {where}.",
                              target=f"#{successor}" if successor else "", n=entry.retired_in or ""))
    for annotation in root.iterfind("tei:standOff/tei:listAnnotation/tei:annotation", NS):
        name = annotation.get(XML_ID, "")
        for kind, path in (("reanchored", "tei:revisionDesc/tei:change[@type='reanchored']"),
                           ("orphaned", "tei:note[@type='orphaned']")):
            for said in annotation.iterfind(path, NS):
                changes.append(Change(kind, f"Annotation {name}: {''.join(said.itertext()).strip()}",
                                      target=f"#{name}" if name else ""))
    return changes
