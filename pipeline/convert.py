"""One source to its TEI: the reader for its format, the header, then the transforms.

Used by the build for each article of a project (with the inputs :mod:`pipeline.inputs` read)
and by ``edition convert`` for a lone file (with only the file's description). Warnings of the
reader and of every stage are logged together once the conversion is done.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from lxml import etree

from pipeline import tei
from pipeline.readers import read
from pipeline.progress import Log, timed
from pipeline.sources import MAX_SOURCE_BYTES, read_source
from pipeline.images import Fetched
from pipeline.transforms import Transformed, figures, run_transforms
from pipeline.transforms.base import ArticleInputs, Reporter


#: the figures' images by file name, for a list of file names
Fetcher = Callable[[list[str]], Mapping[str, Fetched]]


def convert(source: Path, inputs: ArticleInputs, log: Log, max_source_bytes: int = MAX_SOURCE_BYTES,
            fetch: Fetcher | None = None) -> tuple[etree._Element, Transformed]:
    """Reader and transforms for one source (refused if over ``max_source_bytes``): the finished
    TEI tree and what the stages made. ``fetch`` gets the images of the figures' files (the
    build's :func:`pipeline.images.fetch`, which reads and fills the image cache); without it
    every figure stays a link to its file page. Either way the figures are counted."""
    meta = inputs.meta
    reporter = Reporter()
    with timed(log, f"[{meta.id}] read"):
        text = read_source(source, reporter.warnings, max_source_bytes)
        result = read(text, meta.format, source_name=str(source), lang=meta.lang)
    reporter.extend(result.warnings)
    root = tei.assemble(meta, result.body, result.back, result.front)
    extras = tei.HeaderExtras(normalisations=list(result.normalisations), keywords=list(result.keywords),
                              summaries=dict(result.summaries))
    with timed(log, f"[{meta.id}] transform"):
        transformed = run_transforms(root, inputs, reporter, extras)
    fetched = None
    if fetch is not None:
        with timed(log, f"[{meta.id}] images"):
            fetched = fetch(figures.figure_names(root))
    figures.apply(root, fetched, reporter, source_locator(source, text))
    for warning in reporter.warnings:
        log(warning)
    return root, transformed


def source_locator(source: Path, text: str) -> Callable[[str], str]:
    """``file:line`` of the first line of the source ``text`` naming a figure's file (also as
    written in a Markdown link, where ``(`` is ``\\(``), else of the file alone."""
    lines = text.splitlines()

    def locate(name: str) -> str:
        for spelling in (name, name.replace("(", "\\(").replace(")", "\\)"), name.replace(" ", "_")):
            for number, line in enumerate(lines, start=1):
                if spelling in line:
                    return f"{source}:{number}"
        return str(source)
    return locate
