"""The target syntax of an annotation, the one parser of it: a block, a phrase inside one, or another annotation.

``#p-7k3m2q`` points at a block (or, when an annotation of the same file has that ID, answers that
annotation). ``#match(p-7k3m2q,'仁川登陸')`` points at the first occurrence of a phrase in that
block, ``#match(p-7k3m2q,'仁川登陸',2)`` at the second. This is the TEI Guidelines' ``match()``
pointer scheme with one deliberate difference: the phrase is literal text, not a regular expression,
so that ``(``, ``.`` or ``?`` in a quotation mean themselves. Because ``@target`` is a list of URIs
separated by spaces, a space inside a phrase is written ``%20`` (and ``%`` itself ``%25``, ``'``
``%27``); the phrase is percent-decoded after it is read.

The annotation loader, ``edition validate`` and the writers (rendering a hand-written TEI whose
targets are still ``#match(…)``) all read targets here, so they cannot disagree. The edition the
build writes replaces a phrase target by the segs wrapping the phrase, whose IDs
(:func:`anchor_seg_id`) say which annotation, target and piece each is.
"""
from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from urllib.parse import quote, unquote

from lxml import etree

from pipeline.tei import el

_NCNAME = r"[^\W\d][\w.\-]*"
"""An XML name without a colon (an ``xml:id``): a letter or ``_``, then letters, digits, ``_``, ``.``, ``-``."""
_BLOCK = re.compile(rf"^#(?P<id>{_NCNAME})$")
_MATCH = re.compile(
    rf"^#match\(\s*(?P<id>{_NCNAME})\s*,\s*'(?P<phrase>[^']*)'\s*(?:,\s*(?P<occurrence>[0-9]+)\s*)?\)$"
)
ANCHOR_PREFIX = "anchor-"
"""The prefix of the IDs of the segs that anchor phrase targets in the edition (reserved)."""


class PointerError(ValueError):
    """A target that does not follow the syntax; the message says what is expected."""


@dataclass(frozen=True)
class Pointer:
    """One target: the block's ID, and the phrase and its occurrence (1-based) if it has one."""

    block: str
    phrase: str | None = None
    occurrence: int = 1

    def with_block(self, block: str) -> "Pointer":
        return Pointer(block, self.phrase, self.occurrence)

    def answers(self, annotation_ids: Container[str]) -> bool:
        """Whether this pointer names another annotation (one of ``annotation_ids``) rather than a block."""
        return self.phrase is None and self.block in annotation_ids

    def __str__(self) -> str:
        if self.phrase is None:
            return f"#{self.block}"
        phrase = quote(self.phrase, safe="", encoding="utf-8") if _needs_quoting(self.phrase) else self.phrase
        suffix = f",{self.occurrence}" if self.occurrence != 1 else ""
        return f"#match({self.block},'{phrase}'{suffix})"


def _needs_quoting(phrase: str) -> bool:
    return any(char in phrase for char in " %'\t\n")


def parse_pointer(token: str) -> Pointer:
    """One whitespace-free token of ``@target`` as a :class:`Pointer`."""
    block = _BLOCK.match(token)
    if block:
        return Pointer(block["id"])
    match = _MATCH.match(token)
    if match is None:
        if token.startswith("#match("):
            raise PointerError(f"target '{token}' is not a phrase pointer: write #match(BLOCK-ID,'phrase') or "
                               "#match(BLOCK-ID,'phrase',N) (a space in the phrase is %20, a quote %27)")
        raise PointerError(f"target '{token}' is neither a block (#p-7k3m2q) nor a phrase "
                           "(#match(p-7k3m2q,'phrase')) of this article")
    try:
        phrase = unquote(match["phrase"], encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise PointerError(f"target '{token}': a %-escape in the phrase is not UTF-8") from None
    if not phrase.strip():
        raise PointerError(f"target '{token}' has an empty phrase")
    occurrence = int(match["occurrence"] or 1)
    if occurrence < 1:
        raise PointerError(f"target '{token}': the occurrence counts from 1")
    return Pointer(match["id"], phrase, occurrence)


def parse_targets(value: str) -> list[Pointer]:
    """All pointers of an ``@target`` value, in order; raises :class:`PointerError` on the first bad one."""
    tokens = value.split()
    if not tokens:
        raise PointerError("empty target")
    return [parse_pointer(token) for token in tokens]


def anchor_seg_id(annotation_id: str, target: int, piece: int) -> str:
    """The ID of the ``piece``-th seg of the ``target``-th target (both from 1) of an annotation."""
    return f"{ANCHOR_PREFIX}{annotation_id}-{target}-{piece}"


def anchor_seg(annotation_id: str, target: int, piece: int) -> etree._Element:
    """A new ``<seg type="annotated">`` for that piece of that target (docs/tei-model.md)."""
    return el("seg", type="annotated", xml_id=anchor_seg_id(annotation_id, target, piece), ana=f"#{annotation_id}")


def parse_anchor_seg_id(seg_id: str) -> tuple[str, int] | None:
    """The annotation and target number an anchor seg's ID names (:func:`anchor_seg_id`), else None."""
    if not seg_id.startswith(ANCHOR_PREFIX):
        return None
    head, _, piece = seg_id.rpartition("-")
    annotation_id, _, number = head.rpartition("-")
    if not (number.isdigit() and piece.isdigit() and annotation_id.startswith(ANCHOR_PREFIX)):
        return None
    return annotation_id[len(ANCHOR_PREFIX):], int(number)
