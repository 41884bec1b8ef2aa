"""Editorial annotations: the pipeline's own explanation of everything the source flags or lost.

Readers record what they meet (a maintenance tag, a lost template's gap, an empty heading); the
notes stage classifies notes as lost or unresolved. This stage makes sure each of those has exactly
one short explanation in the article's language, marked as the pipeline's (``resp="#pipeline"``),
placed as docs/tei-model.md ("Editorial annotations") says — a gap's explanation is its ``desc`` —
and counts them for the build summary.
It is the one place that places these explanations (:data:`pipeline.wording.EXPLANATIONS` words them):
a reader that already wrote one keeps it and only gets its ``subtype`` set, so that nothing is
explained twice.
"""
from __future__ import annotations

import unicodedata

from lxml import etree

from pipeline.tei import NS, PIPELINE_RESP, XML_ID, el, sub, tag
from pipeline.transforms.base import ArticleInputs, Report, Reporter
from pipeline.wording import EXPLANATIONS, explain

MAINTENANCE = ("citation-needed", "page-needed", "dead-link", "doubtful-source")
SUMMARY_KEYS = (*MAINTENANCE, "lost-text", "empty-headings", "lost-notes", "unresolved-notes",
                "unresolved-references")
NORMALISATION = ("Maintenance tags, text and headings lost in conversion, and lost or unresolved notes each "
                 "carry one editorial explanation in the article's language (resp=\"#pipeline\", subtype "
                 "naming the kind); a gap's explanation is its description (gap/desc).")


def apply(root: etree._Element, inputs: ArticleInputs, reporter: Reporter) -> Report:
    lang = inputs.meta.lang
    counts = dict.fromkeys(SUMMARY_KEYS, 0)
    text = root.find(tag("text"))
    if text is None:
        return Report("editorial")
    for flag in text.iterfind(".//tei:note[@type='maintenance']", NS):
        kind = flag.get("subtype")
        if kind in EXPLANATIONS:
            _explain_after(flag, kind, lang)
            counts[kind] += 1
    for gap in text.iterfind(".//tei:gap[@reason='lost']", NS):
        if _opens_section(gap):
            _describe(gap, explain("empty-heading", lang))
            counts["empty-headings"] += 1
        else:
            _describe_lost_text(gap, lang)
            counts["lost-text"] += 1
    unexplained: set[str] = set()
    for note in text.iterfind("tei:back/tei:div[@type='notes']/tei:note", NS):
        kind = {"lost": "lost-note", "unresolved": "unresolved-note"}.get(note.get("type"))
        if kind:
            _explain_inside(note, kind, lang)
            counts[f"{note.get('type')}-notes"] += 1
            unexplained.add(note.get(XML_ID))
    counts["unresolved-references"] = sum(
        1 for ref in text.iterfind(".//tei:ref[@type='noteref']", NS) if ref.get("target", "").lstrip("#") in unexplained)
    return Report("editorial", counts, [NORMALISATION] if any(counts.values()) else [])


def _opens_section(gap: etree._Element) -> bool:
    """A gap standing where a section's heading would be: an empty heading."""
    parent = gap.getparent()
    first = next((child for child in parent if isinstance(child.tag, str)), None)
    return parent.tag == tag("div") and parent.get("type") == "section" and first is gap


def _mark(note: etree._Element, kind: str) -> None:
    note.set("resp", PIPELINE_RESP)
    note.set("subtype", kind)


def _is_explanation(element: etree._Element | None, kind: str) -> bool:
    """An editorial note a reader or an earlier run wrote for ``kind`` (or for no kind in particular)."""
    return (element is not None and element.tag == tag("note") and element.get("type") == "editorial"
            and element.get("subtype") in (None, kind))


def _explain_after(element: etree._Element, kind: str, lang: str) -> None:
    """Make sure ``element`` is followed by its explanation: a reader's note counts when only
    punctuation stands between (the wiki reader closes the emptied brackets first: ``（<gap/>）<note>``)."""
    following = element.getnext()
    if _only_punctuation(element.tail) and _is_explanation(following, kind):
        _mark(following, kind)
        return
    note = el("note", explain(kind, lang), type="editorial")
    _mark(note, kind)
    note.tail, element.tail = element.tail, None
    element.addnext(note)


def _describe_lost_text(gap: etree._Element, lang: str) -> None:
    """Make sure a gap in the text describes what was lost (``gap/desc``): a reader's explanation
    after it (only punctuation between, as :func:`_explain_after` allows) becomes the description."""
    following = gap.getnext()
    if gap.find(tag("desc")) is None and _only_punctuation(gap.tail) and _is_explanation(following, "lost-text"):
        words = "".join(following.itertext())
        gap.tail = (gap.tail or "") + (following.tail or "")
        gap.getparent().remove(following)
    else:
        words = explain("lost-text", lang)
    _describe(gap, words, "lost-text")


def _only_punctuation(text: str | None) -> bool:
    return all(char.isspace() or unicodedata.category(char).startswith("P") for char in text or "")


def _explain_inside(note: etree._Element, kind: str, lang: str) -> None:
    existing = next((child for child in note.iterfind("tei:note[@type='editorial']", NS)
                     if _is_explanation(child, kind)), None)
    if existing is not None:
        _mark(existing, kind)
    else:
        _mark(sub(note, "note", explain(kind, lang), type="editorial"), kind)


def _describe(gap: etree._Element, description: str, kind: str | None = None) -> None:
    gap.set("resp", PIPELINE_RESP)
    desc = gap.find(tag("desc"))
    if desc is None:
        desc = sub(gap, "desc", description)
    if kind:
        desc.set("type", "editorial")
        desc.set("subtype", kind)
