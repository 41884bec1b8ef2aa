"""Named revision scenarios on the seed articles, shared by the ID tests and the benchmark.

Each scenario is a function ``(reviser, document, rng) → revised document``;
:func:`run_scenarios` applies each to both seeds ``trials`` times and sums the scores.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from random import Random

from pipeline.ids.ledger import Ledger
from tests.id_revisions import (Document, Reviser, Score, build, convert_script, delete, merge,
                                move_section, paragraphs_of_markdown_seed, paragraphs_of_plain_seed,
                                reorder_notes, score)

SECTION_SIZE = 10
_NOTE = re.compile(r"^\d+\.\s*(.*)$")


@lru_cache(maxsize=1)
def seed_documents() -> dict[str, tuple[Reviser, Document]]:
    """The two seeds as documents, each with a reviser drawing new text from its characters."""
    plain = paragraphs_of_plain_seed()
    markdown = paragraphs_of_markdown_seed()
    notes = [m.group(1) for m in map(_NOTE.match, markdown) if m]
    body = [p for p in markdown if not _NOTE.match(p)]
    documents = {}
    for name, paragraphs, end_notes, other_script in (("plain (zh-Hant)", plain, [], "t2s"),
                                                      ("markdown (zh-Hans)", body, notes, "s2t")):
        reviser = Reviser("".join(sorted(set("".join(paragraphs)) - set(" \n"))), other_script)
        sections = [(f"第{n + 1}节", paragraphs[i:i + SECTION_SIZE])
                    for n, i in enumerate(range(0, len(paragraphs), SECTION_SIZE))]
        documents[name] = (reviser, reviser.document(sections, end_notes))
    return documents


def _body(doc: Document) -> Document:
    """The sections before the notes section, if there is one."""
    return doc[:-1] if doc[-1].blocks and doc[-1].blocks[0].kind == "n" else doc


def _somewhere(doc: Document, rng: Random, min_length: int = 1, room: int = 0) -> tuple[int, int] | None:
    """A random body (section, block) whose text has ``min_length`` characters and ``room``
    blocks after it in its section; None if there is none."""
    places = [(s, b) for s, section in enumerate(_body(doc)) for b, block in enumerate(section.blocks)
              if len(block.text) >= min_length and b + room < len(section.blocks)]
    return places[rng.randrange(len(places))] if places else None


Revision = Callable[[Reviser, Document, Random], Document]


def _repeat(times: int, revision: Revision) -> Revision:
    def revise_many(reviser: Reviser, doc: Document, rng: Random) -> Document:
        for _ in range(times):
            doc = revision(reviser, doc, rng)
        return doc
    return revise_many


def _insert(r: Reviser, d: Document, rng: Random) -> Document:
    place = _somewhere(d, rng)
    return r.insert(d, *place, r.fresh_text(rng, rng.randrange(20, 200))) if place else d


def _delete(r: Reviser, d: Document, rng: Random) -> Document:
    place = _somewhere(d, rng)
    return delete(d, *place) if place else d


def _edit(fraction: float) -> Revision:
    def edit(r: Reviser, d: Document, rng: Random) -> Document:
        place = _somewhere(d, rng, min_length=10)
        return r.edit(d, *place, fraction, rng) if place else d
    return edit


def _edit_word(r: Reviser, d: Document, rng: Random) -> Document:
    """Replace a two-character word: the smallest edit a Chinese text sees."""
    place = _somewhere(d, rng, min_length=10)
    if place is None:
        return d
    s, b = place
    return r.edit(d, s, b, 2 / len(d[s].blocks[b].text), rng)


def _rewrite(r: Reviser, d: Document, rng: Random) -> Document:
    place = _somewhere(d, rng, min_length=10)
    return r.rewrite_half_sentence(d, *place, rng) if place else d


def _split(r: Reviser, d: Document, rng: Random) -> Document:
    place = _somewhere(d, rng, min_length=20)
    return r.split(d, *place, rng.uniform(0.2, 0.8)) if place else d


def _merge(r: Reviser, d: Document, rng: Random) -> Document:
    place = _somewhere(d, rng, room=1)
    return merge(d, *place) if place else d


def _move(r: Reviser, d: Document, rng: Random) -> Document:
    body = len(_body(d))
    if body < 2:
        return d
    source = rng.randrange(body)
    return move_section(d, source, rng.choice([t for t in range(body) if t != source]))


def _reorder_notes(r: Reviser, d: Document, rng: Random) -> Document:
    return reorder_notes(d, rng) if len(_body(d)) < len(d) else d


def _script(r: Reviser, d: Document, rng: Random) -> Document:
    return convert_script(d, r.other_script)


#: Single changes, by name, for property tests to combine.
OPERATIONS: dict[str, Revision] = {
    "insert": _insert, "delete": _delete, "edit 10%": _edit(0.1), "edit 20%": _edit(0.2),
    "edit a word": _edit_word, "rewrite half a sentence": _rewrite, "split": _split, "merge": _merge,
    "move a section": _move, "reorder notes": _reorder_notes, "script": _script,
}


def mixed(r: Reviser, d: Document, rng: Random) -> Document:
    """A busy revision: twenty changes of every kind but script conversion at once."""
    operations = [op for name, op in OPERATIONS.items() if name not in ("script", "reorder notes")]
    for _ in range(20):
        d = rng.choice(operations)(r, d, rng)
    return d


SCENARIOS = {
    "insert 5 paragraphs": _repeat(5, _insert),
    "delete 5 paragraphs": _repeat(5, _delete),
    "edit a word (x10)": _repeat(10, _edit_word),
    "rewrite half a sentence (x10)": _repeat(10, _rewrite),
    "edit 10% of a paragraph (x10)": _repeat(10, _edit(0.1)),
    "edit 20% of a paragraph (x10)": _repeat(10, _edit(0.2)),
    "split a paragraph (x3)": _repeat(3, _split),
    "merge two paragraphs (x3)": _repeat(3, _merge),
    "move a section": _move,
    "reorder notes": _reorder_notes,
    "simplified<->traditional only": _script,
    "mixed: 20 changes": mixed,
}


def run_scenarios(trials: int) -> dict[str, Score]:
    totals = {}
    for name, scenario in SCENARIOS.items():
        total = Score()
        for seed_name, (reviser, doc) in seed_documents().items():
            before_ledger, ids_before = build(Ledger(), doc, "1")
            for trial in range(trials):
                after = scenario(reviser, doc, Random(f"{name}/{seed_name}/{trial}"))
                after_ledger, ids_after = build(before_ledger, after, "2")
                total.add(score(doc, ids_before, before_ledger, after, ids_after, after_ledger))
        totals[name] = total
    return totals
