"""The view model as a Pandoc document (JSON AST) laid out as a book, for Pandoc's EPUB writer.

Pandoc splits chapters at level-1 headers, builds the navigation from all headers and rewrites
``#id`` links to ``chNNN.xhtml#id`` across chapter files for every id it knows (attributes of
the AST and ids in raw HTML). So the builder only has to lay out the book:

* one chapter for the lead (the text before the first section, with the infobox; a long one,
  as a plain-text source without headings gives, is cut into supplied chapters titled 〔第2部分〕 and
  their first words…, in the EPUB only), one per top-level section, then the notes no text refers to, the bibliography, the sources, the
  external links and the scholarly annotations;
* every citable block as a ``Div`` (or ``Header``) carrying its TEI ``xml:id``, with the id
  shown as a small label;
* notes and annotations as EPUB 3 footnotes: the call is a link with ``epub:type="noteref"``
  showing the source's own number or the annotation's letter (Pandoc's ``Note`` would renumber
  them 1, 2, 3…, and a citable edition must say "note 54" where the source does), the target an
  ``<aside epub:type="footnote">`` at the end of the chapter of the call, since a reading system
  pops up only a footnote in the file of its call: a note's aside after the chapter of its first
  call carries the note's id, every other chapter calling it ends with a copy; annotations keep
  their own ids in the annotations chapter and are copied into each chapter that calls them;
* the back matter typed for reading systems (``epub:type`` ``endnotes``, ``bibliography``,
  ``appendix``).

A block is rendered by its kind, looked up in :data:`PandocBuilder.BLOCKS`; inlines are rendered
by :mod:`.pandoc_inlines`, and the AST's elements made by :mod:`.pandoc_elements`.
"""
from __future__ import annotations

from collections.abc import Callable

from pipeline.wording import motivation, notes_remark
from pipeline.writers.model.apparatus import textless
from pipeline.writers.model.back import back_matter
from pipeline.writers.nodes import CALLS, MIXED_BLOCKS, Kind, Node
from pipeline.writers.pandoc_elements import (aside, attr, bracketed, div, header, link, para, span,
                                              text_inlines)
from pipeline.writers.pandoc_inlines import InlineRenderer
from pipeline.writers.templating import book_href

API_VERSION = [1, 23, 1, 1]
#: the characters of text after which a source without sections gets a supplied chapter, and how
#: many of its first characters title it
PART_CHARS = 6000
PART_TITLE_CHARS = 16
#: the EPUB 3 structural semantics of the back matter's chapters (each with its ARIA role, doc-…)
EPUB_TYPES = {"notes": "endnotes", "bibliography": "bibliography", "sources": "appendix",
              "external-links": "appendix", "annotations": "endnotes", "apparatus": "appendix"}


def supplied_parts(nodes: list[Node]) -> list[list[Node]]:
    """The text before the first section cut into chapters of about :data:`PART_CHARS` characters
    at block boundaries (a plain-text source has no headings to cut it by); a last part under a
    third of that joins the one before."""
    parts: list[list[Node]] = [[]]
    size = 0
    for node in nodes:
        if size >= PART_CHARS:
            parts.append([])
            size = 0
        parts[-1].append(node)
        size += len(node.plain_text())
    if len(parts) > 1 and size < PART_CHARS / 3:
        last = parts.pop()
        parts[-1] += last
    return parts


def meta_string(value: str) -> dict:
    return {"t": "MetaString", "c": value}


def meta_list(values: list[str]) -> dict:
    return {"t": "MetaList", "c": [meta_string(value) for value in values]}


class PandocBuilder(InlineRenderer):
    """Lays out one article as the blocks of a Pandoc document (see the module docstring)."""

    # the book ------------------------------------------------------------------------------
    def book(self) -> list[dict]:
        doc = self.document
        blocks: list[dict] = []
        groups: list[list[Node]] = [[]]
        for node in doc.body:
            if node.kind == Kind.SECTION:
                groups.append([])
            groups[-1].append(node)
        lead, *sections = groups
        if lead or doc.front:
            front = [child for node in doc.front for child in (node.children if node.kind == Kind.SECTION else [node])]
            infobox = [div(None, ["infobox"], self.blocks(front, 2), [["aria-label", self.words["infobox"]]])] \
                if front else []
            first, *parts = supplied_parts(lead)
            blocks += self.chapter(header(1, "lead", text_inlines(doc.meta.get("title") or doc.id)),
                                   infobox + self.blocks(first))
            for number, part in enumerate(parts, start=2):
                words = part[0].plain_text().strip()[:PART_TITLE_CHARS]
                title = text_inlines(f"〔{self.words['part'].format(number)}〕{words}…")
                blocks += self.chapter(header(1, f"part-{number}", title), self.blocks(part))
        for group in sections:
            blocks += self.chapter(None, self.blocks(group))
        unplaced = [note for note in doc.notes if note.id not in self.placed and not textless(note)]
        remark = notes_remark(self.words, self.words["footnotes_in_chapters"], bool(self.placed), bool(unplaced))
        for anchor, key, nodes in back_matter(doc, unplaced, doc.annotations, remark):
            epub_type = EPUB_TYPES[anchor]
            blocks += self.back_chapter(anchor, key, nodes, [["epub:type", epub_type], ["role", f"doc-{epub_type}"]])
        return blocks

    def back_chapter(self, anchor: str, title_key: str, nodes: list[Node], pairs: list[list[str]]) -> list[dict]:
        """A back-matter chapter, under the source's own heading when it had one."""
        return self.chapter(None, self.section(Node(Kind.SECTION, None, {"anchor": anchor}, nodes), 1, pairs,
                                               self.words[title_key]))

    def chapter(self, heading: dict | None, content: list[dict]) -> list[dict]:
        """A chapter's blocks followed by the asides of the notes and annotations it calls (an
        aside may call more: a note's text an annotation, say, which then follows it)."""
        blocks = ([heading] if heading else []) + content
        done = 0
        while done < len(self.pending):
            target, aside_id = list(self.pending.items())[done]
            done += 1
            blocks += (self.footnote(self.notes[target], aside_id) if target in self.notes
                       else self.annotation_aside(self.annotations[target], aside_id) if target in self.annotations
                       else aside(aside_id, "footnote apparatus-note", [self.entry_text(self.apparatus[target])]))
        self.pending = {}
        self.chapter_number += 1
        return blocks

    def section(self, node: Node, level: int, pairs: list[list[str]] | None = None,
                title_words: str | None = None) -> list[dict]:
        """A section flattened to its header and content, so that Pandoc splits and navigates by it.

        Without a heading of its own it is titled ``title_words`` or, in the source's text, by
        the gap that stands for a lost heading.
        """
        heading = next((c for c in node.children if c.kind == Kind.HEADING), None)
        calls: list[dict] = []
        if heading is not None:
            title = self.inlines([c for c in heading.children if c.kind not in CALLS])
            calls = self.inlines([c for c in heading.children if c.kind in CALLS])
        elif title_words:
            title = text_inlines(title_words)
        else:  # a heading lost in conversion: its supplied title, and its sign after the heading
            gap = next((c for c in node.children if c.kind == Kind.GAP), None)
            title = text_inlines(gap.attrs.get("title") or f"〔{self.words['untitled']}〕" if gap is not None
                                 else f"〔{self.words['untitled']}〕")
            calls = self.gap(gap) if gap is not None and gap.attrs.get("apparatus") else []
        anchor = node.id or node.attrs.get("anchor") or ""
        blocks = [header(min(level, 6), anchor, title, pairs)]
        labels = self.label(node) + (self.label(heading) if heading is not None else [])
        if calls or labels:
            # the heading's own id, unless the section already took it as its anchor
            head_id = heading.id if heading is not None and heading.id != anchor else None
            blocks.append(div(head_id, ["heading-id"], [para(calls + labels)]))
        # a gap standing for the lost heading has titled the section already
        content = [child for child in node.children
                   if child is not heading and not (heading is None and not title_words and child.kind == Kind.GAP)]
        return blocks + self.blocks(content, level + 1)

    # blocks --------------------------------------------------------------------------------
    def blocks(self, nodes: list[Node], level: int = 1) -> list[dict]:
        """Blocks; a section among them opens at ``level`` (2 inside a back-matter chapter)."""
        result: list[dict] = []
        for node in nodes:
            result.extend(self.section(node, level) if node.kind == Kind.SECTION else self.block(node))
        return result

    def block(self, node: Node) -> list[dict]:
        """A block rendered by its kind; a kind without a rendering (a stray inline) is dropped."""
        rendering = self.BLOCKS.get(node.kind)
        return rendering(self, node) if rendering else []

    # renderings, by kind ---------------------------------------------------------------------
    def heading(self, node: Node) -> list[dict]:
        return [div(node.id, ["heading"], [para(self.inlines(node.children) + self.label(node))])]

    def paragraph(self, node: Node) -> list[dict]:
        return [self.labelled(node, [para(self.inlines(node.children) + self.label(node))])]

    def listing(self, node: Node) -> list[dict]:
        items = [[self.labelled(item, self.mixed(item.children, self.cited_by(item) + self.label(item)))]
                 for item in node.children]
        listing = {"t": "OrderedList", "c": [[1, {"t": "Decimal"}, {"t": "Period"}], items]} \
            if node.attrs.get("rend") == "numbered" else {"t": "BulletList", "c": items}
        return [div(node.id, ["list"], [listing])] if node.id else [listing]

    #: the addresses of the images the book holds (:func:`pipeline.writers.base.shown_images`)
    images: frozenset[str] = frozenset()

    def figure(self, node: Node) -> list[dict]:
        """The image in the book, with its caption as alt text; without one, a link to its page,
        named by its file. A caption that lost its beginning starts with the lacuna's sign."""
        href = book_href(node.attrs.get("url", ""))
        address = node.attrs.get("image", "")
        if address in self.images:
            alt = node.attrs.get("alt") or node.attrs.get("name", "")
            image = {"t": "Image", "c": [attr(None, ["figure-image"]), text_inlines(alt), [address, ""]]}
        else:
            words = text_inlines(f"〔{self.words['figure']}：{node.attrs.get('name', '')}〕")
            image = link(href, words, ["image-page"]) if href else span(["image-page"], words)
        damaged = [span(["gap"], text_inlines("〔…〕"), pairs=[["title", self.words["caption_damaged"]]])] \
            if node.attrs.get("damaged") else []
        caption = [{"t": "Plain", "c": damaged + self.inlines(node.children) + self.label(node)}]
        return [{"t": "Figure", "c": [attr(node.id, ["figure"]), [None, caption], [{"t": "Plain", "c": [image]}]]}]

    def table(self, node: Node) -> list[dict]:
        caption, rows = node.children[0], [row for row in node.children if row.kind == Kind.ROW]
        width = max((len(row.children) for row in rows), default=1)

        def cells(row: Node) -> list:
            result = [[attr(), {"t": "AlignDefault"}, 1, 1, self.mixed(cell.children, [])] for cell in row.children]
            return [attr(), result + [[attr(), {"t": "AlignDefault"}, 1, 1, []]] * (width - len(result))]

        head = []
        while rows and rows[0].attrs.get("role") == "label":
            head.append(cells(rows.pop(0)))
        caption_blocks = [{"t": "Plain", "c": self.inlines(caption.children) + self.label(node)}]
        return [{"t": "Table", "c": [attr(node.id, ["table"]), [None, caption_blocks],
                                     [[{"t": "AlignDefault"}, {"t": "ColWidthDefault"}]] * width,
                                     [attr(), head], [[attr(), 0, [], [cells(row) for row in rows]]], [attr(), []]]}]

    def quote(self, node: Node) -> list[dict]:
        return [{"t": "BlockQuote", "c": [self.labelled(node, self.mixed(node.children, self.label(node)))]}]

    def code_block(self, node: Node) -> list[dict]:
        classes = [node.attrs["lang"]] if node.attrs.get("lang") else []
        return [self.labelled(node, [{"t": "CodeBlock", "c": [attr(None, classes), node.plain_text()]}]
                              + [para(self.label(node))])]

    def gap_block(self, node: Node) -> list[dict]:
        return [div(node.id, ["editorial"], [para(self.gap(node))])]

    def editorial_block(self, node: Node) -> list[dict]:
        return [div(node.id, ["editorial"], [para(bracketed(self.inlines(node.children)))])]

    def mixed(self, nodes: list[Node], label: list[dict], wrapper: str = "Plain") -> list[dict]:
        """Inline runs and blocks (list items, cells, quotes); the label ends the last inline run."""
        runs: list[list[Node] | Node] = []
        for node in nodes:
            if node.kind in MIXED_BLOCKS:
                runs.append(node)
            elif runs and isinstance(runs[-1], list):
                runs[-1].append(node)
            else:
                runs.append([node])
        last_run = max((i for i, run in enumerate(runs) if isinstance(run, list)), default=-1)
        result = []
        for index, run in enumerate(runs):
            if isinstance(run, list):
                inlines = [i for node in run for i in (self.inlines(node.children) if node.kind == Kind.SPAN
                                                       else self.inline(node))]
                result.append({"t": wrapper, "c": inlines + (label if index == last_run else [])})
            else:
                result.extend(self.block(run))
        if last_run < 0 and label:
            result.append({"t": wrapper, "c": label})
        return result

    def labelled(self, node: Node, blocks: list[dict]) -> dict:
        """A Div carrying the block's stable id (the label is already inside ``blocks``)."""
        return div(node.id, [node.kind], blocks)

    def label(self, node: Node) -> list[dict]:
        """The block's id shown, with an empty anchor for each retired id that now resolves to it,
        so that an old link into the book still lands."""
        if not node.id:
            return []
        return [{"t": "Space"}, self.pid(node.id),
                *(span(["retired-id"], [], old) for old in node.attrs.get("retired", "").split())]

    @staticmethod
    def pid(identifier: str) -> dict:
        return span(["pid"], [{"t": "Str", "c": identifier}])

    # notes, bibliography, annotations, apparatus ----------------------------------------------
    def apparatus_entry(self, node: Node) -> list[dict]:
        """An explanation of the apparatus, or the statement of the notes without text (with
        their ids, so that a link to one of them lands here); never a paragraph of the text."""
        anchors = [span([], [], note_id) for note_id in node.attrs.get("notes", "").split()]
        return [div(node.id, ["apparatus"], [self.entry_text(node, anchors)])]

    def entry_text(self, node: Node, anchors: list[dict] | None = None) -> dict:
        """An entry's sign and words (a pop-up copy has no ``anchors``: ids stand once in a book)."""
        sign = text_inlines(node.attrs.get("sign", ""))
        return {"t": "Plain", "c": [*sign, *([{"t": "Space"}] if sign else []), *self.inlines(node.children),
                                    *(anchors or [])]}

    def footnote(self, note: Node, aside_id: str) -> list[dict]:
        """An EPUB 3 footnote: an aside Pandoc knows by its id, with links back to each call."""
        return aside(aside_id, f"footnote note-{note.attrs.get('type', '')}", [para(self.note_text(note))])

    def annotation_aside(self, annotation: Node, aside_id: str) -> list[dict]:
        """An annotation as a footnote of the chapter that calls it."""
        return aside(aside_id, "footnote annotation-note", self.annotation_content(annotation))

    def endnote(self, note: Node) -> list[dict]:
        return [div(note.id, ["endnote", f"note-{note.attrs.get('type', '')}"], [para(self.note_text(note))])]

    def note_text(self, note: Node) -> list[dict]:
        number = note.attrs.get("n", "")
        calls = note.attrs.get("backrefs", "").split()
        if len(calls) == 1:
            head = [link(f"#{calls[0]}", text_inlines(f"{number}."), ["note-n"], pairs=[["role", "doc-backlink"]])]
        else:
            head = [span(["note-n"], text_inlines(f"{number}."))]
            for index, call in enumerate(calls, start=1):
                head += [{"t": "Space"}, link(f"#{call}", [{"t": "Str", "c": f"↩{index}"}], ["backref"],
                                              pairs=[["role", "doc-backlink"]])]
        works = [piece for work in dict.fromkeys(note.attrs.get("works", "").split())
                 for piece in ({"t": "Space"}, link(f"#{work}", text_inlines(f"→{self.words['see_work']}"), ["work"]))]
        body = self.inlines(note.children)
        return head + ([{"t": "Space"}, *body] if body else []) + works + self.label(note)

    def annotation(self, annotation: Node) -> list[dict]:
        return [div(annotation.id, ["annotation"], self.annotation_content(annotation))]

    def annotation_content(self, annotation: Node) -> list[dict]:
        """Who wrote an annotation and in what role, a link back to its target, and its text."""
        attrs = annotation.attrs
        words = self.words
        who = attrs.get("resp") or "—"
        role = "·".join(x for x in (attrs.get("role"), motivation(self.document.lang, attrs.get("motivation", ""))) if x)
        line = [{"t": "Strong", "c": [{"t": "Str", "c": attrs.get("label", "")}]}, {"t": "Space"},
                {"t": "Str", "c": who}] + ([{"t": "Str", "c": f"（{role}）"}] if role else [])
        refs = attrs.get("refs", "").split()
        if refs:
            target = "、".join((attrs.get("blocks") or attrs.get("targets", "")).split())
            phrase = f"「{attrs['phrase']}」" if attrs.get("phrase") else ""
            line += [{"t": "Space"}] + [link(f"#{ref}", text_inlines(f"↩ {words['target']} {target}{phrase}"),
                                             ["backref"], pairs=[["role", "doc-backlink"]]) for ref in refs[:1]]
        elif attrs.get("type") != "orphaned":  # an orphan's own editorial note says where it stood
            line += [{"t": "Space"}, span(["target-missing"],
                                          text_inlines(f"〔{words['target_missing']}：{attrs.get('targets', '')}〕"))]
        return [para(line + self.label(annotation)), *self.mixed(annotation.children, [], wrapper="Para")]

    def cited_by(self, entry: Node) -> list[dict]:
        """For a bibliography entry: links to the notes that cite it."""
        notes = [self.notes[n] for n in entry.attrs.get("cited_by", "").split() if n in self.notes]
        if not notes:
            return []
        links = [link(f"#{note.id}", text_inlines(note.attrs.get("n", "")), ["cited-by"]) for note in notes]
        joined = [piece for index, item in enumerate(links) for piece in ([{"t": "Str", "c": "、"}] if index else []) + [item]]
        return [{"t": "Space"}, span(["cited-in"], [{"t": "Str", "c": f"（{self.words['cited_in']}"}, *joined,
                                                     {"t": "Str", "c": "）"}])]

    #: block kind → its rendering (a section is laid out by :meth:`section`, which needs its level)
    BLOCKS: dict[Kind, Callable[["PandocBuilder", Node], list[dict]]] = {
        Kind.HEADING: heading, Kind.PARAGRAPH: paragraph, Kind.LIST: listing, Kind.FIGURE: figure, Kind.TABLE: table,
        Kind.QUOTE: quote, Kind.CODE: code_block, Kind.NOTE: endnote, Kind.ANNOTATION: annotation,
        Kind.GAP: gap_block, Kind.EDITORIAL: editorial_block, Kind.APPARATUS: apparatus_entry,
    }
