"""The target syntax of an annotation: a block or a phrase inside one.

``#p-7k3m2q`` points at a block. ``#match(p-7k3m2q,'仁川登陸')`` points at the first occurrence of a
phrase in that block, ``#match(p-7k3m2q,'仁川登陸',2)`` at the second. This is the TEI Guidelines'
``match()`` pointer scheme with one deliberate difference: the phrase is literal text, not a regular
expression, so that ``(``, ``.`` or ``?`` in a quotation mean themselves. Because ``@target`` is a
list of URIs separated by spaces, a space inside a phrase is written ``%20`` (and ``%`` itself
``%25``, ``'`` ``%27``); the phrase is percent-decoded after it is read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

_NCNAME = r"[A-Za-z_][A-Za-z0-9_.\-]*"
_BLOCK = re.compile(rf"^#(?P<id>{_NCNAME})$")
_MATCH = re.compile(
    rf"^#match\(\s*(?P<id>{_NCNAME})\s*,\s*'(?P<phrase>[^']*)'\s*(?:,\s*(?P<occurrence>[0-9]+)\s*)?\)$"
)


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
