"""The ids stage: give every citable block of a TEI document its stable ID from the ledger.

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

Provisional IDs on citable blocks (the readers' ``note-N``, the bibliography's ``bib-…``)
are replaced, and every ``@target``/``@corresp`` pointing at them is rewritten, so notes keep
their IDs when they are reordered. ``xml:id``s on other elements are left alone and never
minted.

The ledger API for other stages is re-exported here: :func:`resolve`,
:func:`successor_chain`, :func:`retired_entries`, plus :func:`ledger_path`,
:func:`load_ledger`, :func:`dump_ledger` and :func:`next_build` for the build.
"""
from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from pipeline.errors import EditionError, Problem
from pipeline.ids.ledger import (RETIRED, Ledger, dump_ledger, ledger_path, load_ledger, next_build,
                                 resolve, retired_entries, successor_chain)
from pipeline.ids.minting import CONTAINER_KINDS, KIND_OF_TAG
from pipeline.ids.revise import Observed, revise
from pipeline.tei import TEI_NS, XML_ID, sub, tag
from pipeline.visible import IDENTITY, visible_text

__all__ = ["apply", "assign_ids", "citable_blocks", "block_text", "block_texts", "CitableBlock", "Ledger",
           "dump_ledger", "ledger_path", "load_ledger", "next_build", "resolve", "retired_entries",
           "successor_chain"]

#: Citable blocks whose whole content is their text: nothing inside them is cited separately.
_ABSORBING = frozenset({"head", "ab", "note", "bibl", "biblStruct", "figure", "table"})
#: Inside a paragraph, only these are blocks of their own.
_BLOCKS_IN_P = frozenset({"figure", "table"})
_NOTE_PARENTS = frozenset({"div", "listNote", "body", "back", "front"})
_POINTERS = ("target", "corresp")


@dataclass(frozen=True)
class CitableBlock:
    """A citable element, its kind, and the index of its innermost section or quote."""

    element: etree._Element
    kind: str
    parent: int | None


def _local(element: etree._Element) -> str | None:
    if not isinstance(element.tag, str) or not element.tag.startswith(f"{{{TEI_NS}}}"):
        return None
    return etree.QName(element).localname


def _kind(element: etree._Element, inside: str | None) -> str | None:
    """The ID kind of ``element`` if it is citable where it stands, else None."""
    name = _local(element)
    if name is None or (inside is not None and not (inside == "p" and name in _BLOCKS_IN_P)):
        return None
    parent = _local(element.getparent()) if element.getparent() is not None else None
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
    text = root.find(tag("text")) if _local(root) == "TEI" else root

    def walk(element: etree._Element, inside: str | None, container: int | None) -> None:
        for child in element:
            kind = _kind(child, inside)
            child_inside, child_container = inside, container
            if kind is not None:
                found.append(CitableBlock(child, kind, container))
                if kind in CONTAINER_KINDS:
                    child_container = len(found) - 1
                child_inside = _local(child) if _local(child) in _ABSORBING | {"p"} else inside
            elif _local(child) in _ABSORBING:
                child_inside = _local(child)
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


def _document_name(root: etree._Element) -> str:
    return root.getroottree().docinfo.URL or "the TEI document"


def assign_ids(tei_root: etree._Element, ledger: Ledger, build: str) -> Ledger:
    """Set the ``xml:id`` of every citable block from ``ledger`` and return the updated ledger.

    Edits ``tei_root`` in place: IDs on citable blocks, and ``@target``/``@corresp`` pointers
    to the IDs they replaced. ``build`` labels the IDs first seen and retired now (see
    :func:`next_build`). The input ledger is not changed. Raises EditionError (status 1) when
    two citable blocks share a provisional ``xml:id`` or another element already bears an ID
    the ledger gives to a block.
    """
    blocks = citable_blocks(tei_root)
    citable = {b.element for b in blocks}
    reserved: dict[str, etree._Element] = {}
    previous: dict[str, etree._Element] = {}
    problems = []
    for element in tei_root.iter():
        xml_id = element.get(XML_ID) if isinstance(element.tag, str) else None
        if xml_id is None:
            continue
        group = previous if element in citable else reserved
        if xml_id in previous or xml_id in reserved:
            first = previous.get(xml_id, reserved.get(xml_id))
            problems.append(Problem(_document_name(tei_root), f"duplicate xml:id {xml_id!r} "
                                    f"(first at line {first.sourceline})", element.sourceline))
        group[xml_id] = element
    if problems:
        raise EditionError(problems, status=1)

    observed = [Observed(b.kind, text, b.parent) for b, text in zip(blocks, block_texts(blocks))]
    updated, ids = revise(ledger, observed, build, reserved)
    for block_id in ids:
        if block_id in reserved:
            clash = reserved[block_id]
            raise EditionError.at(_document_name(tei_root),
                                  f"<{_local(clash)} xml:id={block_id!r}> uses an ID that the ID "
                                  "ledger gives to a citable block; rename that xml:id",
                                  clash.sourceline, status=1)
    renamed = {}
    for block, block_id in zip(blocks, ids):
        old = block.element.get(XML_ID)
        if old is not None and old != block_id:
            renamed[old] = block_id
        block.element.set(XML_ID, block_id)
    if renamed:
        _rewrite_pointers(tei_root, renamed)
    return updated


def _rewrite_pointers(root: etree._Element, renamed: dict[str, str]) -> None:
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in _POINTERS:
            value = element.get(attribute)
            if value is None or "#" not in value:
                continue
            tokens = [f"#{renamed[t[1:]]}" if t.startswith("#") and t[1:] in renamed else t
                      for t in value.split()]
            element.set(attribute, " ".join(tokens))


NORMALISATION = ("Every citable block carries a stable xml:id from the ID ledger tei/ids/{id}.json; the IDs of "
                 "blocks that vanished in a revision are retired there with a successor, never reused.")


def apply(root: etree._Element, context) -> None:
    """The ids stage of the build.

    Reads the article's committed ledger (an empty one outside a project or before the first
    build; a broken one stops the build before any ID is assigned), assigns the IDs with the
    next numeric build label, and leaves the updated ledger in ``context.ledger`` for the
    annotations stage and for the build to write (:func:`dump_ledger`) with the edition.
    """
    ledger = load_ledger(ledger_path(context.project, context.meta.id)) if context.project else Ledger()
    context.committed_ledger = ledger
    context.ledger = assign_ids(root, ledger, next_build(ledger))
    # Only counts that the ledger after this build determines go into the header: how many IDs
    # this particular run minted depends on whether the ledger was already up to date, and the
    # same inputs must give the same TEI.
    entries = context.ledger.entries.values()
    context.summary("ids").update({
        "blocks": sum(1 for e in entries if e.live),
        "retired": sum(1 for e in entries if e.status == RETIRED),
    })
    context.extras.normalisations.append(NORMALISATION.format(id=context.meta.id))
    record_retired(root, context.ledger)


def record_retired(root: etree._Element, ledger: Ledger) -> None:
    """Write every retired ID that still leads somewhere into the TEI, so that the editions
    (which read only the TEI) can keep old links working.

    Each becomes ``<ptr xml:id="OLD" target="#LIVE" n="BUILD"/>`` in
    ``<standOff><linkGrp type="retired-ids">``: the old ID stays defined in the document, never
    reused, and points at the live end of its successor chain.
    """
    pointers = [(block_id, live, entry.retired_in or "")
                for block_id, entry, live in retired_entries(ledger) if live is not None]
    if not pointers:
        return
    stand_off = root.find(tag("standOff"))
    if stand_off is None:
        stand_off = sub(root, "standOff")
    group = sub(stand_off, "linkGrp", type="retired-ids")
    for block_id, live, build in pointers:
        sub(group, "ptr", xml_id=block_id, target=f"#{live}", n=build)
