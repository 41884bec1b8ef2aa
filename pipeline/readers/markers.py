"""The footnote-marker grammar shared by every reader.

Both witnesses of an article carry the same kinds of marker in running text: numbered note
references (``[12]``, escaped ``\\[12\\]`` in the Markdown), page-cited ones (``[68]:5210``,
``[122]:176-177``), explanatory-note references (``[註 3]``) and the maintenance tags Wikipedia
renders in brackets (``[來源請求]``). Recognising them in one place is what makes the two readers
produce identical TEI for them, and keeping each marker's exact source text (``raw``) lets a
caller prove that splitting lost nothing: the parts joined give the input back.

A bracket that holds anything else (``[光反應]``, ``[1950年]``) is text, not a marker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from pipeline.tei import el

MAINTENANCE_SUBTYPES = {
    "citation-needed": ("來源請求", "来源请求"),
    "page-needed": ("頁碼請求", "页码请求"),
    "dead-link": ("失效連結", "失效链接"),
    "doubtful-source": ("來源可靠", "来源可靠"),
}
"""Each maintenance tag's subtype and its label in both scripts (the doubtful-source tag ends
with a question mark, full-width or not, which the grammar allows after any label)."""

_SUBTYPE_OF_LABEL = {label: subtype for subtype, labels in MAINTENANCE_SUBTYPES.items() for label in labels}

_EXPLANATORY_PREFIXES = ("註釋", "注釋", "注释", "註", "注", "note", "Note", "NOTE")

_MARKER = re.compile(
    r"""
    \\?\[
    (?:
        (?P<number>[1-9][0-9]{0,3})
      | (?P<expl_label>(?:%(prefixes)s)[ \u00a0]?(?P<expl_number>[1-9][0-9]{0,3}))
      | (?P<maint_label>(?:%(labels)s)[?？]?)
    )
    \\?\]
    """
    % {
        "prefixes": "|".join(map(re.escape, _EXPLANATORY_PREFIXES)),
        "labels": "|".join(map(re.escape, sorted(_SUBTYPE_OF_LABEL))),
    },
    re.VERBOSE,
)

_CJK_NUMERALS = "0-9一二三四五六七八九十百千〇零两兩"
_LOCATOR = re.compile(
    rf"""
    :
    (?P<locator>
        [0-9]+(?:[-–—－~～][0-9]+)?[頁页]?
      | 第[{_CJK_NUMERALS}]+[章節节卷頁页冊册篇回部]
    )
    """,
    re.VERBOSE,
)

_TRAILING_DIGITS = re.compile(r"[0-9]+$")
_RANGE_DASH = re.compile(r"[-–—－~～]$")


@dataclass(frozen=True)
class Marker:
    """One marker as found in the source.

    ``kind`` is ``note``, ``explanatory`` or ``maintenance``; ``number`` the note's number
    (None for a maintenance tag); ``locator`` the page or range cited (``5210``, ``176-177``,
    ``第一章``) or None; ``subtype`` the maintenance tag's kind (``citation-needed``,
    ``page-needed``, ``dead-link``, ``doubtful-source``) or None; ``raw`` the exact source text.
    """

    kind: str
    number: str | None
    locator: str | None
    subtype: str | None
    raw: str

    @property
    def label(self) -> str:
        """The text between the brackets as the source wrote it: ``12``, ``註 3``, ``來源請求``."""
        inner = self.raw.split("]", 1)[0].lstrip("\\[")
        return inner.removesuffix("\\")

    @property
    def note_id(self) -> str | None:
        """The ``xml:id`` of the end note this marker points at (``note-12``, ``note-expl-3``)."""
        if self.kind == "note":
            return f"note-{self.number}"
        if self.kind == "explanatory":
            return f"note-expl-{self.number}"
        return None


def split_markers(text: str) -> list[str | Marker]:
    """``text`` cut into plain strings and :class:`Marker` s, in order.

    No string part is empty and no two string parts are adjacent; joining each string and each
    marker's ``raw`` reproduces ``text`` exactly.
    """
    parts: list[str | Marker] = []
    position = 0
    for match in _MARKER.finditer(text):
        marker, end = _marker_at(text, match)
        _append_text(parts, text[position:match.start()])
        parts.append(marker)
        position = end
    _append_text(parts, text[position:])
    return parts


def _append_text(parts: list[str | Marker], text: str) -> None:
    if not text:
        return
    if parts and isinstance(parts[-1], str):
        parts[-1] += text
    else:
        parts.append(text)


def _marker_at(text: str, match: re.Match[str]) -> tuple[Marker, int]:
    """The marker a bracket match stands for, with its locator, and where it ends in ``text``."""
    end = match.end()
    if match["maint_label"]:
        label = match["maint_label"].rstrip("?？")
        return Marker("maintenance", None, None, _SUBTYPE_OF_LABEL[label], match.group()), end
    kind, number = ("note", match["number"]) if match["number"] else ("explanatory", match["expl_number"])
    locator = None
    found = _LOCATOR.match(text, end)
    if found:
        locator = _without_date_digits(found["locator"], text[found.end():found.end() + 1])
        if locator:
            end = found.start() + 1 + len(locator)
    return Marker(kind, number, locator, None, text[match.start():end]), end


def _without_date_digits(locator: str, following: str) -> str | None:
    """The locator with the digits of a date that runs straight into it removed.

    The dump glues the text after a locator to it, so ``[122]:12810月23日`` is page 128 followed
    by 10月23日. Before 月 the month is the last two digits when they make 10–12, else the last
    one (1–9); before 年 the year is the last four digits. What remains is the locator (None if
    nothing does, and then the colon stays text).
    """
    if following not in ("月", "年"):
        return locator
    digits = _TRAILING_DIGITS.search(locator)
    if digits is None:
        return locator
    run = digits.group()
    if following == "年":
        keep = len(run) - 4
    elif run[-2:] in ("10", "11", "12"):
        keep = len(run) - 2
    elif run[-1] != "0":
        keep = len(run) - 1
    else:
        return locator
    trimmed = locator[: digits.start() + max(keep, 0)]
    if keep <= 0:
        trimmed = _RANGE_DASH.sub("", trimmed)
    return trimmed or None


def to_tei(marker: Marker) -> etree._Element:
    """The TEI inline element for a marker, as docs/tei-model.md specifies (no tail)."""
    if marker.kind == "maintenance":
        return el("note", marker.label, type="maintenance", subtype=marker.subtype)
    subtype = {"subtype": "explanatory"} if marker.kind == "explanatory" else {}
    ref = el("ref", marker.label, type="noteref", **subtype, target=f"#{marker.note_id}", n=marker.label)
    if marker.locator is None:
        return ref
    bibl = el("bibl", type="noteref")
    bibl.append(ref)
    bibl.append(el("citedRange", marker.locator))
    return bibl


def append_text(parent: etree._Element, text: str) -> None:
    """Add ``text`` at the end of ``parent``'s content (its text, or its last child's tail).

    ``parent[-1]`` rather than ``len(parent)``: lxml counts children one by one, which made
    filling a paragraph of thousands of elements quadratic.
    """
    if not text:
        return
    try:
        last = parent[-1]
    except IndexError:
        parent.text = (parent.text or "") + text
        return
    last.tail = (last.tail or "") + text


def append_with_markers(parent: etree._Element, text: str) -> None:
    """Add ``text`` at the end of ``parent``, its markers as TEI elements, the rest as text."""
    append_parts(parent, split_markers(text))


def append_parts(parent: etree._Element, parts: list[str | Marker]) -> None:
    """Add the parts :func:`split_markers` gave at the end of ``parent``, markers as TEI."""
    for part in parts:
        if isinstance(part, Marker):
            parent.append(to_tei(part))
        else:
            append_text(parent, part)
