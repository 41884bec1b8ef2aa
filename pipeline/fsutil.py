"""Writing files so that an interrupted build never leaves a half-written one.

Every output goes to a temporary file in the same directory, is flushed to disk, and then
replaces the old file in one ``os.replace``: a reader sees the old version or the new one.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: bytes | str) -> bool:
    """Replace ``path`` with ``data`` atomically; return False (and touch nothing) if unchanged."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = Path(path)
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def atomic_copy(source: Path, target: Path) -> bool:
    """Copy a file into place atomically (used for assets and files made by other tools)."""
    return atomic_write(target, Path(source).read_bytes())


def sweep_temporaries(*folders: Path) -> None:
    """Remove the temporary files an interrupted build left behind (never a finished file)."""
    for folder in folders:
        if folder.is_dir():
            for stale in folder.rglob(".*.tmp"):
                stale.unlink(missing_ok=True)
