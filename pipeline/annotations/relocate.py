"""Finding a phrase again in a revised block: by its old surroundings, or by aligning them with the new text.

When a block was revised, the phrase an annotation pointed at may occur several times, or not at all
as written. :func:`surroundings_similarity` scores an occurrence by how much of the phrase's old
surroundings still stands beside it; :func:`relocate` carries the phrase's edges across a character
alignment of its old context with the new text. Pure functions of strings (rapidfuzz does the
alignment), so :mod:`pipeline.annotations.anchoring` decides and these only measure.
"""
from __future__ import annotations

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

CONTEXT_MIN = 60.0
"""Least similarity (rapidfuzz ratio, 0–100) between the old context-with-phrase and the stretch of new
text it aligns with. A third of the characters rewritten still passes; an unrelated sentence of the same
article scores far lower (the ids stage measured 99 % of unrelated paragraph pairs under 30)."""
PHRASE_MIN = 50.0
"""Least similarity between the phrase as written and the text found at its place: half its
characters must survive, or the place is not the phrase any more."""


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
