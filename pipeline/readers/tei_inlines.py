"""Pandoc inlines, after the wiki rules, written as TEI phrase-level content.

The mapping is the one ``docs/tei-model.md`` gives. Runs of text are split into text and note
markers here (:func:`pipeline.readers.markers.split_markers`), after adjacent ``Str`` and
``Space`` nodes are joined, because Pandoc cuts a marker such as ``[註 3]`` at its space.
Everything the pipeline adds (gaps, editorial notes) carries ``resp="#pipeline"``.
"""
from __future__ import annotations

from lxml import etree

from pipeline.readers.markers import Marker, append_parts, append_text, split_markers
from pipeline.readers.pandoc_ast import Inline, span_attr, span_classes
from pipeline.readers.wiki_context import ReadContext
from pipeline.readers.wiki_links import iri_safe
from pipeline.tei import PIPELINE_RESP, sub

_HIGHLIGHTS = {"Emph": "italic", "Strong": "bold", "Underline": "underline", "Strikeout": "strikethrough",
               "SmallCaps": "small-caps", "Superscript": "sup", "Subscript": "sub"}
_HTML_HIGHLIGHTS = {"sub": "sub", "sup": "sup", "small": "small", "big": "large", "u": "underline",
                    "ins": "underline", "s": "strikethrough", "del": "strikethrough", "b": "bold",
                    "strong": "bold", "i": "italic", "em": "italic", "cite": "italic", "var": "italic",
                    "tt": "code", "code": "code", "kbd": "code", "samp": "code", "mark": "mark"}
_TEXT_NODES = ("Str", "Space", "SoftBreak")


class InlineWriter:
    """Writes inline lists into TEI elements, in the article's script for what it adds."""

    def __init__(self, context: ReadContext):
        self.context = context

    def write(self, parent: etree._Element, inlines: list[Inline], *, markers: bool = True) -> None:
        """Append ``inlines`` to ``parent``; ``markers=False`` keeps brackets as text (code)."""
        run: list[Inline] = []
        for node in inlines:
            if node["t"] in _TEXT_NODES:
                run.append(node)
                continue
            self._text(parent, run, markers)
            run = []
            self._node(parent, node, markers)
        self._text(parent, run, markers)

    def _text(self, parent: etree._Element, run: list[Inline], markers: bool) -> None:
        if not run:
            return
        if any(node["t"] == "SoftBreak" for node in run):
            self.context.normalised("line-breaks")
        text = "".join(node["c"] if node["t"] == "Str" else " " for node in run)
        if not markers:
            append_text(parent, text)
            return
        parts = split_markers(text)
        if any(isinstance(part, Marker) for part in parts):
            self.context.normalised("markers")
        append_parts(parent, parts)

    def _node(self, parent: etree._Element, node: Inline, markers: bool) -> None:
        kind = node["t"]
        if kind in _HIGHLIGHTS:
            self.write(sub(parent, "hi", rend=_HIGHLIGHTS[kind]), node["c"], markers=markers)
        elif kind == "LineBreak":
            sub(parent, "lb")
        elif kind == "Code":
            sub(parent, "code", node["c"][1])
        elif kind == "Math":
            display = node["c"][0]["t"] == "DisplayMath"
            sub(parent, "formula", node["c"][1], notation="tex", rend="display" if display else None)
        elif kind == "Link":
            self._link(parent, node, markers)
        elif kind == "Image":
            figure = sub(parent, "figure")
            sub(figure, "graphic", url=node["c"][2][0])
            if node["c"][1]:
                self.write(sub(figure, "head"), node["c"][1])
        elif kind == "Span":
            self._span(parent, node, markers)
        elif kind == "RawInline":
            append_text(parent, node["c"][1])

    def _link(self, parent: etree._Element, node: Inline, markers: bool) -> None:
        target, title = node["c"][2]
        if title == "wikilink":
            ref = sub(parent, "ref", type="wikilink", target=target)
        else:
            ref = sub(parent, "ref", type="external", target=iri_safe(target) if target else None)
        self.write(ref, node["c"][1], markers=markers)

    def _span(self, parent: etree._Element, node: Inline, markers: bool) -> None:
        classes = span_classes(node)
        content = node["c"][1]
        if "variant" in classes:
            self._variant(parent, content, markers)
        elif "no-conversion" in classes:
            self.write(sub(parent, "seg", type="no-conversion"), content, markers=markers)
        elif "lost" in classes:
            sub(parent, "gap", reason="lost", resp=PIPELINE_RESP)
        elif "editorial" in classes:
            self.write(self.editorial_note(parent, span_attr(node, "subtype")), content, markers=False)
        elif "stray-ref" in classes:
            append_text(self.editorial_note(parent, "stray-ref"), self.context.message("stray-ref"))
        elif "template" in classes:
            self._template(parent, node)
        elif "ref-note" in classes:
            self.write(sub(parent, "note", place="inline"), content, markers=markers)
        elif classes and classes[0].startswith("html-") and classes[0][5:] in _HTML_HIGHLIGHTS:
            self.write(sub(parent, "hi", rend=_HTML_HIGHLIGHTS[classes[0][5:]]), content, markers=markers)
        elif "html-q" in classes:
            self.write(sub(parent, "q"), content, markers=markers)
        else:
            self.write(parent, content, markers=markers)

    def _variant(self, parent: etree._Element, readings: list[Inline], markers: bool) -> None:
        """``<choice>`` of ``<reg type="variant" xml:lang>``; one reading alone is a bare reg."""
        if not readings:
            return
        holder = sub(parent, "choice") if len(readings) > 1 else parent
        for reading in readings:
            reg = sub(holder, "reg", type="variant", xml_lang=span_attr(reading, "lang") or "zh")
            self.write(reg, reading["c"][1], markers=markers)

    def _template(self, parent: etree._Element, node: Inline) -> None:
        name = span_attr(node, "name") or ""
        params = node["c"][1]
        if not params:
            append_text(self.editorial_note(parent, "template"), self.context.message("layout-template", name=name))
            return
        template = sub(parent, "seg", type="template", n=name)
        for param in params:
            if param["t"] == "Span":
                self.write(sub(template, "seg", type="param", n=span_attr(param, "name")), param["c"][1])
            else:
                self.write(template, [param])
        append_text(self.editorial_note(parent, "template"), self.context.message("template", name=name))

    @staticmethod
    def editorial_note(parent: etree._Element, subtype: str | None) -> etree._Element:
        return sub(parent, "note", type="editorial", resp=PIPELINE_RESP, subtype=subtype)

