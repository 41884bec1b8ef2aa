"""What one complete ``-{…}-`` construct of MediaWiki variant markup becomes: variants (one
``Span.reg`` per language), protected text, a flag form's reading, or nothing; and the BCP 47 tag
of each MediaWiki variant key. The rules are MediaWiki's, as :mod:`pipeline.readers.langconv`
describes them."""
from __future__ import annotations

import re
from typing import Iterator

from pipeline.readers.langconv_report import Findings
from pipeline.readers.langconv_tokens import SPACES, TEXTUAL, Delim, tidy
from pipeline.readers.pandoc_ast import Inline, Str

BCP47: dict[str, str] = {
    "zh": "zh",
    "zh-hans": "zh-Hans",
    "zh-hant": "zh-Hant",
    "zh-cn": "zh-Hans-CN",
    "zh-sg": "zh-Hans-SG",
    "zh-my": "zh-Hans-MY",
    "zh-tw": "zh-Hant-TW",
    "zh-hk": "zh-Hant-HK",
    "zh-mo": "zh-Hant-MO",
}
"""MediaWiki variant key → BCP 47 language tag (script and region subtags)."""


def variant_key_to_lang(key: str) -> str:
    """The BCP 47 tag of a MediaWiki variant key (``zh-hant`` → ``zh-Hant``).

    Keys are matched case-insensitively and without surrounding spaces, as MediaWiki does.
    """
    try:
        return BCP47[key.strip().lower()]
    except KeyError:
        raise ValueError(f"not a MediaWiki variant key: {key!r}") from None


def resolve_construct(opener: Delim, content: list[Inline | Delim], report: Findings) -> list[Inline]:
    """The inlines that replace one complete ``-{ content }-``."""
    if not content:
        report.separators += 1
        return []
    split = split_flags(content)
    if split is None:
        return _rules_or_protected(content, report)
    flags, text = split
    text = tidy(text)
    langs = [f for f in flags if f.lower() in BCP47]
    letters = {f for f in flags if f.lower() not in BCP47}
    label = f'{flag_label(flags)} at "{opener.context}"'
    if not text and not flags:
        report.separators += 1
        return []
    if not flags:
        return _rules_or_protected(text, report)
    if "R" in letters:
        return _protected(text, report) if text else []
    if langs:
        shown = ", ".join(flag_names(langs))
        if _is_blank(text):
            report.note(opener.position, f"{label}: text shown only in {shown} is empty, removed")
            return []
        report.note(opener.position, f"{label}: text shown only in {shown}, kept as protected text")
        return _protected(text, report)
    if letters & {"A", "D"}:
        report.note(opener.position, f"{label}: page-wide rule also shown here, kept as variants")
        return _rules_or_protected(text, report)
    if letters & {"H", "T", "-"}:
        report.note(opener.position, f"{label}: hidden conversion rule, not shown, removed")
        return []
    report.note(opener.position, f"{label}: variant-name flag, text kept as protected text")
    return _protected(text, report)


_FLAG_LETTERS = frozenset({"A", "T", "R", "D", "-", "H", "N"})


def split_flags(content: list[Inline | Delim]) -> tuple[list[str], list[Inline | Delim]] | None:
    """``(flags, text)`` when the content opens with ``FLAGS|``, else None.

    Flags are MediaWiki's letters or variant keys separated by ``;``, written in plain text
    before the first ``|``; anything else before a ``|`` means the bar is ordinary text.
    """
    head, bar, _ = _leading_text(content).partition("|")
    if not bar:
        return None
    flags = [f.strip() for f in head.split(";") if f.strip()]
    if not all(f in _FLAG_LETTERS or f.lower() in BCP47 for f in flags):
        return None
    return flags, _drop_leading(content, len(head) + 1)


def _leading_text(nodes: list[Inline | Delim]) -> str:
    """The plain text that opens ``nodes``: Strs and spaces up to the first other node."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, Delim) or node["t"] not in TEXTUAL:
            break
        parts.append(node["c"] if node["t"] == "Str" else " ")
    return "".join(parts)


def _drop_leading(nodes: list[Inline | Delim], count: int) -> list[Inline | Delim]:
    """``nodes`` without the first ``count`` characters of their :func:`_leading_text`."""
    for index, node in enumerate(nodes):
        if count == 0:
            return nodes[index:]
        size = len(node["c"]) if node["t"] == "Str" else 1
        if count < size:
            return [Str(node["c"][count:]), *nodes[index + 1 :]]
        count -= size
    return []


def _rules_or_protected(content: list[Inline], report: Findings) -> list[Inline]:
    rules = parse_rules(content)
    if rules is None:
        return _protected(content, report)
    report.variants += 1
    regs = [
        {"t": "Span", "c": [["", ["reg"], [["lang", variant_key_to_lang(key)]]], tidy(value)]}
        for key, value in rules
    ]
    return [{"t": "Span", "c": [["", ["variant"], []], regs]}]


def _protected(content: list[Inline], report: Findings) -> list[Inline]:
    report.protected += 1
    return [{"t": "Span", "c": [["", ["no-conversion"], []], tidy(content)]}]


_RULE = re.compile(r"\s*(?:(?P<source>[^;]*?)\s*=>\s*)?(?P<key>zh(?:-[A-Za-z]+)?)\s*:")
"""``key:`` or the unidirectional ``SOURCE=>key:`` that opens a rule (MediaWiki treats any
``=>`` before the key as unidirectional)."""


def parse_rules(content: list[Inline]) -> list[tuple[str, list[Inline]]] | None:
    """``[(key, value inlines), …]`` when the content is ``key:value;key:value…``, else None.

    MediaWiki splits at a ``;`` only when a rule or the end follows it; a segment that does
    not start with a rule belongs, with its ``;``, to the value before it.  The source text
    of a unidirectional rule ``SOURCE=>zh-cn:VALUE`` is what the other variants show, so
    it is kept as the ``zh`` (undifferentiated) reading unless the markup gives one.
    """
    rules: list[tuple[str, list[Inline]]] = []
    segments = list(_split_semicolons(content))
    for number, segment in enumerate(segments):
        rule = _RULE.match(_leading_text(segment))
        if rule is not None and rule.group("key").lower() in BCP47:
            source = (rule.group("source") or "").strip()
            if source and all(key != "zh" for key, _ in rules):
                rules.append(("zh", [Str(source)]))
            rules.append((rule.group("key").lower(), _drop_leading(segment, rule.end())))
        elif not rules:
            return None
        elif number < len(segments) - 1 or not _is_blank(segment):
            rules[-1][1].extend([Str(";"), *segment])
    return [(key, _trim(value)) for key, value in rules]


def _split_semicolons(content: list[Inline]) -> Iterator[list[Inline]]:
    """The content cut at every ``;`` of its own text (not inside links or emphasis)."""
    segment: list[Inline] = []
    for node in content:
        if node["t"] != "Str" or ";" not in node["c"]:
            segment.append(node)
            continue
        first, *others = node["c"].split(";")
        segment.append(Str(first))
        for piece in others:
            yield segment
            segment = [Str(piece)]
    yield segment


def _trim(value: list[Inline]) -> list[Inline]:
    """A value without the spaces and line breaks around it, as MediaWiki trims it."""
    nodes = tidy(value)
    while nodes and nodes[0]["t"] in SPACES:
        nodes.pop(0)
    while nodes and nodes[-1]["t"] in SPACES:
        nodes.pop()
    if nodes and nodes[0]["t"] == "Str":
        nodes[0] = Str(nodes[0]["c"].lstrip())
    if nodes and nodes[-1]["t"] == "Str":
        nodes[-1] = Str(nodes[-1]["c"].rstrip())
    return tidy(nodes)


def _is_blank(nodes: list[Inline]) -> bool:
    """Nothing but spaces at this level (what MediaWiki's trim would reduce to nothing)."""
    return all(n["t"] in SPACES or (n["t"] == "Str" and not n["c"].strip()) for n in nodes)


def flag_label(flags: list[str]) -> str:
    """A flag form as written, its text elided: ``-{zh-hans;zh-hant|…}-``."""
    return "-{" + ";".join(flags) + "|…}-"


def flag_names(flags: list[str]) -> list[str]:
    return [variant_key_to_lang(f) if f.lower() in BCP47 else f for f in flags]
