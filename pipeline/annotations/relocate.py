"""Finding a phrase again in a revised block: by its old surroundings, or by aligning them with the new text.

When a block was revised, the phrase an annotation pointed at may occur several times, or not at all
as written. :func:`find_again` looks for it: :func:`surroundings_similarity` scores each occurrence by
how much of the phrase's old surroundings still stands beside it; failing that, :func:`relocate`
carries the phrase's edges across a character alignment of its old context with the new text.

Everything is compared in the form the ID alignment compares (:class:`pipeline.ids.text.Comparable`:
script, width, whitespace and regional vocabulary folded) and the span found is mapped back onto the
raw text, so that a revision converted from simplified to traditional script (or to Taiwan's
vocabulary: 外部链接 → 外部連結) keeps an annotation on exactly the converted phrase. Pure
functions of strings (rapidfuzz does the alignments), so :mod:`pipeline.annotations.anchoring`
decides and these only measure.
"""
from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from pipeline.annotations.previous import CONTEXT_CHARS, OldAnchor
from pipeline.ids.text import Comparable, comparable

CONTEXT_MIN = 60.0
"""Least similarity (rapidfuzz ratio, 0–100) between the old context-with-phrase and the stretch of new
text it aligns with. A third of the characters rewritten still passes; an unrelated sentence of the same
article scores far lower (the ids stage measured 99 % of unrelated paragraph pairs under 30)."""
PHRASE_MIN = 50.0
"""Least similarity between the phrase as written and the text found at its place: half its
characters must survive, or the place is not the phrase any more."""


@dataclass(frozen=True)
class Found:
    """Where a phrase is now in the raw text: ``start:end``, and which occurrence of the phrase as
    written that is (1-based), or None when the phrase was not found as written but relocated."""

    start: int
    end: int
    occurrence: int | None


def _comparable_occurrences(text: Comparable, phrase: str) -> list[Found]:
    """Every raw span of ``text`` whose comparable form is ``phrase`` (overlapping ones included)."""
    found: list[Found] = []
    position = text.text.find(phrase) if phrase else -1
    while position >= 0:
        found.append(Found(*text.raw_span(position, position + len(phrase)), len(found) + 1))
        position = text.text.find(phrase, position + 1)
    return found


def find_again(text: str, old: OldAnchor, phrase: str, occurrence: int) -> Found | None:
    """Where ``phrase`` (the annotation's, as written; it was its ``occurrence``-th in the old text),
    last anchored at ``old``, now is in the revised ``text``: the occurrence whose surroundings match
    the old ones best (at least :data:`CONTEXT_MIN`; the nearer to its old rank on a tie), else where
    :func:`relocate` carries the old anchor; None when neither holds."""
    new, was = Comparable(text), Comparable(old.text)
    start, end = was.span(old.start, old.end)
    left, old_phrase, right = (was.text[max(0, start - CONTEXT_CHARS):start], was.text[start:end],
                               was.text[end:end + CONTEXT_CHARS])
    best = best_occurrence(new, phrase, left, right, occurrence)
    if best is not None and best[0] >= CONTEXT_MIN:
        return best[1]
    span = relocate(new.text, left, old_phrase, right)
    return Found(*new.raw_span(*span), None) if span is not None else None


def best_occurrence(new: Comparable, phrase: str, left: str, right: str,
                    occurrence: int = 1) -> tuple[float, Found] | None:
    """The occurrence of ``phrase`` (compared in its comparable form) in ``new`` whose surroundings
    best match ``left`` and ``right`` (already comparable), with that score; the nearer to
    ``occurrence`` on a tie. Re-anchoring asks it of a revised block, an imported quote of each block."""
    scored = []
    for candidate in _comparable_occurrences(new, comparable(phrase)):
        at = new.span(candidate.start, candidate.end)
        fit = surroundings_similarity(left, right, new.text[max(0, at[0] - len(left)):at[0]],
                                      new.text[at[1]:at[1] + len(right)])
        scored.append((fit, -abs(candidate.occurrence - occurrence), candidate))
    best = max(scored, key=lambda item: item[:2], default=None)
    return (best[0], best[2]) if best is not None else None


def surroundings_similarity(left: str, right: str, new_left: str, new_right: str) -> float:
    """How much of the old surroundings of a phrase is found on the same side of it now (0–100).

    Like rapidfuzz's ratio, 2·shared/total, but each side only shares with its own side, so that
    text which merely recurs elsewhere in the sentence does not count.
    """
    total = len(left) + len(right) + len(new_left) + len(new_right)
    if not total:
        return 100.0
    shared = Indel.distance(left, new_left), Indel.distance(right, new_right)
    common = (len(left) + len(new_left) - shared[0] + len(right) + len(new_right) - shared[1]) / 2
    return 100.0 * 2 * common / total


def relocate(text: str, left: str, phrase: str, right: str) -> tuple[int, int] | None:
    """Where ``phrase``, last seen between ``left`` and ``right``, now is in ``text`` (or None).

    The old context-with-phrase is aligned with the best-matching stretch of ``text`` (rapidfuzz's
    partial alignment, widened by half its length on each side), character by character (an LCS
    alignment); the phrase's two edges are carried across that alignment, leaving out text inserted
    right at an edge. The result must pass :data:`CONTEXT_MIN` and :data:`PHRASE_MIN`.
    """
    probe = left + phrase + right
    if not text or not phrase:
        return None
    low, high = 0, len(text)
    if len(text) > len(probe):
        best = fuzz.partial_ratio_alignment(probe, text)
        margin = len(probe) // 2
        low, high = max(0, best.dest_start - margin), min(len(text), best.dest_end + margin)
    window = text[low:high]
    opcodes = Indel.opcodes(probe, window)
    context_start, context_end = _edge(opcodes, 0, True), _edge(opcodes, len(probe), False)
    start, end = _edge(opcodes, len(left), True), _edge(opcodes, len(left) + len(phrase), False)
    if end <= start:
        return None
    if fuzz.ratio(probe, window[context_start:context_end]) < CONTEXT_MIN:
        return None
    if fuzz.ratio(phrase, window[start:end]) < PHRASE_MIN:
        return None
    return low + start, low + end


def _edge(opcodes, position: int, opening: bool) -> int:
    """Carry a boundary of the source across an alignment: an opening boundary lands before the
    source character at ``position``, a closing one after the character before it."""
    if opening:
        for op in opcodes:
            if op.tag != "insert" and op.src_start <= position < op.src_end:
                return op.dest_start + (position - op.src_start if op.tag == "equal" else 0)
        return opcodes.dest_len
    if position == 0:
        return 0
    for op in opcodes:
        if op.tag != "insert" and op.src_start <= position - 1 < op.src_end:
            return op.dest_start + (position - op.src_start if op.tag == "equal" else 0)
    return opcodes.dest_len
