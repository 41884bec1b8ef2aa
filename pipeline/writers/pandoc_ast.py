"""The view model as a Pandoc document (JSON AST), so that Pandoc's own writers can package it.

Identifiers become ``Div``/``Span`` ids, notes become Pandoc ``Note`` inlines at the place of
their first reference (later references link to the first), so that paragraph IDs and notes
survive into EPUB.
"""
from __future__ import annotations

from pipeline.writers.model import Document, Node

API_VERSION = [1, 23, 1, 1]


def attr(identifier: str | None = "", classes: list[str] | None = None,
         pairs: list[list[str]] | None = None) -> list:
    return [identifier or "", classes or [], pairs or []]


def text_inlines(text: str) -> list[dict]:
    """Str/Space inlines for plain text (Pandoc splits words on spaces)."""
    result: list[dict] = []
    for index, word in enumerate(text.split(" ")):
        if index:
            result.append({"t": "Space"})
        if word:
            result.append({"t": "Str", "c": word})
    return result


def meta_string(value: str) -> dict:
    return {"t": "MetaString", "c": value}


class PandocBuilder:
    """Builds Pandoc blocks and inlines from view-model nodes.

    ``note_blocks`` maps a note id to the blocks of its text; a note's first reference carries
    the Pandoc ``Note``; the others link to that first reference.
    """

    def __init__(self, document: Document):
        self.document = document
        self.notes = {note.id: note for note in document.notes}
        self.placed: set[str] = set()

    def blocks(self, nodes: list[Node]) -> list[dict]:
        result: list[dict] = []
        for node in nodes:
            result.extend(self.block(node))
        return result

    def block(self, node: Node) -> list[dict]:
        kind = node.kind
        if kind == "section":
            return [{"t": "Div", "c": [attr(node.id, ["section"]), self.blocks(node.children)]}]
        if kind == "heading":
            level = min(int(node.attrs.get("level", "1")), 6)
            return [{"t": "Header", "c": [level, attr(node.id), self.inlines(node.children)]}]
        if kind == "p":
            return [self.labelled(node, [{"t": "Para", "c": self.inlines(node.children)}])]
        if kind == "list":
            items = [[self.labelled(item, self.mixed(item.children))] for item in node.children]
            if node.attrs.get("rend") == "numbered":
                return [{"t": "OrderedList", "c": [[1, {"t": "Decimal"}, {"t": "Period"}], items]}]
            return [{"t": "BulletList", "c": items}]
        if kind == "figure":
            caption = self.inlines(node.children)
            link = {"t": "Link", "c": [attr(), text_inlines(node.attrs.get("name", "")),
                                       [node.attrs.get("url", ""), ""]]}
            return [self.labelled(node, [{"t": "Para", "c": [link]}, {"t": "Para", "c": caption}], "figure")]
        if kind == "table":
            rows = [row for row in node.children if row.kind == "row"]
            body = [[{"t": "Plain", "c": self.inlines(_flatten(cell.children))} for cell in row.children] for row in rows]
            blocks = [{"t": "Para", "c": self.inlines(node.children[0].children)}] if node.children[0].children else []
            blocks += [{"t": "Div", "c": [attr(classes=["table-row"]), cells]} for cells in body]
            return [self.labelled(node, blocks, "table")]
        if kind == "quote":
            return [{"t": "BlockQuote", "c": [self.labelled(node, self.mixed(node.children))]}]
        if kind == "code":
            return [{"t": "CodeBlock", "c": [attr(node.id, [node.attrs.get("lang", "")] if node.attrs.get("lang") else []),
                                             node.text or ""]}]
        if kind in ("gap", "editorial"):
            return [{"t": "Div", "c": [attr(node.id, ["editorial"]),
                                       [{"t": "Para", "c": text_inlines(f"〔{node.plain_text()}〕")}]]}]
        return []

    def mixed(self, nodes: list[Node]) -> list[dict]:
        result = []
        for node in nodes:
            if node.kind == "span":
                result.append({"t": "Plain", "c": self.inlines(node.children)})
            else:
                result.extend(self.block(node))
        return result

    def labelled(self, node: Node, blocks: list[dict], kind: str = "block") -> dict:
        """A Div carrying the block's stable id, with the id shown as a small label."""
        if not node.id:
            return {"t": "Div", "c": [attr(classes=[kind]), blocks]}
        label = {"t": "Para", "c": [{"t": "Span", "c": [attr(classes=["pid"]), [{"t": "Str", "c": node.id}]]}]}
        return {"t": "Div", "c": [attr(node.id, [kind]), [*blocks, label]]}

    def inlines(self, nodes: list[Node]) -> list[dict]:
        result: list[dict] = []
        for node in nodes:
            result.extend(self.inline(node))
        return result

    def inline(self, node: Node) -> list[dict]:
        kind = node.kind
        if kind == "text":
            return text_inlines(node.text or "")
        if kind == "hi":
            wrapper = {"bold": "Strong", "italic": "Emph", "sub": "Subscript", "sup": "Superscript",
                       "small": "SmallCaps"}.get(node.attrs.get("rend", ""))
            inner = self.inlines(node.children)
            return [{"t": wrapper, "c": inner}] if wrapper else inner
        if kind == "link":
            return [{"t": "Link", "c": [attr(), self.inlines(node.children), [node.attrs.get("href", ""), ""]]}]
        if kind == "noteref":
            return self.noteref(node)
        if kind == "locator":
            return [{"t": "Span", "c": [attr(classes=["locator"]), text_inlines(":" + (node.text or ""))]}]
        if kind == "variant":
            shown = [r for r in node.children if r.attrs.get("lang") == node.attrs.get("shown")]
            return [{"t": "Span", "c": [attr(pairs=[["lang", r.attrs["lang"]]]), self.inlines(r.children)]}
                    for r in shown]
        if kind in ("math", "code-inline"):
            return [{"t": "Code", "c": [attr(classes=["math"] if kind == "math" else []), node.text or ""]}]
        if kind in ("maintenance", "editorial", "gap"):
            return [{"t": "Span", "c": [attr(classes=[kind]), text_inlines(f"〔{node.plain_text()}〕")]}]
        if kind == "br":
            return [{"t": "LineBreak"}]
        return self.inlines(node.children)

    def noteref(self, node: Node) -> list[dict]:
        note_id = node.attrs.get("note", "")
        note = self.notes.get(note_id)
        if note is None or note_id in self.placed:
            return [{"t": "Link", "c": [attr(node.id, ["noteref"]), text_inlines(f"[{node.text}]"),
                                        [f"#{note_id}", ""]]}]
        self.placed.add(note_id)
        number = {"t": "Span", "c": [attr(note_id, ["note-n"]), text_inlines(f"{note.attrs.get('n', '')}.")]}
        body = [{"t": "Para", "c": [number, {"t": "Space"}, *self.inlines(note.children)]}]
        return [{"t": "Span", "c": [attr(node.id, ["noteref-anchor"]), []]}, {"t": "Note", "c": body}]


def _flatten(nodes: list[Node]) -> list[Node]:
    """Cell content as inlines (Pandoc cells in this simple table form hold one Plain)."""
    result = []
    for node in nodes:
        result.extend(node.children if node.kind == "span" else [Node("text", text=node.plain_text())])
    return result
