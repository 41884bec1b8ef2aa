"""Fault injection: builds killed at random points, two builds at once, a full disk, read-only
folders, and sources that would hang a build or exhaust the machine (issue 15, cases 4, 12's
OSError part, 13 and 15).

Every test works on a small project of one short dev article (two where the build's worker
processes matter) built in TEI and HTML, so that the whole module runs in about a minute. After each fault the files are checked the
way a reader of the edition would see them: every file is the old version or the new one,
never half-written, and the next build repairs everything, byte for byte as a clean build.
Mounting a tmpfs (a tiny one for a full disk, one to compare file systems) and making a folder
read-only for root need ``mount``: those tests are skipped with the reason where it fails.
"""
from __future__ import annotations

import errno
import fcntl
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import DEV_ARTICLES, PYCACHE, REPO, run_in_process
from pipeline import fsutil, pandoc

#: the shortest dev article (with display math, a table and figures): most tests build only it
ARTICLES = {"kp": "(2+1)维_KP方程.md"}
#: two articles, for what needs the build's worker processes
TWO_ARTICLES = {"kp": "(2+1)维_KP方程.md", "smalltalk": "Smalltalk.md"}
FORMATS = "tei,html"
LINUX_PROC = Path("/proc/self/stat").exists()


# --- the project, its files, its processes ---------------------------------------------------

def small_project(folder: Path, articles: dict[str, str | None] = ARTICLES) -> Path:
    """A project of the given dev articles (id → file name; None: the test writes the source),
    not built."""
    (folder / "articles").mkdir(parents=True)
    entries = ['[edition]', 'title = "faults"', 'publisher = "tests"', 'base_url = "https://example.org"',
               'licence = "CC BY-SA 4.0"', 'date = "2026-01-01"']
    for article_id, name in articles.items():
        if name is not None:
            shutil.copyfile(DEV_ARTICLES / name, folder / "articles" / f"{article_id}.md")
        entries += ["", "[[article]]", f'id = "{article_id}"', f'file = "{article_id}.md"', 'format = "wiki-markdown"',
                    'lang = "zh-Hans"', f'title = "{article_id}"', 'source = "https://zh.wikipedia.org/"',
                    'licence = "CC BY-SA 4.0"']
    (folder / "articles" / "catalog.toml").write_text("\n".join(entries) + "\n", encoding="utf-8")
    return folder


def build(project: Path, *args: str) -> subprocess.CompletedProcess:
    return run_in_process("build", "--formats", FORMATS, *args, "--project", str(project))


def built(folder: Path) -> Path:
    project = small_project(folder)
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project


def files(project: Path) -> dict[str, bytes]:
    """Every file the build writes (tei/, bibliography/, output/), by path, with its bytes."""
    found = {}
    for folder in ("tei", "bibliography", "output"):
        for path in sorted((project / folder).rglob("*")):
            if path.is_file():
                found[path.relative_to(project).as_posix()] = path.read_bytes()
    return found


def temporary(name: str) -> bool:
    """Whether a path is a temporary of an atomic write (``.NAME.….tmp``, or inside one): a kill
    may leave one behind, never in a reader's way, and the next build sweeps it up."""
    return any(part.startswith(".") and part.endswith(".tmp") for part in name.split("/"))


def temporaries(project: Path) -> list[str]:
    return sorted(path.relative_to(project).as_posix() for path in project.rglob(".*.tmp"))


def revise(project: Path) -> None:
    """A new paragraph at the end of every source: every TEI, page and the search index change."""
    for source in sorted((project / "articles").glob("*.md")):
        source.write_text(source.read_text(encoding="utf-8") + "\n修订后新增的一段，用于检验中断的构建。\n",
                          encoding="utf-8")


def restyle(project: Path) -> None:
    """A project stylesheet: only the HTML editions change (their copy of ``edition.css``)."""
    css = project / "templates" / "html" / "edition.css"
    css.parent.mkdir(parents=True, exist_ok=True)
    css.write_bytes((REPO / "pipeline" / "templates" / "html" / "edition.css").read_bytes() + b"\n/* restyled */\n")


def start_edition(*args: str) -> subprocess.Popen:
    """The ``edition`` command in a process of its own (as :func:`conftest.run_edition`), not waited for."""
    environment = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
                   "PYTHONPATH": str(REPO), "PYTHONPYCACHEPREFIX": str(PYCACHE)}
    return subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=REPO, env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def gone(pids: set[int], within: float) -> set[int]:
    """The processes of ``pids`` still running after ``within`` seconds (zombies count as gone)."""
    deadline = time.monotonic() + within
    while True:
        alive = set()
        for pid in pids:
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except (OSError, IndexError):
                continue
            if state != "Z":
                alive.add(pid)
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


# --- mounts ------------------------------------------------------------------------------------

def mount(*args: str) -> None:
    result = subprocess.run(["mount", *args], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount ({result.stderr.strip() or 'mount failed'}): needs root")


@contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted on ``folder`` (which keeps its files: they are copied in)."""
    if not LINUX_PROC or shutil.which("mount") is None:
        pytest.skip("no mount command: tmpfs needs Linux")
    saved = folder.with_name(folder.name + ".saved")
    folder.mkdir(parents=True, exist_ok=True)
    folder.rename(saved)
    folder.mkdir()
    try:
        mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
    except BaseException:
        folder.rmdir()
        saved.rename(folder)
        raise
    try:
        shutil.copytree(saved, folder, dirs_exist_ok=True)
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)
        folder.rmdir()
        saved.rename(folder)


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """``folder`` read-only: a read-only bind mount for root (whom permissions do not stop), else
    its permissions."""
    if os.geteuid() != 0:
        modes = {path: path.stat().st_mode for path in [folder, *folder.rglob("*")] if path.is_dir()}
        for path in modes:
            path.chmod(0o555)
        try:
            yield
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
        return
    mount("--bind", str(folder), str(folder))
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True, capture_output=True)
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def fill(folder: Path) -> None:
    """Fill the file system of ``folder`` to the last byte."""
    with open(folder / "filler", "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
                handle.flush()
        except OSError as error:
            assert error.errno == errno.ENOSPC


def one_error(result: subprocess.CompletedProcess) -> str:
    """The one line a failed build prints, without traceback."""
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("edition: error: ")]
    assert len(lines) == 1, result.stderr
    return lines[0].removeprefix("edition: error: ")


# --- case 4: killed and concurrent builds ------------------------------------------------------

@pytest.mark.slow
def test_builds_killed_at_random_points_leave_old_or_new_files_and_a_rebuild_repairs_all(tmp_path):
    project = built(tmp_path / "project")
    old = files(project)
    reference = tmp_path / "reference"
    shutil.copytree(project, reference)
    revise(project)
    revise(reference)
    started = time.monotonic()
    clean = start_edition("build", "--formats", FORMATS, "--project", str(reference))
    assert clean.wait() == 0, clean.stderr.read()
    duration = time.monotonic() - started
    new = files(reference)
    assert new.keys() & old.keys() and new != old
    index = "output/html/pagefind/"

    rng = random.Random(15)
    for delay in sorted(rng.uniform(0.2, duration) for _ in range(3)):
        process = start_edition("build", "--formats", FORMATS, "--project", str(project))
        time.sleep(delay)
        workers = children(process.pid) if LINUX_PROC else set()
        process.send_signal(signal.SIGKILL)  # the build's own process only, as `kill -9 PID`
        process.wait()
        assert gone(workers, within=10) == set()
        now = {name: data for name, data in files(project).items() if not temporary(name)}
        for name, data in now.items():
            assert data in (old.get(name), new.get(name)), f"after {delay:.2f} s: {name} is half-written"
        indexed = {name for name in now if name.startswith(index)}
        assert indexed in ({n for n in old if n.startswith(index)}, {n for n in new if n.startswith(index)})

    resumed = build(project)
    assert resumed.returncode == 0, resumed.stderr
    assert files(project) == new
    assert temporaries(project) == []


@pytest.mark.slow
@pytest.mark.skipif(not LINUX_PROC, reason="finds the workers in /proc")
def test_the_workers_of_a_killed_build_die_with_it(tmp_path):
    project = small_project(tmp_path / "project", TWO_ARTICLES)
    # with the PDFs, the workers live long enough to be seen (forked ones start at once)
    process = start_edition("build", "--formats", "tei,html,pdf", "--jobs", "2", "--project", str(project))
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    own = Path(f"/proc/{process.pid}/cmdline").read_bytes()
    while not workers and process.poll() is None and time.monotonic() < deadline:
        # a worker is forked from the build (its command line) or, where it cannot be, spawned
        workers = {pid for pid in children(process.pid)
                   if Path(f"/proc/{pid}/cmdline").read_bytes() == own
                   or b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()}
        time.sleep(0.05)
    assert workers, "the build started no worker"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert gone(workers, within=10) == set()


@pytest.mark.slow
def test_two_builds_at_once_both_succeed_and_write_what_one_build_writes(tmp_path):
    expected = files(built(tmp_path / "single"))
    project = small_project(tmp_path / "pair")
    first = start_edition("build", "--formats", FORMATS, "--project", str(project))
    time.sleep(0.5)  # `edition build & sleep 0.5; edition build`
    second = start_edition("build", "--formats", FORMATS, "--project", str(project))
    for process in (first, second):
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
        assert "Traceback" not in stderr
    assert files(project) == expected
    assert temporaries(project) == []


@pytest.mark.slow
def test_a_build_waits_for_the_one_holding_the_lock_and_says_so(tmp_path):
    expected = files(built(tmp_path / "single"))
    project = small_project(tmp_path / "project")
    lock = project / ".cache" / "build.lock"
    lock.parent.mkdir(parents=True)
    with open(lock, "w", encoding="ascii") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write(f"{os.getpid()}\n")
        held.flush()
        waiting = [start_edition("build", "--formats", FORMATS, "--project", str(project)) for _ in range(2)]
        for process in waiting:
            line = process.stderr.readline()
            assert line == f"waiting for the build running in PID {os.getpid()} (lock: {lock})\n"
        assert files(project) == {}  # neither started building
    for process in waiting:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
    assert files(project) == expected


def test_a_damaged_search_index_is_rebuilt_not_taken_from_the_cache(tmp_path):
    project = built(tmp_path / "project")
    before = files(project)
    fragment = sorted((project / "output" / "html" / "pagefind" / "fragment").iterdir())[0]
    fragment.write_bytes(b"")
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert "[index] html unchanged (cached)" not in result.stderr
    assert files(project) == before


def test_a_folder_is_replaced_whole_or_not_at_all(tmp_path, monkeypatch):
    target = tmp_path / "site" / "pagefind"
    assert fsutil.replace_folder(target, {"a.js": b"1", "sub/b.pf": b"2"})
    assert fsutil.replace_folder(target, {"a.js": b"1", "sub/b.pf": b"2"}) is False  # unchanged: untouched
    monkeypatch.setattr(fsutil, "_exchange", lambda first, second: False)  # a system without renameat2
    assert fsutil.replace_folder(target, {"c.js": b"3"})
    assert {p.relative_to(target).as_posix(): p.read_bytes() for p in target.rglob("*") if p.is_file()} == {
        "c.js": b"3"}
    assert sorted(p.name for p in target.parent.iterdir()) == ["pagefind"]
    (tmp_path / "site" / ".pagefind.x1.tmp" / "fragment").mkdir(parents=True)
    (tmp_path / "site" / ".index.html.x2.tmp").write_bytes(b"half")
    fsutil.sweep_temporaries(tmp_path / "site")
    assert sorted(p.name for p in target.parent.iterdir()) == ["pagefind"]


# --- case 15: the same bytes on every file system ----------------------------------------------

@pytest.mark.slow
def test_the_edition_is_byte_identical_on_tmpfs_and_on_disk(tmp_path):
    on_disk = files(built(tmp_path / "disk"))
    with tmpfs(tmp_path / "memory", "64m") as memory:
        in_memory = files(built(memory / "project"))
    assert any(name.startswith("output/html/pagefind/") for name in on_disk)
    assert in_memory == on_disk


# --- case 12 (OSError): a full disk, read-only folders -----------------------------------------

@pytest.mark.slow
def test_a_full_disk_stops_the_build_with_one_line_and_changes_nothing(tmp_path):
    project = built(tmp_path / "project")
    before = files(project)
    restyle(project)
    with tmpfs(project / "output", "4m") as output:
        fill(output)
        result = build(project)
        after = {name: data for name, data in files(project).items() if name != "output/filler"}
        left = temporaries(project)
    assert result.returncode == 2
    assert one_error(result).endswith(": cannot write: No space left on device")
    assert after == before
    assert left == []


def test_a_disk_full_at_the_operating_system_stops_the_build_and_changes_nothing(tmp_path, monkeypatch):
    """The same as above without a mount: every ``fsync`` of the build fails with ENOSPC."""
    project = built(tmp_path / "project")
    before = files(project)
    restyle(project)

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    result = build(project)
    monkeypatch.undo()
    assert result.returncode == 2
    css = project / "output" / "html" / "kp" / "edition.css"
    assert one_error(result) == f"{css}: cannot write: No space left on device"
    assert files(project) == before
    assert temporaries(project) == []


@pytest.mark.slow
@pytest.mark.parametrize("folder, change", [("output", restyle), ("tei", revise)])
def test_a_read_only_folder_stops_the_build_with_one_line_and_changes_nothing(tmp_path, folder, change):
    project = built(tmp_path / "project")
    before = files(project)
    change(project)
    with read_only(project / folder):
        result = build(project)
    assert result.returncode == 2
    error = one_error(result)
    assert error.startswith(f"{project / folder}/")
    assert error.endswith((": cannot write: Read-only file system", ": cannot write: Permission denied"))
    assert files(project) == before
    assert temporaries(project) == []


# --- case 13: processes and sizes --------------------------------------------------------------

def test_pandoc_that_does_not_finish_is_stopped_with_one_line(tmp_path, monkeypatch):
    """100,000 ``\\[`` (200 KB) take Pandoc close to an hour: the build stops it at its limit."""
    project = small_project(tmp_path / "project", {"brackets": None})
    source = project / "articles" / "brackets.md"
    source.write_text("\\[" * 100_000, encoding="utf-8")
    monkeypatch.setattr(pandoc, "TIMEOUT", 1)
    started = time.monotonic()
    result = run_in_process("build", "--formats", "tei", "--project", str(project))
    assert time.monotonic() - started < 30
    assert result.returncode == 2
    assert one_error(result) == f"{source}: Pandoc cannot read this Markdown: it did not finish within 1 s"
    assert not (project / "tei" / "brackets.xml").exists()


def test_a_source_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    project = small_project(tmp_path / "project", {"huge": None})
    source = project / "articles" / "huge.md"
    with open(source, "wb") as handle:  # 2 MiB and one byte, sparse: the size alone refuses it
        handle.truncate(2 * 1024 * 1024 + 1)
    result = run_in_process("build", "--formats", "tei", "--project", str(project))
    assert result.returncode == 2
    assert one_error(result) == (f"{source}: source is larger than the limit of 2,097,152 bytes "
                                 "(EDITION_MAX_SOURCE_BYTES raises it; see README)")

    small = small_project(tmp_path / "small", {"smalltalk": "Smalltalk.md"})
    monkeypatch.setenv("EDITION_MAX_SOURCE_BYTES", "1000")
    result = run_in_process("build", "--formats", "tei", "--project", str(small))
    assert one_error(result) == (f"{small / 'articles' / 'smalltalk.md'}: source is larger than the limit of "
                                 "1,000 bytes (EDITION_MAX_SOURCE_BYTES raises it; see README)")
    monkeypatch.setenv("EDITION_MAX_SOURCE_BYTES", "7000")  # Smalltalk.md is 6,841 bytes
    assert run_in_process("build", "--formats", "tei", "--project", str(small)).returncode == 0
    monkeypatch.setenv("EDITION_MAX_SOURCE_BYTES", "2MB")
    result = run_in_process("build", "--formats", "tei", "--project", str(small))
    assert result.returncode == 2
    assert one_error(result) == "EDITION_MAX_SOURCE_BYTES: must be a number of bytes greater than 0, not '2MB'"


def test_a_fifo_as_a_source_is_refused_instead_of_blocking(tmp_path):
    project = small_project(tmp_path / "project", {"pipe": None})
    source = project / "articles" / "pipe.md"
    os.mkfifo(source)
    process = start_edition("build", "--formats", "tei", "--project", str(project))
    try:
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 2, stderr
    assert stderr.splitlines()[-1] == f"edition: error: {source}: source is not a regular file (a FIFO): refused"
