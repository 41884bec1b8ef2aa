"""Keeping note calls off the start of a line in the HTML pages.

A browser may break a line before a note's call (``[3]``), an annotation's letter or an
editorial mark, which then starts the next line, taking the 。 after it along. Chinese typesetting never lets a line start
with a call or with closing punctuation, so before a page is rendered each run of calls is
grouped with the character before it and the closing punctuation after it, in a ``span`` node
marked ``join`` that the template sets ``white-space: nowrap``. Where the text before a call ends
inside an element (a link), the group starts with a word joiner (U+2060), which forbids a break
across the element's boundary without splitting the element. This works on a copy of the
view model (sharing the subtrees it leaves as they were): the other writers (and the search
records) see the model as it was.
"""
from __future__ import annotations

import re
from dataclasses import replace

from pipeline.writers.nodes import CALLS, Document, Kind, Node, text_node

#: the last character before a call, with the spaces after it (Latin text: "word [1]")
LAST_CHARACTER = re.compile(r"\S\s*\Z")
#: what never starts a line: the calls of notes and annotations, a locator after a call, the
#: editorial mark (a button, after which a browser would break), a maintenance tag and the sign
#: of a lacuna (〔…〕) or an inline formula (MathML, after which a browser would break), whose
#: closing punctuation stays with it
JOINED = CALLS | {Kind.LOCATOR, Kind.EDITORIAL, Kind.MAINTENANCE}
#: what is joined like them where it stands in running text (among text nodes), but not where it
#: stands between blocks (a gap in a section's heading, a display formula)
JOINED_IN_TEXT = {Kind.GAP, Kind.MATH}
#: U+2060: no line break on either side, invisible
WORD_JOINER = "\u2060"
#: closing punctuation, which no line starts with: it stays with the call it follows
CLOSING = re.compile(r"[。．，、：；！？）」』》〉】〕〗”’%‰.,:;!?)\]}…—]+")


def join_calls(document: Document) -> Document:
    """A copy of ``document`` whose calls are each kept with the character before them and the
    closing punctuation after them."""
    return replace(document, front=_nodes(document.front), body=_nodes(document.body), notes=_nodes(document.notes),
                   bibliography=_nodes(document.bibliography), annotations=_nodes(document.annotations))


def _nodes(nodes: list[Node]) -> list[Node]:
    """``nodes`` with their calls joined: the very list when nothing in it needs joining, so that
    the unchanged subtrees (most of a page) are shared with the model, not copied node by node
    (nothing changes a view model once it is built)."""
    out: list[Node] = []
    in_text = any(node.kind == Kind.TEXT for node in nodes)
    rest = nodes[::-1]  # what is still to come, the next last
    changed = False
    while rest:
        node = rest.pop()
        if not _joined(node, in_text):
            children, annotations = _nodes(node.children), _nodes(node.annotations)
            if children is node.children and annotations is node.annotations:
                out.append(node)
            else:
                out.append(replace(node, children=children, annotations=annotations))
                changed = True
            continue
        changed = True
        group = [node]
        while rest and (_joined(rest[-1], in_text) or len(rest) > 1 and _blank(rest[-1]) and _joined(rest[-2], in_text)):
            group.append(rest.pop())  # calls side by side, even with a space between them
        last = LAST_CHARACTER.search(out[-1].text) if out and out[-1].kind == Kind.TEXT and out[-1].text else None
        if last:
            before = out.pop().text
            out.extend(text_node(before[:last.start()]))
            group.insert(0, Node(Kind.TEXT, text=last.group()))
        else:  # the text before ends inside an element (a link): joined to it across the boundary
            group.insert(0, Node(Kind.TEXT, text=WORD_JOINER))
        closing = CLOSING.match(rest[-1].text) if rest and rest[-1].kind == Kind.TEXT and rest[-1].text else None
        if closing:
            rest[-1:] = text_node(rest[-1].text[closing.end():])
            group.append(Node(Kind.TEXT, text=closing.group()))
        out.append(Node(Kind.SPAN, attrs={"join": "calls"}, children=group))
    return out if changed else nodes


def _joined(node: Node, in_text: bool) -> bool:
    """Whether ``node`` is kept off a line's start, standing among text nodes or not."""
    return node.kind in JOINED or in_text and node.kind in JOINED_IN_TEXT and not node.attrs.get("display")


def _blank(node: Node) -> bool:
    return node.kind == Kind.TEXT and not (node.text or "").strip()
