"""Every file the edition keeps under an article's id belongs to an article of the catalog.

An article's scholarly state lives in files named by its id: the scholar's annotations
(``tei/annotations/ID.xml``), the ID ledger (``tei/ids/ID.json``) and the committed TEI
(``tei/ID.xml``, which the annotations are re-anchored from). Renaming the article in the catalog
alone would leave them behind unread: the build would mint new IDs and drop every annotation
without a word. So a file whose id the catalog lacks is an error naming the file and the catalog,
with the ``git mv`` that renames it with the article; the build checks this before it writes
anything, and ``edition validate`` reports the same.
"""
from __future__ import annotations

from pathlib import Path

from pipeline.errors import EditionError, Problem
from pipeline.project import Project

#: What stands in a hint for the article's new id when the catalog does not tell which it is.
NEW_ID = "NEW-ID"


def kept_files(project: Project, article_id: str) -> list[Path]:
    """The files under ``article_id`` that carry work from build to build (the generated
    BibTeX carries none: it is rewritten from the TEI)."""
    return [project.annotation_path(article_id), project.ledger_path(article_id), project.tei_path(article_id)]


def orphans(project: Project, annotations: bool = True) -> list[Problem]:
    """A problem for each annotation file (unless not ``annotations``), ledger and committed TEI
    of an id the catalog lacks, in the order of :func:`kept_files` (a hidden file, which no
    article id can name, is an editor's or a file system's own)."""
    found = _orphaned_files(project)
    renamed = _renamed_to(project, {path.stem for path in found})
    return [_orphan_problem(project, path, renamed) for path in found
            if annotations or path.parent != project.annotations_dir]


def check_owned(project: Project) -> None:
    """Stop (status 2, before anything is built) when any file belongs to no article."""
    problems = orphans(project)
    if problems:
        raise EditionError(problems, status=2)


def check_annotation_owner(project: Project, path: Path) -> None:
    """Stop (status 1) when the annotation file ``path`` annotates no article of the catalog."""
    if path.stem not in _catalogued(project):
        renamed = _renamed_to(project, {path.stem} | {other.stem for other in _orphaned_files(project)})
        raise EditionError([_orphan_problem(project, path, renamed)], status=1)


def _orphan_problem(project: Project, path: Path, renamed: str) -> Problem:
    """``path`` belongs to no article: name the catalog, and how to rename the file with its
    article (its new id ``renamed``)."""
    return Problem(str(path), f"belongs to article '{path.stem}', which {_shown(project, project.catalog.path)} "
                              f"does not list: if the article was renamed, rename this file with it "
                              f"(git mv {_shown(project, path)} {_shown(project, path.with_stem(renamed))}); "
                              "if it was removed, remove this file")


def _catalogued(project: Project) -> set[str]:
    return {article.id for article in project.catalog.articles}


def _orphaned_files(project: Project) -> list[Path]:
    catalogued = _catalogued(project)
    return [path for place in kept_files(project, "*") for path in sorted(place.parent.glob(place.name))
            if path.is_file() and path.stem not in catalogued and not path.name.startswith(".")]


def _renamed_to(project: Project, orphaned_ids: set[str]) -> str:
    """The new id of a renamed article: when one id has files but no article and one article of
    the catalog has none of its kept files, the one became the other; else :data:`NEW_ID`."""
    bare = [article.id for article in project.catalog.articles
            if not any(path.exists() for path in kept_files(project, article.id))]
    return bare[0] if len(bare) == 1 and len(orphaned_ids) == 1 else NEW_ID


def _shown(project: Project, path: Path) -> str:
    """``path`` as a user at the project's root would type it."""
    resolved = path.resolve()
    return resolved.relative_to(project.root).as_posix() if resolved.is_relative_to(project.root) else str(path)
