"""One build's step of the ledger: align the blocks seen now with the live IDs, keep, mint, retire.

:func:`revise` knows nothing of TEI: it takes the citable blocks of a build as a list of
:class:`Observed` (kind, text, enclosing container) in document order and returns the IDs
to put on them and the updated ledger. :mod:`pipeline.transforms.ids` feeds it from a TEI
tree; the tests and the benchmark feed it simulated revisions.

Leaf blocks are aligned by text (:mod:`pipeline.ids.align`). Containers — sections and
block quotes — are then aligned by their members: each leaf that kept its ID votes for the
container it was in last time, and containers are paired best-voted first, so a section
keeps its ID when it moves, is renamed or loses a few paragraphs. A container no member
votes for (a section holding only subsections and a lost heading) is matched by identical
text, in order.

Every old ID that no block keeps is retired in this build, with a successor to follow:
the block it was merged into, or for a container the one that received most of its members,
or else the nearest surviving block in the old document order (the preceding one on a tie).
New blocks get IDs minted in document order, never one the ledger ever held.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Container, Sequence
from dataclasses import dataclass, replace

from pipeline.ids.align import Text, align
from pipeline.ids.ledger import LIVE, RETIRED, Entry, Ledger
from pipeline.ids.minting import CONTAINER_KINDS, Minter
from pipeline.ids.text import display_text, fingerprint, normalise


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
    kept: dict[int, str] = {}

    leaves_old = [k for k, (_, e) in enumerate(live) if e.kind not in CONTAINER_KINDS]
    leaves_new = [k for k, b in enumerate(blocks) if b.kind not in CONTAINER_KINDS]
    alignment = align([Text(live[k][1].kind, old_normalised[k]) for k in leaves_old],
                      [Text(blocks[k].kind, normalised[k]) for k in leaves_new])
    for new, old in alignment.matched.items():
        kept[leaves_new[new]] = live[leaves_old[old]][0]
    merged_into = {live[leaves_old[old]][0]: leaves_new[new] for old, new in alignment.absorbed.items()}

    container_of_member = _container_votes(ledger, blocks, kept)
    _align_containers(live, old_normalised, blocks, normalised, kept, container_of_member)

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


def _align_containers(live: list[tuple[str, Entry]], old_normalised: list[str],
                      blocks: Sequence[Observed], normalised: list[str], kept: dict[int, str],
                      votes: dict[int, Counter[str]]) -> None:
    """Give containers the old container IDs their members vote for, then identical texts."""
    kind_of_old = {block_id: entry.kind for block_id, entry in live}
    order_of_old = {block_id: position for position, (block_id, _) in enumerate(live)}
    ballots = sorted((-count, k, order_of_old[old], old)
                     for k, counter in votes.items() for old, count in counter.items()
                     if kind_of_old.get(old) == blocks[k].kind)
    taken = set(kept.values())
    for _, k, _, old in ballots:
        if k not in kept and old not in taken:
            kept[k] = old
            taken.add(old)
    for k, block in enumerate(blocks):
        if block.kind not in CONTAINER_KINDS or k in kept:
            continue
        for position, (old, entry) in enumerate(live):
            if old not in taken and entry.kind == block.kind and old_normalised[position] == normalised[k]:
                kept[k] = old
                taken.add(old)
                break


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
