"""Annotations: merge the scholars' ``tei/annotations/<article>.xml`` into the edition's ``<standOff>``.

The last stage, so that every block already has its stable ID. The file is read and checked
(:mod:`pipeline.annotations.loading`), each target is found in this build's tree, following the ID
ledger and the previous edition when the text was revised (:mod:`pipeline.annotations.anchoring`),
and the annotations are copied into ``<standOff>`` (:mod:`pipeline.annotations.merge`). Any problem
stops the build before anything is written (status 1, every problem listed); an annotation that can
no longer be anchored is a warning and stays in the edition as orphaned. The scholar's file is only
ever read.
"""
from __future__ import annotations

from lxml import etree

from pipeline.annotations.anchoring import anchor
from pipeline.annotations.loading import annotation_path, load_annotation_file
from pipeline.annotations.merge import merge
from pipeline.annotations.project import OtherEditions, committed_edition, id_history
from pipeline.errors import EditionError

NORMALISATION = ("Scholarly annotations from tei/annotations/{id}.xml are merged into standOff, each phrase "
                 "target wrapped in a seg of type 'annotated'; annotations that can no longer be anchored are "
                 "kept in a listAnnotation of type 'orphaned'.")


def apply(root: etree._Element, context) -> None:
    if context.project is None:
        return
    path = annotation_path(context.project, context.meta.id)
    if not path.exists():
        return
    annotations = load_annotation_file(path)
    history = id_history(context.committed_ledger, context.ledger)
    result = anchor(root, annotations, history,
                    committed_edition(context.project, context.meta.id), OtherEditions(context.project))
    if result.problems:
        raise EditionError(result.problems, status=1)
    context.warnings.extend(result.warnings)
    context.summary("annotations").update(merge(root, result))
    context.extras.normalisations.append(NORMALISATION.format(id=context.meta.id))
