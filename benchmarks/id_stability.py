"""How stable are paragraph IDs? Simulated revisions of the seed articles, measured.

Run from the repository root::

    python -m benchmarks.id_stability               # rates per scenario, and timings
    python -m benchmarks.id_stability --thresholds  # the similarity measurements behind
                                                    # pipeline.ids.align's thresholds
    python -m benchmarks.id_stability --successors  # the measurement behind
                                                    # pipeline.annotations.project.SUCCESSOR_MIN

Each scenario revises a document made of a seed's paragraphs (sections of ten; the Markdown
seed's numbered notes as a notes section) ``--trials`` times with a seeded random generator,
builds the ledger before and after, and scores the IDs against the known truth
(tests/id_revisions.py): unchanged blocks that kept their ID, blocks edited by at most 20 %
of their characters that kept theirs, splits whose ID stayed on the part most like the
original, merges that kept one ID and retired the other into the merged block, sections that
kept theirs, and the two counts that must be zero: IDs reused and IDs moved onto unrelated
text. Then the two seeds, two real revisions of the article, are aligned with each other, and
the timings build a ~2000-block document.
"""
from __future__ import annotations

import argparse
import re
import time
from random import Random

from rapidfuzz import fuzz

from pipeline.annotations.project import SUCCESSOR_MIN, carried
from pipeline.ids.ledger import Ledger, resolve
from pipeline.ids.revise import Observed, revise
from pipeline.ids.text import normalise
from tests.id_revisions import (Document, Reviser, Score, Section, build, observe, paragraphs_of_markdown_seed,
                                paragraphs_of_plain_seed)
from tests.id_scenarios import SCENARIOS, mixed, run_scenarios, seed_documents


def _percent(score: Score, kept: str, total: str) -> str:
    n = getattr(score, total)
    return f"{100 * score.rate(kept, total):6.1f}% of {n:<5}" if n else f"{'—':>7} {'':8}"


def print_rates(totals: dict[str, Score]) -> None:
    print(f"{'scenario':32} {'unchanged kept':>16} {'≤20% edits kept':>16} {'splits on likeliest':>19} "
          f"{'merges resolved':>16} {'sections kept':>16} reused unrelated")
    overall = Score()
    for name, s in totals.items():
        overall.add(s)
        print(f"{name:32} {_percent(s, 'unchanged_kept', 'unchanged')} {_percent(s, 'edited_kept', 'edited')} "
              f"{_percent(s, 'splits_kept_on_likeliest', 'splits')}   {_percent(s, 'merges_resolved', 'merges')} "
              f"{_percent(s, 'sections_kept', 'sections')} {len(s.reused):6} {len(s.unrelated):9}")
    print(f"{'ALL':32} {_percent(overall, 'unchanged_kept', 'unchanged')} "
          f"{_percent(overall, 'edited_kept', 'edited')} "
          f"{_percent(overall, 'splits_kept_on_likeliest', 'splits')}   "
          f"{_percent(overall, 'merges_resolved', 'merges')} {_percent(overall, 'sections_kept', 'sections')} "
          f"{len(overall.reused):6} {len(overall.unrelated):9}")
    print(f"script conversion only: {100 * overall.rate('script_kept', 'script'):.1f}% of {overall.script} "
          "converted blocks kept their ID")


def print_timings() -> None:
    """Build times for a document of ~2000 blocks (both seeds, paragraphs cut at 。)."""
    sentences = [s for p in paragraphs_of_plain_seed() + paragraphs_of_markdown_seed()
                 for s in re.findall(r"[^。]+。?", p) if s.strip()]
    reviser = Reviser("".join(sorted(set("".join(sentences)))))
    sections = [(f"第{n + 1}节", sentences[i:i + 20]) for n, i in enumerate(range(0, 1900, 20))]
    doc = reviser.document(sections)
    blocks = sum(len(s.blocks) + 2 for s in doc)
    rng = Random("timing")
    cases = [
        ("first build (empty ledger)", None),
        ("rebuild, nothing changed", lambda d: d),
        ("typical revision (20 mixed changes)", lambda d: mixed(reviser, d, rng)),
        ("every block edited 10%", lambda d: _every_block(reviser, d, rng)),
        ("every block replaced by new text", lambda d: _all_new(reviser, d, rng)),
    ]
    first_ledger, _ = build(Ledger(), doc, "1")
    print(f"\ntimings, {blocks} blocks:")
    for label, revision in cases:
        start = time.perf_counter()
        if revision is None:
            build(Ledger(), doc, "1")
        else:
            build(first_ledger, revision(doc), "2")
        print(f"  {label:40} {time.perf_counter() - start:7.2f} s")


def print_real_revision() -> None:
    """The two seeds are two real revisions of one article: the older Markdown witness
    (simplified, in lists and sections) and the later plain-text one (traditional, flat).
    No truth is known here; the counts and the weakest kept pairs show what alignment does."""
    older = [p for p in paragraphs_of_markdown_seed() if not re.match(r"^\d+\.\s", p)]
    later = paragraphs_of_plain_seed()
    start = time.perf_counter()
    ledger, _ = revise(Ledger(), [Observed("p", t) for t in older], "1")
    revised, ids = revise(ledger, [Observed("p", t) for t in later], "2")
    elapsed = time.perf_counter() - start
    kept = sorted((fuzz.ratio(normalise(ledger.entries[i].text), normalise(later[k])), k)
                  for k, i in enumerate(ids) if i in ledger.entries)
    retired = sum(1 for e in revised.entries.values() if e.retired_in == "2")
    print(f"\nreal revision, older Markdown witness ({len(older)} paragraphs) → later plain text "
          f"({len(later)}): {len(kept)} later paragraphs keep an earlier ID, {len(later) - len(kept)} new, "
          f"{retired} earlier IDs retired; similarity of kept pairs: lowest {kept[0][0]:.0f}, "
          f"median {kept[len(kept) // 2][0]:.0f} ({elapsed:.2f} s)")


def _every_block(reviser: Reviser, doc: Document, rng: Random) -> Document:
    for s, section in enumerate(doc):
        for b, block in enumerate(section.blocks):
            if len(block.text) >= 10:
                doc = reviser.edit(doc, s, b, 0.1, rng)
    return doc


def _all_new(reviser: Reviser, doc: Document, rng: Random) -> Document:
    return reviser.document([(s.head.text, [reviser.fresh_text(rng, len(b.text)) for b in s.blocks])
                             for s in doc])


def print_thresholds() -> None:
    """The similarity distributions that justify GAP_THRESHOLD and MOVE_THRESHOLD."""
    def quantiles(values: list[float], points: tuple[float, ...]) -> str:
        values = sorted(values)
        return " / ".join(f"{values[min(len(values) - 1, int(p * len(values)))]:.0f}" for p in points)

    for name, paragraphs in (("markdown", paragraphs_of_markdown_seed()), ("plain", paragraphs_of_plain_seed())):
        texts = sorted({t for t in map(normalise, paragraphs) if len(t) >= 10})
        pairs = [fuzz.ratio(a, b) for i, a in enumerate(texts) for b in texts[i + 1:]]
        print(f"{name}: {len(texts)} paragraphs; different pairs, median / 99th / 99.9th / max: "
              f"{quantiles(pairs, (0.5, 0.99, 0.999, 1.0))}")
        reviser = Reviser("".join(sorted(set("".join(texts)))))
        rng = Random(f"thresholds/{name}")
        for fraction in (0.1, 0.2, 0.3, 0.4):
            scattered, span = [], []
            for text in texts:
                doc = reviser.document([("h", [text])])
                scattered.append(fuzz.ratio(text, reviser.edit(doc, 0, 0, fraction, rng)[0].blocks[0].text))
                length = max(1, int(fraction * len(text)))
                at = rng.randrange(len(text) - length + 1)
                span.append(fuzz.ratio(text, text[:at] + reviser.fresh_text(rng, length) + text[at + length:]))
            points = (0, 0.01, 0.05)
            print(f"  edited {fraction:.0%}: scattered min / 1st / 5th pct {quantiles(scattered, points)}; "
                  f"one span {quantiles(span, points)}")


def print_successors(trials: int) -> None:
    """How much of a retired block's text its live successor holds (:func:`carried`), for successors
    that descend from it (merges) and for those that do not (deletions, chains through one): each
    scenario applied twice in a row to both seeds, ``trials`` times."""
    def lineages(doc: Document, ids: list[str]) -> dict[str, frozenset[int]]:
        return {block_id: frozenset({thing.lineage}) if isinstance(thing, Section) else thing.lineage
                for thing, block_id in zip(observe(doc)[1], ids)}

    related: list[float] = []
    unrelated: list[float] = []
    for name, scenario in SCENARIOS.items():
        for seed_name, (reviser, doc) in seed_documents().items():
            first, ids = build(Ledger(), doc, "1")
            for trial in range(trials):
                rng = Random(f"successors/{name}/{seed_name}/{trial}")
                middle_doc = scenario(reviser, doc, rng)
                middle, middle_ids = build(first, middle_doc, "2")
                last_doc = scenario(reviser, middle_doc, rng)
                last, last_ids = build(middle, last_doc, "3")
                lineage = {**lineages(doc, ids), **lineages(middle_doc, middle_ids)}
                now = lineages(last_doc, last_ids)
                for block_id, entry in last.entries.items():
                    live = resolve(last, block_id)
                    if entry.live or live is None:
                        continue
                    score = carried(entry.text, last.entries[live].text)
                    (related if lineage[block_id] & now[live] else unrelated).append(score)
    followed = [sum(score >= SUCCESSOR_MIN for score in scores) for scores in (related, unrelated)]
    print(f"{len(related) + len(unrelated)} retired IDs resolving to a live block; successor holds their text: "
          f"{len(related)}, {followed[0]} followed (score ≥ {SUCCESSOR_MIN:.0f}), {sum(s >= 90 for s in related)} "
          f"score ≥ 90; successor from other text: {len(unrelated)}, {followed[1]} followed, highest scores "
          f"{' / '.join(f'{score:.0f}' for score in sorted(unrelated, reverse=True)[:3])}; lowest scores of those "
          f"followed: {' / '.join(f'{score:.0f}' for score in sorted(s for s in related if s >= SUCCESSOR_MIN)[:3])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=10, help="revisions per scenario and seed")
    parser.add_argument("--thresholds", action="store_true", help="print the threshold measurements")
    parser.add_argument("--successors", action="store_true", help="print the successor-following measurement")
    args = parser.parse_args()
    if args.thresholds:
        print_thresholds()
        return
    if args.successors:
        print_successors(args.trials)
        return
    print_rates(run_scenarios(args.trials))
    print_real_revision()
    print_timings()


if __name__ == "__main__":
    main()
