"""Remove wiki conversion debris from a citation string before it is parsed.

Readers normally resolve MediaWiki variant markup and link syntax, but a note can reach the
parser with remnants of them (a note copied from raw Markdown, an escaped ``\\-{``, wiki italics
``''…''`` that Pandoc does not know). No field of a record may carry such debris, so every string
is cleaned here first; italics written in wiki syntax are returned as italic spans.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.citations.draft import MASKS_END, TITLE

#: Variant keys in order of preference: the seed articles are mostly simplified Chinese.
_VARIANT_PREFERENCE = ("zh-hans", "zh-cn", "zh-sg", "zh-my", "zh", "zh-hant", "zh-tw", "zh-hk", "zh-mo")
_VARIANT = re.compile(r"\\?-\{(.*?)\}-", re.S)
_VARIANT_RULE = re.compile(r"(zh(?:-[a-z]+)?)\s*:\s*(.*?)\s*(?=;\s*zh(?:-[a-z]+)?\s*:|;?\s*$)", re.S)
_MD_LINK = re.compile(r"\[([^\]]*)\]\((\S+?)(?:\s+\"([^\"]*)\")?\)")
_WIKI_LINK = re.compile(r"\[\[(?:[^|\]]*\|)?([^\]]*)\]\]")
_WIKI_EXTERNAL = re.compile(r"\[(https?://[^\s\]]+)\s+([^\]]+)\]")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
# markup a converted note may still carry: HTML, wiki bold and italics, templates
_HTML_TAG = re.compile(r"</?(?:small|big|sup|sub|span|ref|references|center|br|b|i|u|s|font|div|p)\b[^<>]*/?>", re.I)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TEMPLATE = re.compile(r"\{\{[^{}]*\}\}")
_WIKI_BOLD = re.compile(r"'''(.+?)'''")
_WIKI_ITALIC = re.compile(r"''\s*(.+?)\s*''")
_HALF_OPEN_ITALIC = re.compile(r"(?<![\w'])'([^']+?)''")
_ESCAPE = re.compile(r"\\([\[\]*#_~`\\{}()-])")
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u3000]+")


@dataclass(frozen=True)
class Cleaned:
    text: str
    urls: tuple[str, ...]
    italics: tuple[str, ...]


def _resolve_variant(match: re.Match) -> str:
    body = match.group(1)
    if "|" in body and re.match(r"^\s*zh[-a-z;\s]*\|", body):  # flag form -{zh-hans;zh-hant|text}-
        return body.split("|", 1)[1]
    rules = dict((key.lower(), value) for key, value in _VARIANT_RULE.findall(body))
    if not rules:
        return body
    for key in _VARIANT_PREFERENCE:
        if key in rules:
            return rules[key]
    return next(iter(rules.values()))


def clean(text: str) -> Cleaned:
    """Plain text of a citation string with wiki markup remnants resolved or removed."""
    urls: list[str] = []
    italics: list[str] = []
    s = re.sub(f"[{TITLE}-{MASKS_END}]", "", text)  # the parsers' own mask characters: never in a citation
    s = _HTML_COMMENT.sub(" ", s)
    s = _VARIANT.sub(_resolve_variant, s)
    s = s.replace("-{", "").replace("}-", "")

    def md_link(m: re.Match) -> str:
        if m.group(3) != "wikilink" and "/wiki/" not in m.group(2) and not m.group(2).startswith("../Page/"):
            urls.append(m.group(2))
        return m.group(1)

    def wiki_external(m: re.Match) -> str:
        urls.append(m.group(1))
        return m.group(2)

    def autolink(m: re.Match) -> str:
        urls.append(m.group(1))
        return m.group(1)

    def italic(m: re.Match) -> str:
        italics.append(m.group(1).strip())
        return m.group(1).strip()

    s = _MD_LINK.sub(md_link, s)
    s = _WIKI_LINK.sub(lambda m: m.group(1), s)
    s = _WIKI_EXTERNAL.sub(wiki_external, s)
    s = _AUTOLINK.sub(autolink, s)
    s = _HTML_TAG.sub(" ", s)
    while _TEMPLATE.search(s):
        s = _TEMPLATE.sub(" ", s)
    s = _WIKI_BOLD.sub(lambda m: m.group(1), s)
    s = _WIKI_ITALIC.sub(italic, s)
    s = _HALF_OPEN_ITALIC.sub(italic, s)
    s = _ESCAPE.sub(lambda m: m.group(1), s)
    s = s.replace("{{", " ").replace("}}", " ").replace("[[", "").replace("]]", "")
    s = _SPACES.sub(" ", s).strip()
    s = re.sub(r"^[*#]+\s*", "", s)  # a list bullet escaped into the text
    if s.startswith("'") and s.count("'") == 1:  # the other half of a lost wiki italic mark
        s = s[1:]
    if s.count("[") < s.count("]"):  # a stray closing bracket left behind by a template
        s = re.sub(r"\s*\]+\s*$", "", s)
    return Cleaned(s, tuple(urls), tuple(italics))


_TEMPLATE_PARAMS = re.compile(r"\|\s*([\w-]+)\s*=\s*([^|]*)")


def cite_template(text: str) -> tuple[str, dict[str, str]] | None:
    """The name and non-empty parameters of a ``{{cite …}}`` template left in the text, if any."""
    match = re.search(r"\{\{\s*(cite\s*\w+|citation|cite)\b(.*?)\}\}", text, re.S | re.I)
    if not match:
        return None
    name = re.sub(r"\s+", " ", match.group(1).lower())
    params = {}
    for key, value in _TEMPLATE_PARAMS.findall(match.group(2)):
        value = _AUTOLINK.sub(lambda m: m.group(1), value).strip()
        if value:
            params[key.lower()] = value
    return name, params
