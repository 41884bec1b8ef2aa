"""Simulated revisions of an article, with ground truth, for the ID stability tests and benchmark.

A document is a tuple of sections (a heading and leaf blocks). Every block carries its
*lineage*: the tokens of the original blocks its text descends from (one for an untouched or
edited block, the original's for both parts of a split, the union for a merge). A revision
function returns a new document whose changed blocks say how they changed; :func:`score`
then compares the IDs a build gave with that truth. Used by ``tests/test_ids.py`` (driven by
hypothesis) and ``benchmarks/id_stability.py`` (driven by a seeded ``random.Random``).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import count
from pathlib import Path
from random import Random

import opencc
from rapidfuzz.distance import LCSseq

from pipeline.ids.ledger import Ledger, resolve
from pipeline.ids.revise import Observed, revise
from pipeline.ids.text import normalise

REPO = Path(__file__).resolve().parent.parent
PLAIN_SEED = REPO / "articles" / "korean-war.zh-hant.txt"
MARKDOWN_SEED = REPO / "articles" / "korean-war.wiki.md"


@dataclass(frozen=True)
class Block:
    """A leaf block: kind, text, lineage, and how this revision changed it.

    ``change`` is None (untouched), ``edit`` (``edited`` = fraction of characters changed),
    ``script`` (converted to the other script only), ``split``, ``merge`` or ``new``.
    """

    kind: str
    text: str
    lineage: frozenset[int]
    change: str | None = None
    edited: float = 0.0


@dataclass(frozen=True)
class Section:
    head: Block
    blocks: tuple[Block, ...]
    lineage: int


Document = tuple[Section, ...]


def paragraphs_of_plain_seed() -> list[str]:
    """The plain-text seed's paragraphs (split on blank lines), whitespace-collapsed."""
    text = PLAIN_SEED.read_text(encoding="utf-8")
    return [p for p in (" ".join(chunk.split()) for chunk in text.split("\n\n")) if p]


def paragraphs_of_markdown_seed() -> list[str]:
    """The Markdown seed's paragraphs as Pandoc's plain-text writer gives them."""
    import pypandoc

    plain = pypandoc.convert_file(str(MARKDOWN_SEED), "plain", format="markdown",
                                  extra_args=["--wrap=none"])
    return [p for p in (" ".join(chunk.split()) for chunk in plain.split("\n\n")) if p]


@dataclass
class Reviser:
    """Makes documents and revisions, handing out fresh lineage tokens. New text is drawn
    from ``alphabet``; ``other_script`` is the OpenCC conversion to the other script."""

    alphabet: str
    other_script: str = "s2t"
    tokens: count = field(default_factory=count)

    def block(self, kind: str, text: str) -> Block:
        return Block(kind, text, frozenset({next(self.tokens)}))

    def document(self, sections: Sequence[tuple[str, Sequence[str]]], notes: Sequence[str] = ()) -> Document:
        """Sections of (heading, paragraphs), then a notes section if ``notes``."""
        doc = [Section(self.block("h", head), tuple(self.block("p", t) for t in texts), next(self.tokens))
               for head, texts in sections]
        if notes:
            doc.append(Section(self.block("h", "注释"), tuple(self.block("n", t) for t in notes),
                               next(self.tokens)))
        return tuple(settle(doc))

    def fresh_text(self, rng: Random, length: int) -> str:
        return "".join(rng.choice(self.alphabet) for _ in range(length))

    # -- revisions: each returns a new document --------------------------------------------
    def insert(self, doc: Document, section: int, at: int, text: str) -> Document:
        s = doc[section]
        block = replace(self.block("p", text), change="new")
        return _with(doc, section, s.blocks[:at] + (block,) + s.blocks[at:])

    def edit(self, doc: Document, section: int, at: int, fraction: float, rng: Random) -> Document:
        """Scattered substitutions, insertions and deletions of ``fraction`` of the characters."""
        block = doc[section].blocks[at]
        chars = list(block.text)
        edits = max(1, int(fraction * len(chars)))
        for _ in range(edits):
            op, i = rng.choice("sid"), rng.randrange(len(chars))
            if op == "s":
                chars[i] = rng.choice(self.alphabet)
            elif op == "i" or len(chars) == 1:
                chars.insert(i, rng.choice(self.alphabet))
            else:
                del chars[i]
        return _replace_block(doc, section, at, _edited(block, "".join(chars), edits))

    def rewrite_half_sentence(self, doc: Document, section: int, at: int, rng: Random) -> Document:
        """Replace the second half of one sentence of the block with new text."""
        block = doc[section].blocks[at]
        sentences = [m.span() for m in re.finditer(r"[^。！？]+[。！？]?", block.text)]
        start, end = sentences[rng.randrange(len(sentences))]
        middle = (start + end) // 2
        text = block.text[:middle] + self.fresh_text(rng, end - middle) + block.text[end:]
        return _replace_block(doc, section, at, _edited(block, text, end - middle))

    def split(self, doc: Document, section: int, at: int, where: float) -> Document:
        s = doc[section]
        block = s.blocks[at]
        cut = min(len(block.text) - 1, max(1, int(where * len(block.text))))
        change = "new" if block.change == "new" else "split"
        parts = (replace(block, text=block.text[:cut], change=change),
                 replace(block, text=block.text[cut:], change=change))
        return _with(doc, section, s.blocks[:at] + parts + s.blocks[at + 1:])


def settle(doc: Sequence[Section]) -> list[Section]:
    """Sections as they are after a revision: changes only describe the revision that made them."""
    return [Section(replace(s.head, change=None, edited=0.0),
                    tuple(replace(b, change=None, edited=0.0) for b in s.blocks), s.lineage)
            for s in doc]


def _edited(block: Block, text: str, characters: int) -> Block:
    """``block`` with ``text`` after an edit of ``characters`` characters; edits add up, and a
    new, split or merged block stays what it is."""
    if block.change in ("new", "split", "merge"):
        return replace(block, text=text)
    return replace(block, text=text, change="edit", edited=block.edited + characters / len(block.text))


def _with(doc: Document, section: int, blocks: tuple[Block, ...]) -> Document:
    return doc[:section] + (replace(doc[section], blocks=blocks),) + doc[section + 1:]


def _replace_block(doc: Document, section: int, at: int, block: Block) -> Document:
    blocks = doc[section].blocks
    return _with(doc, section, blocks[:at] + (block,) + blocks[at + 1:])


def delete(doc: Document, section: int, at: int) -> Document:
    blocks = doc[section].blocks
    return _with(doc, section, blocks[:at] + blocks[at + 1:])


def merge(doc: Document, section: int, at: int) -> Document:
    """Join block ``at`` with the next one of the same section. Joining a block with text new
    in this revision is an edit of that block (it gained the new text), not a merge."""
    blocks = doc[section].blocks
    first, second = blocks[at], blocks[at + 1]
    text = first.text + second.text
    if "new" in (first.change, second.change):
        old, added = (second, first) if first.change == "new" else (first, second)
        joined = old if old.change == "new" else _edited(old, text, len(added.text))
        joined = replace(joined, text=text)
    else:
        joined = Block(first.kind, text, first.lineage | second.lineage, "merge")
    return _with(doc, section, blocks[:at] + (joined,) + blocks[at + 2:])


def move_section(doc: Document, section: int, to: int) -> Document:
    moved = doc[section]
    rest = doc[:section] + doc[section + 1:]
    return rest[:to] + (moved,) + rest[to:]


def reorder_notes(doc: Document, rng: Random) -> Document:
    """Shuffle the blocks of the notes section (the last section, holding notes)."""
    notes = list(doc[-1].blocks)
    rng.shuffle(notes)
    return _with(doc, len(doc) - 1, tuple(notes))


def convert_script(doc: Document, config: str) -> Document:
    """Every text through OpenCC ``config`` (``s2t``, ``t2s``, ``s2tw``…)."""
    converter = opencc.OpenCC(config)

    def convert(block: Block) -> Block:
        text = converter.convert(block.text)
        untouched = block.change is None and text != block.text
        return replace(block, text=text, change="script" if untouched else block.change)

    return tuple(Section(convert(s.head), tuple(convert(b) for b in s.blocks), s.lineage) for s in doc)


# -- building and scoring ---------------------------------------------------------------------
def observe(doc: Document) -> tuple[list[Observed], list[Block | Section]]:
    """The blocks a build sees, and for each the simulated block (or section) it is."""
    observed: list[Observed] = []
    truth: list[Block | Section] = []
    for section in doc:
        parent = len(observed)
        observed.append(Observed("s", section.head.text))
        truth.append(section)
        for block in (section.head, *section.blocks):
            observed.append(Observed(block.kind, block.text, parent))
            truth.append(block)
    return observed, truth


def build(ledger: Ledger, doc: Document, label: str) -> tuple[Ledger, list[str]]:
    observed, _ = observe(doc)
    return revise(ledger, observed, label)


@dataclass
class Score:
    """Counts of what happened to the blocks of one revision (or several, summed)."""

    unchanged: int = 0
    unchanged_kept: int = 0
    edited: int = 0            # edited by at most 20 % of their characters
    edited_kept: int = 0
    script: int = 0
    script_kept: int = 0
    splits: int = 0
    splits_kept_on_likeliest: int = 0
    merges: int = 0
    merges_resolved: int = 0   # one ID kept, the other retired into the merged block
    sections: int = 0
    sections_kept: int = 0
    reused: list[str] = field(default_factory=list)
    unrelated: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name, value in vars(other).items():
            setattr(self, name, getattr(self, name) + value)

    def rate(self, kept: str, total: str) -> float:
        return getattr(self, kept) / getattr(self, total) if getattr(self, total) else 1.0


def score(before: Document, ids_before: list[str], ledger_before: Ledger,
          after: Document, ids_after: list[str], ledger_after: Ledger) -> Score:
    """Compare the IDs of ``after`` with the truth of how it came from ``before``."""
    result = Score()
    _, truth_before = observe(before)
    _, truth_after = observe(after)
    id_of_token: dict[int, str] = {}
    lineage_of_id: dict[str, frozenset[int]] = {}
    for thing, block_id in zip(truth_before, ids_before):
        lineage = frozenset({thing.lineage}) if isinstance(thing, Section) else thing.lineage
        lineage_of_id[block_id] = lineage
        if len(lineage) == 1:
            id_of_token[next(iter(lineage))] = block_id
    parts_of_split: dict[int, list[tuple[Block, str]]] = {}
    for thing, block_id in zip(truth_after, ids_after):
        if block_id in ledger_before.entries and not ledger_before.entries[block_id].live:
            result.reused.append(block_id)
        if isinstance(thing, Section):
            result.sections += 1
            result.sections_kept += id_of_token.get(thing.lineage) == block_id
            continue
        if block_id in lineage_of_id and not (lineage_of_id[block_id] & thing.lineage) and \
                normalise(ledger_before.entries[block_id].text) != normalise(thing.text):
            result.unrelated.append(block_id)
        kept = _kept(thing, block_id, id_of_token, ledger_before)
        if thing.change is None and len(thing.lineage) == 1 and next(iter(thing.lineage)) in id_of_token:
            result.unchanged += 1
            result.unchanged_kept += kept
        elif thing.change == "edit" and thing.edited <= 0.2:
            result.edited += 1
            result.edited_kept += kept
        elif thing.change == "script":
            result.script += 1
            result.script_kept += kept
        elif thing.change == "split":
            parts_of_split.setdefault(next(iter(thing.lineage)), []).append((thing, block_id))
        elif thing.change == "merge":
            result.merges += 1
            old_ids = [id_of_token[t] for t in sorted(thing.lineage) if t in id_of_token]
            retired = [i for i in old_ids if i != block_id]
            result.merges_resolved += block_id in old_ids and all(
                resolve(ledger_after, i) == block_id for i in retired)
    for token, parts in sorted(parts_of_split.items()):
        original = ledger_before.entries[id_of_token[token]].text
        likeliest = max(parts, key=lambda part: LCSseq.similarity(normalise(original), normalise(part[0].text)))
        result.splits += 1
        result.splits_kept_on_likeliest += likeliest[1] == id_of_token[token]
    return result


def _kept(block: Block, block_id: str, id_of_token: dict[int, str], ledger_before: Ledger) -> bool:
    """The block kept its ID: the one its lineage had, or one an identical old text had
    (identical blocks, such as empty notes, cannot be told apart)."""
    if len(block.lineage) == 1 and id_of_token.get(next(iter(block.lineage))) == block_id:
        return True
    old = ledger_before.entries.get(block_id)
    return old is not None and normalise(old.text) == normalise(block.text)
