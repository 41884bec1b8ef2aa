"""Publication dates in the forms citations write them: Chinese, Japanese and Korean era years, Western."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.citations.lexicon import chinese_number
from pipeline.citations.model import PartialDate

YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}
_MONTH_NAME = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_SEASON = r"(?:Spring|Summer|Fall|Autumn|Winter)"
_D = r"(?<![\d.])"  # not inside a longer number

# (pattern, which groups are year, month, day), most precise first; the anchored ones read a
# string that is a date alone (a date span): 30-05-2016, 2000.12, Dec.,2002, September 30/2011, 11月,2002年.
_PATTERNS: tuple[tuple[re.Pattern, tuple[int, int, int]], ...] = tuple(
    (re.compile(p, re.I), g) for p, g in (
        (rf"^(\d{{1,2}})-(\d{{1,2}})-({YEAR})$", (3, 2, 1)),
        (rf"^({YEAR})\s*[./]\s*(\d{{1,2}})$", (1, 2, 0)),
        (rf"^({_MONTH_NAME})\s+(\d{{1,2}})\s*[/,]\s*({YEAR})$", (3, 1, 2)),
        (rf"^({_MONTH_NAME})[\s.,/]*({YEAR})$", (2, 1, 0)),
        (rf"^(\d{{1,2}})\s*月\s*[,，]?\s*({YEAR})\s*年$", (2, 1, 0)),
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


# The first Gregorian year of each era a citation may date by (Japanese, Republican, Qing, Korean).
ERAS = {
    "明治": 1868, "大正": 1912, "昭和": 1926, "平成": 1989, "令和": 2019,
    "中華民國": 1912, "中华民国": 1912, "民國": 1912, "民国": 1912,
    "宣統": 1909, "宣统": 1909, "光緒": 1875, "光绪": 1875, "同治": 1862, "咸豐": 1851, "咸丰": 1851,
    "道光": 1821, "嘉慶": 1796, "嘉庆": 1796, "乾隆": 1736, "雍正": 1723, "康熙": 1662,
    "開國": 1392, "建陽": 1896, "建阳": 1896, "光武": 1897, "隆熙": 1907,
}
_ERA = re.compile("(" + "|".join(sorted(ERAS, key=len, reverse=True)) + r")\s*(\d+)\s*(?:[（(]\s*(\d{4})\s*[）)])?\s*年?")
_CHINESE_NUMERAL = re.compile(r"([〇○零一二三四五六七八九十百两]+|元)(?=\s*[年月日])")
_BRACKETED = re.compile(r"[（(]([^（）()]*)[）)]")


def _gregorian(text: str) -> str:
    """``大正七年十月二十八日`` → ``1918年10月28日``; ``1991年（平成3年）6月`` → ``1991年6月``."""
    text = _CHINESE_NUMERAL.sub(lambda m: "1" if m.group(1) == "元" else str(chinese_number(m.group(1))), text)
    outside = _BRACKETED.sub("", text)
    has_year = re.search(YEAR, _ERA.sub("", outside))

    def era(match: re.Match) -> str:
        if has_year:
            return ""
        return f"{match.group(3) or ERAS[match.group(1)] + int(match.group(2)) - 1}年"

    text = _ERA.sub(era, text)
    outside = _BRACKETED.sub("", text)
    return outside if re.search(YEAR, outside) else _BRACKETED.sub(r" \1 ", text)


def parse_date(text: str) -> PartialDate | None:
    """The date a date span gives, era years turned Gregorian (``昭和5年`` → 1930); None without a year."""
    found = find_date(re.sub(r"\s+", " ", _gregorian(text)).strip())
    return replace(found.date, text=text) if found else None
