"""Where an ID of an article is now: the answer behind ``edition resolve ARTICLE#ID``.

IDs resolve forever: a live ID gives its block's text and place; a retired one gives the
chain of successors it led to, the build it retired in and where its live end now is. Only an
ID the article never had is an error. Pure functions over a TEI tree and its ledger; the CLI
loads them and prints :meth:`Resolution.report`.
"""
from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from pipeline.errors import EditionError
from pipeline.ids.ledger import Ledger, successor_chain
from pipeline.ids.text import display_text
from pipeline.tei import XML_ID, tag
from pipeline.ids.blocks import block_texts, citable_blocks

UNTITLED = "(section without heading)"


@dataclass(frozen=True)
class Location:
    """A live block: its text, the headings of the sections around it (outermost first; a
    back-matter division by its type, e.g. ``notes``) and its 1-based place among the
    article's citable blocks."""

    block_id: str
    kind: str
    text: str
    sections: tuple[str, ...]
    position: int
    of: int


@dataclass(frozen=True)
class Resolution:
    """What an ID stands for now. ``location`` is the block itself when ``live``, else the live
    end of ``chain`` (None when the chain ends at a retired ID without successor)."""

    requested: str
    live: bool
    location: Location | None
    chain: tuple[str, ...] = ()
    retired_in: str | None = None
    former_text: str | None = None

    def report(self, article: str) -> str:
        """The lines ``edition resolve`` prints."""
        if self.live:
            lines = [f"{article}#{self.requested}: live"]
        else:
            lines = [f"{article}#{self.requested}: retired in build {self.retired_in}"]
            if self.former_text is not None:
                lines.append(f"  was: {self.former_text}")
            if self.chain:
                end = "live" if self.location is not None else "retired, no successor"
                lines.append(f"  successors: {' → '.join(self.chain)} ({end})")
            else:
                lines.append("  successors: none (nothing of the article survived near it)")
        if self.location is not None:
            where = " › ".join(self.location.sections) or "(top level)"
            lines.append(f"  now: {self.location.block_id}, block {self.location.position} of "
                         f"{self.location.of}, in {where}")
            lines.append(f"  text: {self.location.text}")
        return "\n".join(lines)


def _division_label(div: etree._Element, texts: dict[etree._Element, str]) -> str:
    if div.get("type") == "section":
        return texts.get(div) or UNTITLED
    return div.get("type") or "div"


def locate(tei_root: etree._Element, block_id: str) -> Location | None:
    """The citable block of ``tei_root`` whose ``xml:id`` is ``block_id``, or None."""
    blocks = citable_blocks(tei_root)
    texts = {b.element: display_text(t) for b, t in zip(blocks, block_texts(blocks))}
    for position, block in enumerate(blocks, start=1):
        if block.element.get(XML_ID) == block_id:
            sections = tuple(_division_label(div, texts)
                             for div in reversed(list(block.element.iterancestors(tag("div")))))
            return Location(block_id, block.kind, texts[block.element], sections, position, len(blocks))
    return None


def resolve_id(tei_root: etree._Element, ledger: Ledger, block_id: str, source: str) -> Resolution:
    """Resolve ``block_id`` in an article's TEI and ledger.

    ``source`` names what was searched in error messages (e.g. the ledger's path). Raises
    EditionError (status 1) for an ID the article never had, and for a ledger that disagrees
    with the TEI (a live ID missing from it: the edition is stale and needs a build).
    """
    entry = ledger.entries.get(block_id)
    if entry is None:
        location = locate(tei_root, block_id)
        if location is None:
            raise EditionError.at(source, f"{block_id}: no such ID in this article, now or in any "
                                          "earlier build", status=1)
        return Resolution(block_id, True, location)
    chain = tuple(successor_chain(ledger, block_id))
    final = (chain or (block_id,))[-1]
    location = None
    if ledger.entries[final].live:
        location = locate(tei_root, final)
        if location is None:
            raise EditionError.at(source, f"{final}: live in the ID ledger but absent from the TEI; "
                                          "rebuild the article", status=1)
    if entry.live:
        return Resolution(block_id, True, location)
    return Resolution(block_id, False, location, chain, entry.retired_in, entry.text)
