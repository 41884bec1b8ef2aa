"""A content-hash cache of build stages, so that a rebuild redoes only what changed.

For each article and stage the cache records a key (a hash of everything the stage reads: the
source, its catalog entry, the ledger, the annotations, the templates, the pipeline's own code)
and the hashes of the files the stage wrote. A stage is skipped when its key is unchanged and
every output is still on disk with the recorded bytes, so a hand-edited or deleted output is
always rebuilt. The cache lives in ``.cache/build/`` and is never committed.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from pipeline.errors import EditionError
from pipeline.fsutil import atomic_write
from pipeline.project import Project
from pipeline.sources import read_regular_file

PACKAGE = Path(__file__).resolve().parent


def digest(*parts: bytes | str) -> str:
    """SHA-256 over the parts, each length-prefixed so that no two part lists collide."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def file_digest(path: Path) -> str:
    """The digest of a file's bytes, or of its absence (as which anything but a regular file
    counts: reading a FIFO would block the build)."""
    try:
        return digest(read_regular_file(path))
    except (OSError, EditionError):
        return "absent"


def tree_digest(root: Path, pattern: str = "*") -> str:
    """The digest of every file under ``root`` matching ``pattern``, names included."""
    if not root.is_dir():
        return "absent"
    files = sorted(p for p in root.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts)
    return digest(*(f"{p.relative_to(root)}\0{file_digest(p)}" for p in files))


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The pipeline's own code: a change to any module invalidates every cached stage."""
    return tree_digest(PACKAGE, "*.py")


class StageCache:
    """The recorded keys and outputs of one article's stages."""

    def __init__(self, project: Project, article_id: str):
        self.project = project.root
        self.path = project.cache_dir / f"{article_id}.json"
        try:
            entries = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            entries = {}
        self.entries: dict = entries if isinstance(entries, dict) else {}

    def fresh(self, stage: str, key: str) -> bool:
        """True when ``stage`` ran with ``key`` and wrote outputs that are all still on disk,
        exactly as written (an entry without outputs, or not as this module writes them, is
        not trusted)."""
        entry = self.entries.get(stage)
        outputs = entry.get("outputs") if isinstance(entry, dict) else None
        if not outputs or not isinstance(outputs, dict) or entry.get("key") != key:
            return False
        return all(file_digest(self.project / path) == value for path, value in outputs.items())

    def record(self, stage: str, key: str, outputs: list[Path]) -> None:
        """Remember ``key`` and the outputs' bytes (paths relative to the project, so a copied
        project keeps its cache)."""
        self.entries[stage] = {"key": key, "outputs": {str(p.relative_to(self.project)): file_digest(p)
                                                       for p in outputs}}
        atomic_write(self.path, json.dumps(self.entries, indent=1, sort_keys=True))

    def rewritten(self, stage: str, output: Path) -> None:
        """Record the new bytes of an output of ``stage`` that a later step rewrote from it (a
        work's alignment rewrites its witnesses' TEI), keeping the stage's key: the stage need not
        run again, and its output is now the rewritten one."""
        entry = self.entries.get(stage)
        name = str(output.relative_to(self.project))
        if isinstance(entry, dict) and isinstance(entry.get("outputs"), dict) and name in entry["outputs"]:
            entry["outputs"][name] = file_digest(output)
            atomic_write(self.path, json.dumps(self.entries, indent=1, sort_keys=True))
