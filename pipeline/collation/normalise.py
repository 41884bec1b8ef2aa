"""The text two witnesses' blocks are compared in, and which blocks are compared.

Two witnesses of one work differ in script (one simplified, one traditional), in their note
markers (numbered differently, or lost), in the maintenance tags and editorial notes each
carries, and in variant markup (``choice``/``reg``, written in one witness only): none of that is
a difference of text. So a block's comparison text is its reading text in its own script
(:data:`pipeline.visible.READING`: note markers, notes, gaps and the variant its script does not
show left out), NFKC-folded, converted to simplified (OpenCC t2s) with the regional vocabulary
folded (s2twp then tw2sp, as the IDs compare), without whitespace and punctuation.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from lxml import etree

from pipeline.ids.blocks import citable_blocks
from pipeline.lang import converter
from pipeline.tei import XML_ID, XML_LANG
from pipeline.visible import READING, visible_text

#: Block kinds that are aligned: the text's own leaves (paragraphs, headings, list items,
#: anonymous blocks). Sections and quotes are containers (their members are aligned); notes and
#: bibliography entries belong to the apparatus of each witness, numbered and kept each its own way.
ALIGNED_KINDS = frozenset({"p", "h", "i", "c", "f", "t"})
#: Whatever is not a letter, digit or ideograph: spacing and punctuation, which the two
#: witnesses set differently (full- and half-width, “” and 「」).
_NOT_TEXT = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Block:
    """A block to align: its ID and its comparison text."""

    id: str
    text: str


def comparison_texts(raws: list[str]) -> list[str]:
    """The comparison text of each of ``raws`` (reading texts), all in one OpenCC call per conversion."""
    folded = unicodedata.normalize("NFKC", "\n".join(_NOT_TEXT.sub("", raw) for raw in raws))
    converted = converter("tw2sp").convert(converter("s2twp").convert(converter("t2s").convert(folded)))
    return converted.split("\n") if raws else []


def aligned_elements(root: etree._Element) -> tuple[list[etree._Element], set[etree._Element]]:
    """The elements of a witness's TEI that are aligned, in document order, and all its citable elements."""
    blocks = citable_blocks(root)
    chosen = [block.element for block in blocks if block.kind in ALIGNED_KINDS and block.element.get(XML_ID)]
    return chosen, {block.element for block in blocks}


def witness_blocks(root: etree._Element) -> list[Block]:
    """The blocks of a witness's TEI to align, in document order, with their comparison texts."""
    lang = root.get(XML_LANG) or ""
    chosen, citable = aligned_elements(root)
    raws = [visible_text(element, lang, READING, citable - {element}) for element in chosen]
    return [Block(element.get(XML_ID), text) for element, text in zip(chosen, comparison_texts(raws))]
