"""Language tagging: every run of the text in another language than the article's Chinese becomes a
``<foreign xml:lang>``.

Why: the editions convert the article into the other Chinese script, and a converter cannot tell a
Korean hanja term or a Japanese kanji word from Chinese; the tag can. Writers leave ``foreign`` text
in a non-Chinese language as written and give it its ``lang``, so fonts, hyphenation and screen
readers treat it as that language. Which runs and which language is
:mod:`pipeline.transforms.language_runs`'s job; this stage walks the text nodes a reader sees and
wraps the runs, character for character: the text (and so every block's fingerprint,
:mod:`pipeline.visible`) is unchanged, only markup is added. It runs before the IDs stage, so the
blocks it touches are fingerprinted as they are published.
"""
from __future__ import annotations

from lxml import etree

from pipeline.lang import script_of
from pipeline.tei import XML_LANG, el, tag
from pipeline.transforms.base import ArticleInputs, Report, Reporter
from pipeline.transforms.language_runs import Span, language_spans

#: elements whose content is never tagged: their language is known (``foreign``, a script's
#: ``reg``), their text is not prose (code, TeX, identifiers, dates, URLs), or it is the
#: pipeline's own words (editorial notes, gap descriptions), or the bibliography (which carries its works' languages)
SKIPPED = frozenset({"foreign", "choice", "reg", "code", "formula", "idno", "ptr", "date", "graphic", "desc",
                     "listBibl", "biblStruct", "teiHeader", "standOff"})
NORMALISATION = ("Runs of text in another language than the article's Chinese are tagged "
                 "<foreign xml:lang=\"…\">: Hangul ko, kana (with its kanji) and Japanese-only kanji ja, hanja "
                 "glossing or glossed by Korean ko-Hani, Cyrillic ru, Latin en (ASCII) or und-Latn; the text is unchanged.")


def apply(root: etree._Element, inputs: ArticleInputs, reporter: Reporter) -> Report:
    text = root.find(tag("text"))
    if text is None:
        return Report("languages")
    simplified = script_of(inputs.meta.lang) == "Hans"
    slots: list[tuple[etree._Element, bool]] = []
    _collect(text, slots)
    tagged = 0
    for owner, tail in slots:
        words = owner.tail if tail else owner.text
        spans = language_spans(words, simplified)
        if spans:
            _wrap(owner, tail, words, spans)
            tagged += len(spans)
    return Report("languages", None, [NORMALISATION] if tagged else [])


def _collect(element: etree._Element, slots: list[tuple[etree._Element, bool]]) -> None:
    """The text nodes under ``element`` the tagging reads (an element's text, a child's tail), in order."""
    if _skipped(element):
        return
    if element.text:
        slots.append((element, False))
    for child in element:
        if isinstance(child.tag, str):
            _collect(child, slots)
        if child.tail:
            slots.append((child, True))


def _skipped(element: etree._Element) -> bool:
    if not isinstance(element.tag, str):
        return True
    name = etree.QName(element).localname
    lang = element.get(XML_LANG)
    if name in SKIPPED or (lang is not None and not lang.lower().startswith("zh")):
        return True
    if name == "note" and element.get("type") == "editorial":
        return True
    if name == "ab" and element.get("type") == "code":
        return True
    return name == "ref" and "".join(element.itertext()).startswith(("http://", "https://"))


def _wrap(owner: etree._Element, tail: bool, words: str, spans: list[Span]) -> None:
    """Replace one text node by its text with each span in a ``foreign`` element, in place."""
    parent, index = (owner.getparent(), owner.getparent().index(owner) + 1) if tail else (owner, 0)
    for number, (start, end, lang) in enumerate(spans):
        foreign = el("foreign", words[start:end], xml_lang=lang)
        after = spans[number + 1][0] if number + 1 < len(spans) else len(words)
        foreign.tail = words[end:after] or None
        parent.insert(index + number, foreign)
    lead = words[:spans[0][0]] or None
    if tail:
        owner.tail = lead
    else:
        owner.text = lead
