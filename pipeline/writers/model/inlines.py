"""TEI phrase-level elements turned into view-model inline nodes, one behaviour per element.

:class:`InlineBuilder` looks an element's name up in :data:`~InlineBuilder.INLINE_ELEMENTS`
(CETEIcean's way: a table of behaviours per TEI element, not a chain of tests); an element the
table does not name keeps its words, in its language when it has one. The builder also numbers each call of a
note, so that the note can link back to every one of them.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from lxml import etree

from pipeline.lang import shown_variant
from pipeline.tei import XML_ID, XML_LANG, tag
from pipeline.writers.biblstruct import CJK
from pipeline.wording import labels
from pipeline.writers.model.apparatus import LACUNA, Apparatus
from pipeline.writers.nodes import Kind, Node, text_node

LOCAL = etree.QName


class InlineBuilder:
    """Walks TEI inline content into nodes, numbering each note reference for back-links."""

    def __init__(self, root: etree._Element):
        self.lang = root.get(XML_LANG, "zh")
        #: note id → the anchors of its calls, in reading order
        self.note_refs: dict[str, list[str]] = {}
        #: the explanations the signs in the text point at
        self.apparatus = Apparatus()

    def inlines(self, element: etree._Element) -> list[Node]:
        """The nodes of an element's content: its text, its children and their tails."""
        nodes = text_node(element.text)
        for child in element:
            nodes.extend(self.inline(child))
            nodes.extend(text_node(child.tail))
        return nodes

    def inlines_of(self, elements: Iterable[etree._Element]) -> list[Node]:
        """The nodes of some elements, without their tails."""
        return [node for child in elements for node in self.inline(child)]

    def inline(self, element: etree._Element) -> list[Node]:
        """The nodes one element stands for (none for a comment or processing instruction)."""
        if not isinstance(element.tag, str):
            return []
        return self.INLINE_ELEMENTS.get(LOCAL(element).localname, InlineBuilder.words)(self, element)

    # behaviours, by element ------------------------------------------------------------------
    def words(self, element: etree._Element) -> list[Node]:
        """An element without a behaviour of its own: its words, in its language."""
        return self.in_language(element, self.inlines(element))

    def hi(self, element: etree._Element) -> list[Node]:
        return self.in_language(element, [Node(Kind.HI, None, {"rend": element.get("rend", "")}, self.inlines(element))])

    def emph(self, element: etree._Element) -> list[Node]:
        return self.in_language(element, [Node(Kind.HI, None, {"rend": "italic"}, self.inlines(element))])

    def title(self, element: etree._Element) -> list[Node]:
        """A work's title in running text (a scholar's ``bibl``), as published, which the other
        script's page keeps: a Western book's, journal's or series' title is italic, as in the
        bibliography; a Chinese one keeps the 《》 its text has around it, and an article's title its
        quotation marks."""
        western = element.get("level", "m") in ("m", "j", "s") and not CJK.search("".join(element.itertext()))
        words = [Node(Kind.HI, None, {"rend": "italic"}, self.inlines(element))] if western else self.inlines(element)
        return self.in_language(element, [Node(Kind.NOCONV, None, {}, words)])

    def ref(self, element: etree._Element) -> list[Node]:
        """A note's call (``type="noteref"``), else a link."""
        return [self.noteref(element)] if element.get("type") == "noteref" else self.ptr(element)

    def ptr(self, element: etree._Element) -> list[Node]:
        return [Node(Kind.LINK, None, {"href": element.get("target", ""), "type": element.get("type", "")},
                     self.inlines(element))]

    def choice(self, element: etree._Element) -> list[Node]:
        """The readings of each script; the article's own script's is shown."""
        regs = [Node(Kind.REG, None, {"lang": r.get(XML_LANG, "")}, self.inlines(r)) for r in element.findall(tag("reg"))]
        shown = shown_variant([reg.attrs["lang"] for reg in regs], self.lang)
        return [Node(Kind.VARIANT, None, {"shown": shown}, regs)]

    def foreign(self, element: etree._Element) -> list[Node]:
        return [Node(Kind.FOREIGN, None, {"lang": element.get(XML_LANG, "")}, self.inlines(element))]

    def seg(self, element: etree._Element) -> list[Node]:
        """An annotated phrase (its ``ana`` names the annotations), text kept from script
        conversion, or else just words."""
        if element.get("type") == "annotated":
            return [Node(Kind.ANNOTATED, element.get(XML_ID),
                         {"annotation": " ".join(a.lstrip("#") for a in element.get("ana", "").split())},
                         self.inlines(element))]
        if element.get("type") == "no-conversion":
            return [Node(Kind.NOCONV, None, {}, self.inlines(element))]
        return self.words(element)

    def published(self, element: etree._Element) -> list[Node]:
        """A quotation: the words as published, which the other script's page keeps."""
        return self.in_language(element, [Node(Kind.NOCONV, None, {}, self.inlines(element))])

    def formula(self, element: etree._Element) -> list[Node]:
        return [Node(Kind.MATH, None, {"display": element.get("rend", "")}, text="".join(element.itertext()))]

    def code(self, element: etree._Element) -> list[Node]:
        return [Node(Kind.CODE_INLINE, None, {}, text="".join(element.itertext()))]

    def note(self, element: etree._Element) -> list[Node]:
        """A note in the text: the source's maintenance tag, with the explanation after it as its
        apparatus entry, or else the pipeline's word to the reader, shown as a sign of its entry."""
        attrs = {"type": element.get("type", ""), "subtype": element.get("subtype", ""), "resp": element.get("resp", "")}
        if element.get("type") == "maintenance":
            explanation = element.getnext()
            words = self.inlines(element)
            if explains(element, explanation):
                attrs["apparatus"] = self.apparatus.entry(self.inlines(explanation), attrs["subtype"],
                                                          "[" + "".join(n.plain_text() for n in words) + "]")
            return [Node(Kind.MAINTENANCE, element.get(XML_ID), attrs, words)]
        if explains(element.getprevious(), element):
            return []  # the tag before it is its sign
        sign = f"〔{labels(self.lang)['editorial'][0]}〕"
        attrs["apparatus"] = self.apparatus.entry(self.inlines(element), attrs["subtype"], sign)
        return [Node(Kind.EDITORIAL, element.get(XML_ID), attrs, [])]

    def gap(self, element: etree._Element, sign: str = LACUNA) -> list[Node]:
        """A gap in the text, a sign; its description, when it has one, is its apparatus entry."""
        attrs = {"reason": element.get("reason", "")}
        words = description(element)
        if words:
            attrs["apparatus"] = self.apparatus.entry(text_node(words), element.find(tag("desc")).get("subtype", ""),
                                                      sign)
        return [Node(Kind.GAP, None, attrs, text="")]

    def bibl(self, element: etree._Element) -> list[Node]:
        """A note's words around its call (``type="noteref"``), a link to a cited work
        (``corresp``), or else just words."""
        if element.get("type") == "noteref":
            return self.inlines(element)
        if element.get("corresp"):
            return [self.biblref(element)]
        return self.words(element)

    def cited_range(self, element: etree._Element) -> list[Node]:
        return [Node(Kind.LOCATOR, None, {}, text="".join(element.itertext()))]

    def lb(self, element: etree._Element) -> list[Node]:
        return [Node(Kind.BR)]

    def graphic(self, element: etree._Element) -> list[Node]:
        """An image in running text: a link to its page, named by its file."""
        url = element.get("url", "")
        return [Node(Kind.LINK, None, {"href": url, "type": "graphic"}, text_node(url.rsplit(":", 1)[-1]))]

    #: TEI element name → its behaviour
    INLINE_ELEMENTS: dict[str, Callable[["InlineBuilder", etree._Element], list[Node]]] = {
        "hi": hi, "emph": emph, "ref": ref, "ptr": ptr, "choice": choice, "foreign": foreign, "seg": seg,
        "formula": formula, "code": code, "note": note, "gap": gap, "bibl": bibl, "citedRange": cited_range,
        "lb": lb, "graphic": graphic, "title": title, "q": published,
    }

    # helpers ---------------------------------------------------------------------------------
    def in_language(self, element: etree._Element, nodes: list[Node]) -> list[Node]:
        """``nodes`` wrapped in a ``foreign`` node when the element has an ``xml:lang`` of its own
        (emphasis, a title…), so writers can set ``lang`` on it."""
        lang = element.get(XML_LANG)
        return nodes if lang is None else [Node(Kind.FOREIGN, None, {"lang": lang}, nodes)]

    def biblref(self, element: etree._Element) -> Node:
        """A note's link to the work it cites (``<bibl corresp>``). The locator the bibl holds is
        the note's own words again (``王树增，第一章`` → 第一章), so it is an attribute, not text:
        writers label the link themselves and may show the locator as a hint."""
        ranges = element.findall(tag("citedRange"))
        words = text_node(element.text)
        for child in element:
            if child not in ranges:
                words += self.inline(child)
            words += text_node(child.tail)
        return Node(Kind.BIBLREF, None, {"target": element.get("corresp", "").split()[0].lstrip("#"),
                                         "locator": " ".join("".join(r.itertext()).strip() for r in ranges)}, words)

    def noteref(self, element: etree._Element) -> Node:
        """A note's call, with an anchor of its own (``ref-NOTE-N``, the Nth call of the note)."""
        target = element.get("target", "").lstrip("#")
        anchors = self.note_refs.setdefault(target, [])
        anchor = f"ref-{target}-{len(anchors) + 1}"
        anchors.append(anchor)
        label = "".join(element.itertext()) or element.get("n", "")
        return Node(Kind.NOTEREF, anchor, {"note": target, "n": element.get("n", label),
                                           "subtype": element.get("subtype", "")}, text=label)


def explains(flag: etree._Element | None, note: etree._Element | None) -> bool:
    """Whether ``note`` is the editorial explanation right after the maintenance tag ``flag``
    (the editorial stage puts it there, of the same subtype)."""
    return (flag is not None and note is not None and flag.tag == tag("note") and note.tag == tag("note")
            and flag.get("type") == "maintenance" and note.get("type") == "editorial"
            and note.get("subtype") == flag.get("subtype") and not (flag.tail or "").strip())


def description(element: etree._Element) -> str:
    """The words of an element's ``desc`` (what a gap stands for), or ""."""
    desc = element.find(tag("desc"))
    return "".join(desc.itertext()) if desc is not None else ""
