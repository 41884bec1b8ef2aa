"""The shape of a block ID and how a new one is made.

An ID is a kind prefix, a hyphen and six characters of lower-case Crockford base32
(``p-7k3m2q``): short enough to quote, opaque so that nobody reads meaning into it, and
without the letters i, l, o and u that are misread when copied by hand. The six characters
come from the SHA-256 of the block's kind and normalised text when it is first seen, so the
same history of inputs mints the same IDs on every machine; when that ID is taken (by any
ID the ledger ever held, live or retired, or by an ``xml:id`` already in the document) the
hash is taken again with an attempt counter until a free one appears. 32⁶ ≈ 10⁹ codes make
that loop short.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Container

#: The ID prefix of each kind of citable block.
KIND_OF_TAG = {
    "p": "p",
    "head": "h",
    "item": "i",
    "figure": "f",
    "table": "t",
    "quote": "q",
    "ab": "c",
    "note": "n",
    "bibl": "b",
    "biblStruct": "b",
    "div": "s",
}
KINDS = frozenset(KIND_OF_TAG.values())
#: Kinds whose identity is their members (sections, block quotes), not their own text.
CONTAINER_KINDS = frozenset({"s", "q"})

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
CODE_LENGTH = 6
ID_PATTERN = re.compile(rf"([{''.join(sorted(KINDS))}])-[{ALPHABET}]{{{CODE_LENGTH}}}")


def is_block_id(value: str) -> bool:
    """Whether ``value`` has the shape of an ID this module mints."""
    return ID_PATTERN.fullmatch(value) is not None


def kind_of_id(block_id: str) -> str:
    """The kind prefix of a well-formed block ID."""
    return block_id.split("-", 1)[0]


def _code(digest: bytes) -> str:
    bits = int.from_bytes(digest[:4], "big") >> (32 - 5 * CODE_LENGTH)
    chars = []
    for _ in range(CODE_LENGTH):
        chars.append(ALPHABET[bits & 31])
        bits >>= 5
    return "".join(reversed(chars))


def _candidate(kind: str, normalised_text: str, attempt: int) -> str:
    salt = f"\x1f{attempt}" if attempt else ""
    digest = hashlib.sha256(f"{kind}\x1f{normalised_text}{salt}".encode("utf-8")).digest()
    return f"{kind}-{_code(digest)}"


class Minter:
    """Mints the new IDs of one build: never one in ``taken`` nor one it minted before.

    It remembers, per kind and text, the attempt that minted the last ID, and starts the next
    search for the same text after it: every earlier attempt is taken already, so the result is
    the same as searching from 0, but hundreds of identical blocks (an article's empty notes)
    cost linear rather than quadratic time.
    """

    def __init__(self, taken: Container[str]) -> None:
        self.taken = taken
        self.minted: set[str] = set()
        self.attempts: dict[tuple[str, str], int] = {}

    def mint(self, kind: str, normalised_text: str) -> str:
        """A new ID for a block of ``kind`` first seen with ``normalised_text``."""
        attempt = self.attempts.get((kind, normalised_text), 0)
        candidate = _candidate(kind, normalised_text, attempt)
        while candidate in self.taken or candidate in self.minted:
            attempt += 1
            candidate = _candidate(kind, normalised_text, attempt)
        self.attempts[(kind, normalised_text)] = attempt + 1
        self.minted.add(candidate)
        return candidate


def mint_id(kind: str, normalised_text: str, taken: Container[str]) -> str:
    """A new ID for a block of ``kind`` first seen with ``normalised_text``, not in ``taken``."""
    return Minter(taken).mint(kind, normalised_text)
