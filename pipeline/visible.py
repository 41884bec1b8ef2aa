"""A block's text as one view of its TEI, and wrapping a stretch of that text in ``<seg>`` elements.

This is the one definition of "the text of a block"; its :class:`View` says which text counts, and
two views exist because two questions are asked:

* :data:`READING`, the text a reader sees, which a phrase target names: note references, notes
  (maintenance tags, editorial notes), gaps, formulas, graphics and the variant reading the article's
  script does not show (:func:`pipeline.lang.shown_variant`) are left out; everything else (links,
  highlighting, the shown variant, protected text, inline code) counts, in document order. The
  annotations stage anchors phrases in it, ``edition validate`` checks them against it, and the writers
  anchor a hand-written TEI's ``#match(…)`` targets in it.
* :data:`IDENTITY`, the text a block's stable ID is known by (:mod:`pipeline.transforms.ids`): all of
  its text but note markers (so renumbering notes edits no paragraph), every variant reading (so the ID
  does not depend on the script shown), notes and layout whitespace included, and the URL of each
  graphic, which is what identifies a figure. Its fingerprints are in the committed ID ledgers, so it
  must not change.

Wrapping works on the same view. Each visible character belongs to one text node (an element's
``text`` or a child's ``tail``); a stretch of the visible text is a run of pieces of consecutive
text nodes, and each piece is wrapped in its own ``<seg>`` where the node is, so the tree's nesting
is never broken and every character stays where it was. Inline code is atomic: a stretch that
touches it wraps the whole ``<code>``, which may not hold a ``<seg>``.
"""
from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from lxml import etree

from pipeline.lang import shown_variant
from pipeline.tei import XML_LANG

LOCAL = etree.QName

CONTAINERS = frozenset({"div", "list", "table", "row", "figure", "listBibl", "choice", "body", "back", "front",
                        "text"})
"""Elements whose own text (between children) is layout whitespace, where a ``<seg>`` may not go."""
MARKERS = frozenset({"ref", "bibl"})
"""Elements that are note markers when their ``@type`` is ``noteref``: never part of a block's text."""


@dataclass(frozen=True)
class View:
    """Which text of a block counts: ``hidden`` elements are skipped whole; ``all_variants`` keeps every
    reading of a ``<choice>`` (else only the one the article's script shows); ``layout`` keeps the
    whitespace between the children of :data:`CONTAINERS`; ``graphic_urls`` counts a graphic's URL
    (padded with spaces); ``atoms`` are elements read whole that cannot hold a ``<seg>``."""

    hidden: frozenset[str]
    all_variants: bool
    layout: bool
    graphic_urls: bool
    atoms: frozenset[str]


READING = View(hidden=frozenset({"note", "gap", "formula", "graphic", "desc", "lb", "pb", "anchor"}),
               all_variants=False, layout=False, graphic_urls=False, atoms=frozenset({"code"}))
IDENTITY = View(hidden=frozenset(), all_variants=True, layout=True, graphic_urls=True, atoms=frozenset())


@dataclass(frozen=True)
class Slot:
    """One visible text node: ``owner.text`` (or ``owner.tail`` when ``tail``) at ``start`` in the block's
    visible text; an atom slot stands for the whole atom element ``owner``."""

    owner: etree._Element
    tail: bool
    start: int
    end: int
    atom: bool = False


def shown_reading(choice: etree._Element, lang: str) -> etree._Element | None:
    """The reading of a ``<choice>`` a page in ``lang`` shows (:func:`pipeline.lang.shown_variant`)."""
    readings = [child for child in choice if isinstance(child.tag, str)]
    langs = [reading.get(XML_LANG) or "" for reading in readings]
    return readings[langs.index(shown_variant(langs, lang))] if readings else None


def _is_marker(element: etree._Element) -> bool:
    return LOCAL(element).localname in MARKERS and element.get("type") == "noteref"


def visible_text(element: etree._Element, lang: str, view: View | None = None,
                 skip: Collection = frozenset()) -> str:
    """The text of ``element`` in ``view`` (default :data:`READING`), without the subtrees in ``skip``."""
    return VisibleText(element, lang, view, skip).text


class VisibleText:
    """The text of ``block`` in ``view`` (default :data:`READING`) in an article of language ``lang``,
    without the subtrees in ``skip`` (nested blocks with IDs of their own), and where each character lives."""

    def __init__(self, block: etree._Element, lang: str, view: View | None = None, skip: Collection = frozenset()):
        self.block = block
        self.lang = lang
        self.view = view or READING
        self.skip = skip
        self.slots: list[Slot] = []
        self._parts: list[str] = []
        self._length = 0
        self._walk(block)
        self.text = "".join(self._parts)

    # reading -------------------------------------------------------------------------------
    def _add(self, owner: etree._Element, tail: bool, text: str | None, atom: bool = False) -> None:
        if not text:
            return
        self.slots.append(Slot(owner, tail, self._length, self._length + len(text), atom))
        self._parts.append(text)
        self._length += len(text)

    def _counts(self, child: etree._Element) -> bool:
        return (isinstance(child.tag, str) and LOCAL(child).localname not in self.view.hidden
                and not _is_marker(child) and child not in self.skip)

    def _walk(self, element: etree._Element) -> None:
        name = LOCAL(element).localname
        container = not self.view.layout and name in CONTAINERS
        if self.view.graphic_urls and name == "graphic":
            # a fetched image's file page is its @source (its @url the local copy): the same
            # value before and after the fetch; its desc (Commons and licence pages) is not text
            address = element.get("source") or element.get("url")
            if address:
                self._add(element, False, f" {address} ", atom=True)
            return
        if not container:
            self._add(element, False, element.text)
        shown = shown_reading(element, self.lang) if name == "choice" and not self.view.all_variants else None
        for child in element:
            if self._counts(child) and (shown is None or child is shown):
                if LOCAL(child).localname in self.view.atoms:
                    self._add(child, False, "".join(child.itertext()), atom=True)
                else:
                    self._walk(child)
            if not container:
                self._add(child, True, child.tail)

    def occurrences(self, phrase: str) -> list[int]:
        """Every start offset of ``phrase`` in the visible text, overlapping ones included."""
        return self.find_all(self.text, phrase)

    @staticmethod
    def find_all(text: str, phrase: str) -> list[int]:
        """Every start offset of ``phrase`` in ``text``, overlapping ones included."""
        found, position = [], text.find(phrase)
        while position >= 0:
            found.append(position)
            position = text.find(phrase, position + 1)
        return found

    def span_of(self, element: etree._Element) -> tuple[int, int] | None:
        """The stretch of visible text inside ``element`` (a descendant of the block), if any."""
        inside = [slot for slot in self.slots if _is_inside(slot, element)]
        if not inside:
            return None
        return inside[0].start, inside[-1].end

    # wrapping ------------------------------------------------------------------------------
    def wrap(self, start: int, end: int, make_seg: Callable[[int], etree._Element]) -> list[etree._Element]:
        """Wrap the visible text ``[start, end)`` in segs made by ``make_seg(piece number)``.

        Returns the segs in document order. The tree changes, so this object is stale afterwards.
        """
        pieces = [slot for slot in self.slots if slot.start < end and slot.end > start]
        segs = [make_seg(number) for number in range(1, len(pieces) + 1)]
        for slot, seg in reversed(list(zip(pieces, segs))):
            if slot.atom:
                _wrap_element(slot.owner, seg)
            else:
                _wrap_text(slot, max(start, slot.start) - slot.start, min(end, slot.end) - slot.start, seg)
        return segs


def _is_inside(slot: Slot, ancestor: etree._Element) -> bool:
    """Whether the slot's text node (its owner's text, or its owner's tail) lies inside ``ancestor``."""
    node = slot.owner.getparent() if slot.tail else slot.owner
    while node is not None:
        if node is ancestor:
            return True
        node = node.getparent()
    return False


def _wrap_text(slot: Slot, cut_start: int, cut_end: int, seg: etree._Element) -> None:
    text = slot.owner.tail if slot.tail else slot.owner.text
    before, middle, after = text[:cut_start], text[cut_start:cut_end], text[cut_end:]
    seg.text, seg.tail = middle, after or None
    if slot.tail:
        slot.owner.tail = before or None
        parent = slot.owner.getparent()
        parent.insert(parent.index(slot.owner) + 1, seg)
    else:
        slot.owner.text = before or None
        slot.owner.insert(0, seg)


def _wrap_element(element: etree._Element, seg: etree._Element) -> None:
    parent = element.getparent()
    parent.insert(parent.index(element), seg)
    seg.tail, element.tail = element.tail, None
    seg.append(element)


def unwrap(element: etree._Element) -> None:
    """Replace ``element`` by its content (text, children, tail), as if it had never been wrapped."""
    parent = element.getparent()
    previous = element.getprevious()
    _append_text(parent, previous, element.text)
    index = parent.index(element)
    children = list(element)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    last = children[-1] if children else previous
    tail = element.tail
    parent.remove(element)
    _append_text(parent, last, tail)


def _append_text(parent: etree._Element, before: etree._Element | None, text: str | None) -> None:
    """Add ``text`` to ``parent`` right after ``before`` (or at its start when ``before`` is None)."""
    if not text:
        return
    if before is None:
        parent.text = (parent.text or "") + text
    else:
        before.tail = (before.tail or "") + text
