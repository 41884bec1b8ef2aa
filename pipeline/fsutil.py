"""Writing files and folders so that a failed or interrupted build never leaves a half-written one.

Every output goes to a temporary file in the same directory, is flushed to disk, and then
replaces the old file in one ``os.replace``: a reader sees the old version or the new one. The
files of one step (an article's TEI, BibTeX and ledger; the pages of one edition) are all
written out before any replaces its old version, so a full disk or a read-only folder stops the
step with every old file as it was, and one line naming the file (``FILE: cannot write: …``).
A whole folder (the search index) is built beside its old version, put on the disk with one
``syncfs`` rather than an ``fsync`` per file, and swapped in with one rename. Temporaries are
named ``.NAME.….tmp``; a build, holding the project's lock, sweeps up those an interrupted build
left.
"""
from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path

from pipeline.errors import EditionError

#: ``renameat2`` arguments (linux/fcntl.h, linux/fs.h): paths relative to the working directory,
#: and the flag that swaps two existing paths in one step
AT_FDCWD = -100
RENAME_EXCHANGE = 2
LIBC = ctypes.CDLL(None, use_errno=True)


def atomic_write(path: Path, data: bytes | str) -> bool:
    """Replace ``path`` with ``data`` atomically; return False (and touch nothing) if unchanged."""
    return bool(atomic_write_all({Path(path): data}))


def atomic_write_all(files: Mapping[Path, bytes | str]) -> list[Path]:
    """Replace each file with its data, all or none, and return the files that changed.

    Every new version is first written in full beside its file; only when all are on disk do
    they replace the old ones. A file that already holds its data is not touched.
    """
    staged: dict[Path, str] = {}
    changed = []
    try:
        for path, data in files.items():
            data = data.encode("utf-8") if isinstance(data, str) else data
            if not _holds(path, data):
                staged[path] = _stage(path, data)
        for path, temporary in list(staged.items()):
            os.replace(temporary, path)
            del staged[path]
            changed.append(path)
    except OSError as error:
        raise cannot_write(path, error) from None
    finally:
        for temporary in staged.values():
            Path(temporary).unlink(missing_ok=True)
    return changed


class CannotWrite(EditionError):
    """A file could not be written (a full disk, a read-only folder): the build cannot go on."""


def cannot_write(path: Path, error: OSError) -> CannotWrite:
    """The one-line error for a file that could not be written, with the system's reason."""
    return CannotWrite.at(path, f"cannot write: {error.strerror or error}")


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def _stage(path: Path, data: bytes) -> str:
    """``data`` written and flushed to a new temporary file beside ``path``; its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            _write_durably(handle, data)
        os.chmod(temporary, 0o644)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


def replace_folder(target: Path, files: Mapping[str, bytes]) -> bool:
    """Make ``target`` a folder holding exactly ``files`` (by relative path); False (and nothing
    written) when it already does.

    The new folder is written in full beside the old one, then put in its place: where the
    system can (Linux, ``renameat2``), the two are exchanged in one step, so a reader finds the
    old folder or the new one, never neither; elsewhere the old one is renamed away first. Either
    way the old folder is then removed; killed before that, it is left under a temporary name
    for the next build to sweep.
    """
    if _folder_holds(target, files):
        return False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        new = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as error:
        raise cannot_write(target, error) from None
    written = target
    try:
        new.chmod(0o755)  # readable by a web server, as the folder it replaces
        folder = os.open(new, os.O_RDONLY)  # before the writes: their errors are then reported
        try:
            for name, data in files.items():
                written = target / name
                (new / name).parent.mkdir(parents=True, exist_ok=True)
                (new / name).write_bytes(data)
            written = target
            _sync_folder(folder, new, files)
        finally:
            os.close(folder)
        if not target.exists():
            os.rename(new, target)
            return True
        if not _exchange(new, target):
            old = new.with_name(new.name + ".old.tmp")
            os.rename(target, old)
            try:
                os.rename(new, target)
            except OSError:
                os.rename(old, target)
                raise
            new = old
    except OSError as error:
        shutil.rmtree(new, ignore_errors=True)
        raise cannot_write(written, error) from None
    shutil.rmtree(new, ignore_errors=True)
    return True


def _write_durably(handle, data: bytes) -> None:
    """Write ``data`` to an open file and wait until it is on the disk."""
    handle.write(data)
    handle.flush()
    os.fsync(handle.fileno())


def _sync_folder(folder: int, path: Path, names: Mapping[str, bytes]) -> None:
    """Wait until the files just written under ``path`` (open as ``folder``) are on the disk:
    with one ``syncfs`` of its file system where the system has it (Linux), which reports any
    write that failed since ``folder`` was opened, else with an ``fsync`` of each file. A
    search index is hundreds of files: an ``fsync`` each took 2.3-2.7 s on a busy machine, one
    ``syncfs`` 0.2-0.6 s (benchmarks/README.md)."""
    syncfs = getattr(LIBC, "syncfs", None)
    if syncfs is None:
        for name in names:
            with open(path / name, "rb") as handle:
                os.fsync(handle.fileno())
    elif syncfs(folder) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(path))


def _folder_holds(folder: Path, files: Mapping[str, bytes]) -> bool:
    """True when ``folder`` holds exactly ``files``, byte for byte."""
    if not folder.is_dir():
        return False
    present = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}
    return present == set(files) and all(_holds(folder / name, data) for name, data in files.items())


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step; False where the system or the file system cannot."""
    renameat2 = getattr(LIBC, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def sweep_temporaries(*folders: Path) -> None:
    """Remove the temporary files and folders an interrupted build left behind (never a finished
    file). Only a build holding the project's lock may call it: another build's temporaries
    would be in use."""
    for folder in folders:
        if folder.is_dir():
            for stale in sorted(folder.rglob(".*.tmp"), reverse=True):  # a folder's contents first
                if stale.is_dir() and not stale.is_symlink():
                    shutil.rmtree(stale, ignore_errors=True)
                else:
                    with suppress(OSError):  # a read-only folder: the build says so when it writes there
                        stale.unlink(missing_ok=True)
