"""Template debris in a Pandoc inline list: ``{{name|key=value|…}}`` left by the wiki conversion
becomes ``Span.template`` holding one ``Span.template-param`` per non-empty parameter."""
from __future__ import annotations

import re

from pipeline.readers.pandoc_ast import Inline, Space, Span, Str, join_strs, stringify, strip_spaces
from pipeline.readers.wiki_context import ReadContext

_BRACES = re.compile(r"\{\{|\}\}")


def templates(inlines: list[Inline], context: ReadContext) -> list[Inline]:
    """``{{name|key=value|…}}`` debris → ``Span.template`` (name in its ``name`` attribute).

    The parameters' values stay text (``Span.template-param`` named by key, or by position);
    empty parameters and the names are not text. Braces without a partner are removed.
    """
    tokens: list[Inline | str] = []
    for node in inlines:
        if node["t"] == "Str" and ("{{" in node["c"] or "}}" in node["c"]):
            position = 0
            for match in _BRACES.finditer(node["c"]):
                if match.start() > position:
                    tokens.append(Str(node["c"][position:match.start()]))
                tokens.append(match.group())
                position = match.end()
            if position < len(node["c"]):
                tokens.append(Str(node["c"][position:]))
        else:
            tokens.append(node)
    if not any(isinstance(token, str) for token in tokens):
        return inlines
    out: list[Inline] = []
    openings: list[int] = []
    for token in tokens:
        if token == "{{":
            openings.append(len(out))
            out.append(Span(["template-open"], []))
        elif token == "}}":
            if not openings:
                context.warn("}}", "template braces }} without an opening {{ were removed")
                context.normalised("debris")
                continue
            position = openings.pop()
            content = out[position + 1:]
            del out[position:]
            out.append(_template(content))
            context.normalised("templates")
        else:
            out.append(token)
    for position in reversed(openings):
        context.warn("{{" + stringify(out[position + 1:position + 3])[:20],
                     "template braces {{ without a closing }} were removed")
        context.normalised("debris")
        del out[position]
    return join_strs(out)


def _template(content: list[Inline]) -> Inline:
    segments = _split_at(content, "|")
    name = stringify(segments[0]).strip()
    params: list[Inline] = []
    position = 0
    for segment in segments[1:]:
        key, value = _key_value(segment)
        if key is None:
            position += 1
            key = str(position)
        value = strip_spaces(value)
        if not stringify(value).strip():
            continue
        if params:
            params.append(Space())
        params.append(Span(["template-param"], value, [("name", key)]))
    return Span(["template"], params, [("name", name)])


def _split_at(inlines: list[Inline], separator: str) -> list[list[Inline]]:
    """The inlines cut at every ``separator`` character of their own Str nodes."""
    segments: list[list[Inline]] = [[]]
    for node in inlines:
        if node["t"] == "Str" and separator in node["c"]:
            pieces = node["c"].split(separator)
            for index, piece in enumerate(pieces):
                if index:
                    segments.append([])
                if piece:
                    segments[-1].append(Str(piece))
        else:
            segments[-1].append(node)
    return segments


def _key_value(segment: list[Inline]) -> tuple[str | None, list[Inline]]:
    """``(key, value)`` of a ``key=value`` parameter, ``(None, segment)`` for a positional one."""
    key = ""
    for index, node in enumerate(segment):
        if node["t"] in ("Space", "SoftBreak"):
            key += " "
            continue
        if node["t"] != "Str":
            break
        if "=" not in node["c"]:
            key += node["c"]
            continue
        before, rest = node["c"].split("=", 1)
        key = (key + before).strip()
        if key and re.fullmatch(r"[\w \-]+", key):
            return key, ([Str(rest)] if rest else []) + segment[index + 1:]
        break
    return None, segment
