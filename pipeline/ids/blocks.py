"""Which elements of a TEI document are citable blocks, and the text each is known by.

Which elements are citable (docs/tei-model.md, "Identifiers"), in document order inside
``<text>``:

* ``div[@type='section']`` (``s-``) and block-level ``quote`` (``q-``) are *containers*: their
  IDs follow their members (:mod:`pipeline.ids.revise`);
* ``p``, ``head``, ``item``, ``ab``, ``figure``, ``table`` and block-level ``note`` (a child of
  a ``div``, e.g. the end notes) are leaves, and so are ``bibl``/``biblStruct`` in a
  ``listBibl``;
* nothing inside a ``head``, ``ab``, ``note``, ``bibl``, ``biblStruct``, ``figure`` or ``table``
  is citable on its own: a figure's caption, a note's editorial remark, a table's cells are
  part of that block's text. Inside a ``p`` only a ``figure`` or ``table`` is its own block;
  the paragraphs of a list item are the item's text (its nested lists are blocks of their own).

A block's text is its own text: the text of everything inside it except nested citable
blocks (an item's nested list) and note markers (``ref``/``bibl`` of type ``noteref``, so that
renumbering the notes edits no paragraph), plus the URL of any ``graphic``, which is what
identifies a figure. A section's text is its heading's; a quote's is all of its text.

The ids stage mints and keeps their IDs (:mod:`pipeline.transforms.ids`); ``edition resolve``
finds a block again by the same definition.
"""
from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from pipeline.ids.minting import CONTAINER_KINDS, KIND_OF_TAG
from pipeline.tei import TEI_NS, tag
from pipeline.visible import IDENTITY, visible_text

#: Citable blocks whose whole content is their text: nothing inside them is cited separately.
_ABSORBING = frozenset({"head", "ab", "note", "bibl", "biblStruct", "figure", "table"})
#: Inside a paragraph, only these are blocks of their own.
_BLOCKS_IN_P = frozenset({"figure", "table"})
_NOTE_PARENTS = frozenset({"div", "listNote", "body", "back", "front"})


@dataclass(frozen=True)
class CitableBlock:
    """A citable element, its kind, and the index of its innermost section or quote."""

    element: etree._Element
    kind: str
    parent: int | None


def local_name(element: etree._Element) -> str | None:
    if not isinstance(element.tag, str) or not element.tag.startswith(f"{{{TEI_NS}}}"):
        return None
    return etree.QName(element).localname


def _kind(element: etree._Element, inside: str | None) -> str | None:
    """The ID kind of ``element`` if it is citable where it stands, else None."""
    name = local_name(element)
    if name is None or (inside is not None and not (inside == "p" and name in _BLOCKS_IN_P)):
        return None
    parent = local_name(element.getparent()) if element.getparent() is not None else None
    if name == "div":
        return "s" if element.get("type") == "section" else None
    if name in ("bibl", "biblStruct"):
        return "b" if parent == "listBibl" else None
    if name == "note":
        return "n" if parent in _NOTE_PARENTS else None
    if name == "p" and parent == "item":
        return None
    return KIND_OF_TAG.get(name)


def citable_blocks(root: etree._Element) -> list[CitableBlock]:
    """The citable blocks of a TEI document's ``<text>``, in document order."""
    found: list[CitableBlock] = []
    text = root.find(tag("text")) if local_name(root) == "TEI" else root

    def walk(element: etree._Element, inside: str | None, container: int | None) -> None:
        for child in element:
            kind = _kind(child, inside)
            child_inside, child_container = inside, container
            if kind is not None:
                found.append(CitableBlock(child, kind, container))
                if kind in CONTAINER_KINDS:
                    child_container = len(found) - 1
                child_inside = local_name(child) if local_name(child) in _ABSORBING | {"p"} else inside
            elif local_name(child) in _ABSORBING:
                child_inside = local_name(child)
            walk(child, child_inside, child_container)

    if text is not None:
        walk(text, None, None)
    return found


def block_text(element: etree._Element, nested: set[etree._Element] | frozenset = frozenset()) -> str:
    """The own text of a block: its text in the :data:`~pipeline.visible.IDENTITY` view (note markers
    left out, the URL of each ``graphic`` in), without the subtrees in ``nested`` (not
    whitespace-normalised)."""
    return visible_text(element, "", IDENTITY, nested)


def block_texts(blocks: list[CitableBlock]) -> list[str]:
    """The text each of ``blocks`` (all the citable blocks of a document) is known by: its
    own text; a section's heading; all of a quote."""
    citable = {b.element for b in blocks}
    texts = []
    for block in blocks:
        if block.kind == "s":
            head = block.element.find(tag("head"))
            texts.append(block_text(head, citable) if head is not None else "")
        elif block.kind == "q":
            texts.append(block_text(block.element))
        else:
            texts.append(block_text(block.element, citable))
    return texts
