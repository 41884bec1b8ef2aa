"""Which Chinese script a language tag means, and which reading of a ``<choice>`` a script shows.

Every part of the pipeline that words something in "the article's script" (editorial notes, the
reader's messages, the writers' labels, the other-script page) asks :func:`script_of`, so that one
tag never gets traditional notes and simplified labels. The rule follows BCP 47: a script subtag
(``Hant``, ``Hans``) decides; failing that, for Chinese, the region does (Taiwan, Hong Kong and
Macao write traditional characters; the mainland, Singapore and Malaysia simplified ones), as
MediaWiki's variants ``zh-tw``, ``zh-hk``, ``zh-mo``, ``zh-cn``, ``zh-sg``, ``zh-my`` do. A tag
that says neither (``zh``, ``en``) names no script.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

import opencc

HANT, HANS = "Hant", "Hans"
#: Chinese-speaking regions by the script they write.
REGION_SCRIPTS = {"TW": HANT, "HK": HANT, "MO": HANT, "CN": HANS, "SG": HANS, "MY": HANS}


#: the OpenCC configurations every article's build converts with (a forking build makes them once,
#: before its workers start); a regional page's profile (``s2hk``…) is made when first asked for
OPENCC_CONFIGS = ("t2s", "s2t", "s2tw", "s2twp", "tw2sp")


@lru_cache(maxsize=None)
def converter(config: str) -> opencc.OpenCC:
    """The process's one OpenCC converter for ``config`` (one of :data:`OPENCC_CONFIGS`), shared
    by every module that converts scripts: building one loads its dictionaries (CPU: ``s2t``
    0.05-0.07 s, ``tw2sp`` 0.11 s, ``s2tw`` 0.04 s), and several modules built their own."""
    return opencc.OpenCC(config)


def convert_each(convert: Callable[[str], str], texts: Sequence[str]) -> list[str]:
    """``convert`` (an OpenCC converter's) of each of ``texts``, in one call for all: a call per
    text costs more than the conversion of a short one. A line break between the texts keeps
    OpenCC from reading a phrase across them; texts that hold one are converted one by one."""
    converted = convert("\n".join(texts)).split("\n") if texts else []
    return converted if len(converted) == len(texts) else [convert(text) for text in texts]


def script_of(lang: str) -> str | None:
    """``Hant`` or ``Hans`` for a tag that names a Chinese script (by its script subtag, else for
    ``zh`` by its region), else None. Subtags are matched case-insensitively, as BCP 47 says."""
    parts = lang.split("-")
    for part in parts[1:]:
        if part.lower() in (HANT.lower(), HANS.lower()):
            return HANT if part.lower() == HANT.lower() else HANS
    if parts[0].lower() != "zh":
        return None
    return next((REGION_SCRIPTS[part.upper()] for part in parts[1:]
                 if len(part) == 2 and part.upper() in REGION_SCRIPTS), None)


def is_traditional(lang: str) -> bool:
    """Whether text for ``lang`` is worded in traditional characters (else simplified, the default)."""
    return script_of(lang) == HANT


def shown_variant(readings: Sequence[str], lang: str) -> str:
    """Which of the readings of a ``<choice>`` (given by their language tags) a page in ``lang`` shows:
    the one in exactly ``lang``, else the first in its script, else the first ("" when there is none)."""
    if lang in readings:
        return lang
    script = script_of(lang)
    if script is not None:
        for reading in readings:
            if script_of(reading) == script:
                return reading
    return readings[0] if readings else ""
