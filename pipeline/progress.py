"""The build's progress lines: one per article and stage with its timing, on stderr.

Every part that reports progress takes a :data:`Log` (tests pass a list's ``append``), so that
nothing prints behind the caller's back.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Log = Callable[[str], None]


def stderr_log(message: str) -> None:
    """Progress and warnings: one line each on stderr, as they happen."""
    print(message, file=sys.stderr, flush=True)


@contextmanager
def timed(log: Log, label: str) -> Iterator[None]:
    """Log ``label`` with the seconds the block took."""
    start = time.perf_counter()
    yield
    log(f"{label} {time.perf_counter() - start:.2f}s")
