"""Which block of this build keeps which ID of the ledger: in-order alignment of leaf blocks.

Leaf blocks are the citable blocks whose identity is their own text (paragraphs, headings,
items, figures, tables, code/``ab``, notes, bibliography entries); sections and block quotes
are aligned afterwards from their members (see :mod:`pipeline.ids.revise`). Texts here are
already normalised (:func:`pipeline.ids.text.normalise`); a block only ever matches a block
of the same kind.

The passes, each on what the previous ones left unmatched:

1. **Anchors.** Identical texts in document order, by :class:`difflib.SequenceMatcher`
   (longest common runs first, without its "popular element" heuristic, so that the hundreds
   of identical empty notes of a Wikipedia article still anchor in order).
2. **Moves.** Identical texts out of order (a moved section, reordered notes): each new block
   takes the first unused old block with the same text.
3. **Edits in place.** Between two consecutive anchors, the old and new blocks of the gap are
   matched in order by the heaviest chain of pairs whose similarity is at least
   :data:`GAP_THRESHOLD`, weighting each pair by the characters the two texts share in order
   (their LCS), so that the alignment keeps as much text as possible on its old IDs.
4. **Edited moves.** Pairs anywhere in the document, similarity at least
   :data:`MOVE_THRESHOLD` and both texts at least :data:`MOVE_MIN_LENGTH` characters long,
   best pair first.
5. **Splits and merges.** In each gap left between in-order matches, an old block that
   matches two consecutive new blocks taken together was split: it keeps its ID on the part
   that shares more text with it. Two consecutive old blocks that together match one new block
   were merged: the new block keeps the ID of the part that shares more text with it and the
   other is *absorbed* into it. (A split or merge in two parts usually needs no special pass:
   the larger part alone is already similar enough. This pass catches three-way splits and
   merges, and splits and merges that were edited as well.)
6. **Absorption.** An old block left unmatched whose neighbour's new block is more similar to
   the neighbour's text *with* it than without it was merged into that block.

Similarity is :func:`rapidfuzz.fuzz.ratio`: 100·2·LCS/(len a + len b).

Why these thresholds (``python -m benchmarks.id_stability --thresholds``: the normalised
paragraphs of at least 10 characters of the seed articles, 226 from the Markdown witness and
180 from the plain-text one, edited with a seeded random generator):

=====================================  ===============================================
pairs of *different* paragraphs         median 10–12, 99th percentile 21–29, 99.9th
                                        26–44; highest 51 in the plain text (two
                                        casualty lines of one template); in the Markdown
                                        95, between near-copies (two fragments of one
                                        variant-markup template, notes citing one book)
a paragraph with 10 % of its            lowest 90 (one span rewritten or scattered
characters edited                       substitutions, insertions, deletions)
… 20 % edited                           lowest 80
… 30 % edited                           lowest 70 (one span), 74 (scattered)
… 40 % edited                           lowest 60 (one span), 67 (scattered)
=====================================  ===============================================

An edit of at most 20 % of the characters leaves a ratio of at least 80, while two different
paragraphs of an article almost never reach 30. :data:`GAP_THRESHOLD` = 60 sits in the wide
valley between them, low enough to follow a block through a rewrite of a third of its text
(or growth to more than twice its length). Inside a gap only a handful of pairs compete and
their position already vouches for them. Out of order every leftover pair competes, so the bar
is the highest ratio seen between genuinely different paragraphs (51) plus a margin:
:data:`MOVE_THRESHOLD` = 70, still below every 20 %-edit. Short texts have coarse ratios (one
character of a five-character heading is 20 points), so moves need :data:`MOVE_MIN_LENGTH`
characters.

The result, measured by the same benchmark (240 simulated revisions of the seeds: 81 811
unchanged blocks, 857 blocks edited by at most 20 %): 100 % of both keep their IDs, and no ID
is reused or moved onto unrelated text. A build of ~2000 blocks takes about 0.1 s; about 6 s
in the worst case, every block replaced by new text (every pass then compares all pairs).
"""
from __future__ import annotations

import bisect
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

GAP_THRESHOLD = 60.0
MOVE_THRESHOLD = 70.0
MOVE_MIN_LENGTH = 10


@dataclass(frozen=True)
class Text:
    """A leaf block as the aligner sees it: its kind and its normalised text."""

    kind: str
    text: str


@dataclass
class LeafAlignment:
    """The outcome: ``matched`` new index → old index whose ID it keeps; ``absorbed`` old
    index → new index of the block it was merged into (that block is its successor)."""

    matched: dict[int, int] = field(default_factory=dict)
    absorbed: dict[int, int] = field(default_factory=dict)


def align(old: Sequence[Text], new: Sequence[Text]) -> LeafAlignment:
    """Align this build's leaf blocks ``new`` with the ledger's live leaf blocks ``old``.

    Both sequences are in document order. Deterministic: the result depends only on the
    two sequences.
    """
    return _Aligner(old, new).run()


@dataclass(frozen=True)
class _Pair:
    """A candidate match, with its similarity and the characters the texts share."""

    old: int
    new: int
    score: float
    weight: int


def _shared(a: str, b: str, score: float) -> int:
    # ratio = 200·LCS/(len a + len b), so the LCS is recovered exactly by rounding.
    return round(score * (len(a) + len(b)) / 200)


def _best_first(pairs: Iterable[_Pair]) -> list[_Pair]:
    return sorted(pairs, key=lambda p: (-p.score, -p.weight, p.old, p.new))


def _heaviest_chain(pairs: list[_Pair]) -> list[_Pair]:
    """The in-order subset of ``pairs`` (increasing in old and new) of greatest total weight.

    Heaviest increasing subsequence with a Fenwick tree of prefix maxima over the new
    indices: O(k log k) for k candidate pairs, so a gap of thousands of blocks stays cheap.
    """
    if not pairs:
        return []
    columns = sorted({p.new for p in pairs})
    rank = {column: r + 1 for r, column in enumerate(columns)}
    tree: list[tuple[int, int]] = [(0, -1)] * (len(columns) + 1)
    ordered = sorted(pairs, key=lambda p: (p.old, -p.new))
    previous: list[int] = []
    best: tuple[int, int] = (0, -1)
    for position, pair in enumerate(ordered):
        r, prefix = rank[pair.new] - 1, (0, -1)
        while r > 0:
            prefix = max(prefix, tree[r])
            r -= r & -r
        total = (prefix[0] + pair.weight, position)
        previous.append(prefix[1])
        best = max(best, total)
        r = rank[pair.new]
        while r <= len(columns):
            tree[r] = max(tree[r], total)
            r += r & -r
    chain = []
    position = best[1]
    while position >= 0:
        chain.append(ordered[position])
        position = previous[position]
    return chain[::-1]


class _Aligner:
    """The state of one alignment: who is matched, and the in-order matches, kept sorted."""

    def __init__(self, old: Sequence[Text], new: Sequence[Text]) -> None:
        self.old, self.new = old, new
        self.result = LeafAlignment()
        self.new_of_old: dict[int, int] = {}
        self.order_old: list[int] = []
        self.order_new: list[int] = []

    def run(self) -> LeafAlignment:
        self._anchor()
        self._exact_moves()
        for olds, news in self._gaps():
            for pair in _heaviest_chain(self._candidates(olds, news, GAP_THRESHOLD)):
                self._match(pair.old, pair.new, in_order=True)
        self._edited_moves()
        for split in (True, False):
            for olds, news in self._gaps():
                self._pairs(olds, news, split, GAP_THRESHOLD, in_order=True)
            self._pairs(self._movable(self._free_old(), self.old), self._movable(self._free_new(), self.new),
                        split, MOVE_THRESHOLD, in_order=False)
        self._absorb()
        return self.result

    # -- bookkeeping -------------------------------------------------------------------
    def _match(self, old: int, new: int, in_order: bool) -> None:
        self.result.matched[new] = old
        self.new_of_old[old] = new
        if in_order:
            at = bisect.bisect(self.order_old, old)
            self.order_old.insert(at, old)
            self.order_new.insert(at, new)

    def _fits_in_order(self, old: int, new: int) -> bool:
        """Whether matching ``old`` with ``new`` keeps the in-order matches in order."""
        return bisect.bisect(self.order_old, old) == bisect.bisect(self.order_new, new)

    def _free_old(self) -> list[int]:
        return [i for i in range(len(self.old)) if i not in self.new_of_old]

    def _free_new(self) -> list[int]:
        return [j for j in range(len(self.new)) if j not in self.result.matched]

    @staticmethod
    def _movable(indices: list[int], texts: Sequence[Text]) -> list[int]:
        """The blocks long enough to be matched out of order."""
        return [k for k in indices if len(texts[k].text) >= MOVE_MIN_LENGTH]

    def _gaps(self) -> list[tuple[list[int], list[int]]]:
        """Unmatched old and new indices between consecutive in-order matches."""
        bounds = [(-1, -1), *zip(self.order_old, self.order_new), (len(self.old), len(self.new))]
        gaps = []
        for (old_lo, new_lo), (old_hi, new_hi) in zip(bounds, bounds[1:]):
            olds = [i for i in range(old_lo + 1, old_hi) if i not in self.new_of_old]
            news = [j for j in range(new_lo + 1, new_hi) if j not in self.result.matched]
            if olds and news:
                gaps.append((olds, news))
        return gaps

    def _candidates(self, olds: Sequence[int], news: Sequence[int], cutoff: float) -> list[_Pair]:
        """Pairs of the same kind whose similarity reaches ``cutoff`` (rapidfuzz's C++ loop)."""
        by_kind: dict[str, dict[int, str]] = defaultdict(dict)
        for i in olds:
            by_kind[self.old[i].kind][i] = self.old[i].text
        pairs = []
        for j in news:
            choices = by_kind.get(self.new[j].kind)
            if not choices:
                continue
            text = self.new[j].text
            for _, score, i in process.extract(text, choices, scorer=fuzz.ratio,
                                               score_cutoff=cutoff, limit=None):
                pairs.append(_Pair(i, j, score, _shared(text, choices[i], score)))
        return pairs

    # -- passes ------------------------------------------------------------------------
    def _anchor(self) -> None:
        keys_old = [(t.kind, t.text) for t in self.old]
        keys_new = [(t.kind, t.text) for t in self.new]
        matcher = SequenceMatcher(None, keys_old, keys_new, autojunk=False)
        for a, b, size in matcher.get_matching_blocks():
            for k in range(size):
                self._match(a + k, b + k, in_order=True)

    def _exact_moves(self) -> None:
        waiting: dict[tuple[str, str], deque[int]] = defaultdict(deque)
        for i in self._free_old():
            waiting[(self.old[i].kind, self.old[i].text)].append(i)
        for j in self._free_new():
            queue = waiting.get((self.new[j].kind, self.new[j].text))
            if queue:
                self._match(queue.popleft(), j, in_order=False)

    def _edited_moves(self) -> None:
        olds = self._movable(self._free_old(), self.old)
        news = self._movable(self._free_new(), self.new)
        for pair in _best_first(self._candidates(olds, news, MOVE_THRESHOLD)):
            if pair.old not in self.new_of_old and pair.new not in self.result.matched:
                self._match(pair.old, pair.new, in_order=False)

    def _pairs(self, olds: list[int], news: list[int], split: bool, cutoff: float, in_order: bool) -> None:
        """Splits (one old block → two consecutive new ones) or merges (two → one) among
        ``olds`` and ``news``: within a gap (``in_order``), or anywhere."""
        singles, doubles = (olds, news) if split else (news, olds)
        texts_single = self.old if split else self.new
        texts_double = self.new if split else self.old
        joined: dict[str, dict[int, str]] = defaultdict(dict)
        for first, second in zip(doubles, doubles[1:]):
            if second == first + 1 and texts_double[first].kind == texts_double[second].kind:
                joined[texts_double[first].kind][first] = texts_double[first].text + texts_double[second].text
        found = []
        for s in singles:
            text = texts_single[s].text
            for _, score, first in process.extract(text, joined.get(texts_single[s].kind, {}),
                                                   scorer=fuzz.ratio, score_cutoff=cutoff, limit=None):
                found.append((-score, s, first))
        used: set[int] = set()
        for _, s, first in sorted(found):
            if s in used or first in used or first + 1 in used:
                continue
            text = texts_single[s].text
            keep, other = sorted((first, first + 1),
                                 key=lambda d: (-LCSseq.similarity(text, texts_double[d].text), d))
            old, new = (s, keep) if split else (keep, s)
            if in_order and not self._fits_in_order(old, new):
                continue
            used.update((s, first, first + 1))
            self._match(old, new, in_order)
            if not split:
                self.result.absorbed[other] = s

    def _absorb(self) -> None:
        """Unmatched old blocks whose text went into a neighbour's new block (merges)."""
        changed = True
        while changed:
            changed = False
            for i in self._free_old():
                if i in self.result.absorbed:
                    continue
                best = None
                for neighbour in (i - 1, i + 1):
                    target = self._destination(neighbour)
                    if target is None or self.old[neighbour].kind != self.old[i].kind:
                        continue
                    first, second = sorted((neighbour, i))
                    together = self.old[first].text + self.old[second].text
                    into = self.new[target].text
                    gained = fuzz.ratio(together, into)
                    if gained >= GAP_THRESHOLD and gained > fuzz.ratio(self.old[neighbour].text, into):
                        if best is None or gained > best[0]:
                            best = (gained, target)
                if best is not None:
                    self.result.absorbed[i] = best[1]
                    changed = True

    def _destination(self, old: int) -> int | None:
        """The new block an old block lives on in: matched to it or merged into it."""
        if not 0 <= old < len(self.old):
            return None
        if old in self.new_of_old:
            return self.new_of_old[old]
        return self.result.absorbed.get(old)
