"""Annotations made elsewhere, as the importer needs them: what each quotes and what it says.

Hypothesis (:mod:`pipeline.annotations.hypothesis`) and Web Annotation JSON-LD
(:mod:`pipeline.annotations.webanno`) write the same thing differently; each reader turns its rows
into :class:`Incoming` records, so that anchoring and writing (:mod:`pipeline.annotations.importing`)
know one shape. Both formats point at text the same way, by selectors on a target, so their targets
are read here once (:func:`quotes_of`). The JSON itself is read here too, defensively: it comes from
another tool, so a file too big, nested too deep, not UTF-8 or not JSON is one clear error with
its line, never a traceback.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import EditionError

MAX_BYTES = 64 * 1024 * 1024
"""The largest annotation export read: a Hypothesis export of a few thousand annotations is a few MB;
a file far bigger is refused before it is read into memory."""
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Quote:
    """A passage an annotation points at: the quoted text with what stood before and after it, and
    the block's ID when the annotation names it (a FragmentSelector)."""

    exact: str
    prefix: str = ""
    suffix: str = ""
    block: str | None = None


@dataclass
class Incoming:
    """One annotation of an imported file: its place in the file (``number``, from 1), its ID there,
    what it quotes, its text, motivation (a TEI one), author, date (YYYY-MM-DD), tags and language."""

    number: int
    id: str | None
    quotes: list[Quote]
    text: str
    motivation: str = "commenting"
    creator: str | None = None
    created: str | None = None
    tags: list[str] = field(default_factory=list)
    lang: str | None = None


def read_json(path: Path) -> object:
    """The JSON value of ``path``; :class:`EditionError` (status 1, ``FILE:LINE: …``) if it is not
    an annotation export one can read, status 2 if the file cannot be read at all."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise EditionError.at(path, f"too big for an annotation export ({size:,} bytes; at most "
                                        f"{MAX_BYTES:,})", status=1)
        data = path.read_bytes()
    except OSError as error:
        raise EditionError.at(path, f"cannot read: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise EditionError.at(path, "not UTF-8 text: an annotation export is JSON in UTF-8", line, status=1) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise EditionError.at(path, f"not JSON: {error.msg} (column {error.colno})", error.lineno, status=1) from None
    except RecursionError:
        raise EditionError.at(path, "not an annotation export: JSON nested too deeply", status=1) from None


def texts(value: object) -> list[str]:
    """The strings of a JSON value that may be one string, a list of them, or absent."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def objects(value: object) -> list[dict]:
    """The objects of a JSON value that may be one object, a list of them, or absent."""
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, dict)]


def day(value: object) -> str | None:
    """The date (YYYY-MM-DD) of an ISO 8601 date or date-time, else None."""
    return value[:10] if isinstance(value, str) and _DATE.match(value) else None


def quotes_of(targets: object) -> list[Quote]:
    """The quoted passages of an annotation's ``target`` (one or a list; each a resource with
    ``selector``, one or a list, possibly ``refinedBy`` another): a TextQuoteSelector is the quote,
    a FragmentSelector names the block. Positions (TextPositionSelector, RangeSelector) count in a
    page's DOM, which is not the edition's text, so they are not used."""
    quotes = []
    for target in objects(targets):
        selectors = _flatten(objects(target.get("selector")))
        exact = next((s for s in selectors if s.get("type") == "TextQuoteSelector"
                      and isinstance(s.get("exact"), str) and s["exact"].strip()), None)
        if exact is None:
            continue
        fragment = next((s["value"] for s in selectors if s.get("type") == "FragmentSelector"
                         and isinstance(s.get("value"), str)), None)
        quotes.append(Quote(exact["exact"], _text(exact.get("prefix")), _text(exact.get("suffix")), fragment))
    return quotes


def _flatten(selectors: list[dict]) -> list[dict]:
    """Every selector with those refining it (a loop, not recursion: the chain may be deep)."""
    found, waiting = [], list(reversed(selectors))
    while waiting:
        selector = waiting.pop()
        found.append(selector)
        waiting += reversed(objects(selector.get("refinedBy")))
    return found


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
