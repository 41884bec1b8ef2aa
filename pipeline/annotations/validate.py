"""``edition validate`` for annotation files: every check the build makes, without building.

The file is checked on its own (:func:`~pipeline.annotations.loading.load_annotation_file`), then
anchored in the committed edition of its article with the merged annotations taken out, exactly as a
build would anchor it; the committed edition also serves as the previous one, so a target that only a
revision moved is reported the same way the next build would report it.
"""
from __future__ import annotations

from pathlib import Path

from pipeline.annotations.anchoring import anchor
from pipeline.annotations.loading import load_annotation_file
from pipeline.annotations.merge import strip
from pipeline.annotations.project import OtherEditions, committed_edition, committed_ledger, id_history
from pipeline.errors import EditionError, Problem


def check_annotation_file(project: Path, path: Path) -> tuple[list[Problem], list[str]]:
    """The problems (each with file and line) and warnings of one annotation file in ``project``."""
    try:
        annotations = load_annotation_file(path)
    except EditionError as error:
        return error.problems, []
    edition = committed_edition(project, annotations.article_id)
    if edition is None:
        return [Problem(str(path), f"there is no edition tei/{annotations.article_id}.xml to check its targets "
                                   f"against: run 'edition build {annotations.article_id}' first")], []
    strip(edition)
    result = anchor(edition, annotations, id_history(committed_ledger(project, annotations.article_id)),
                    committed_edition(project, annotations.article_id), OtherEditions(project))
    return result.problems, result.warnings
