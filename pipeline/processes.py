"""One build at a time per project, and no process of a build outliving it.

Two builds of one project at once would write the same files, sweep each other's temporaries
and record each other's half-made outputs in the stage cache. :func:`build_lock` makes them
take turns: an OS file lock (``fcntl.flock`` on ``.cache/build.lock``) held for the whole build,
which the kernel releases when its holder ends, however it ends (even ``kill -9``), so a lock
is never left stale. A second build waits for the first, saying so on stderr, then runs.

A build's workers and the tools they run (Pandoc, Pagefind) are started with
:func:`die_with_parent`: on Linux the kernel kills each of them when the process that started
it ends, so a killed build leaves no worker typesetting for half an hour.
"""
from __future__ import annotations

import ctypes
import fcntl
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from pipeline.errors import EditionError
from pipeline.progress import Log

#: ``prctl`` option: the signal a process gets when its parent ends (linux/prctl.h)
PR_SET_PDEATHSIG = 1
LIBC = ctypes.CDLL(None, use_errno=True)


@contextmanager
def build_lock(path: Path, log: Log) -> Iterator[None]:
    """Hold the project's build lock at ``path`` for the ``with`` block, waiting (and saying so
    through ``log``) while another build holds it. The holder's PID is written in the file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+", encoding="ascii")
    except OSError as error:
        raise EditionError.at(path, f"cannot write: {error.strerror or error}") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            log(f"waiting for the build running in PID {holder} (lock: {path})")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def die_with_parent(parent: int) -> None:
    """Have this process killed when ``parent`` (the process that started it) ends.

    Run first thing in a worker (a pool's ``initializer``) or in a tool's process before it
    starts (``preexec_fn``). If ``parent`` is already gone, this process exits at once. On
    systems other than Linux it does nothing.
    """
    if sys.platform.startswith("linux"):
        LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def start_worker(parent: int) -> None:
    """First thing in a build's worker (the pool's ``initializer``): die with the build
    (:func:`die_with_parent`), and log to the standard error file itself, as a spawned worker
    does. A forked worker inherits its parent's ``sys.stderr`` object, which may be one the
    parent redirected (a test's buffered file keeps its own idea of the file's offset, so its
    lines and the workers' would overwrite each other)."""
    die_with_parent(parent)
    sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", buffering=1, closefd=False)


def tied_to_this_process():
    """A ``preexec_fn`` for :mod:`subprocess`: the tool dies with the process that runs it."""
    return partial(die_with_parent, os.getpid())
