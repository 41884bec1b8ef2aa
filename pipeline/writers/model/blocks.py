"""TEI block-level elements turned into view-model blocks, one behaviour per element.

:class:`BlockBuilder` looks an element's name up in :data:`~BlockBuilder.BLOCK_ELEMENTS`, as
:class:`~.inlines.InlineBuilder` does for phrases; an element the table does not name is read as
a paragraph of its words. Sections are nested by ``div``; list items, table cells and quotes hold
mixed content (inline runs and blocks).
"""
from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from pipeline.tei import XML_ID, XML_LANG, tag
from pipeline.visible import visible_text
from pipeline.writers.biblstruct import format_biblstruct, read_entry
from pipeline.writers.coins import coins
from pipeline.writers.model.apparatus import LACUNA, supplied_title
from pipeline.writers.model.inlines import LOCAL, InlineBuilder
from pipeline.writers.nodes import Kind, Node, text_node

#: TEI elements that stand as blocks among the words of mixed content
MIXED_ELEMENTS = ("list", "p", "table", "quote", "figure")


class BlockBuilder(InlineBuilder):
    """Walks TEI blocks into nodes; ``level`` is the depth of the section a block is in."""

    def __init__(self, root: etree._Element):
        super().__init__(root)
        self.sections = 0

    def blocks(self, parent: etree._Element, level: int) -> list[Node]:
        """The blocks of an element's children (comments and processing instructions skipped)."""
        return [self.block(child, level) for child in parent if isinstance(child.tag, str)]

    def block(self, element: etree._Element, level: int) -> Node:
        return self.BLOCK_ELEMENTS.get(LOCAL(element).localname, BlockBuilder.paragraph)(self, element, level)

    def mixed(self, element: etree._Element, level: int) -> list[Node]:
        """Content that may hold both inline text and blocks (list items, cells, quotes): each run
        of inlines becomes a ``span``."""
        nodes: list[Node] = []
        run: list[Node] = text_node(element.text)
        for child in element:
            if isinstance(child.tag, str) and LOCAL(child).localname in MIXED_ELEMENTS:
                if run:
                    nodes.append(Node(Kind.SPAN, None, {}, run))
                    run = []
                nodes.append(self.block(child, level))
            else:
                run.extend(self.inline(child))
            run.extend(text_node(child.tail))
        if run:
            nodes.append(Node(Kind.SPAN, None, {}, run))
        return nodes

    # behaviours, by element ------------------------------------------------------------------
    def div(self, element: etree._Element, level: int) -> Node:
        # a section without an xml:id still needs a link target (contents, bookmarks)
        self.sections += 1
        anchor = element.get(XML_ID) or f"section-{self.sections}"
        return Node(Kind.SECTION, element.get(XML_ID), {"level": str(level), "type": element.get("type", ""),
                                                        "anchor": anchor}, self.blocks(element, level + 1))

    def head(self, element: etree._Element, level: int) -> Node:
        return Node(Kind.HEADING, element.get(XML_ID), {"level": str(level - 1)}, self.inlines(element))

    def paragraph(self, element: etree._Element, level: int) -> Node:
        return Node(Kind.PARAGRAPH, element.get(XML_ID), {}, self.inlines(element))

    def ab(self, element: etree._Element, level: int) -> Node:
        """A block of program text (``type="code"``, its language in ``subtype``), else a paragraph.
        Its text is children, not one string: the source may give a stretch of it in each script
        (a ``choice``), and a reader sees only the reading of the page's script."""
        if element.get("type") != "code":
            return self.paragraph(element, level)
        return Node(Kind.CODE, element.get(XML_ID), {"lang": element.get("subtype", "")}, self.inlines(element))

    def item_list(self, element: etree._Element, level: int) -> Node:
        return Node(Kind.LIST, element.get(XML_ID), {"rend": element.get("rend", "bulleted")},
                    [Node(Kind.ITEM, item.get(XML_ID), {}, self.mixed(item, level)) for item in element.findall(tag("item"))])

    def figure(self, element: etree._Element, level: int) -> Node:
        """A figure: ``url`` its file page, ``image`` its fetched image's address (``images/…``;
        empty: none), ``alt`` the caption as read (no note calls), ``damaged`` when the caption
        lost its beginning."""
        graphic = element.find(tag("graphic"))
        url = graphic.get("url", "") if graphic is not None else ""
        page = graphic.get("source") or url if graphic is not None else ""
        head = element.find(tag("head"))
        caption = self.inlines(head) if head is not None else []
        name = page.rsplit(":", 1)[-1]
        return Node(Kind.FIGURE, element.get(XML_ID),
                    {"url": page, "name": name, "image": url if url.startswith("images/") else "",
                     "alt": " ".join(visible_text(head, self.lang).split()) if head is not None else "",
                     "damaged": "1" if head is not None and head.get("type") == "damaged" else ""}, caption)

    def table(self, element: etree._Element, level: int) -> Node:
        """A caption (empty without a ``head``) followed by rows of cells; a cell's role is its
        own or its row's (``label`` for a header cell)."""
        head = element.find(tag("head"))
        rows = [Node(Kind.ROW, None, {"role": row.get("role", "data")},
                     [Node(Kind.CELL, None, {"role": cell.get("role", row.get("role", "data"))}, self.mixed(cell, level))
                      for cell in row.findall(tag("cell"))])
                for row in element.findall(tag("row"))]
        caption = Node(Kind.CAPTION, None, {}, self.inlines(head) if head is not None else [])
        return Node(Kind.TABLE, element.get(XML_ID), {}, [caption, *rows])

    def quote(self, element: etree._Element, level: int) -> Node:
        return Node(Kind.QUOTE, element.get(XML_ID), {}, self.mixed(element, level))

    def gap_block(self, element: etree._Element, level: int) -> Node:
        """A gap between blocks; standing where its section's heading would be, it shows a
        supplied title (``attrs["title"]``), which is also its sign."""
        parent = element.getparent()
        heads = parent.tag == tag("div") and parent.get("type") == "section" and \
            next(child for child in parent if isinstance(child.tag, str)) is element
        title = supplied_title(self.lang) if heads else ""
        [node] = self.gap(element, title or LACUNA)
        node.id = element.get(XML_ID)
        if title:
            node.attrs.update(title=title, level=str(level - 1))
        return node

    def note_block(self, element: etree._Element, level: int) -> Node:
        """A note standing between blocks is the pipeline's word to the reader."""
        return Node(Kind.EDITORIAL, element.get(XML_ID), {"type": element.get("type", "")}, self.inlines(element))

    def list_bibl(self, element: etree._Element, level: int) -> Node:
        """A list of works; with a head of its own (书目), a section one level down holding it."""
        entries = Node(Kind.LIST, element.get(XML_ID), {"rend": "bibliography"},
                       [self.bibliography_entry(b) for b in element
                        if isinstance(b.tag, str) and LOCAL(b).localname in ("bibl", "biblStruct")])
        head = element.find(tag("head"))
        if head is None:
            return entries
        return Node(Kind.SECTION, None, {"level": str(level), "type": "listBibl", "anchor": head.get(XML_ID, "")},
                    [Node(Kind.HEADING, head.get(XML_ID), {"level": str(level)}, self.inlines(head)), entries])

    def formula_block(self, element: etree._Element, level: int) -> Node:
        """A formula on its own: a paragraph holding it."""
        return Node(Kind.PARAGRAPH, element.get(XML_ID), {}, self.inlines_of([element]))

    #: TEI element name → its behaviour
    BLOCK_ELEMENTS: dict[str, Callable[["BlockBuilder", etree._Element, int], Node]] = {
        "div": div, "head": head, "p": paragraph, "ab": ab, "list": item_list, "figure": figure, "table": table,
        "quote": quote, "gap": gap_block, "note": note_block, "listBibl": list_bibl, "formula": formula_block,
    }

    def bibliography_entry(self, entry: etree._Element) -> Node:
        """A ``bibl`` as written, or a ``biblStruct`` formatted; ``cited_by`` is filled in later."""
        if LOCAL(entry).localname == "biblStruct":
            return Node(Kind.ITEM, entry.get(XML_ID), {"work": "yes", "cited_by": "", "lang": entry.get(XML_LANG, ""),
                                                       "coins": coins(read_entry(entry))},
                        format_biblstruct(entry))
        return Node(Kind.ITEM, entry.get(XML_ID), {}, self.inlines(entry))
