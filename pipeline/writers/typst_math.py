"""The PDF's formulas in Typst's own math: the source's TeX converted by Pandoc's Typst writer,
each kept only if Typst compiles it.

Typst typesets math natively, in its math syntax (not TeX). Pandoc converts TeX math to it, in
one run for all of an article's formulas (:mod:`pipeline.texmath`). Pandoc passes through what
it does not know (a TeX command of its own, a macro): a formula Typst rejects is set as its TeX
text instead, so one formula never costs the whole PDF.
"""
from __future__ import annotations

import typst

from pipeline.texmath import convert
from pipeline.writers.model import Document
from pipeline.writers.nodes import Kind


def formulas(document: Document) -> dict[tuple[str, str], str]:
    """Typst math markup (``$…$``) by (display, TeX) for each formula of the article Typst accepts."""
    found = {(node.attrs.get("display", ""), node.text or "")
             for part in (document.front, document.body, document.notes, document.annotations)
             for root in part for node in root.walk() if node.kind == Kind.MATH}
    pairs = convert(found, "typst")
    if not pairs or _compiles("\n\n".join(pairs.values())):
        return pairs
    return {key: markup for key, markup in pairs.items() if _compiles(markup)}


def _compiles(markup: str) -> bool:
    """Whether Typst typesets ``markup`` on its own (math, so only Typst's built-in fonts)."""
    try:
        typst.compile(markup.encode("utf-8"), ignore_system_fonts=True)
    except typst.TypstError:
        return False
    return True
