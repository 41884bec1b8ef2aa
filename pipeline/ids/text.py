"""What counts as "the same text" for a citable block, and where a character of one form came from.

A block's identity must not change when nothing a reader would call an edit happened: the
article was rendered in the other script (Wikipedia serves one revision as zh-Hans and
zh-Hant), in Taiwan's vocabulary (zh-TW: 性能 → 效能, 外部链接 → 外部連結), a full-width
character became half-width, or line breaks and indentation moved. Two forms serve that:

* :func:`normalise` (NFKC, OpenCC t2s, whitespace collapsed) is what a block's
  :func:`fingerprint` and a new ID's hash are made of. It is part of the committed ledgers'
  format, so it does not change.
* :func:`comparable` is :func:`normalise` with the regional vocabulary folded too (OpenCC's
  phrase conversion to Taiwan's usage and back to the mainland's, s2twp then tw2sp): what the ID
  alignment and the re-anchoring of annotations compare. Measured on the 690 paragraphs of the
  two seed articles, each converted by OpenCC s2t, s2twp and t2s: every converted paragraph has
  the comparable form of its original, where :func:`normalise` alone differs for 77 of the
  s2twp conversions and 1 of the s2t ones (t2s first, so that tw2sp meets Taiwan's words in the
  characters its dictionary knows). The committed ledgers are unchanged by it (a rebuild of the
  default corpus gives them back byte for byte).

:class:`Comparable` keeps, for each character of the comparable form, the stretch of the raw
text it came from, so that a span found in comparable text is mapped back onto the raw one.
The raw (display) text is what the ledger shows people.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein

from pipeline.lang import converter

_WHITESPACE = re.compile(r"\s+")


def display_text(raw: str) -> str:
    """The text as people read it, with runs of whitespace collapsed to one space."""
    return _WHITESPACE.sub(" ", raw).strip()


def normalise(raw: str) -> str:
    """The fingerprint form of a text: NFKC, then OpenCC traditional→simplified, whitespace collapsed.

    NFKC first, so that compatibility ideographs and full-width forms reach OpenCC as the
    characters its dictionaries know.
    """
    folded = unicodedata.normalize("NFKC", raw)
    return display_text(converter("t2s").convert(folded))


def fold_vocabulary(normalised: str) -> str:
    """A normalised text (:func:`normalise`) with Taiwan's and the mainland's words for one thing made one:
    through OpenCC's phrase conversion to Taiwan's usage (s2twp) and back (tw2sp)."""
    return converter("tw2sp").convert(converter("s2twp").convert(normalised))


def fold_all(normalised: Iterable[str]) -> dict[str, str]:
    """:func:`fold_vocabulary` of many normalised texts: each distinct text once, all in one
    OpenCC call per conversion (a normalised text holds no line break, so one between them keeps
    each phrase inside its own text). About half the time of converting them one by one."""
    distinct = sorted(set(normalised))
    folded = fold_vocabulary("\n".join(distinct)).split("\n") if distinct else []
    if len(folded) != len(distinct):  # a caller's text with a line break: never pair texts wrongly
        folded = [fold_vocabulary(text) for text in distinct]
    return dict(zip(distinct, folded))


def comparable(raw: str) -> str:
    """The form two texts are compared in: :func:`normalise`, then :func:`fold_vocabulary`."""
    return fold_vocabulary(normalise(raw))


def fingerprint(normalised: str) -> str:
    """A short, stable digest of a normalised text (16 hex digits of its SHA-256).

    Stored in the ledger so that an unchanged block is recognised without comparing texts.
    """
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


class Comparable:
    """A raw text's :func:`comparable` form, with the raw stretch behind each of its characters.

    Each raw character is converted on its own too (NFKC, t2s, s2twp, tw2sp; whitespace as one
    space), which says exactly where each converted character came from; that character-wise
    form is then aligned with the true comparable form (Levenshtein's alignment: the two differ
    only where a phrase converts otherwise than its characters, or whitespace was collapsed).
    A stretch that differs is shared out in proportion between the raw characters behind it:
    its edges map exactly, so a span that begins and ends on unchanged characters maps exactly.
    """

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.text = comparable(raw)
        owners = [r for r, piece in enumerate(_each_character(raw)) for _ in piece]
        charwise = "".join(_each_character(raw))
        self._sources: list[tuple[int, int]] = []
        for (src_start, src_end), (dest_start, dest_end) in _regions(charwise, self.text):
            for k in range(dest_end - dest_start):
                if src_start == src_end:
                    at = owners[src_start] if src_start < len(owners) else len(raw)
                    self._sources.append((at, at))
                    continue
                first = src_start + k * (src_end - src_start) // (dest_end - dest_start)
                last = src_start + -(-(k + 1) * (src_end - src_start) // (dest_end - dest_start)) - 1
                self._sources.append((owners[first], owners[last] + 1))

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw stretch that the comparable characters ``start:end`` (not empty) came from."""
        return self._sources[start][0], self._sources[end - 1][1]

    def span(self, raw_start: int, raw_end: int) -> tuple[int, int]:
        """The comparable characters that came from inside the raw stretch ``raw_start:raw_end``
        (the inverse of :meth:`raw_span`, for an old anchor's place)."""
        inside = [k for k, (start, end) in enumerate(self._sources) if raw_start <= start and end <= raw_end]
        if not inside:
            at = next((k for k, (start, _) in enumerate(self._sources) if start >= raw_start), len(self.text))
            return at, at
        return inside[0], inside[-1] + 1


def _each_character(raw: str) -> list[str]:
    """Each raw character's comparable form on its own (NFKC may expand one); whitespace
    collapsed as :func:`display_text` does: a run gives one space, none at either end."""
    pieces = [" " if c.isspace() else unicodedata.normalize("NFKC", c) for c in raw]
    last = max((k for k, piece in enumerate(pieces) if piece.strip()), default=-1)
    for k, piece in enumerate(pieces):
        if piece == " " and (k == 0 or k > last or not pieces[k - 1].strip()):
            pieces[k] = ""
    # A line break between the characters keeps OpenCC from reading a phrase across them.
    joined = "\n".join(piece.replace("\n", " ") for piece in pieces)
    for config in ("t2s", "s2twp", "tw2sp"):
        joined = converter(config).convert(joined)
    converted = joined.split("\n")
    return converted if len(converted) == len(pieces) else pieces


def _regions(source: str, target: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The alignment of ``source`` with ``target`` as (source stretch, target stretch) pairs: each
    run of equal characters one character at a time, each stretch between two runs whole."""
    regions: list[tuple[tuple[int, int], tuple[int, int]]] = []
    pending: list[int] | None = None
    for op in Levenshtein.opcodes(source, target):
        if op.tag == "equal":
            if pending is not None:
                regions.append(((pending[0], pending[1]), (pending[2], pending[3])))
                pending = None
            regions.extend(((op.src_start + k, op.src_start + k + 1), (op.dest_start + k, op.dest_start + k + 1))
                           for k in range(op.src_end - op.src_start))
        elif pending is None:
            pending = [op.src_start, op.src_end, op.dest_start, op.dest_end]
        else:
            pending[1], pending[3] = op.src_end, op.dest_end
    if pending is not None:
        regions.append(((pending[0], pending[1]), (pending[2], pending[3])))
    return regions
