"""Annotations: merge the scholars' ``tei/annotations/<article>.xml`` into the edition's ``<standOff>``.

The last stage, so that every block already has its stable ID. The build has read and checked the
file (:mod:`pipeline.inputs`); here each target is found in this build's tree, following the ID
ledger and the previous edition when the text was revised (:mod:`pipeline.annotations.anchoring`),
and the annotations are copied into ``<standOff>`` (:mod:`pipeline.annotations.merge`). Any problem
stops the build before anything is written (status 1, every problem listed); an annotation that can
no longer be anchored is a warning and stays in the edition as orphaned. The scholar's file is only
ever read.
"""
from __future__ import annotations

from lxml import etree

from pipeline.annotations.anchoring import anchor
from pipeline.annotations.merge import merge
from pipeline.annotations.project import id_history
from pipeline.errors import EditionError
from pipeline.ids.ledger import Ledger
from pipeline.transforms.base import ArticleInputs, Report, Reporter

NORMALISATION = ("Scholarly annotations from tei/annotations/{id}.xml are merged into standOff, each phrase "
                 "target wrapped in a seg of type 'annotated'; annotations that can no longer be anchored are "
                 "kept in a listAnnotation of type 'orphaned'.")


def apply(root: etree._Element, inputs: ArticleInputs, reporter: Reporter, ledger: Ledger) -> Report:
    """Anchor and merge the article's annotations; ``ledger`` is the ID ledger as the ids stage
    left it (the committed one is ``inputs.ledger``): together they say which IDs retired or
    changed in this build."""
    given = inputs.annotations
    if given is None:
        return Report("annotations")
    result = anchor(root, given.file, id_history(inputs.ledger, ledger), given.committed_edition, given.others)
    if result.problems:
        raise EditionError(result.problems, status=1)
    reporter.extend(result.warnings)
    return Report("annotations", merge(root, result), [NORMALISATION.format(id=inputs.meta.id)])
