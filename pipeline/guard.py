"""The hand-edit guard: the build never silently overwrites a file someone changed by hand.

Scholars open ``tei/<article>.xml`` and edit it. The build remembers the SHA-256 of every file it
writes (the TEI editions and generated BibTeX) in ``tei/.written.json``, committed with them, sorted,
one line per file. Before a build writes anything it compares each file it is about to replace with
that record; a file whose
bytes differ was changed by someone else, and the build stops, naming every such file, unless it
was asked to ``--force``. A file the record does not know yet (the first build, or a file added by
hand) is taken as it is; a file that no longer exists is simply written.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from pipeline.errors import EditionError, Problem
from pipeline.fsutil import atomic_write

RECORD = Path("tei") / ".written.json"
FORMAT = "edition-written-files/1"


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


class Guard:
    """The record of files the build wrote in a project, and the check against it."""

    def __init__(self, project: Path):
        self.project = Path(project)
        self.path = self.project / RECORD
        self.hashes: dict[str, str] = self._load()

    def _load(self) -> dict[str, str]:
        if not self.path.exists():
            return {}
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise EditionError.at(self.path, f"cannot read the record of written files: {error}; delete it "
                                             "to start a new record", status=1) from None
        files = document.get("files") if isinstance(document, dict) else None
        if document.get("format") != FORMAT or not isinstance(files, dict) or \
                not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
            raise EditionError.at(self.path, f"not a record of written files (expected format '{FORMAT}' and "
                                             "a 'files' object); delete it to start a new record", status=1)
        return dict(files)

    def _key(self, path: Path) -> str:
        return Path(path).resolve().relative_to(self.project.resolve()).as_posix()

    def changed(self, paths: Iterable[Path]) -> list[Path]:
        """The files among ``paths`` whose bytes differ from what the build last wrote there."""
        found = []
        for path in paths:
            recorded = self.hashes.get(self._key(path))
            if recorded is not None and path.exists() and digest(path.read_bytes()) != recorded:
                found.append(path)
        return found

    def check(self, paths: Iterable[Path], force: bool = False) -> None:
        """Stop (status 1) when any of ``paths`` was changed by hand, unless ``force``."""
        changed = [] if force else self.changed(paths)
        if changed:
            raise EditionError([Problem(self._key(path), _MESSAGE.format(
                annotations=f"tei/annotations/{path.name}" if path.parent.name == "tei" else "tei/annotations/"))
                for path in changed], status=1)

    def record(self, paths: Iterable[Path]) -> None:
        """Remember the bytes now in ``paths`` (files the build has just written) and save the record."""
        for path in paths:
            if path.exists():
                self.hashes[self._key(path)] = digest(path.read_bytes())
        atomic_write(self.path, self._dump())

    def _dump(self) -> str:
        return json.dumps({"format": FORMAT, "files": dict(sorted(self.hashes.items()))},
                          ensure_ascii=False, indent=2) + "\n"


_MESSAGE = ("changed since the build wrote it; the build would overwrite it and stopped. Generated files "
            "are rewritten on every build: put annotations in {annotations} (README, 'Writing an "
            "annotation') and corrections to the bibliography in bibliography/corrections.bib; to "
            "discard the changes and rebuild, run 'edition build --force'")
