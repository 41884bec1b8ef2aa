"""What counts as "the same text" for a citable block.

A block's identity must not change when nothing a reader would call an edit happened: the
article was rendered in the other script (Wikipedia serves one revision as zh-Hans and
zh-Hant), a full-width character became half-width, or line breaks and indentation moved.
So every comparison and every fingerprint works on :func:`normalise`'s output, never on the
raw text; the raw (display) text is what the ledger shows people.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

import opencc

_WHITESPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _to_simplified() -> opencc.OpenCC:
    # One converter per process: building it loads OpenCC's dictionaries.
    return opencc.OpenCC("t2s")


def display_text(raw: str) -> str:
    """The text as people read it, with runs of whitespace collapsed to one space."""
    return _WHITESPACE.sub(" ", raw).strip()


def normalise(raw: str) -> str:
    """The comparison form of a text: NFKC, then OpenCC traditional→simplified, whitespace collapsed.

    NFKC first, so that compatibility ideographs and full-width forms reach OpenCC as the
    characters its dictionaries know.
    """
    folded = unicodedata.normalize("NFKC", raw)
    return display_text(_to_simplified().convert(folded))


def fingerprint(normalised: str) -> str:
    """A short, stable digest of a normalised text (16 hex digits of its SHA-256).

    Stored in the ledger so that an unchanged block is recognised without comparing texts.
    """
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]
