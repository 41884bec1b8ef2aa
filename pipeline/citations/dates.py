"""Publication dates in the forms citations write them, Chinese and Western."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.citations.model import PartialDate

YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}
_MONTH_NAME = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_SEASON = r"(?:Spring|Summer|Fall|Autumn|Winter)"
_D = r"(?<![\d.])"  # not inside a longer number

# (pattern, which groups are year, month, day), most precise first.
_PATTERNS: tuple[tuple[re.Pattern, tuple[int, int, int]], ...] = tuple(
    (re.compile(p, re.I), g) for p, g in (
        (rf"{_D}({YEAR})\s*年\s*(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*日(?:\s*\d{{1,2}}:\d{{2}})?", (1, 2, 3)),
        (rf"{_D}({YEAR})([-./])(\d{{1,2}})\2(\d{{1,2}})(?![\d])(?:\s+\d{{1,2}}:\d{{2}})?", (1, 3, 4)),
        (rf"\b({_MONTH_NAME})\s+(\d{{1,2}}),?\s+({YEAR})\b", (3, 1, 2)),
        (rf"\b(\d{{1,2}})\s+({_MONTH_NAME})\s+({YEAR})\b", (3, 2, 1)),
        (rf"{_D}({YEAR})\s*年\s*(\d{{1,2}})\s*月", (1, 2, 0)),
        (rf"\b({_MONTH_NAME})\s*[–-]\s*{_MONTH_NAME}\s+({YEAR})\b", (2, 1, 0)),
        (rf"\b({_MONTH_NAME})\s+({YEAR})\b", (2, 1, 0)),
        (rf"\b{_SEASON}\s+({YEAR})\b", (1, 0, 0)),
        (rf"{_D}({YEAR})-(0[1-9]|1[0-2])(?![\d-])", (1, 2, 0)),
        (rf"{_D}({YEAR})\s*年", (1, 0, 0)),
        (rf"{_D}({YEAR})(?![\d])", (1, 0, 0)),
    )
)


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    date: PartialDate


def _month(value: str) -> int | None:
    if value.isdigit():
        month = int(value)
        return month if 1 <= month <= 12 else None
    key = value.rstrip(".").lower()
    return next((n for name, n in _MONTHS.items() if name.startswith(key[:3])), None)


def find_date(text: str, *, bare_year: bool = True) -> FoundDate | None:
    """The most precise date in ``text`` (the first of that precision); ``bare_year`` allows a lone 1994."""
    patterns = _PATTERNS if bare_year else _PATTERNS[:-1]
    for pattern, (y, m, d) in patterns:
        for match in pattern.finditer(text):
            month = _month(match.group(m)) if m else None
            if m and month is None:
                continue
            day = int(match.group(d)) if d else None
            if day is not None and not 1 <= day <= 31:
                continue
            date = PartialDate(match.group(0).strip(), int(match.group(y)), month, day)
            return FoundDate(match.start(), match.end(), date)
    return None
