"""Fitting the labeller on the labelled corpus, deterministically (``edition citations train``).

The shipped model must be the one the corpus produces (a test retrains and compares bytes), so
training is a pure function of the label files: they are read in sorted order, the trainer's
parameters are fixed here, and L-BFGS has no random start. Parameters were chosen by
leave-one-article-out span F1 (``benchmarks/citation_crf.py``, five folds): L-BFGS with c1 0.05
and c2 0.01 gave 0.754; c1 0.2 0.746, c2 0.1 0.746; 200 iterations instead of 80 gained 0.003
on three folds at 2.5 times the time; the averaged perceptron (30 epochs) fell to 0.576. L1
regularisation keeps the model small by dropping the features it never needs. Training on the
whole corpus takes 30 to 60 s on this (shared, two-core) machine.
"""
from __future__ import annotations

from pathlib import Path

import pycrfsuite

from pipeline.citations.corpus import LABELS_DIR, GoldString, gold_strings
from pipeline.citations.crf.features import featurise
from pipeline.citations.crf.labels import encode
from pipeline.citations.crf.tokens import tokenise

#: The model shipped with the package (package data), what :mod:`.tagger` reads.
MODEL = Path(__file__).resolve().parent / "model.crfsuite"
ALGORITHM = "lbfgs"
PARAMS = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 80,
    "feature.possible_transitions": True,
}


def sequences(strings: list[GoldString]):
    """Each gold string's features and labels, as the trainer takes them."""
    for string in strings:
        tokens = tokenise(string.tagged.text)
        if tokens:
            yield featurise(string.tagged.text, tokens), encode(string.tagged, tokens)


def train_model(strings: list[GoldString], out: Path) -> Path:
    """Fit a model on ``strings`` and write it to ``out``."""
    trainer = pycrfsuite.Trainer(algorithm=ALGORITHM, verbose=False)
    trainer.set_params(PARAMS)
    for features, labels in sequences(strings):
        trainer.append(features, labels)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    return out


def train_corpus(labels: Path = LABELS_DIR, out: Path = MODEL, exclude: tuple[str, ...] = ()) -> Path:
    """The command's work: the corpus at ``labels`` (less the articles excluded) → ``out``."""
    return train_model(gold_strings(labels, tuple(exclude)), out)
