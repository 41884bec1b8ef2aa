"""The build's fast paths (issue 16, speed): they must change no output, only what a build costs."""
from __future__ import annotations

import sys
import threading

import pytest

from pipeline.build import worker_start_method


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_workers_are_forked_from_a_single_threaded_build():
    assert worker_start_method() == "fork"


def test_workers_are_spawned_while_another_thread_runs():
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert worker_start_method() == "spawn"
    finally:
        release.set()
        other.join()
