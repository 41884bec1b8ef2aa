"""View-model inlines as Pandoc inlines, one rendering per node kind, for the EPUB edition.

:class:`InlineRenderer` looks a node's kind up in :data:`~InlineRenderer.INLINES`; a kind the
table does not name shows its children (a link to a cited work, say, shows its words). The
renderer also keeps which notes and annotations the current chapter calls, so that the book can
end each chapter with their pop-up footnotes: a reading system pops a footnote up only when it is
in the file of its call (see :mod:`.pandoc_ast`).
"""
from __future__ import annotations

from collections.abc import Callable

from pipeline.wording import labels
from pipeline.writers.nodes import CALLS, Document, Kind, Node
from pipeline.writers.pandoc_elements import attr, bracketed, link, span, text_inlines
from pipeline.writers.templating import book_href

#: Pandoc's own elements for the kinds of emphasis it has
HI = {"bold": "Strong", "italic": "Emph", "sub": "Subscript", "sup": "Superscript"}
#: what a note's or an annotation's call is to a reading system
NOTEREF_PAIRS = [["epub:type", "noteref"], ["role", "doc-noteref"]]


class InlineRenderer:
    """Renders inline nodes of one article, and keeps which notes its calls have placed."""

    def __init__(self, document: Document):
        self.document = document
        self.words = labels(document.lang)
        self.notes = {note.id: note for note in document.notes}
        self.annotations = {annotation.id: annotation for annotation in document.annotations}
        #: the apparatus's entries and the statements of the notes without text, which signs and calls pop up
        self.apparatus = {entry.id: entry for entry in document.apparatus + document.note_statements}
        #: notes whose first call has been rendered (their aside, set after the chapter of that
        #: call, carries the note's own id)
        self.placed: set[str] = set()
        #: the current chapter's number and its called notes and annotations: target id -> the id
        #: of the aside the chapter ends with, in order of the first call
        self.chapter_number = 1
        self.pending: dict[str, str] = {}

    def inlines(self, nodes: list[Node]) -> list[dict]:
        """Inlines; calls side by side get a superscript comma between them (1,2, never 12)."""
        result: list[dict] = []
        previous = None
        for node in nodes:
            if node.kind in CALLS and previous is not None and previous.kind in CALLS:
                result.append({"t": "Superscript", "c": [{"t": "Str", "c": ","}]})
            result.extend(self.inline(node))
            previous = node
        return result

    def inline(self, node: Node) -> list[dict]:
        return self.INLINES.get(node.kind, InlineRenderer.children)(self, node)

    # renderings, by kind ---------------------------------------------------------------------
    def children(self, node: Node) -> list[dict]:
        return self.inlines(node.children)

    def text(self, node: Node) -> list[dict]:
        return text_inlines(node.text or "")

    def hi(self, node: Node) -> list[dict]:
        inner = self.inlines(node.children)
        wrapper = HI.get(node.attrs.get("rend", ""))
        return [{"t": wrapper, "c": inner}] if wrapper else [span([node.attrs.get("rend", "") or "hi"], inner)]

    def link_or_words(self, node: Node) -> list[dict]:
        """A link the book can follow; a link to outside the book keeps only its words."""
        href = book_href(node.attrs.get("href", ""))
        classes = [f"link-{node.attrs['type']}"] if node.attrs.get("type") else []
        if href is None:
            return [span(classes + ["link-dropped"], self.inlines(node.children))]
        return [link(href, self.inlines(node.children), classes)]

    def noteref(self, node: Node) -> list[dict]:
        """The call of a note, numbered as in the source; the first call of a note places it."""
        note_id = node.attrs.get("note", "")
        number = [{"t": "Superscript", "c": text_inlines(node.text or node.attrs.get("n", ""))}]
        if note_id not in self.notes:
            return [span(["noteref", "noteref-dangling"], number, node.id or "")]
        if node.attrs.get("statement"):  # a note without text: the call pops up the statement of such notes
            return [link(f"#{self.aside_for(node.attrs['statement'])}", number, ["noteref", "noteref-textless"],
                         node.id or "", NOTEREF_PAIRS)]
        return [link(f"#{self.aside_for(note_id)}", number, ["noteref"], node.id or "", NOTEREF_PAIRS)]

    def aside_for(self, target: str) -> str:
        """The id of the aside this chapter ends with for a note or annotation it calls: the
        note's own id at its first call, else a copy's id (``note-1.c3``: the target and the
        chapter's number; the ids the pipeline mints hold no full stop). An annotation's own id
        stays with its entry in the annotations chapter, and an apparatus entry's with it in the
        apparatus or notes chapter, so their asides are all copies."""
        if target not in self.pending:
            first = target in self.notes and target not in self.placed
            if first:
                self.placed.add(target)
            self.pending[target] = target if first else f"{target}.c{self.chapter_number}"
        return self.pending[target]

    def locator(self, node: Node) -> list[dict]:
        return [span(["locator"], text_inlines(":" + (node.text or "")))]

    def variant(self, node: Node) -> list[dict]:
        """The reading the article's script shows."""
        return [span(["variant"], self.inlines(reg.children), pairs=[["lang", reg.attrs["lang"]]])
                for reg in node.children if reg.attrs.get("lang") == node.attrs.get("shown")]

    def foreign(self, node: Node) -> list[dict]:
        pairs = [["lang", node.attrs["lang"]]] if node.attrs.get("lang") else []
        return [span(["foreign"], self.inlines(node.children), pairs=pairs)]

    def noconv(self, node: Node) -> list[dict]:
        return [span(["noconv"], self.inlines(node.children))]

    def math(self, node: Node) -> list[dict]:
        """A formula as the MathML the view model holds (converted once for the HTML and the EPUB;
        Pandoc marks the chapter ``mathml`` in the package), or as its TeX source when Pandoc could
        not convert it."""
        if node.attrs.get("mathml"):
            return [{"t": "RawInline", "c": ["html", node.attrs["mathml"]]}]
        return [{"t": "Code", "c": [attr(None, ["math"]), node.text or ""]}]

    def code(self, node: Node) -> list[dict]:
        return [{"t": "Code", "c": [attr(), node.text or ""]}]

    def maintenance(self, node: Node) -> list[dict]:
        """A maintenance tag as the small raised tag Wikipedia shows, popping up its explanation."""
        return self.sign(node, "maintenance", [{"t": "Superscript", "c": text_inlines(f"[{node.plain_text()}]")}])

    def editorial(self, node: Node) -> list[dict]:
        if node.attrs.get("apparatus"):
            return self.sign(node, "editorial", text_inlines(f"〔{self.words['editorial'][0]}〕"))
        return [span(["editorial"], bracketed(self.inlines(node.children)))]

    def gap(self, node: Node) -> list[dict]:
        return self.sign(node, "gap", text_inlines("〔…〕"))

    def sign(self, node: Node, kind: str, inlines: list[dict]) -> list[dict]:
        """A sign of the apparatus: a link that pops up its entry, copied at the chapter's end."""
        entry = node.attrs.get("apparatus")
        if not entry:
            return [span([kind], inlines)]
        return [link(f"#{self.aside_for(entry)}", inlines, [kind], pairs=NOTEREF_PAIRS)]

    def line_break(self, node: Node) -> list[dict]:
        return [{"t": "LineBreak"}]

    def annotated(self, node: Node) -> list[dict]:
        return [span(["mark", "annotated"], self.inlines(node.children), node.id or "")]

    def annotation_ref(self, node: Node) -> list[dict]:
        label = [{"t": "Superscript", "c": [{"t": "Str", "c": node.attrs["label"]}]}]
        return [link(f"#{self.aside_for(node.attrs['annotation'])}", label, ["annoref"], node.id or "",
                     NOTEREF_PAIRS)]

    #: node kind → its rendering
    INLINES: dict[Kind, Callable[["InlineRenderer", Node], list[dict]]] = {
        Kind.TEXT: text, Kind.HI: hi, Kind.LINK: link_or_words, Kind.NOTEREF: noteref, Kind.LOCATOR: locator,
        Kind.VARIANT: variant, Kind.FOREIGN: foreign, Kind.NOCONV: noconv, Kind.MATH: math, Kind.CODE_INLINE: code,
        Kind.MAINTENANCE: maintenance, Kind.EDITORIAL: editorial, Kind.GAP: gap, Kind.BR: line_break,
        Kind.ANNOTATED: annotated, Kind.ANNOTATION_REF: annotation_ref,
    }
