"""Which block of one witness is which block of the other: a monotone alignment of two witnesses' blocks.

The blocks are compared on their comparison text (:mod:`.normalise`). A full matrix of block
similarities would be quadratic in the witnesses' length, so the alignment is sparse:

1. candidates: each block of the first witness is compared only with the blocks of the second
   that share some of its rare four-character shingles (a shingle found in few blocks), at most
   :data:`CANDIDATES` of them, or whose text is identical (short headings have no shingles);
2. the monotone alignment is the heaviest chain of candidate pairs increasing on both sides
   (a sequence alignment over the sparse similarity matrix, with a Fenwick tree: O(K log n) for K
   candidates), each pair weighted by its similarity (:func:`similarity`); its pairs are anchors;
3. between two anchors, the blocks left over are aligned the same way over all their pairs (the
   gaps are short, so this stays linear), with a lower threshold: the anchors vouch for them;
4. splits and merges: an aligned pair takes the unaligned neighbours on either side whose text
   is contained in its counterpart and which bring the pair's texts closer;
5. moves: the blocks still without counterpart are paired anywhere, most similar first, when
   they are similar enough to be the same passage;
6. a block still without counterpart whose text is mostly held by a block aligned one to one
   elsewhere was moved into it: it joins that link (a merge, or a split);
7. the rest has no counterpart (added or removed text).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from lxml import etree
from rapidfuzz.distance import Indel

from pipeline.collation.model import Link
from pipeline.collation.normalise import Block, witness_blocks

SHINGLE = 4
#: A shingle in more blocks than this says nothing about which block is which.
RARE = 4
CANDIDATES = 8
#: The least similarity of a pair in the monotone chain; of a pair between two anchors of it (its
#: neighbours vouch for it); and of a moved pair (a move is riskier: no neighbours vouch for it). Set
#: by reading the seeds' alignment (the hand-checked sample of tests/test_alignment.py: every link
#: found right, 52 of its 53 pairs found).
ALIGNED = 0.45
BETWEEN = 0.3
MOVED = 0.55
#: The most pairs compared between two anchors (a longer gap is left as it is: too little vouches for it).
GAP_PAIRS = 400
#: The fewest shingles of the shorter text for its containment in the longer to count as similarity.
CONTAINED_SHINGLES = 8
#: A moved block is at least this long: short texts (headings, list items) recur.
MOVED_LENGTH = 12
#: The share of a neighbour's shingles its counterpart must hold for the neighbour to join a split or merge.
CONTAINED = 0.3
#: The share of a block's shingles a block aligned elsewhere must hold for it to have been moved into it.
ABSORBED = 0.6


def align(first: etree._Element, second: etree._Element) -> list[Link]:
    """The alignment of two witnesses' TEI documents, in the first witness's order."""
    return align_blocks(witness_blocks(first), witness_blocks(second))


def align_blocks(a: Sequence[Block], b: Sequence[Block]) -> list[Link]:
    """The links between two sequences of blocks: one per aligned group, in the order of ``a``
    (a moved pair where its first block stands)."""
    grams_a = [_shingles(block.text) for block in a]
    grams_b = [_shingles(block.text) for block in b]
    pairs = _candidates(a, b, grams_a, grams_b)
    chain = _fill_gaps(_heaviest_chain(pairs), a, b, grams_a, grams_b)
    taken_a = {i for i, _ in chain}
    taken_b = {j for _, j in chain}
    groups = [_grow(i, j, a, b, grams_a, grams_b, taken_a, taken_b) for i, j in chain]
    moved = _moves({pair: score for pair, score in pairs.items() if score >= MOVED}, a, b, taken_a, taken_b)
    groups = _absorb(groups, pairs, grams_a, grams_b, taken_a, taken_b)
    links = [(min(ia), _link(ia, jb, a, b, None)) for ia, jb in groups]
    links += [(i, _link((i,), (j,), a, b, "moved")) for i, j in moved]
    return [link for _, link in sorted(links, key=lambda item: item[0])]


def _shingles(text: str) -> set[str]:
    return {text[k:k + SHINGLE] for k in range(len(text) - SHINGLE + 1)}


def similarity(x: str, y: str, grams_x: set[str], grams_y: set[str]) -> float:
    """How much two comparison texts are one passage, from 0 to 1: their Indel similarity, or, when
    one was extended or cut (a paragraph grown by a sentence), the share of the shorter one's
    shingles the longer holds."""
    if not x or not y:
        return 0.0
    score = Indel.normalized_similarity(x, y)
    shorter = min(len(grams_x), len(grams_y))
    if shorter >= CONTAINED_SHINGLES:
        score = max(score, len(grams_x & grams_y) / shorter)
    return score


def _candidates(a: Sequence[Block], b: Sequence[Block], grams_a: list[set[str]],
                grams_b: list[set[str]]) -> dict[tuple[int, int], float]:
    """The pairs worth comparing, with their similarity (only those of at least :data:`ALIGNED`)."""
    where: dict[str, list[int]] = defaultdict(list)
    for j, grams in enumerate(grams_b):
        for gram in grams:
            where[gram].append(j)
    by_text: dict[str, list[int]] = defaultdict(list)
    for j, block in enumerate(b):
        by_text[block.text].append(j)
    pairs = {}
    for i, grams in enumerate(grams_a):
        shared = Counter(j for gram in grams if len(where.get(gram, ())) <= RARE for j in where.get(gram, ()))
        chosen = {j for j, _ in shared.most_common(CANDIDATES)} | set(by_text.get(a[i].text, ())[:CANDIDATES])
        for j in chosen:
            score = similarity(a[i].text, b[j].text, grams, grams_b[j])
            if score >= ALIGNED:
                pairs[i, j] = score
    return pairs


def _heaviest_chain(pairs: dict[tuple[int, int], float]) -> list[tuple[int, int]]:
    """The pairs increasing in both indices whose similarities sum the most."""
    if not pairs:
        return []
    size = max(j for _, j in pairs) + 2
    tree = [(0.0, -1)] * (size + 1)  # Fenwick tree over j: the best chain ending at or before j

    def best_before(j: int) -> tuple[float, int]:
        found, k = (0.0, -1), j
        while k > 0:
            found = max(found, tree[k])
            k -= k & -k
        return found

    def offer(j: int, value: tuple[float, int]) -> None:
        k = j + 1
        while k <= size:
            tree[k] = max(tree[k], value)
            k += k & -k

    ordered = sorted(pairs)
    back: list[int] = []
    start = 0
    while start < len(ordered):
        end = start
        while end < len(ordered) and ordered[end][0] == ordered[start][0]:
            end += 1
        results = []
        for index in range(start, end):
            total, previous = best_before(ordered[index][1])  # chains ending strictly before j
            results.append((total + pairs[ordered[index]], previous))
        for index, (total, previous) in zip(range(start, end), results):
            back.append(previous)
            offer(ordered[index][1], (total, index))
        start = end
    index = best_before(size)[1]
    chain = []
    while index >= 0:
        chain.append(ordered[index])
        index = back[index]
    return chain[::-1]


def _fill_gaps(chain: list[tuple[int, int]], a: Sequence[Block], b: Sequence[Block], grams_a: list[set[str]],
               grams_b: list[set[str]]) -> list[tuple[int, int]]:
    """The anchors with the pairs aligned between each two of them (and before the first and after the last)."""
    filled = []
    bounds = [(-1, -1), *chain, (len(a), len(b))]
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:]):
        gap_a = [i for i in range(i0 + 1, i1) if len(a[i].text) >= MOVED_LENGTH]
        gap_b = [j for j in range(j0 + 1, j1) if len(b[j].text) >= MOVED_LENGTH]
        if gap_a and gap_b and len(gap_a) * len(gap_b) <= GAP_PAIRS:
            scores = {(i, j): similarity(a[i].text, b[j].text, grams_a[i], grams_b[j]) for i in gap_a for j in gap_b}
            filled += _heaviest_chain({pair: score for pair, score in scores.items() if score >= BETWEEN})
        if i1 < len(a):
            filled.append((i1, j1))
    return filled


def _grow(i: int, j: int, a: Sequence[Block], b: Sequence[Block], grams_a: list[set[str]],
          grams_b: list[set[str]], taken_a: set[int], taken_b: set[int]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The aligned pair (i, j) with the unaligned neighbours that are pieces of it: blocks of
    ``b`` next to j (a split) or else blocks of ``a`` next to i (a merge)."""
    pieces_b = _pieces(j, b, a[i].text, grams_b, grams_a[i], taken_b)
    if len(pieces_b) > 1:
        return (i,), pieces_b
    return _pieces(i, a, b[j].text, grams_a, grams_b[j], taken_a), (j,)


def _pieces(k: int, side: Sequence[Block], whole: str, grams: list[set[str]], whole_grams: set[str],
            taken: set[int]) -> tuple[int, ...]:
    """Block k with its free neighbours in ``side`` that are contained in ``whole`` and make the
    group's text closer to it; the blocks taken are marked in ``taken``."""
    group = [k]

    def closer(candidate: list[int], neighbour: int) -> bool:
        if neighbour in taken or not 0 <= neighbour < len(side) or not grams[neighbour]:
            return False
        held = len(grams[neighbour] & whole_grams) / len(grams[neighbour])
        joined = "".join(side[n].text for n in candidate)
        now = "".join(side[n].text for n in group)
        return held >= CONTAINED and Indel.normalized_similarity(joined, whole) > Indel.normalized_similarity(now, whole)

    for step in (1, -1):
        while True:
            neighbour = (group[-1] + 1) if step == 1 else (group[0] - 1)
            candidate = group + [neighbour] if step == 1 else [neighbour] + group
            if not closer(candidate, neighbour):
                break
            group = candidate
            taken.add(neighbour)
    return tuple(group)


def _moves(pairs: dict[tuple[int, int], float], a: Sequence[Block], b: Sequence[Block],
           taken_a: set[int], taken_b: set[int]) -> list[tuple[int, int]]:
    """Pairs of blocks left without counterpart that are the same passage elsewhere, most similar first."""
    moved = []
    for (i, j), _ in sorted(pairs.items(), key=lambda item: (-item[1], item[0])):
        if (i not in taken_a and j not in taken_b
                and min(len(a[i].text), len(b[j].text)) >= MOVED_LENGTH):
            moved.append((i, j))
            taken_a.add(i)
            taken_b.add(j)
    return moved


def _absorb(groups: list[tuple[tuple[int, ...], tuple[int, ...]]], pairs: dict[tuple[int, int], float],
            grams_a: list[set[str]], grams_b: list[set[str]], taken_a: set[int],
            taken_b: set[int]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """The groups with each free block whose shingles a one-to-one group's block elsewhere mostly
    holds joined to that group (on its own side)."""
    one_to_one_a = {ia[0]: index for index, (ia, jb) in enumerate(groups) if len(ia) == len(jb) == 1}
    one_to_one_b = {jb[0]: index for index, (ia, jb) in enumerate(groups) if len(ia) == len(jb) == 1}
    joined: dict[int, tuple[set[int], set[int]]] = {}
    for i, j in sorted(pairs):
        if i not in taken_a and j in one_to_one_b and len(grams_a[i]) >= CONTAINED_SHINGLES \
                and len(grams_a[i] & grams_b[j]) / len(grams_a[i]) >= ABSORBED:
            joined.setdefault(one_to_one_b[j], (set(), set()))[0].add(i)
            taken_a.add(i)
        elif j not in taken_b and i in one_to_one_a and len(grams_b[j]) >= CONTAINED_SHINGLES \
                and len(grams_a[i] & grams_b[j]) / len(grams_b[j]) >= ABSORBED:
            joined.setdefault(one_to_one_a[i], (set(), set()))[1].add(j)
            taken_b.add(j)
    result = list(groups)
    for index, (more_a, more_b) in joined.items():
        ia, jb = groups[index]
        if more_a and more_b:  # a block moved into each side: keep the one-to-one link as it was
            continue
        result[index] = (tuple(sorted({*ia, *more_a})), tuple(sorted({*jb, *more_b})))
    return result


def _link(ia: tuple[int, ...], jb: tuple[int, ...], a: Sequence[Block], b: Sequence[Block],
          kind: str | None) -> Link:
    if kind is None:
        if len(jb) > 1:
            kind = "split"
        elif len(ia) > 1:
            kind = "merged"
        else:
            kind = "same" if a[ia[0]].text == b[jb[0]].text else "edited"
    return Link(tuple(a[i].id for i in ia), tuple(b[j].id for j in jb), kind)
