"""One source to its TEI: the reader for its format, the header, then the transforms.

Used by the build for each article of a project (with the inputs :mod:`pipeline.inputs` read)
and by ``edition convert`` for a lone file (with only the file's description). Warnings of the
reader and of every stage are logged together once the conversion is done.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from pipeline import tei
from pipeline.readers import read
from pipeline.progress import Log, timed
from pipeline.sources import MAX_SOURCE_BYTES, read_source
from pipeline.transforms import Transformed, run_transforms
from pipeline.transforms.base import ArticleInputs, Reporter


def convert(source: Path, inputs: ArticleInputs, log: Log,
            max_source_bytes: int = MAX_SOURCE_BYTES) -> tuple[etree._Element, Transformed]:
    """Reader and transforms for one source (refused if over ``max_source_bytes``): the finished
    TEI tree and what the stages made."""
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
    for warning in reporter.warnings:
        log(warning)
    return root, transformed
