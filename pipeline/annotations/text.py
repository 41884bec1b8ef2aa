"""The text a reader sees in a block, and wrapping a stretch of it in ``<seg>`` elements.

A phrase target names words as they appear in the edition, so it is matched against the block's
*visible* text: note references, notes (maintenance tags, editorial notes), gaps, formulas and the
variant reading the article's script does not show are left out; everything else (links,
highlighting, the shown variant, protected text, inline code) counts, in document order.

Wrapping works on that same view. Each visible character belongs to one text node (an element's
``text`` or a child's ``tail``); a stretch of the visible text is a run of pieces of consecutive
text nodes, and each piece is wrapped in its own ``<seg>`` where the node is, so the tree's nesting
is never broken and every character stays where it was. Inline code is atomic: a stretch that
touches it wraps the whole ``<code>``, which may not hold a ``<seg>``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from pipeline.tei import XML_LANG

LOCAL = etree.QName

HIDDEN = frozenset({"note", "gap", "formula", "graphic", "desc", "lb", "pb", "anchor"})
"""Elements whose content the reader does not see as part of the running text."""
CONTAINERS = frozenset({"div", "list", "table", "row", "figure", "listBibl", "choice", "body", "back", "front",
                        "text"})
"""Elements whose own text (between children) is layout whitespace, where a ``<seg>`` may not go."""
ATOMS = frozenset({"code"})
"""Elements shown as text but unable to hold a ``<seg>``: wrapped whole."""


@dataclass(frozen=True)
class Slot:
    """One visible text node: ``owner.text`` (or ``owner.tail`` when ``tail``) at ``start`` in the block's
    visible text; an atom slot stands for the whole atom element ``owner``."""

    owner: etree._Element
    tail: bool
    start: int
    end: int
    atom: bool = False


def shown_variant(choice: etree._Element, lang: str) -> etree._Element | None:
    """The reading of a ``<choice>`` the article's script shows: its own language, then its script, then the first."""
    readings = [child for child in choice if isinstance(child.tag, str)]
    script = lang.split("-")[1] if "-" in lang else ""
    for reading in readings:
        if reading.get(XML_LANG) == lang:
            return reading
    for reading in readings:
        if script and f"-{script}" in (reading.get(XML_LANG) or ""):
            return reading
    return readings[0] if readings else None


def _hidden(element: etree._Element) -> bool:
    name = LOCAL(element).localname
    if name in HIDDEN:
        return True
    return name in ("ref", "bibl") and element.get("type") == "noteref"


class BlockText:
    """The visible text of ``block`` in an article of language ``lang``, and where each character lives."""

    def __init__(self, block: etree._Element, lang: str):
        self.block = block
        self.lang = lang
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

    def _walk(self, element: etree._Element) -> None:
        container = LOCAL(element).localname in CONTAINERS
        if not container:
            self._add(element, False, element.text)
        shown = shown_variant(element, self.lang) if LOCAL(element).localname == "choice" else None
        for child in element:
            if isinstance(child.tag, str) and not _hidden(child) and (shown is None or child is shown):
                if LOCAL(child).localname in ATOMS:
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
