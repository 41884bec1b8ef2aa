"""The article in the other Chinese script, converted at build time with OpenCC.

A reader of traditional characters should not have to read simplified ones, nor the reverse;
but the source's own choices win over the converter, as MediaWiki's do: a ``<choice>`` of
script variants shows the reading written for the target script (never converted), and text the
source protected (``seg type="no-conversion"``), code and TeX are never touched. Only the text is
converted: IDs, links and the structure are the same, so a permalink or a citation works in both.
"""
from __future__ import annotations

from dataclasses import replace

from pipeline.lang import converter, script_of as chinese_script, shown_variant
from pipeline.writers.model import Document, Kind, Node, table_of_contents

#: the script a page in each language switches to, and the OpenCC configuration that does it
SWITCH = {"zh-Hans": ("zh-Hant", "s2t"), "zh-Hant": ("zh-Hans", "t2s")}
#: nodes whose text stays exactly as the source wrote it
UNCONVERTED = (Kind.NOCONV, Kind.MATH, Kind.CODE, Kind.CODE_INLINE)
#: attributes that hold text a reader sees (labels, names, positions) rather than references
TEXT_ATTRS = ("n", "resp", "role", "phrase", "locator")


def script_of(lang: str) -> str | None:
    """``zh-Hans`` or ``zh-Hant`` for a Chinese language tag that names a script (by its script
    subtag or its region: :func:`pipeline.lang.script_of`), else None."""
    script = chinese_script(lang) if lang.split("-")[0].lower() == "zh" else None
    return f"zh-{script}" if script else None


def other_script(lang: str) -> str | None:
    """The script a page in ``lang`` can be switched to (None when its script is unknown)."""
    script = script_of(lang)
    return SWITCH[script][0] if script else None


def converter_for(lang: str, target: str):
    """A function converting text from the script of ``lang`` to ``target``."""
    script = script_of(lang)
    if script is None or SWITCH[script][0] != target:
        raise ValueError(f"no conversion from {lang} to {target}")
    return converter(SWITCH[script][1]).convert


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
    )


class _Converter:
    def __init__(self, convert, target: str, source_lang: str):
        self.convert = convert
        self.target = target
        self.source_lang = source_lang
        self.done: dict[int, Node] = {}

    def text(self, value: str) -> str:
        return self.convert(value) if value else value

    def nodes(self, nodes: list[Node]) -> list[Node]:
        return [self.node(node) for node in nodes]

    def node(self, node: Node) -> Node:
        """The converted copy of ``node``; an annotation shared by a block's margin and the
        article's list is converted once, so both show the same object."""
        if id(node) in self.done:
            return self.done[id(node)]
        if node.kind in UNCONVERTED:
            copy = self._verbatim(node)
            if node.kind == Kind.NOCONV:
                copy.attrs["lang"] = self.source_lang
        elif node.kind == Kind.VARIANT:
            regs = [self._verbatim(reg) for reg in node.children]
            shown = shown_variant([reg.attrs["lang"] for reg in regs], self.target)
            copy = Node(Kind.VARIANT, node.id, {**node.attrs, "shown": shown}, regs)
        else:
            attrs = {key: (self.text(value) if key in TEXT_ATTRS else value) for key, value in node.attrs.items()}
            copy = Node(node.kind, node.id, attrs, self.nodes(node.children),
                        self.text(node.text) if node.text is not None else None)
            copy.annotations = self.nodes(node.annotations)
        self.done[id(node)] = copy
        return copy

    def _verbatim(self, node: Node) -> Node:
        copy = Node(node.kind, node.id, dict(node.attrs), [self._verbatim(c) for c in node.children], node.text)
        copy.annotations = self.nodes(node.annotations)
        return copy
