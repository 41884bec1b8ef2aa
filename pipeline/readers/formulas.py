"""The source's formulas checked once, as they are read: which of them the editions can typeset.

The editions show a formula as MathML (HTML, EPUB) converted by Pandoc (:mod:`pipeline.texmath`);
TeX that Pandoc cannot parse (a typo, a macro of the wiki's own) stays TeX source there. The
reader converts every formula of the article in one run, says so for each one that failed, at
its line of the source, and counts both kinds for the header's ``extent`` (and so the build's
summary). The same conversion, cached, is what the view model then uses.
"""
from __future__ import annotations

from lxml import etree

from pipeline.readers.wiki_context import ReadContext
from pipeline.tei import tag
from pipeline.texmath import convert

#: the header's name for these counts (``measure/@type``)
STAGE = "formulas"


def check_formulas(parts: list[etree._Element | None], context: ReadContext) -> dict[str, dict[str, int]]:
    """``{"formulas": {"typeset": n, "tex": m}}`` for the formulas in ``parts`` (nothing when
    there are none); a warning for each formula left as TeX."""
    found = [(formula.get("rend", ""), "".join(formula.itertext()))
             for part in parts if part is not None for formula in part.iter(tag("formula"))]
    found = [(display, tex) for display, tex in found if tex.strip()]
    if not found:
        return {}
    mathml = convert(found, "mathml")
    for display, tex in dict.fromkeys(formula for formula in found if formula not in mathml):
        line = _line_of(tex, context)
        where = f"{context.source_name}:{line}" if line else context.source_name
        context.warnings.append(f"{where}: warning: Pandoc cannot read this TeX formula; it is shown as "
                                f"TeX source, not typeset: {' '.join(tex.split())}")
    typeset = sum(1 for formula in found if formula in mathml)
    return {STAGE: {"typeset": typeset, "tex": len(found) - typeset}}


def _line_of(tex: str, context: ReadContext) -> int | None:
    """The source line where ``tex`` first stands as written (TeX keeps its backslashes, which
    the reader's general search takes for Markdown escapes), else as that search finds it."""
    found = context.source.find(tex)
    if found >= 0:
        return context.source.count("\n", 0, found) + 1
    return context.line_of(tex)
