"""The differences between two aligned blocks' texts, as readable variants each typed by what changed.

Two witnesses of a Chinese text in different scripts differ in nearly every clause by script alone
(戰/战, 裏/里), and an apparatus that listed those beside real edits would hide the edits. So the
texts are compared character by character on a normalised key (OpenCC ``s2t`` then ``t2s``,
compatibility forms and quotation marks folded) while every variant keeps each witness's own
characters: a stretch whose keys are equal but whose characters are not is ``orthographic``,
different words or added or removed text ``substantive``, a maintenance tag ([來源請求] …) present
on one side only ``editorial``. Note markers are no part of the text compared (renumbered notes are
not a variant).

A character diff scatters a rewritten clause into single characters wherever a common one (的, ，)
happens to match; a reader wants the clause. So substantive differences separated by a short run of
equal text — a few characters, or less than either difference — are merged into one variant, as are
orthographic ones separated by one character. A difference of one character alone (援/持) is read
with the agreeing character beside it (支援/支持): most Chinese words have two.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from pipeline.lang import converter
from pipeline.readers.markers import Marker, split_markers

SAME, ORTHOGRAPHIC, SUBSTANTIVE, EDITORIAL = "same", "orthographic", "substantive", "editorial"
MERGE_GAP = 3
"""Substantive differences separated by at most this many equal characters are one variant."""
ORTHOGRAPHIC_GAP = 1
"""Orthographic differences separated by at most this many equal letters are one variant (a word)."""
VARIANT_CONFIGS = ("s2t", "t2s", "s2tw", "tw2s", "t2tw", "tw2t", "s2hk", "hk2s", "t2hk", "hk2t")
"""OpenCC's conversions of script and of regional standard character forms (not of vocabulary:
``s2twp`` makes 链接 連結, another word)."""
_QUOTES = str.maketrans("「」『』", "“”‘’")


@dataclass(frozen=True)
class Segment:
    """A run of the collated text: its characters in witness A (``a``) and in witness B (``b``),
    and ``type``: ``same`` where the witnesses agree, else ``orthographic``, ``substantive`` or
    ``editorial``."""

    a: str
    b: str
    type: str


@dataclass(frozen=True)
class _Unit:
    """One compared unit of a witness's text: a character, or a whole maintenance tag."""

    raw: str
    key: str
    tag: bool = False


def variants(text_a: str, text_b: str) -> list[Segment]:
    """``text_a`` and ``text_b`` (two aligned blocks' texts) as consecutive segments.

    Joining the ``a`` of every segment gives ``text_a`` without its note markers (``[12]``,
    ``[註 3]``, ``[68]:5210``), and the ``b`` likewise ``text_b``; no two neighbouring segments
    have the same type but editorial ones (one per tag)."""
    units_a, units_b = _units(text_a), _units(text_b)
    matcher = SequenceMatcher(None, [unit.key for unit in units_a], [unit.key for unit in units_b], autojunk=False)
    segments: list[Segment] = []
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation == "equal":
            for unit_a, unit_b in zip(units_a[a1:a2], units_b[b1:b2]):
                _append(segments, Segment(unit_a.raw, unit_b.raw, SAME if unit_a.raw == unit_b.raw else ORTHOGRAPHIC))
        else:
            for unit in units_a[a1:a2]:
                _append(segments, Segment(unit.raw, "", EDITORIAL if unit.tag else SUBSTANTIVE))
            for unit in units_b[b1:b2]:
                _append(segments, Segment("", unit.raw, EDITORIAL if unit.tag else SUBSTANTIVE))
    return _retyped(_widened(_grouped(segments)))


def _units(text: str) -> list[_Unit]:
    """The compared units of ``text``: each character of its running text with its key, each
    maintenance tag as one unit; note markers left out."""
    units: list[_Unit] = []
    for part in split_markers(text):
        if isinstance(part, Marker):
            if part.kind == "maintenance":
                units.append(_Unit(part.raw, f"\0{part.subtype}", tag=True))
            continue
        units.extend(_Unit(character, key) for character, key in zip(part, _keys(part)))
    return units


def _keys(run: str) -> list[str]:
    """The comparison key of each character of ``run``.

    The run is converted whole (OpenCC's phrase tables choose the right character in context, 乾隆
    is not 干隆); in the rare case that changes its length, the characters can no longer be paired
    with the converted ones, so each is converted on its own."""
    converted = _simplified(run)
    keys = list(converted) if len(converted) == len(run) else [_simplified(character) for character in run]
    return [_fold(key) for key in keys]


def _simplified(text: str) -> str:
    """``text`` in the simplified script by way of the traditional: ``t2s`` alone leaves a variant
    simplified form (缐) that ``s2t`` makes 線 and ``t2s`` then 线, so a witness converted from the
    other by ``s2t`` would differ from it in substance."""
    return converter("t2s").convert(converter("s2t").convert(text))


def _fold(text: str) -> str:
    """``text`` with compatibility forms (full-width ASCII, compatibility ideographs) and corner
    quotation marks folded to one form, and no white space: differences of typography only."""
    return "".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).split())


def _same_but_for_script(a: str, b: str) -> bool:
    """Whether two whole readings differ in script or variant characters only: they normalise alike,
    or one is the other converted by a character table of OpenCC (Taiwan's and Hong Kong's standard
    forms included: 么 is Taiwan's 幺, which the simplified-by-way-of-traditional key keeps apart)."""
    if _fold(_simplified(a)) == _fold(_simplified(b)):
        return True
    return any(converter(config).convert(a) == b or converter(config).convert(b) == a for config in VARIANT_CONFIGS)


def _append(segments: list[Segment], segment: Segment) -> None:
    """Add ``segment``, joined to the last one when both are of the same type (tags stay apart)."""
    if segments and segments[-1].type == segment.type and segment.type != EDITORIAL:
        last = segments.pop()
        segment = Segment(last.a + segment.a, last.b + segment.b, segment.type)
    segments.append(segment)


def _size(segment: Segment) -> int:
    return max(len(segment.a), len(segment.b))


def _grouped(segments: list[Segment]) -> list[Segment]:
    """``segments`` with close differences of one kind made one variant (see the module's docstring)."""
    grouped: list[Segment] = []
    for segment in segments:
        grouped.append(segment)
        while _merge_last(grouped):
            pass
    return grouped


def _merge_last(grouped: list[Segment]) -> bool:
    """Merge the last segment with the previous difference of its type when only a short stretch
    of agreeing text lies between them; whether it did."""
    last = grouped[-1]
    if last.type not in (SUBSTANTIVE, ORTHOGRAPHIC):
        return False
    gap_types = (SAME, ORTHOGRAPHIC) if last.type == SUBSTANTIVE else (SAME,)
    index = len(grouped) - 2
    while index >= 0 and grouped[index].type in gap_types:
        index -= 1
    if index < 0 or grouped[index].type != last.type:
        return False
    gap = grouped[index + 1:-1]
    gap_text = "".join(segment.a for segment in gap)
    gap_size = sum(_size(segment) for segment in gap)
    if last.type == SUBSTANTIVE:
        close = gap_size <= MERGE_GAP or gap_size <= min(_size(grouped[index]), _size(last))
    else:
        close = gap_size <= ORTHOGRAPHIC_GAP and (gap_text.isalnum() or not gap)
    if not close:
        return False
    merged = grouped[index:]
    del grouped[index:]
    grouped.append(Segment("".join(s.a for s in merged), "".join(s.b for s in merged), last.type))
    return True


def _widened(segments: list[Segment]) -> list[Segment]:
    """Each substantive replacement of one letter by one letter widened by the letter before it
    (else after it), so that it reads as a word; the neighbour that lends the letter keeps the rest,
    typed anew. (An added or removed character, or a punctuation mark, reads as it is.)"""
    result = list(segments)
    for index, segment in enumerate(result):
        if segment.type != SUBSTANTIVE or len(segment.a) != 1 or len(segment.b) != 1 \
                or not (segment.a + segment.b).isalnum():
            continue
        before = result[index - 1] if index > 0 else None
        after = result[index + 1] if index + 1 < len(result) else None
        if _lends(before, -1):
            result[index - 1] = _agreeing(before.a[:-1], before.b[:-1])
            result[index] = Segment(before.a[-1] + segment.a, before.b[-1] + segment.b, SUBSTANTIVE)
        elif _lends(after, 0):
            result[index + 1] = _agreeing(after.a[1:], after.b[1:])
            result[index] = Segment(segment.a + after.a[0], segment.b + after.b[0], SUBSTANTIVE)
    return [segment for segment in result if segment.a or segment.b]


def _lends(neighbour: Segment | None, end: int) -> bool:
    """Whether ``neighbour``, agreeing text, has a letter at ``end`` (0 or -1) in both witnesses."""
    return (neighbour is not None and neighbour.type in (SAME, ORTHOGRAPHIC) and len(neighbour.a) == len(neighbour.b)
            and neighbour.a[end:][:1].isalnum() and neighbour.b[end:][:1].isalnum())


def _agreeing(a: str, b: str) -> Segment:
    return Segment(a, b, SAME if a == b else ORTHOGRAPHIC)


def _retyped(segments: list[Segment]) -> list[Segment]:
    """A substantive segment whose two readings normalise alike as whole stretches is orthographic
    (a conversion that depends on context, or a difference of white space only); the neighbours it
    then agrees with in type are joined to it."""
    result: list[Segment] = []
    for segment in segments:
        if segment.type == SUBSTANTIVE and _same_but_for_script(segment.a, segment.b):
            segment = Segment(segment.a, segment.b, ORTHOGRAPHIC)
        _append(result, segment)
    return result
