"""Raw HTML tags in a Pandoc inline list paired into nodes: formatting tags → ``Span.html-*``,
``<a href>`` → ``Link``, ``<br>`` → ``LineBreak``, ``<ref>`` → ``Span.ref-note``; comments and
placeholders removed; a tag without its partner dropped with a warning (an unclosed ``<ref>``
becomes ``Span.stray-ref``, which the reader explains in an editorial note)."""
from __future__ import annotations

from pipeline.readers.html_tags import single_tag
from pipeline.readers.pandoc_ast import Inline, Span
from pipeline.readers.wiki_context import ReadContext

_FORMATTING_TAGS = {"sub", "sup", "small", "big", "u", "s", "del", "ins", "b", "strong", "i", "em",
                    "span", "tt", "code", "font", "abbr", "q", "cite", "var", "kbd", "samp", "mark"}
_REMOVED_TAGS = {"references", "center", "nowiki", "div", "p"}


def pair_html(inlines: list[Inline], context: ReadContext) -> list[Inline]:
    """Raw HTML tags paired into Pandoc nodes; comments and placeholders removed.

    An opening tag is matched with the next closing tag of the same name at the same level;
    tags left unmatched are dropped (their content stays) with a warning, except ``<ref>``,
    which becomes an editorial note saying the reference was never closed.
    """
    out: list[Inline] = []
    open_tags: list[tuple[str, dict[str, str], int]] = []
    for node in inlines:
        tag = single_tag(node["c"][1]) if node["t"] == "RawInline" and node["c"][0] == "html" else None
        if tag is None:
            out.append(node)
            continue
        if tag.kind == "comment" or tag.name in _REMOVED_TAGS:
            context.normalised("html")
        elif tag.name == "br":
            out.append({"t": "LineBreak"})
            context.normalised("html")
        elif tag.name == "ref" and tag.kind == "empty":
            out.append(Span(["stray-ref"], []))
            context.normalised("stray-ref")
        elif tag.kind == "open" and (tag.name in _FORMATTING_TAGS or tag.name in ("a", "ref")):
            open_tags.append((tag.name, tag.attributes, len(out)))
            out.append(Span(["html-open"], []))
        elif tag.kind == "close" and any(entry[0] == tag.name for entry in open_tags):
            while open_tags[-1][0] != tag.name:
                _drop_open_tag(out, open_tags.pop(), context)
            _, opening_attributes, position = open_tags.pop()
            content = out[position + 1:]
            del out[position:]
            out.append(_html_node(tag.name, opening_attributes, content))
            context.normalised("html")
        else:
            context.warn(node["c"][1], f"HTML tag {node['c'][1].strip()} has no partner and was removed")
            context.normalised("debris")
    while open_tags:
        _drop_open_tag(out, open_tags.pop(), context)
    return out


def _drop_open_tag(out: list[Inline], entry: tuple[str, dict[str, str], int], context: ReadContext) -> None:
    name, _attributes, position = entry
    if name == "ref":
        out[position] = Span(["stray-ref"], [])
        context.normalised("stray-ref")
        return
    del out[position]
    context.warn(f"<{name}", f"HTML tag <{name}> is never closed and was removed (its text is kept)")
    context.normalised("debris")


def _html_node(name: str, attributes: dict[str, str], content: list[Inline]) -> Inline:
    if name == "a":
        return {"t": "Link", "c": [["", [], []], content, [attributes.get("href", ""), attributes.get("title", "")]]}
    if name == "ref":
        return Span(["ref-note"], content)
    return Span([f"html-{name}"], content)
