"""Speed of the pipeline, each figure a ratio against a baseline measured side by side.

    .venv/bin/python benchmarks/run.py [--quick] [--repeat N] [--jobs N] [--scale 10,50,200]
                                       [--formats tei,html,epub]

1. read + transform of the seed Markdown (``edition convert``) vs ``pandoc -f markdown -t tei``
   on the same file (goal ≤ 2×);
2. full build of the default corpus (``edition build``, every format) vs Pandoc's own EPUB plus
   a plain PDF of the raw sources (Pandoc's Typst, compiled by Typst), the baseline's articles run
   with the same parallelism as ours (goal ≤ 1.0×);
3. a rebuild with nothing changed vs the full build (goal ≤ 0.1×), and a rebuild after editing
   one article vs the full build, which must redo that article only (checked from the build's
   progress lines: the run fails otherwise);
4. a corpus of N articles (the seed and dev articles replicated under new ids) built with
   ``--jobs`` = all cores: time per article at each N vs at the smallest N (goal: within 1.2×),
   with the peak memory of the largest process and of all the build's processes together.

Every command runs as a fresh process, as a user would run it; a timing is the median of
``--repeat`` runs. The machine may be shared, so each figure is also given in CPU seconds
(user + system of the process and all its children): wall-clock ratios move with the load,
CPU ratios much less. Exit status 1 when a check (not a goal) fails.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.writers.pdf import FONT_DIR

REPO = Path(__file__).resolve().parent.parent
SEED_MD = REPO / "articles" / "korean-war.wiki.md"
DEV = REPO / "tests" / "data" / "dev-articles"
EDITED = "korean-war-zh-hant"


@dataclass
class Usage:
    """What one or more commands cost: wall and CPU seconds; peak resident memory in MiB of the
    largest single process and of all processes alive together, and the largest process of each
    program (the last two sampled every 50 ms)."""

    wall: float
    cpu: float
    peak_process: float = 0.0
    peak_total: float = 0.0
    programs: dict[str, float] = field(default_factory=dict)

    def __add__(self, other: Usage) -> Usage:
        return Usage(self.wall + other.wall, self.cpu + other.cpu, max(self.peak_process, other.peak_process),
                     max(self.peak_total, other.peak_total), _largest(self.programs, other.programs))

    def largest_programs(self) -> str:
        return ", ".join(f"{name} {mib:.0f}" for name, mib in sorted(self.programs.items(), key=lambda kv: -kv[1]))


def _largest(*peaks: dict[str, float]) -> dict[str, float]:
    merged: dict[str, float] = {}
    for found in peaks:
        for name, mib in found.items():
            merged[name] = max(merged.get(name, 0.0), mib)
    return merged


def _processes() -> dict[int, tuple[int, str]]:
    """Every process now: its parent and its program name."""
    found = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            name, rest = stat.split(" (", 1)[1].rsplit(")", 1)
            found[int(entry.name)] = (int(rest.split()[1]), name)
    return found


def _tree_rss(pid: int) -> dict[int, tuple[str, float]]:
    """Each process of the tree under ``pid`` (itself included): its program and resident MiB now."""
    processes = _processes()
    children: dict[int, list[int]] = {}
    for child, (parent, _) in processes.items():
        children.setdefault(parent, []).append(child)
    found, todo = {}, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            pages = int(Path(f"/proc/{current}/statm").read_text().split()[1])
        except OSError:
            continue
        found[current] = (processes.get(current, (0, "?"))[1], pages * os.sysconf("SC_PAGE_SIZE") / 2**20)
    return found


#: Every command runs as an installed package runs: from compiled bytecode (``pip install``
#: compiles it), kept out of the tree under ``.cache``. Without it, a shell with
#: PYTHONDONTWRITEBYTECODE set has every command compile the whole package first (~0.2 s CPU).
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "PYTHONPATH": str(REPO),
       "PYTHONPYCACHEPREFIX": str(REPO / ".cache" / "benchmark-pycache")}


def compile_package() -> None:
    """Compile the package into ``ENV``'s bytecode cache before anything is timed."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "pipeline")], env=ENV, check=True)


def measure(argv: list[str]) -> tuple[Usage, str]:
    """Run a command to its end; its usage (its children's included) and its stderr."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, env=ENV)
        peak_total, programs, done = [0.0], {}, threading.Event()

        def sample():
            while not done.wait(0.05):
                tree = _tree_rss(process.pid)
                peak_total[0] = max(peak_total[0], sum(mib for _, mib in tree.values()))
                programs.update(_largest(programs, *({name: mib} for name, mib in tree.values())))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, rusage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if process.returncode:
        raise SystemExit(f"{' '.join(map(str, argv))} failed ({process.returncode}):\n{stderr}")
    return Usage(wall, rusage.ru_utime + rusage.ru_stime, rusage.ru_maxrss / 1024,
                 max(peak_total[0], rusage.ru_maxrss / 1024), programs), stderr


def edition(*args: str, project: Path) -> tuple[Usage, str]:
    return measure([sys.executable, "-m", "pipeline", *args, "--project", str(project)])


def parallel(commands: list[list[list[str]]], jobs: int) -> Usage:
    """Chains of commands (each chain in order), up to ``jobs`` chains at a time.

    The peak memory of all processes together is the sum of each chain's peak: an upper bound,
    since the chains need not peak at the same moment."""
    def chain(argvs):
        total = Usage(0.0, 0.0)
        for argv in argvs:
            total += measure(argv)[0]
        return total

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        usages = list(pool.map(chain, commands))
    return Usage(time.perf_counter() - start, sum(u.cpu for u in usages), max(u.peak_process for u in usages),
                 sum(u.peak_total for u in usages), _largest(*(u.programs for u in usages)))


def median(runs: list[Usage]) -> Usage:
    """Median times; the largest memory of any run."""
    return Usage(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
                 max(r.peak_process for r in runs), max(r.peak_total for r in runs),
                 _largest(*(r.programs for r in runs)))


def pandoc() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def fresh_project(root: Path) -> Path:
    """A copy of the repository's edition project: catalog, sources and committed TEI state."""
    for name in ("articles", "tei", "bibliography"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, root / name)
    return root


def row(label: str, ours: Usage, baseline: Usage, goal: str) -> None:
    print(f"{label:<66} {ours.wall:8.2f}s {baseline.wall:8.2f}s {ours.wall / baseline.wall:6.2f}× "
          f"{ours.cpu:7.2f}s {baseline.cpu:7.2f}s {ours.cpu / baseline.cpu:6.2f}×   {goal}", flush=True)


def bench_reader(work: Path, repeat: int) -> None:
    """``edition convert`` as a user runs it (a fresh process), and the same conversion inside a
    process that has already converted another article, as in a build's worker."""
    project = fresh_project(work / "reader")
    cold, warm, base = [], [], []
    for _ in range(repeat):  # interleaved, so that both sides see the same load
        cold.append(edition("convert", str(SEED_MD), "--lang", "zh-Hans", "-o", str(work / "reader.xml"),
                            project=project)[0])
        warm.append(warm_read())
        base.append(measure([pandoc(), "-f", "markdown", "-t", "tei", "-s", str(SEED_MD),
                             "-o", str(work / "pandoc.xml")])[0])
    row("read+transform seed Markdown vs pandoc -t tei", median(cold), median(base), "≤ 2×")
    row("  the same in a build's worker (imports paid)", median(warm), median(base), "≤ 2×")


def warm_read() -> Usage:
    """One conversion of the seed by benchmarks/warm_read.py, after a dev article."""
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "warm_read.py"), str(SEED_MD),
                             "--warm-up", str(DEV / "火药.md")], env=ENV, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"warm_read.py failed:\n{result.stderr}")
    figures = json.loads(result.stdout)
    return Usage(figures["wall"], figures["cpu"])


#: Typst compiling Pandoc's Typst output, with the CJK fonts the edition uses.
TYPST_COMPILE = ("import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], "
                 f"font_paths=[{str(FONT_DIR)!r}])")


def baseline_chains(work: Path) -> list[list[list[str]]]:
    """Per source: Pandoc's EPUB, Pandoc's standalone Typst, and Typst's PDF of that."""
    chains = []
    for source in sorted((REPO / "articles").glob("korean-war.*")):
        stem = work / "baseline" / source.stem
        stem.parent.mkdir(exist_ok=True)
        common = [pandoc(), "-f", "markdown", "-s", str(source), "--metadata", f"title={source.stem}"]
        chains.append([[*common, "-o", f"{stem}.epub"],
                       [*common, "-t", "typst", "-V", "mainfont=Noto Serif CJK SC", "-o", f"{stem}.typ"],
                       [sys.executable, "-c", TYPST_COMPILE, f"{stem}.typ", f"{stem}.pdf"]])
    return chains


def bench_full_build(work: Path, repeat: int, jobs: int) -> Usage:
    project = work / "full"
    ours, base = [], []
    for _ in range(repeat):
        shutil.rmtree(project, ignore_errors=True)
        ours.append(edition("build", "--jobs", str(jobs), project=fresh_project(project))[0])
        base.append(parallel(baseline_chains(work), jobs))
    full = median(ours)
    row("full build of the default corpus vs pandoc epub + typst pdf", full, median(base), "≤ 1.0×")
    print(f"{'':<66} peak memory: all processes together {full.peak_total:.0f} MiB; largest process of "
          f"each program, MiB: {full.largest_programs()} (baseline: {median(base).largest_programs()})")
    return full


def redone_articles(log: str) -> list[str]:
    """The articles whose reader or any renderer ran (a cached stage logs 'unchanged (cached)')."""
    return sorted(set(re.findall(r"^\[([^\]\s]+)\] (?:read|html|epub|pdf) \d", log, re.M)) - {"index"})


def bench_rebuild(work: Path, full: Usage, repeat: int, jobs: int) -> bool:
    project = work / "full"
    runs = [edition("build", "--jobs", str(jobs), project=project) for _ in range(repeat)]
    unchanged = median([usage for usage, _ in runs])
    row("rebuild, nothing changed vs full build", unchanged, full, "≤ 0.1×")
    ok = all(not redone_articles(log) for _, log in runs)
    if not ok:
        print(f"{'':<66} CHECK FAILED: articles redone: {redone_articles(runs[0][1])}")
    source = project / "articles" / "korean-war.zh-hant.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\n\n新增一段文字。\n", encoding="utf-8")
    edited, log = edition("build", "--jobs", str(jobs), project=project)
    row("rebuild after editing one article vs full build", edited, full, "redo that article only")
    redone = redone_articles(log)
    if redone == [EDITED]:
        print(f"{'':<66} check: only {EDITED} was redone")
    else:
        print(f"{'':<66} CHECK FAILED: redone {redone or 'nothing'}, expected only {EDITED}")
    return ok and redone == [EDITED]


def corpus_project(root: Path, size: int) -> Path:
    """The seed and dev articles replicated under new ids until the catalog has ``size`` entries;
    every size that is a multiple of the number of sources has the same mix of articles."""
    articles = root / "articles"
    articles.mkdir(parents=True)
    sources = [(REPO / "articles" / "korean-war.wiki.md", "wiki-markdown", "zh-Hans"),
               (REPO / "articles" / "korean-war.zh-hant.txt", "plain-text", "zh-Hant")]
    sources += [(path, "wiki-markdown", "zh-Hans") for path in sorted(DEV.glob("*.md")) if path.name != "README.md"]
    catalog = ['[edition]', 'title = "corpus"', 'publisher = "benchmark"', 'base_url = "https://example.org"',
               'licence = "CC BY-SA 4.0"', 'date = "2026-01-01"']
    for index in range(size):
        source, fmt, lang = sources[index % len(sources)]
        name = f"a{index:03d}{source.suffix}"
        shutil.copyfile(source, articles / name)
        catalog += ["", "[[article]]", f'id = "a{index:03d}"', f'file = "{name}"', f'format = "{fmt}"',
                    f'lang = "{lang}"', f'title = "{source.stem}"', 'source = "https://zh.wikipedia.org/"',
                    'licence = "CC BY-SA 4.0"']
    (articles / "catalog.toml").write_text("\n".join(catalog) + "\n", encoding="utf-8")
    return root


def bench_scale(work: Path, sizes: list[int], formats: str, jobs: int) -> None:
    """Time per article at each corpus size, against the smallest; and the marginal time of each
    added article (from one size to the next), which leaves out what a build pays once."""
    print(f"\ncorpus scaling (--formats {formats}, --jobs {jobs}):")
    print(f"  {'articles':>8} {'wall':>8} {'per article':>11} {'cpu':>8} {'cpu/article':>11} {'all processes':>13}"
          "   largest process of each program")
    usages: dict[int, Usage] = {}
    for size in sizes:
        usage, _ = edition("build", "--formats", formats, "--jobs", str(jobs),
                           project=corpus_project(work / f"corpus{size}", size))
        usages[size] = usage
        print(f"  {size:8d} {usage.wall:7.1f}s {usage.wall / size:10.2f}s {usage.cpu:7.1f}s {usage.cpu / size:10.2f}s "
              f"{usage.peak_total:9.0f} MiB   {usage.largest_programs()} MiB", flush=True)
    first = sizes[0]
    for size in sizes[1:]:
        print(f"  per-article time at {size} vs {first}: wall {usages[size].wall / size / (usages[first].wall / first):.2f}×, "
              f"cpu {usages[size].cpu / size / (usages[first].cpu / first):.2f}× (goal within 1.2×)")
    steps = list(zip(sizes, sizes[1:]))
    if len(steps) > 1:
        marginal = {(a, b): Usage((usages[b].wall - usages[a].wall) / (b - a), (usages[b].cpu - usages[a].cpu) / (b - a))
                    for a, b in steps}
        base = marginal[steps[0]]
        for a, b in steps:
            print(f"  each article added from {a} to {b}: wall {marginal[a, b].wall:.2f}s, cpu {marginal[a, b].cpu:.2f}s "
                  f"({marginal[a, b].wall / base.wall:.2f}×, {marginal[a, b].cpu / base.cpu:.2f}× the first step)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="parallel articles, ours and the baseline's (default: all cores)")
    parser.add_argument("--scale", default="10,50,200", help="corpus sizes, comma-separated ('' to skip)")
    parser.add_argument("--formats", default="tei,html,epub",
                        help="formats for the scaling runs (PDF, ~90%% of a full build, is left out by "
                             "default so that 200 articles finish in minutes; it scales per article too)")
    parser.add_argument("--quick", action="store_true", help="one repetition, sizes 10,20")
    args = parser.parse_args()
    if args.quick:
        args.repeat, args.scale = 1, "10,20"
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; median of {args.repeat}, "
          f"--jobs {args.jobs}")
    print(f"{'figure':<66} {'ours':>9} {'baseline':>9} {'ratio':>7} {'ours cpu':>8} {'base cpu':>8} "
          f"{'ratio':>7}   goal")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        compile_package()
        bench_reader(work, args.repeat)
        full = bench_full_build(work, args.repeat, args.jobs)
        ok = bench_rebuild(work, full, args.repeat, args.jobs)
        if args.scale:
            bench_scale(work, [int(s) for s in args.scale.split(",")], args.formats, args.jobs)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
