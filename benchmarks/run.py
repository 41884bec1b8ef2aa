"""Speed of the pipeline, each figure a ratio against a baseline measured side by side.

    .venv/bin/python benchmarks/run.py [--quick] [--scale 10,50,200] [--formats tei,html,epub]

1. read + transform of the seed Markdown vs ``pandoc -f markdown -t tei`` (goal ≤ 2×);
2. full build of the default corpus vs Pandoc's EPUB plus WeasyPrint's PDF of the raw sources
   (goal ≤ 1.5×);
3. a rebuild with nothing changed vs the full build (goal ≤ 0.1×), and a rebuild after editing one
   article, which must redo that article only;
4. a corpus of N articles (the seed and dev articles replicated under new ids): time per article
   for each N (goal: constant within 20%), with ``--jobs`` = all cores, and peak memory.
Every timing is the median of ``--repeat`` runs of a fresh process, as a user would run it.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED_MD = REPO / "articles" / "korean-war.wiki.md"
DEV = REPO / "tests" / "data" / "dev-articles"


def edition(*args: str, project: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-m", "pipeline", *args, "--project", str(project)],
                            capture_output=True, text=True, env=env)
    if result.returncode:
        raise SystemExit(f"edition {' '.join(args)} failed:\n{result.stderr}")
    return result


def timed(command) -> float:
    start = time.perf_counter()
    command()
    return time.perf_counter() - start


def median_time(command, repeat: int) -> float:
    return statistics.median(timed(command) for _ in range(repeat))


def pandoc() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def fresh_project(root: Path) -> Path:
    shutil.copytree(REPO / "articles", root / "articles")
    return root


def row(label: str, ours: float, baseline: float, goal: str) -> None:
    print(f"{label:<48} {ours:9.2f}s {baseline:9.2f}s {ours / baseline:7.2f}×   goal {goal}")


def bench_reader(work: Path, repeat: int) -> None:
    project = fresh_project(work / "reader")
    out = work / "reader.xml"
    ours = median_time(lambda: edition("convert", str(SEED_MD), "-o", str(out), project=project), repeat)
    base = median_time(lambda: subprocess.run([pandoc(), "-f", "markdown", "-t", "tei", "-s", str(SEED_MD),
                                               "-o", str(work / "pandoc.xml")], check=True), repeat)
    row("read+transform seed Markdown vs pandoc -t tei", ours, base, "≤ 2×")


def bench_full_build(work: Path, repeat: int) -> float:
    def ours_once():
        project = work / "full"
        shutil.rmtree(project, ignore_errors=True)
        edition("build", project=fresh_project(project))

    def baseline_once():
        from weasyprint import HTML

        for source in (REPO / "articles").glob("korean-war.*"):
            fmt = "markdown" if source.suffix == ".md" else "plain"
            subprocess.run([pandoc(), "-f", fmt, "-s", str(source), "-o", str(work / f"{source.stem}.epub"),
                            "--metadata", "title=baseline"], check=True)
            html = subprocess.run([pandoc(), "-f", fmt, "-t", "html", "-s", str(source), "--metadata",
                                   "title=baseline"], check=True, capture_output=True, text=True).stdout
            HTML(string=html).write_pdf(str(work / f"{source.stem}.pdf"))

    ours = median_time(ours_once, repeat)
    base = median_time(baseline_once, repeat)
    row("full build of the default corpus vs pandoc epub + weasyprint pdf", ours, base, "≤ 1.5×")
    return ours


def bench_rebuild(work: Path, full: float, repeat: int) -> None:
    project = work / "full"
    unchanged = median_time(lambda: edition("build", project=project), repeat)
    row("rebuild, nothing changed vs full build", unchanged, full, "≤ 0.1×")
    source = project / "articles" / "korean-war.zh-hant.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\n\n新增一段文字。\n", encoding="utf-8")
    start = time.perf_counter()
    log = edition("build", project=project).stderr
    edited = time.perf_counter() - start
    redone = sorted(set(re.findall(r"^\[([a-z0-9-]+)\] (?:read|pdf|epub|html) \d", log, re.M)))
    row("rebuild after editing one article vs full build", edited, full, "only that article")
    print(f"{'':<48} articles redone: {', '.join(redone) or 'none'}")


def corpus_project(root: Path, size: int) -> Path:
    """The seed and dev articles replicated under new ids until the catalog has ``size`` entries."""
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


def bench_scale(work: Path, sizes: list[int], formats: str) -> None:
    print(f"\ncorpus scaling (--formats {formats}, --jobs {os.cpu_count()}):")
    per_article = {}
    for size in sizes:
        project = corpus_project(work / f"corpus{size}", size)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        seconds = timed(lambda: edition("build", "--formats", formats, project=project))
        peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        per_article[size] = seconds / size
        print(f"  {size:4d} articles: {seconds:8.1f}s total, {seconds / size:6.2f}s per article, "
              f"peak memory of one process {peak / 1024:.0f} MiB")
    smallest = per_article[sizes[0]]
    for size in sizes[1:]:
        print(f"  per-article time at {size} vs {sizes[0]}: {per_article[size] / smallest:.2f}× (goal within 1.2×)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", default="10,50,200", help="corpus sizes, comma-separated ('' to skip)")
    parser.add_argument("--formats", default="tei,html,epub", help="formats for the scaling runs")
    parser.add_argument("--quick", action="store_true", help="one repetition, sizes 10,20")
    args = parser.parse_args()
    if args.quick:
        args.repeat, args.scale = 1, "10,20"
    print(f"{'figure':<48} {'ours':>10} {'baseline':>10} {'ratio':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bench_reader(work, args.repeat)
        full = bench_full_build(work, args.repeat)
        bench_rebuild(work, full, args.repeat)
        if args.scale:
            bench_scale(work, [int(s) for s in args.scale.split(",")], args.formats)


if __name__ == "__main__":
    main()
