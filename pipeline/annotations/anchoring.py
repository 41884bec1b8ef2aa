"""Finding every annotation's targets in a freshly generated edition, after any revision.

For each target of each annotation, in order:

1. **The block.** An ID the edition has is used as it is. An ID the edition no longer has but the ID
   ledger knows as retired is followed along its successors to the live block that now stands for it
   (the annotation is *re-anchored*); a retired ID whose chain ends without a live block leaves the
   annotation *orphaned*. An ID nobody ever had is the scholar's mistake: a problem.
2. **The phrase** (for ``#match(…)`` targets), in the block's visible text
   (:mod:`pipeline.visible`). The previous edition (the committed ``tei/<article>.xml``
   the build is about to replace) remembers where each phrase was: its anchor segs give the block's
   old text and the phrase's context. When the block is unchanged, the phrase must be there, as
   written, with its occurrence: if it is not, that is the scholar's mistake (a problem). When the
   block was revised (its text changed, its ID was followed to a successor, or an earlier build had
   already moved the anchor), the phrase is found again (:mod:`pipeline.annotations.relocate`):
   exactly, at the occurrence whose surroundings still match the old ones; failing that, fuzzily, by
   aligning the old context with the new text and reading off where the phrase's edges went. What
   cannot be found is orphaned, with its old position. Without a previous edition
   (:mod:`pipeline.annotations.previous`; only the ledgers are committed), the committed ledger's
   text of the block stands in for it, and its fingerprints say whether the block was revised
   (:class:`IdHistory`).

Nothing here raises for an orphan: it is reported (a warning) and kept, so that every edition can
list it. Problems are collected for all annotations and returned together.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from lxml import etree

from pipeline.annotations.loading import Annotation, AnnotationFile
from pipeline.annotations.previous import OldAnchor, PreviousEdition
from pipeline.annotations.relocate import find_again
from pipeline.errors import Problem
from pipeline.targets import ANCHOR_PREFIX, Pointer, anchor_seg
from pipeline.tei import NS, XML_ID, tag
from pipeline.visible import VisibleText, unwrap
from pipeline.wording import sentence


@dataclass(frozen=True)
class Retired:
    """What the ID ledger says about an ID the edition no longer has: its successors, in order, the
    live ID at the end of that chain (None when the chain ends without a live block), and whether
    that live block still carries the retired one's text (only then does an annotation follow it:
    :func:`pipeline.annotations.project.carried`; a note's link follows it regardless)."""

    chain: tuple[str, ...]
    live: str | None
    same_text: bool = True


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


def anchor(root: etree._Element, annotations: AnnotationFile, history: IdHistory,
           previous: etree._Element | None, other_edition: OtherEdition) -> Anchoring:
    """Anchor every annotation of ``annotations`` in ``root`` (changed in place: phrases get segs)."""
    return _Anchorer(root, annotations, history, previous, other_edition).run()


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
        self.previous = PreviousEdition(previous, self.lang) if previous is not None else None
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
        if pointer.answers(self.file.ids):
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
        if retired.live is None or retired.live not in self.blocks or not retired.same_text:
            raise _Orphan(self._say("deleted", target=str(pointer),
                                    old=self._old_words(annotation, number, pointer.block)))
        outcome.changes.append(self._say("retired", old=pointer.block, new=" → ".join(retired.chain)))
        return self.blocks[retired.live], True

    def _phrase(self, annotation: Annotation, number: int, pointer: Pointer, block: etree._Element,
                followed: bool, outcome: Outcome) -> list[str]:
        text = VisibleText(block, self.lang)
        old = self.previous.anchor(annotation.id, number) if self.previous else None
        if old is not None:
            revised = followed or old.text != text.text or (
                old.context()[1] != pointer.phrase and self.previous.reanchored(annotation.id))
        else:
            old = self._ledger_anchor(pointer)
            revised = followed or (old is not None and pointer.block in self.history.changed)
        found = text.occurrences(pointer.phrase)
        if revised and old is not None:
            span = self._refind(pointer, text, old, outcome)
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
                                    old=self._old_words(annotation, number, pointer.block)))
        segs = text.wrap(*span, lambda piece: anchor_seg(annotation.id, number, piece))
        return [seg.get(XML_ID) for seg in segs]

    def _ledger_anchor(self, pointer: Pointer) -> OldAnchor | None:
        """Where the phrase was in the block's text as the last committed ledger has it (that text
        also holds the block's inline notes and both variant readings: good enough for context)."""
        last = self.history.last_text.get(pointer.block)
        if last is None:
            return None
        found = VisibleText.find_all(last, pointer.phrase)
        if len(found) < pointer.occurrence:
            return None
        start = found[pointer.occurrence - 1]
        return OldAnchor(pointer.block, last, start, start + len(pointer.phrase))

    def _not_found(self, pointer: Pointer, block: etree._Element, count: int) -> str:
        block_id = block.get(XML_ID)
        if count:
            return (f"phrase '{pointer.phrase}' occurs {count} time(s) in block {block_id}, so there is no "
                    f"occurrence {pointer.occurrence}")
        return f"phrase '{pointer.phrase}' not found in block {block_id} (as the edition shows its text)"

    def _refind(self, pointer: Pointer, text: VisibleText, old: OldAnchor,
                outcome: Outcome) -> tuple[int, int] | None:
        found = find_again(text.text, old, pointer.phrase, pointer.occurrence)
        if found is None:
            return None
        # Found in the compared form but written otherwise now (the other script, say): a change the
        # scholar is told of, and the next build finds it again the same way (it was re-anchored).
        if text.text[found.start:found.end] != pointer.phrase:
            outcome.changes.append(self._say("moved", old=pointer.phrase, new=text.text[found.start:found.end]))
        elif found.occurrence is not None and found.occurrence != pointer.occurrence:
            outcome.changes.append(self._say("occurrence", phrase=pointer.phrase, n=str(found.occurrence)))
        return found.start, found.end

    def _old_words(self, annotation: Annotation, number: int, block_id: str) -> str:
        """The phrase with its old surroundings, when the previous edition knows them; else the
        target block's last text as the committed ledger has it."""
        old = self.previous.anchor(annotation.id, number) if self.previous else None
        if old is not None:
            return self._say("context", text="".join(old.context()))
        last = self.history.last_text.get(block_id)
        return self._say("context", text=last) if last else ""

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
        return sentence(key, self.lang, **values)
