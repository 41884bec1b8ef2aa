"""The article in the other Chinese script, converted at build time with OpenCC.

A reader of traditional characters should not have to read simplified ones, nor the reverse;
but the source's own choices win over the converter, as MediaWiki's do: a ``<choice>`` of
script variants shows the reading written for the target script (never converted), and text the
source protected (``seg type="no-conversion"``), code and TeX are never touched. Nor is what was
published in its own writing, which a converter would falsify: text in another language than
Chinese (``foreign``: Korean hanja are not traditional Chinese to simplify), the works in the
bibliography and the source's reference lists, citation notes, titles (``title``, and 《…》 in a
note's words), quotations (``q``, block quotes). The pipeline's own words in them (editorial notes)
are still converted: they address the reader. When the article's language names a region, the
conversion is OpenCC's phrase-level one for that region (Taiwan's 軟體 is the mainland's 软件).
Only the text is converted: IDs, links and the structure are the same, so a permalink or a citation
works in both.
"""
from __future__ import annotations

import re
from dataclasses import replace

from pipeline.lang import converter, script_of as chinese_script, shown_variant
from pipeline.writers.model import Document, Kind, Node, table_of_contents
from pipeline.writers.model.apparatus import note_statements

#: the script a page in each script switches to
SWITCH = {"zh-Hans": "zh-Hant", "zh-Hant": "zh-Hans"}
#: OpenCC's profile from each script, by the region of the article's language: phrase-level
#: (vocabulary too) where the region has its own; HK's serves Macao, which OpenCC has none for
PROFILES = {"zh-Hans": {"TW": "s2twp", "HK": "s2hk", "MO": "s2hk"},
            "zh-Hant": {"TW": "tw2sp", "HK": "hk2s", "MO": "hk2s"}}
PLAIN = {"zh-Hans": "s2t", "zh-Hant": "t2s"}
#: nodes whose text stays exactly as the source wrote it, the pipeline's words in them too
VERBATIM = (Kind.MATH, Kind.CODE, Kind.CODE_INLINE)
#: nodes that are the pipeline's words to the reader: converted even inside kept text
OURS = (Kind.EDITORIAL, Kind.MAINTENANCE, Kind.GAP, Kind.APPARATUS)
#: attributes that hold text a reader sees (labels, names, positions) rather than references
#: (a supplied title, a sign of the apparatus too)
TEXT_ATTRS = ("n", "resp", "role", "phrase", "locator", "alt", "title", "sign")
#: a title in a note's words, 《…》 (its marks may fall in different text nodes)
TITLE_MARKS = re.compile(r"([《》])")


def script_of(lang: str) -> str | None:
    """``zh-Hans`` or ``zh-Hant`` for a Chinese language tag that names a script (by its script
    subtag or its region: :func:`pipeline.lang.script_of`), else None."""
    script = chinese_script(lang) if lang.split("-")[0].lower() == "zh" else None
    return f"zh-{script}" if script else None


def other_script(lang: str) -> str | None:
    """The script a page in ``lang`` can be switched to (None when its script is unknown)."""
    script = script_of(lang)
    return SWITCH[script] if script else None


def region_of(lang: str) -> str | None:
    """The region subtag of a language tag (``TW`` of ``zh-Hant-TW`` or ``zh-tw``), else None."""
    return next((part.upper() for part in lang.split("-")[1:] if len(part) == 2 and part.isalpha()), None)


def profile_for(lang: str, target: str) -> str:
    """The OpenCC profile converting text of an article in ``lang`` to script ``target``: the
    region's phrase-level profile when ``lang`` names a region that has one, else the plain one."""
    script = script_of(lang)
    if script is None or SWITCH[script] != target:
        raise ValueError(f"no conversion from {lang} to {target}")
    return PROFILES[script].get(region_of(lang) or "", PLAIN[script])


def converter_for(lang: str, target: str):
    """A function converting text from the script of ``lang`` to ``target``."""
    return converter(profile_for(lang, target)).convert


def convert_document(document: Document, target: str) -> Document:
    """A copy of ``document`` whose text is in script ``target`` (see the module's text)."""
    converter = _Converter(converter_for(document.lang, target), target, document.lang)
    body = converter.nodes(document.body)
    return replace(
        document,
        lang=target,
        meta={**document.meta, "title": converter.text(document.meta.get("title", ""))},
        front=converter.nodes(document.front),
        body=body,
        toc=table_of_contents(body),
        notes=converter.nodes(document.notes),
        notes_head=converter.node(document.notes_head) if document.notes_head else None,
        sources=converter.nodes(document.sources),
        links=converter.nodes(document.links),
        bibliography=converter.nodes(document.bibliography),
        annotations=converter.nodes(document.annotations),
        apparatus=converter.nodes(document.apparatus),
        note_statements=note_statements(document.notes, target),  # the pipeline's words, in the target's wording
    )


class _Converter:
    def __init__(self, convert, target: str, source_lang: str):
        self.convert = convert
        self.target = target
        self.source_lang = source_lang
        self.done: dict[tuple[int, bool], Node] = {}
        #: inside a note, whether a 《 has opened a title that no 》 has closed yet
        self.in_title: bool | None = None

    def text(self, value: str) -> str:
        if not value:
            return value
        if self.in_title is None:
            return self.convert(value)
        pieces = []
        for piece in TITLE_MARKS.split(value):
            if piece in ("《", "》"):
                self.in_title = piece == "《"
                pieces.append(piece)
            else:
                pieces.append(piece if self.in_title else self.convert(piece))
        return "".join(pieces)

    def nodes(self, nodes: list[Node], keep: bool = False) -> list[Node]:
        return [self.node(node, keep) for node in nodes]

    def node(self, node: Node, keep: bool = False) -> Node:
        """The converted copy of ``node`` (``keep``: inside text kept as published); an annotation
        shared by a block's margin and the article's list is converted once, so both show the same object."""
        key = (id(node), keep)
        if key in self.done:
            return self.done[key]
        if node.kind in VERBATIM:
            copy = self._verbatim(node)
        elif node.kind == Kind.VARIANT:
            regs = [self._verbatim(reg) for reg in node.children]
            shown = shown_variant([reg.attrs["lang"] for reg in regs], self.target)
            copy = Node(Kind.VARIANT, node.id, {**node.attrs, "shown": shown}, regs)
        else:
            copy = self._copy(node, False if node.kind in OURS else keep or self._kept(node))
        self.done[key] = copy
        return copy

    def _copy(self, node: Node, keep: bool) -> Node:
        outer = self.in_title
        if node.kind in (Kind.NOTE, Kind.ANNOTATION) and not keep:
            self.in_title = False
        attrs = {key: (self.text(value) if key in TEXT_ATTRS and not keep else value) for key, value in node.attrs.items()}
        if node.kind == Kind.NOCONV:
            attrs["lang"] = attrs.get("lang") or self.source_lang
        copy = Node(node.kind, node.id, attrs, self.nodes(node.children, keep),
                    node.text if keep or node.text is None else self.text(node.text))
        self.in_title = outer
        copy.annotations = self.nodes(node.annotations)
        return copy

    @staticmethod
    def _kept(node: Node) -> bool:
        """Whether ``node`` holds text as published (the module's text says which)."""
        if node.kind == Kind.FOREIGN:
            lang = node.attrs.get("lang", "")
            return bool(lang) and lang.split("-")[0].lower() != "zh"
        if node.kind == Kind.NOTE:
            return node.attrs.get("type") == "citation"
        if node.kind == Kind.LIST:
            return node.attrs.get("rend") == "bibliography"
        return node.kind in (Kind.NOCONV, Kind.QUOTE)

    def _verbatim(self, node: Node) -> Node:
        """A copy with the text as it is; a variant in it (in a code block, say) shows the
        target script's reading."""
        attrs = dict(node.attrs)
        if node.kind == Kind.VARIANT:
            attrs["shown"] = shown_variant([reg.attrs["lang"] for reg in node.children], self.target)
        copy = Node(node.kind, node.id, attrs, [self._verbatim(c) for c in node.children], node.text)
        copy.annotations = self.nodes(node.annotations)
        return copy
