"""The reader and transforms of one source, timed inside a process that has already read another.

A build converts many articles in each worker process, so the interpreter's start and the
imports (about half a second of CPU, most of it pypinyin's phrase dictionary and pypandoc's
web modules) are paid once per worker, not once per article. This converts ``--warm-up`` first
(another article, so that no cache holds the measured one's text), then ``source`` once, and
prints the CPU seconds (this process and its Pandoc child) and wall seconds of that conversion
as JSON::

    .venv/bin/python benchmarks/warm_read.py articles/korean-war.wiki.md --warm-up tests/data/dev-articles/火药.md
"""
from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from pipeline import tei
from pipeline.convert import convert
from pipeline.readers import guess_format
from pipeline.transforms.base import ArticleInputs


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def read_and_transform(source: Path, lang: str) -> None:
    meta = tei.SourceMeta(id="warm", title=source.stem, lang=lang, format=guess_format(source), file=source.name)
    root, _ = convert(source, ArticleInputs(meta), lambda message: None)
    tei.serialize(root)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--warm-up", type=Path, required=True)
    parser.add_argument("--lang", default="zh-Hans")
    args = parser.parse_args()
    read_and_transform(args.warm_up, args.lang)
    cpu, wall = cpu_seconds(), time.perf_counter()
    read_and_transform(args.source, args.lang)
    print(json.dumps({"wall": time.perf_counter() - wall, "cpu": cpu_seconds() - cpu}))


if __name__ == "__main__":
    main()
