"""The ID ledger ``tei/ids/<article>.json``: every ID an article ever had, and where it went.

Committed like a lockfile, it is what makes IDs survive rebuilds: the next build aligns its
blocks with the ledger's live entries (:mod:`pipeline.ids.revise`), and every ID ever handed
out stays in it forever, so that no ID is reused and a retired one still resolves. The file
is JSON with sorted keys, two-space indentation and one object per ID, so that a revision
shows in a diff as the entries it touched::

    {
      "format": "edition-id-ledger/1",
      "ids": {
        "p-7k3m2q": {
          "first_seen": "1",
          "fingerprint": "3f9a0c1b2d4e5f60",
          "kind": "p",
          "position": {"index": 12, "path": ["s-0d9x4h"]},
          "status": "live",
          "text": "朝鲜半岛自1910年起被日本统治……"
        },
        "p-r2c8vb": {
          …, "status": "retired", "retired_in": "3", "successor": "p-7k3m2q"
        }
      }
    }

``text`` is the block's text as people read it (whitespace collapsed, note markers left out);
``fingerprint`` is the digest of its normalised form (:mod:`pipeline.ids.text`); ``position``
is its index among the article's citable blocks in document order and the IDs of the
sections and block quotes around it, outermost first; ``first_seen`` and ``retired_in`` are
build labels. A retired entry keeps the text and position it last had; its ``successor`` (or
``null`` when nothing survived near it) is the ID to follow.

A ledger a person broke must stop the build before any ID is reassigned: :func:`parse_ledger`
checks everything and raises :class:`~pipeline.errors.EditionError` (status 1) naming the
file and, where it can, the line. That includes a ledger edited by hand into a consistent-looking
one: each entry's fingerprint must be that of its text, as :mod:`pipeline.ids.text` computes it,
or the build would take the edited text for a revision and retire an ID the source still has.
JSON that would crash a reader (nesting thousands deep, numbers of thousands of digits, lone
surrogates) is refused the same way.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import EditionError, Problem
from pipeline.ids.minting import CONTAINER_KINDS, KINDS, is_block_id, kind_of_id
from pipeline.ids.text import fingerprint, normalise
from pipeline.sources import NOT_XML

FORMAT = "edition-id-ledger/1"
LIVE, RETIRED = "live", "retired"
_FINGERPRINT = re.compile(r"^[0-9a-f]{16}$")
_LIVE_FIELDS = {"kind", "fingerprint", "text", "position", "status", "first_seen"}
_RETIRED_FIELDS = _LIVE_FIELDS | {"retired_in", "successor"}
#: A block's index is a count of blocks; no article comes near this many.
_INDEX_LIMIT = 10**9
#: How deep a ledger nests: document, "ids", entry, "position", "path".
_DEPTH = 5
#: JSON tokens that matter for locating a problem: strings (skipped), brackets and numbers.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]|-?[0-9]+')


@dataclass(frozen=True)
class Entry:
    """What the ledger knows about one ID."""

    kind: str
    fingerprint: str
    text: str
    index: int
    path: tuple[str, ...]
    status: str
    first_seen: str
    retired_in: str | None = None
    successor: str | None = None

    @property
    def live(self) -> bool:
        return self.status == LIVE


@dataclass(frozen=True)
class Ledger:
    """All IDs of one article, live and retired. Treat as immutable: builds return a new one."""

    entries: Mapping[str, Entry] = field(default_factory=dict)

    def __contains__(self, block_id: object) -> bool:
        return block_id in self.entries

    def live_in_order(self) -> list[tuple[str, Entry]]:
        """The live IDs and entries in the document order of the build that wrote them."""
        return sorted(((i, e) for i, e in self.entries.items() if e.live), key=lambda ie: ie[1].index)


# -- the API other stages use ----------------------------------------------------------
def successor_chain(ledger: Ledger, block_id: str) -> list[str]:
    """The IDs a retired ID led to, in order: ``[successor, its successor, …]``.

    Ends at the first live ID, or at a retired ID without successor. Empty for a live ID or
    one the ledger does not hold. (A loaded ledger has no cycles: :func:`parse_ledger`
    refuses them.)
    """
    chain: list[str] = []
    entry = ledger.entries.get(block_id)
    while entry is not None and not entry.live and entry.successor is not None:
        chain.append(entry.successor)
        entry = ledger.entries.get(entry.successor)
    return chain


def resolve(ledger: Ledger, block_id: str) -> str | None:
    """The live ID that now stands for ``block_id``: itself if live, the end of its successor
    chain if retired, or None when the ID is unknown or its chain ends without a live block
    (tell those apart with ``block_id in ledger``)."""
    entry = ledger.entries.get(block_id)
    if entry is None:
        return None
    final = (successor_chain(ledger, block_id) or [block_id])[-1]
    return final if ledger.entries[final].live else None


def retired_entries(ledger: Ledger) -> Iterator[tuple[str, Entry, str | None]]:
    """Each retired ID in ID order, with its entry and the live ID it resolves to (None when its
    chain ends without one): what the TEI records of old IDs and what annotations follow."""
    for block_id, entry in sorted(ledger.entries.items()):
        if not entry.live:
            yield block_id, entry, resolve(ledger, block_id)


def next_build(ledger: Ledger) -> str:
    """A build label for the next build when labels are counters: one more than the largest
    numeric label in the ledger, "1" for an empty one."""
    labels = [e.first_seen for e in ledger.entries.values()]
    labels += [e.retired_in for e in ledger.entries.values() if e.retired_in is not None]
    return str(max((int(label) for label in labels if label.isdigit()), default=0) + 1)


# -- reading and writing -----------------------------------------------------------------
def load_ledger(path: Path) -> Ledger:
    """The ledger at ``path``; an empty ledger when the file does not exist yet."""
    if not path.exists():
        return Ledger()
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise EditionError.at(path, f"cannot read the ID ledger: {error}", status=1) from None
    return parse_ledger(raw, path)


def dump_ledger(ledger: Ledger) -> str:
    """The ledger's file text: sorted keys, one object per ID, final newline."""
    ids = {}
    for block_id, e in ledger.entries.items():
        record = {"kind": e.kind, "fingerprint": e.fingerprint, "text": e.text,
                  "position": {"index": e.index, "path": list(e.path)},
                  "status": e.status, "first_seen": e.first_seen}
        if not e.live:
            record["retired_in"] = e.retired_in
            record["successor"] = e.successor
        ids[block_id] = record
    document = {"format": FORMAT, "ids": ids}
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _refuse_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    seen: dict[str, object] = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


def _key_lines(raw: str, key: str) -> list[int]:
    """The lines on which ``key`` appears as a JSON object key (as it is, or \\u-escaped)."""
    spellings = "|".join(re.escape(spelling) for spelling in {json.dumps(key, ensure_ascii=False)[1:-1],
                                                              json.dumps(key)[1:-1]})
    pattern = re.compile(r'"(?:' + spellings + r')"\s*:', re.IGNORECASE if not key.isascii() else 0)
    return [raw.count("\n", 0, m.start()) + 1 for m in pattern.finditer(raw)]


class _Oversized(Exception):
    def __init__(self, digits: str) -> None:
        self.digits = digits


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > len(str(_INDEX_LIMIT)):
        raise _Oversized(digits)
    return int(digits)


def _line_of_token(raw: str, found: Callable[[str, int], bool]) -> int | None:
    """The line of the first JSON token outside strings for which ``found(token, depth)`` holds
    (``depth`` counts the brackets open after the token)."""
    depth = 0
    for match in _TOKENS.finditer(raw):
        token = match.group()
        depth += {"[": 1, "{": 1, "]": -1, "}": -1}.get(token, 0)
        if found(token, depth):
            return raw.count("\n", 0, match.start()) + 1
    return None


def parse_ledger(raw: str, file: str | Path) -> Ledger:
    """Check and read a ledger's text; every problem found is reported at once."""
    try:
        document = json.loads(raw, object_pairs_hook=_refuse_duplicates, parse_int=_bounded_int)
    except RecursionError:
        line = _line_of_token(raw, lambda _, depth: depth > _DEPTH)
        raise EditionError.at(file, "the ID ledger nests arrays or objects too deeply (a ledger nests "
                                    f"at most {_DEPTH} levels)", line, status=1) from None
    except _Oversized as big:
        digits = big.digits
        line = _line_of_token(raw, lambda token, _: token == digits)
        raise EditionError.at(file, f"a number of {len(digits.lstrip('-'))} digits in the ID ledger "
                                    f"(no index reaches {_INDEX_LIMIT})", line, status=1) from None
    except json.JSONDecodeError as error:
        raise EditionError.at(file, f"the ID ledger is not valid JSON: {error.msg} "
                                    f"(column {error.colno})", error.lineno, status=1) from None
    except _DuplicateKey as duplicate:
        lines = _key_lines(raw, duplicate.key)
        line = lines[1] if len(lines) > 1 else None
        what = "ID" if is_block_id(duplicate.key) else "key"
        raise EditionError.at(file, f"duplicate {what} {duplicate.key!r} in the ID ledger "
                                    "(each ID must appear once)", line, status=1) from None
    return _Checker(raw, str(file)).check(document)


class _Checker:
    """Validation of a decoded ledger, collecting problems with their lines."""

    def __init__(self, raw: str, file: str) -> None:
        self.raw, self.file = raw, file
        self.problems: list[Problem] = []

    def fail(self, message: str, key: str | None = None) -> None:
        lines = _key_lines(self.raw, key) if key else []
        self.problems.append(Problem(self.file, message, lines[0] if lines else None))

    def check(self, document: object) -> Ledger:
        if not isinstance(document, dict):
            raise EditionError.at(self.file, "the ID ledger must be a JSON object", 1, status=1)
        if document.get("format") != FORMAT:
            self.fail(f"unsupported ID ledger format {document.get('format')!r} "
                      f"(expected {FORMAT!r})", "format" if "format" in document else None)
        for extra in sorted(set(document) - {"format", "ids"}):
            self.fail(f"unknown top-level key {extra!r} in the ID ledger", extra)
        ids = document.get("ids")
        if not isinstance(ids, dict):
            self.fail("the ID ledger has no \"ids\" object", "ids" if "ids" in document else None)
            ids = {}
        entries = {}
        for block_id, record in ids.items():
            entry = self.entry(block_id, record)
            if entry is not None:
                entries[block_id] = entry
        if not self.problems:
            self.links(entries)
        if self.problems:
            raise EditionError(self.problems, status=1)
        return Ledger(dict(sorted(entries.items())))

    def entry(self, block_id: str, record: object) -> Entry | None:
        if not is_block_id(block_id):
            self.fail(f"{block_id!r} is not a block ID (a kind letter, '-', six lower-case "
                      "base32 characters)", block_id)
            return None
        if not isinstance(record, dict):
            self.fail(f"{block_id}: the entry must be a JSON object", block_id)
            return None
        before = len(self.problems)
        status = record.get("status")
        if status not in (LIVE, RETIRED):
            self.fail(f"{block_id}: status must be \"live\" or \"retired\", not {status!r}", block_id)
            return None
        expected = _LIVE_FIELDS if status == LIVE else _RETIRED_FIELDS
        for missing in sorted(expected - set(record)):
            self.fail(f"{block_id}: missing field {missing!r}", block_id)
        for extra in sorted(set(record) - expected):
            self.fail(f"{block_id}: unexpected field {extra!r} for a {status} ID", block_id)
        if len(self.problems) > before:
            return None
        kind, position = record["kind"], record["position"]
        if kind not in KINDS or kind != kind_of_id(block_id):
            self.fail(f"{block_id}: kind {kind!r} does not match the ID's prefix", block_id)
        stamped = isinstance(record["fingerprint"], str) and _FINGERPRINT.match(record["fingerprint"])
        if not stamped:
            self.fail(f"{block_id}: fingerprint must be 16 hexadecimal digits", block_id)
        if not isinstance(record["text"], str):
            self.fail(f"{block_id}: text must be a string", block_id)
        elif unwritable := NOT_XML.search(record["text"]):
            self.fail(f"{block_id}: text holds U+{ord(unwritable.group()):04X}, which no edition "
                      "can hold", block_id)
        elif stamped and fingerprint(normalise(record["text"])) != record["fingerprint"]:
            self.fail(f"{block_id}: the text no longer matches its fingerprint (the ledger was edited "
                      "by hand; restore it from version control)", block_id)
        if not self.position_ok(position):
            self.fail(f"{block_id}: position must be {{\"index\": a number ≥ 0 below {_INDEX_LIMIT}, "
                      "\"path\": [section or quote IDs]}", block_id)
        labels = [record["first_seen"]] + ([record["retired_in"]] if status == RETIRED else [])
        if not all(isinstance(label, str) and label and not NOT_XML.search(label) for label in labels):
            self.fail(f"{block_id}: build labels must be non-empty strings of printable characters",
                      block_id)
        successor = record.get("successor")
        if successor is not None and not (isinstance(successor, str) and is_block_id(successor)):
            self.fail(f"{block_id}: successor must be an ID or null", block_id)
        if len(self.problems) > before:
            return None
        return Entry(kind, record["fingerprint"], record["text"], position["index"],
                     tuple(position["path"]), status, record["first_seen"],
                     record.get("retired_in"), successor)

    @staticmethod
    def position_ok(position: object) -> bool:
        if not isinstance(position, dict) or set(position) != {"index", "path"}:
            return False
        index, path = position["index"], position["path"]
        return (isinstance(index, int) and not isinstance(index, bool) and 0 <= index < _INDEX_LIMIT
                and isinstance(path, list)
                and all(isinstance(p, str) and is_block_id(p) and kind_of_id(p) in CONTAINER_KINDS
                        for p in path))

    def links(self, entries: dict[str, Entry]) -> None:
        """Successors that exist and end, unique live positions, paths to known IDs."""
        holder: dict[int, str] = {}
        for block_id, entry in sorted(entries.items()):
            if entry.live:
                if entry.index in holder:
                    self.fail(f"{block_id}: position {entry.index} is also that of "
                              f"{holder[entry.index]}", block_id)
                holder.setdefault(entry.index, block_id)
            for container in entry.path:
                if container not in entries:
                    self.fail(f"{block_id}: its path names {container}, which is not in the "
                              "ledger", block_id)
            if entry.successor is None:
                continue
            if entry.successor not in entries:
                self.fail(f"{block_id}: successor {entry.successor} is not in the ledger", block_id)
                continue
            seen = [block_id]
            current = entry.successor
            while current is not None and current not in seen:
                seen.append(current)
                current = entries[current].successor if current in entries else None
            if current is not None:
                self.fail(f"{block_id}: its successors loop back ({' → '.join(seen + [current])})",
                          block_id)
