"""One build's step of the ledger: align the blocks seen now with the live IDs, keep, mint, retire.

:func:`revise` knows nothing of TEI: it takes the citable blocks of a build as a list of
:class:`Observed` (kind, text, enclosing container) in document order and returns the IDs
to put on them and the updated ledger. :mod:`pipeline.transforms.ids` feeds it from a TEI
tree; the tests and the benchmark feed it simulated revisions.

Every comparison is of :func:`~pipeline.ids.text.comparable` texts (script, width, whitespace
and regional vocabulary folded). Leaf blocks are aligned by text (:mod:`pipeline.ids.align`).
Containers — sections and block quotes — are then aligned by their own text too (a section's
is its heading), so that an ID is never reused for different text whatever the section
structure did: first identical texts, then texts at least
:data:`~pipeline.ids.align.GAP_THRESHOLD` alike (a renamed heading) that at least one member
vouches for. A member votes for a container when it is a leaf that kept its ID and was in that
container last time; among candidate pairs of one rank the best-voted goes first, so members
only break ties (two sections named 注释, a section moved with its paragraphs). Two list items
that moved from a subsection 小娟 into the section 个人单曲 above it no longer take 小娟's ID
there: 个人单曲 keeps its own and 小娟's retires.

Every old ID that no block keeps is retired in this build, with a successor to follow:
the block it was merged into, or for a container the one that received most of its members,
or else the nearest surviving block in the old document order (the preceding one on a tie).
A successor is where a reader of an old link is taken, not a claim that the text is the same:
:mod:`pipeline.annotations.project` decides whether an annotation may follow it.
New blocks get IDs minted in document order, never one the ledger ever held.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Container, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from pipeline.ids.align import GAP_THRESHOLD, Text, align
from pipeline.ids.ledger import LIVE, RETIRED, Entry, Ledger
from pipeline.ids.minting import CONTAINER_KINDS, Minter
from pipeline.ids.text import display_text, fingerprint, fold_all, normalise


@dataclass(frozen=True)
class Observed:
    """A citable block as one build sees it.

    ``text`` is its own text (for a section, its heading; for a quote, all of it); ``parent``
    is the index, in the same list, of the innermost section or block quote holding it.
    """

    kind: str
    text: str
    parent: int | None = None


class _Taken:
    """The IDs a build must not mint: every ID of the ledger and the reserved ones."""

    def __init__(self, ledger: Ledger, reserved: Container[str]) -> None:
        self.ledger, self.reserved = ledger, reserved

    def __contains__(self, item: object) -> bool:
        return item in self.ledger.entries or item in self.reserved


def revise(ledger: Ledger, blocks: Sequence[Observed], build: str,
           reserved: Container[str] = frozenset()) -> tuple[Ledger, list[str]]:
    """The IDs for ``blocks`` (same order) and the ledger after this build.

    ``build`` labels new and retired entries. ``reserved`` are IDs that must not be minted
    (``xml:id`` values already used in the document for something else). An unchanged
    input gives back an equal ledger.
    """
    normalised = [normalise(b.text) for b in blocks]
    live = ledger.live_in_order()
    old_normalised = [normalise(e.text) for _, e in live]
    # With no live ID (a first build, `edition convert`) nothing is compared: the folding, two
    # OpenCC phrase conversions (the second's dictionaries take 0.1 s to load), would go unused.
    folded = fold_all(normalised + old_normalised) if live else {text: text for text in normalised}
    compared = [folded[text] for text in normalised]
    old_compared = [folded[text] for text in old_normalised]
    kept: dict[int, str] = {}

    leaves_old = [k for k, (_, e) in enumerate(live) if e.kind not in CONTAINER_KINDS]
    leaves_new = [k for k, b in enumerate(blocks) if b.kind not in CONTAINER_KINDS]
    alignment = align([Text(live[k][1].kind, old_compared[k]) for k in leaves_old],
                      [Text(blocks[k].kind, compared[k]) for k in leaves_new])
    for new, old in alignment.matched.items():
        kept[leaves_new[new]] = live[leaves_old[old]][0]
    merged_into = {live[leaves_old[old]][0]: leaves_new[new] for old, new in alignment.absorbed.items()}

    container_of_member = _container_votes(ledger, blocks, kept)
    _align_containers(live, old_compared, blocks, compared, kept, container_of_member)

    minter = Minter(_Taken(ledger, reserved))
    ids = [kept.get(k) or minter.mint(block.kind, normalised[k]) for k, block in enumerate(blocks)]

    entries = dict(ledger.entries)
    for k, block in enumerate(blocks):
        path = []
        parent = block.parent
        while parent is not None:
            path.append(ids[parent])
            parent = blocks[parent].parent
        previous = ledger.entries.get(ids[k])
        entries[ids[k]] = Entry(block.kind, fingerprint(normalised[k]), display_text(block.text), k,
                                tuple(reversed(path)), LIVE,
                                previous.first_seen if previous else build)
    nearest = _nearest_survivors([block_id for block_id, _ in live], set(ids))
    for position, (block_id, entry) in enumerate(live):
        if nearest[position] == block_id:
            continue
        if block_id in merged_into:
            successor = ids[merged_into[block_id]]
        elif entry.kind in CONTAINER_KINDS:
            successor = _most_voted(block_id, container_of_member, ids) or nearest[position]
        else:
            successor = nearest[position]
        entries[block_id] = replace(entry, status=RETIRED, retired_in=build, successor=successor)
    return Ledger(dict(sorted(entries.items()))), ids


def _container_votes(ledger: Ledger, blocks: Sequence[Observed], kept: dict[int, str]) -> dict[int, Counter[str]]:
    """For each new container, how many of its kept leaf members each old container held."""
    votes: dict[int, Counter[str]] = {}
    for k, block_id in kept.items():
        parent = blocks[k].parent
        old_path = ledger.entries[block_id].path
        if parent is not None and old_path:
            votes.setdefault(parent, Counter())[old_path[-1]] += 1
    return votes


def _align_containers(live: list[tuple[str, Entry]], old_compared: list[str],
                      blocks: Sequence[Observed], compared: list[str], kept: dict[int, str],
                      votes: dict[int, Counter[str]]) -> None:
    """Give containers the old container IDs of the same text (see the module's docstring)."""
    olds = [(position, block_id, entry.kind) for position, (block_id, entry) in enumerate(live)
            if entry.kind in CONTAINER_KINDS]
    candidates = []
    for k, block in enumerate(blocks):
        if block.kind not in CONTAINER_KINDS:
            continue
        for position, old, kind in olds:
            if kind != block.kind:
                continue
            identical = compared[k] == old_compared[position]
            score = 100.0 if identical else fuzz.ratio(compared[k], old_compared[position])
            vote = votes.get(k, Counter())[old]
            if identical or (score >= GAP_THRESHOLD and vote):
                candidates.append((not identical, -vote, -score, k, position, old))
    taken = set(kept.values())
    for *_, k, _, old in sorted(candidates):
        if k not in kept and old not in taken:
            kept[k] = old
            taken.add(old)


def _most_voted(old: str, votes: dict[int, Counter[str]], ids: list[str]) -> str | None:
    """For a retired container: the new container that received most of its members."""
    best = sorted((-counter[old], k) for k, counter in votes.items() if counter[old])
    return ids[best[0][1]] if best else None


def _nearest_survivors(order: list[str], survivors: set[str]) -> list[str | None]:
    """For each old position, the nearest ID in ``order`` that survives (itself if it does;
    the preceding one when two are equally near). Two sweeps, so linear in the ledger."""
    before: list[tuple[int, str] | None] = []
    last = None
    for position, block_id in enumerate(order):
        if block_id in survivors:
            last = (position, block_id)
        before.append(last)
    nearest: list[str | None] = [None] * len(order)
    after = None
    for position in range(len(order) - 1, -1, -1):
        if order[position] in survivors:
            after = (position, order[position])
        options = [o for o in (before[position], after) if o is not None]
        if options:
            nearest[position] = min(options, key=lambda o: (abs(o[0] - position), o[0]))[1]
    return nearest
