"""``edition validate`` of annotation files: every check the build makes, without building.

The file is checked on its own, then anchored in the committed edition of its article with the
merged annotations taken out, exactly as a build would anchor it; the committed edition also serves
as the previous one, so a target that only a revision moved is reported the same way the next build
would report it.
"""
from __future__ import annotations

import copy
from pathlib import Path

from pipeline.annotations.anchoring import anchor
from pipeline.annotations.merge import strip
from pipeline.annotations.project import id_history
from pipeline.errors import EditionError, Problem
from pipeline.ids.ledger import load_ledger
from pipeline.inputs import annotation_inputs
from pipeline.project import Project


def check_annotation_file(project: Project, path: Path) -> tuple[list[Problem], list[str]]:
    """The problems (each with file and line) and warnings of one annotation file in ``project``."""
    try:
        given = annotation_inputs(project, path)
    except EditionError as error:
        return error.problems, []
    article_id = given.file.article_id
    if given.committed_edition is None:
        return [Problem(str(path), f"there is no edition tei/{article_id}.xml to check its targets "
                                   f"against: run 'edition build {article_id}' first")], []
    edition = copy.deepcopy(given.committed_edition)  # anchored in with its merged annotations taken out
    strip(edition)
    result = anchor(edition, given.file, id_history(load_ledger(project.ledger_path(article_id))),
                    given.committed_edition, given.others)
    return result.problems, result.warnings
