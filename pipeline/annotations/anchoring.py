"""Finding every annotation's targets in a freshly generated edition, after any revision.

For each target of each annotation, in order:

1. **The block.** An ID the edition has is used as it is. An ID the edition no longer has but the ID
   ledger knows as retired is followed along its successors to the live block that now stands for it
   (the annotation is *re-anchored*); a retired ID whose chain ends without a live block leaves the
   annotation *orphaned*. An ID nobody ever had is the scholar's mistake: a problem.
2. **The phrase** (for ``#match(…)`` targets), in the block's visible text
   (:mod:`pipeline.annotations.text`). The previous edition (the committed ``tei/<article>.xml``
   the build is about to replace) remembers where each phrase was: its anchor segs give the block's
   old text and the phrase's context. When the block is unchanged, the phrase must be there, as
   written, with its occurrence: if it is not, that is the scholar's mistake (a problem). When the
   block was revised (its text changed, its ID was followed to a successor, or an earlier build had
   already moved the anchor), the phrase is found again: exactly, at the occurrence whose
   surroundings still match the old ones (:func:`surroundings_similarity`); failing that, fuzzily, by
   aligning the old context with the new text and reading off where the phrase's edges went
   (:func:`relocate`). What cannot be found is orphaned, with its old position. Without a previous
   edition (only the ledgers are committed), the committed ledger's text of the block stands in for
   it, and its fingerprints say whether the block was revised (:class:`IdHistory`).

Nothing here raises for an orphan: it is reported (a warning) and kept, so that every edition can
list it. Problems are collected for all annotations and returned together.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from lxml import etree
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from pipeline.annotations.loading import Annotation, AnnotationFile
from pipeline.annotations.pointers import Pointer
from pipeline.annotations.text import BlockText, unwrap
from pipeline.errors import Problem
from pipeline.tei import NS, XML_ID, el, tag

CONTEXT_CHARS = 24
"""Characters of old text kept on each side of a phrase to find it again (about a clause of Chinese)."""
CONTEXT_MIN = 60.0
"""Least similarity (rapidfuzz ratio, 0–100) between the old context-with-phrase and the stretch of new
text it aligns with. A third of the characters rewritten still passes; an unrelated sentence of the same
article scores far lower (the ids stage measured 99 % of unrelated paragraph pairs under 30)."""
PHRASE_MIN = 50.0
"""Least similarity between the phrase as written and the text found at its place: half its
characters must survive, or the place is not the phrase any more."""
ANCHOR_PREFIX = "anchor-"


@dataclass(frozen=True)
class Retired:
    """What the ID ledger says about an ID the edition no longer has: its successors, in order, and
    the live ID at the end of that chain (None when the chain ends without a live block)."""

    chain: tuple[str, ...]
    live: str | None


@dataclass(frozen=True)
class IdHistory:
    """What the ID ledgers say about the blocks: ``retired`` IDs and where they lead (this build's
    retirements included); ``last_text``, each ID's text as the last committed ledger has it;
    ``changed``, the IDs whose text this build changed. The last two stand in for the previous
    edition when there is none (a fresh checkout where only the ledgers are committed)."""

    retired: Mapping[str, Retired] = field(default_factory=dict)
    last_text: Mapping[str, str] = field(default_factory=dict)
    changed: frozenset[str] = frozenset()


@dataclass
class Outcome:
    """Where one annotation ended up: the IDs its merged copy targets, the re-anchoring steps
    (sentences in the article's language), or why it is orphaned (also such a sentence)."""

    annotation: Annotation
    targets: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    orphaned: str | None = None
    ref_targets: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    """A note's ``ref/@target`` → the target (and ``@type``) its merged copy gets: a retired ID's live
    successor, or another article's block as its URL in the published edition (type ``edition``)."""


@dataclass
class Anchoring:
    """The result for one annotation file: outcomes in file order, problems, build warnings."""

    outcomes: list[Outcome]
    problems: list[Problem]
    warnings: list[str]


class OtherEdition(Protocol):
    """What anchoring needs to know about the edition's other articles, for ``ARTICLE.xml#ID`` refs."""

    def check(self, file_name: str, fragment: str) -> str | None:
        """A problem message if the ref cannot be right, else None."""

    def url(self, file_name: str, fragment: str) -> str | None:
        """The ref's URL in the published edition, if the edition's base URL is known."""


def anchor_seg_id(annotation_id: str, target: int, piece: int) -> str:
    """The ID of the ``piece``-th seg of the ``target``-th target (both from 1) of an annotation."""
    return f"{ANCHOR_PREFIX}{annotation_id}-{target}-{piece}"


def anchor(root: etree._Element, annotations: AnnotationFile, history: IdHistory,
           previous: etree._Element | None, other_edition: OtherEdition) -> Anchoring:
    """Anchor every annotation of ``annotations`` in ``root`` (changed in place: phrases get segs)."""
    return _Anchorer(root, annotations, history, previous, other_edition).run()


@dataclass(frozen=True)
class _OldAnchor:
    """Where a phrase target sat in the previous edition."""

    block_id: str
    text: str
    start: int
    end: int

    def context(self) -> tuple[str, str, str]:
        return (self.text[max(0, self.start - CONTEXT_CHARS):self.start], self.text[self.start:self.end],
                self.text[self.end:self.end + CONTEXT_CHARS])


class _Orphan(Exception):
    """Raised inside the anchorer when a target cannot be placed; carries the old-position sentence."""


class _Anchorer:
    def __init__(self, root, annotations, history, previous, other_edition):
        self.root = root
        self.file = annotations
        self.path = str(annotations.path)
        self.article = root.get(XML_ID, annotations.article_id)
        self.lang = root.get("{http://www.w3.org/XML/1998/namespace}lang", "zh-Hans")
        self.history = history
        self.retired = history.retired
        self.other_edition = other_edition
        self.edition_ids = {e.get(XML_ID): e for e in root.iter() if isinstance(e.tag, str) and e.get(XML_ID)}
        text = root.find(tag("text"))
        self.blocks = {e.get(XML_ID): e for e in text.iter() if isinstance(e.tag, str) and e.get(XML_ID)} \
            if text is not None else {}
        self.previous = _PreviousEdition(previous, self.lang) if previous is not None else None
        self.problems: list[Problem] = []
        self.warnings: list[str] = []

    def run(self) -> Anchoring:
        self._check_ids()
        outcomes = [self._annotation(annotation) for annotation in self.file.annotations]
        return Anchoring(outcomes, sorted(self.problems, key=lambda problem: problem.line or 0), self.warnings)

    # problems and warnings -----------------------------------------------------------------
    def _problem(self, annotation: Annotation, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.path, f"annotation '{annotation.id}': {message}", line or annotation.line))

    def _warn(self, annotation: Annotation, message: str) -> None:
        self.warnings.append(f"{self.path}:{annotation.line}: warning: annotation '{annotation.id}' {message}")

    def _check_ids(self) -> None:
        for annotation in self.file.annotations:
            if annotation.id in self.edition_ids:
                self._problem(annotation, f"its ID is already used in the edition {self.article} "
                                          f"(<{etree.QName(self.edition_ids[annotation.id]).localname}>); "
                                          "choose another")
            elif annotation.id.startswith(ANCHOR_PREFIX):
                self._problem(annotation, f"IDs starting with '{ANCHOR_PREFIX}' are reserved for the "
                                          "edition's anchors; choose another")

    # one annotation --------------------------------------------------------------------------
    def _annotation(self, annotation: Annotation) -> Outcome:
        outcome = Outcome(annotation)
        problems_before = len(self.problems)
        self._check_refs(annotation, outcome)
        placed: list[list[str]] = []
        for number, pointer in enumerate(annotation.pointers, start=1):
            try:
                placed.append(self._target(annotation, number, pointer, outcome))
            except _Orphan as orphan:
                outcome.orphaned = str(orphan)
                break
        if len(self.problems) > problems_before:
            return outcome
        if outcome.orphaned is not None:
            self._unwrap(annotation)
            self._warn(annotation, f"cannot be anchored any more ({outcome.orphaned}); it is kept in the "
                                   "edition's list of unanchored annotations")
        else:
            outcome.targets = [target for ids in placed for target in ids]
            for change in outcome.changes:
                self._warn(annotation, f"re-anchored: {change}")
        return outcome

    def _target(self, annotation: Annotation, number: int, pointer: Pointer, outcome: Outcome) -> list[str]:
        if pointer.phrase is None and pointer.block in self.file.ids:
            return [pointer.block]
        block, followed = self._block(annotation, number, pointer, outcome)
        if block is None:
            return []
        if pointer.phrase is None:
            return [block.get(XML_ID)]
        return self._phrase(annotation, number, pointer, block, followed, outcome)

    def _block(self, annotation: Annotation, number: int, pointer: Pointer,
               outcome: Outcome) -> tuple[etree._Element | None, bool]:
        element = self.blocks.get(pointer.block)
        if element is not None:
            return element, False
        retired = self.retired.get(pointer.block)
        if retired is None:
            where = " (it is the ID of an annotation: only a whole annotation can be a target)" \
                if pointer.block in self.file.ids else ""
            self._problem(annotation, f"target ID '{pointer.block}' does not exist in the edition "
                                      f"{self.article}, now or in its ID ledger{where}")
            return None, False
        if retired.live is None or retired.live not in self.blocks:
            raise _Orphan(self._say("deleted", target=str(pointer), old=self._old_words(annotation, number)))
        outcome.changes.append(self._say("retired", old=pointer.block, new=" → ".join(retired.chain)))
        return self.blocks[retired.live], True

    def _phrase(self, annotation: Annotation, number: int, pointer: Pointer, block: etree._Element,
                followed: bool, outcome: Outcome) -> list[str]:
        text = BlockText(block, self.lang)
        old = self.previous.anchor(annotation.id, number) if self.previous else None
        if old is not None:
            revised = followed or old.text != text.text or (
                old.context()[1] != pointer.phrase and self.previous.reanchored(annotation.id))
        else:
            old = self._ledger_anchor(pointer)
            revised = followed or (old is not None and pointer.block in self.history.changed)
        found = text.occurrences(pointer.phrase)
        if revised and old is not None:
            span = self._refind(pointer, text, found, old, outcome)
        elif len(found) >= pointer.occurrence:
            start = found[pointer.occurrence - 1]
            span = start, start + len(pointer.phrase)
        elif followed or (self.previous and self.previous.orphaned(annotation.id)):
            span = None
        else:
            self._problem(annotation, self._not_found(pointer, block, len(found)))
            return []
        if span is None:
            raise _Orphan(self._say("lost", target=str(pointer), block=block.get(XML_ID),
                                    old=self._old_words(annotation, number)))
        segs = text.wrap(*span, lambda piece: el("seg", type="annotated",
                                                xml_id=anchor_seg_id(annotation.id, number, piece),
                                                ana=f"#{annotation.id}"))
        return [seg.get(XML_ID) for seg in segs]

    def _ledger_anchor(self, pointer: Pointer) -> _OldAnchor | None:
        """Where the phrase was in the block's text as the last committed ledger has it (that text
        also holds the block's inline notes and both variant readings: good enough for context)."""
        last = self.history.last_text.get(pointer.block)
        if last is None:
            return None
        found = BlockText.find_all(last, pointer.phrase)
        if len(found) < pointer.occurrence:
            return None
        start = found[pointer.occurrence - 1]
        return _OldAnchor(pointer.block, last, start, start + len(pointer.phrase))

    def _not_found(self, pointer: Pointer, block: etree._Element, count: int) -> str:
        block_id = block.get(XML_ID)
        if count:
            return (f"phrase '{pointer.phrase}' occurs {count} time(s) in block {block_id}, so there is no "
                    f"occurrence {pointer.occurrence}")
        return f"phrase '{pointer.phrase}' not found in block {block_id} (as the edition shows its text)"

    def _refind(self, pointer: Pointer, text: BlockText, found: list[int], old: _OldAnchor,
                outcome: Outcome) -> tuple[int, int] | None:
        left, old_phrase, right = old.context()

        def fit(start: int) -> float:
            end = start + len(pointer.phrase)
            return surroundings_similarity(left, right, text.text[max(0, start - len(left)):start],
                                           text.text[end:end + len(right)])

        best = max(found, key=lambda start: (fit(start), -abs(found.index(start) - pointer.occurrence + 1)),
                   default=None)
        if best is not None and fit(best) >= CONTEXT_MIN:
            if found.index(best) != pointer.occurrence - 1:
                outcome.changes.append(self._say("occurrence", phrase=pointer.phrase, n=str(found.index(best) + 1)))
            return best, best + len(pointer.phrase)
        span = relocate(text.text, left, old_phrase, right)
        if span is not None:
            outcome.changes.append(self._say("moved", old=pointer.phrase, new=text.text[span[0]:span[1]]))
        return span

    def _old_words(self, annotation: Annotation, number: int) -> str:
        """The phrase with its old surroundings, when the previous edition knows them."""
        old = self.previous.anchor(annotation.id, number) if self.previous else None
        if old is None:
            return ""
        left, phrase, right = old.context()
        return self._say("context", text=f"{left}{phrase}{right}")

    def _unwrap(self, annotation: Annotation) -> None:
        """Remove the segs an orphaned annotation's earlier targets got, keeping their text."""
        for seg in self.root.xpath("//tei:seg[@type='annotated'][@ana=$ana]", namespaces=NS,
                                   ana=f"#{annotation.id}"):
            unwrap(seg)

    # refs inside notes ------------------------------------------------------------------------
    def _check_refs(self, annotation: Annotation, outcome: Outcome) -> None:
        for target, line in annotation.refs:
            if target.startswith(("http://", "https://")):
                continue
            name, hash_, fragment = target.partition("#")
            if not hash_ and not name.endswith(".xml"):
                self._problem(annotation, f"ref target '{target}' is neither #ID, ARTICLE.xml#ID nor an "
                                          "http(s) URL", line)
            elif name:
                problem = self.other_edition.check(name, fragment)
                url = None if problem else self.other_edition.url(name, fragment)
                if problem:
                    self._problem(annotation, f"ref target '{target}': {problem}", line)
                elif url:
                    outcome.ref_targets[target] = (url, "edition")
            elif fragment in self.file.ids or fragment in self.blocks:
                continue
            elif fragment in self.retired and self.retired[fragment].live in self.blocks:
                outcome.ref_targets[target] = (f"#{self.retired[fragment].live}", None)
            else:
                self._problem(annotation, f"ref target '{target}': unknown ID '{fragment}' (no annotation of "
                                          f"this file and no block of the edition {self.article} has it)", line)

    # the article's language ---------------------------------------------------------------------
    def _say(self, key: str, **values: str) -> str:
        simplified, traditional = SENTENCES[key]
        traditional_script = any(mark in self.lang.lower() for mark in ("hant", "-tw", "-hk", "-mo"))
        return (traditional if traditional_script else simplified).format(**values)


SENTENCES = {
    "retired": ("原目标 {old} 已在修订中退役，现按 ID 记录指向其后继 {new}。",
                "原目標 {old} 已在修訂中退役，現按 ID 記錄指向其後繼 {new}。"),
    "moved": ("短语“{old}”在修订后的文本中未原样出现，现按上下文定位于“{new}”。",
              "短語「{old}」在修訂後的文本中未原樣出現，現按上下文定位於「{new}」。"),
    "occurrence": ("短语“{phrase}”在修订后的段落中出现的次序有变，现按上下文定位于第 {n} 处。",
                   "短語「{phrase}」在修訂後的段落中出現的次序有變，現按上下文定位於第 {n} 處。"),
    "deleted": ("无法定位：原目标 {target} 所在的段落已在修订中删除，没有后继。{old}",
                "無法定位：原目標 {target} 所在的段落已在修訂中刪除，沒有後繼。{old}"),
    "lost": ("无法定位：原目标 {target} 的短语在修订后的段落 {block} 中已找不到。{old}",
             "無法定位：原目標 {target} 的短語在修訂後的段落 {block} 中已找不到。{old}"),
    "context": ("原文：“{text}”。", "原文：「{text}」。"),
}
"""Sentences the merged TEI carries about re-anchoring, in simplified and traditional script."""


def surroundings_similarity(left: str, right: str, new_left: str, new_right: str) -> float:
    """How much of the old surroundings of a phrase is found on the same side of it now (0–100).

    Like rapidfuzz's ratio, 2·shared/total, but each side only shares with its own side, so that
    text which merely recurs elsewhere in the sentence does not count.
    """
    total = len(left) + len(right) + len(new_left) + len(new_right)
    if not total:
        return 100.0
    shared = Indel.distance(left, new_left), Indel.distance(right, new_right)
    common = (len(left) + len(new_left) - shared[0] + len(right) + len(new_right) - shared[1]) / 2
    return 100.0 * 2 * common / total


def relocate(text: str, left: str, phrase: str, right: str) -> tuple[int, int] | None:
    """Where ``phrase``, last seen between ``left`` and ``right``, now is in ``text`` (or None).

    The old context-with-phrase is aligned with the best-matching stretch of ``text`` (rapidfuzz's
    partial alignment, widened by half its length on each side), character by character (an LCS
    alignment); the phrase's two edges are carried across that alignment, leaving out text inserted
    right at an edge. The result must pass :data:`CONTEXT_MIN` and :data:`PHRASE_MIN`.
    """
    probe = left + phrase + right
    if not text or not phrase:
        return None
    low, high = 0, len(text)
    if len(text) > len(probe):
        best = fuzz.partial_ratio_alignment(probe, text)
        margin = len(probe) // 2
        low, high = max(0, best.dest_start - margin), min(len(text), best.dest_end + margin)
    window = text[low:high]
    opcodes = Indel.opcodes(probe, window)
    context_start, context_end = _edge(opcodes, 0, True), _edge(opcodes, len(probe), False)
    start, end = _edge(opcodes, len(left), True), _edge(opcodes, len(left) + len(phrase), False)
    if end <= start:
        return None
    if fuzz.ratio(probe, window[context_start:context_end]) < CONTEXT_MIN:
        return None
    if fuzz.ratio(phrase, window[start:end]) < PHRASE_MIN:
        return None
    return low + start, low + end


def _edge(opcodes, position: int, opening: bool) -> int:
    """Carry a boundary of the source across an alignment: an opening boundary lands before the
    source character at ``position``, a closing one after the character before it."""
    if opening:
        for op in opcodes:
            if op.tag != "insert" and op.src_start <= position < op.src_end:
                return op.dest_start + (position - op.src_start if op.tag == "equal" else 0)
        return opcodes.dest_len
    if position == 0:
        return 0
    for op in opcodes:
        if op.tag != "insert" and op.src_start <= position - 1 < op.src_end:
            return op.dest_start + (position - op.src_start if op.tag == "equal" else 0)
    return opcodes.dest_len


class _PreviousEdition:
    """The committed edition the build replaces: where each annotation's phrases were, and which
    annotations it already listed as orphaned."""

    def __init__(self, root: etree._Element, lang: str):
        self._anchors: dict[tuple[str, int], list[etree._Element]] = {}
        self._lang = lang
        for seg in root.iterfind(".//tei:text//tei:seg[@type='annotated']", NS):
            parsed = _parse_seg_id(seg.get(XML_ID, ""))
            if parsed:
                self._anchors.setdefault(parsed, []).append(seg)
        self._orphaned = set(root.xpath("tei:standOff/tei:listAnnotation[@type='orphaned']/tei:annotation/@xml:id",
                                        namespaces=NS))
        self._reanchored = set(root.xpath("tei:standOff/tei:listAnnotation/tei:annotation"
                                          "[tei:revisionDesc/tei:change[@type='reanchored']]/@xml:id", namespaces=NS))

    def orphaned(self, annotation_id: str) -> bool:
        return annotation_id in self._orphaned

    def reanchored(self, annotation_id: str) -> bool:
        """Whether the previous build had already moved this annotation (so its anchor may differ from
        the phrase as written without the scholar having changed anything)."""
        return annotation_id in self._reanchored

    def anchor(self, annotation_id: str, number: int) -> _OldAnchor | None:
        segs = self._anchors.get((annotation_id, number))
        if not segs:
            return None
        block = segs[0].getparent()
        while block is not None and (not block.get(XML_ID) or block.get(XML_ID).startswith(ANCHOR_PREFIX)):
            block = block.getparent()
        if block is None:
            return None
        text = BlockText(block, self._lang)
        spans = [span for span in (text.span_of(seg) for seg in segs) if span]
        if not spans:
            return None
        return _OldAnchor(block.get(XML_ID), text.text, spans[0][0], spans[-1][1])


def _parse_seg_id(seg_id: str) -> tuple[str, int] | None:
    if not seg_id.startswith(ANCHOR_PREFIX):
        return None
    head, _, piece = seg_id.rpartition("-")
    annotation_id, _, number = head.rpartition("-")
    if not (number.isdigit() and piece.isdigit() and annotation_id.startswith(ANCHOR_PREFIX)):
        return None
    return annotation_id[len(ANCHOR_PREFIX):], int(number)
