"""Reading a note with the shipped model: :func:`tag_note` (text → records of field spans).

The model (``model.crfsuite``, package data, about a megabyte) is opened once, on the first
note, and kept: opening it took about 1 ms here (``Labeller.load_seconds``) and tagging a note
a few milliseconds (the features are computed in Python), so a build pays the opening once per
process rather than once per note, and not at all when no note is read.
"""
from __future__ import annotations

import time
from functools import lru_cache
from pathlib import Path

import pycrfsuite

from pipeline.citations.crf.features import featurise
from pipeline.citations.crf.labels import decode
from pipeline.citations.crf.tokens import tokenise
from pipeline.citations.crf.train import MODEL
from pipeline.citations.spans import TaggedNote


class Labeller:
    """An opened model: labels a note's tokens and decodes them into spans."""

    def __init__(self, path: Path):
        started = time.perf_counter()
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))
        self.load_seconds = time.perf_counter() - started

    def tag(self, text: str) -> TaggedNote:
        tokens = tokenise(text)
        if not tokens:
            return TaggedNote(text, (), ())
        return decode(text, tokens, self._tagger.tag(featurise(text, tokens)))


@lru_cache(maxsize=None)
def labeller(path: Path = MODEL) -> Labeller:
    """The labeller of the model at ``path``, opened on first use and then shared."""
    return Labeller(path)


def tag_note(text: str) -> TaggedNote:
    """The note's records and prose as the shipped model reads them."""
    return labeller().tag(text)
