"""An article's TeX formulas converted by Pandoc, all of them in one run: MathML or Typst math.

The source keeps its mathematics as TeX (``formula notation="tex"``). Readers of the HTML and
EPUB need MathML, the PDF needs Typst's own math; Pandoc's TeX parser (texmath) does both. Pandoc
starts in a fraction of a second, which an article with many formulas would pay per formula, so
every formula of an article goes to Pandoc in one document, a separator paragraph between each
two, and is cut out of the output again. The reader checks the formulas with the same run the
view model then uses (one cached conversion per set of formulas and target), so the warnings,
the header's counts and the editions agree on which formulas were typeset.

A formula Pandoc cannot parse comes back as its TeX (``<span class="math">`` in HTML); it is
left out of the answer, and the caller shows its TeX source instead, as it does for every formula
when Pandoc fails as a whole.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache

from pipeline.pandoc import PandocError, run_pandoc

#: a formula: ``"display"`` for display math or ``""`` for inline, and its TeX
Formula = tuple[str, str]
#: the paragraph between two formulas in Pandoc's input, found again in its output
SEPARATOR = "FORMULASEPARATOR"
#: Pandoc's arguments for each target
TARGETS = {"mathml": ["--to=html5", "--mathml"], "typst": ["--to=typst"]}
#: the version of Pandoc's document API this module writes
API_VERSION = [1, 23, 1]


def convert(formulas: Iterable[Formula], target: str) -> dict[Formula, str]:
    """``target`` markup (``mathml``: a ``<math>`` element with the TeX as its annotation;
    ``typst``: ``$…$``) by formula, for each formula Pandoc converted."""
    return dict(_convert(tuple(sorted(set(formulas))), target))


@lru_cache(maxsize=8)
def _convert(formulas: tuple[Formula, ...], target: str) -> tuple[tuple[Formula, str], ...]:
    """The cached conversion of one article's formulas: the reader and every writer of the same
    process ask for the same set, and Pandoc runs once for it."""
    wanted = [(display, tex) for display, tex in formulas if tex.strip()]
    if not wanted:
        return ()
    separator = {"t": "Para", "c": [{"t": "Str", "c": SEPARATOR}]}
    blocks = []
    for display, tex in wanted:
        if blocks:
            blocks.append(separator)
        mode = "DisplayMath" if display == "display" else "InlineMath"
        blocks.append({"t": "Para", "c": [{"t": "Math", "c": [{"t": mode}, tex]}]})
    document = json.dumps({"pandoc-api-version": API_VERSION, "meta": {}, "blocks": blocks}, ensure_ascii=False)
    try:
        output = run_pandoc(["--from=json", "--wrap=none", *TARGETS[target]], document)
    except PandocError:  # Pandoc gave up on the whole (its time limit): every formula stays TeX
        return ()
    parts = [_unwrapped(part) for part in output.split(SEPARATOR)]
    if len(parts) != len(wanted):  # a separator went missing: no formula can be trusted
        return ()
    return tuple((formula, markup) for formula, markup in zip(wanted, parts) if _converted(markup, target))


def _unwrapped(part: str) -> str:
    """One formula's output without the paragraph Pandoc set it in (and the separator's)."""
    part = part.strip()
    part = part.removeprefix("</p>").removesuffix("<p>").strip()
    return part.removeprefix("<p>").removesuffix("</p>").strip()


def _converted(markup: str, target: str) -> bool:
    """Whether Pandoc turned the formula into ``target`` rather than handing its TeX back."""
    if target == "mathml":
        return markup.startswith("<math") and markup.endswith("</math>")
    return markup.startswith("$") and markup.endswith("$")
