"""The raw HTML tags Pandoc passes through from the converted Markdown, read one by one.

Pandoc keeps each HTML tag of the source as a separate ``RawInline`` or ``RawBlock``; the
reader only needs to know which tag each is (to pair or drop it), never to parse a document,
so a tag-sized pattern over one node's text is all there is.
"""
from __future__ import annotations

import re
from typing import NamedTuple

_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9]*)((?:\s[^>]*?)?)\s*(/?)\s*>|<!--.*?-->", re.S)
_ATTRIBUTE = re.compile(r"""([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


class Tag(NamedTuple):
    """One tag: ``kind`` is ``open``, ``close``, ``empty`` (``<br/>``) or ``comment``."""

    kind: str
    name: str
    attributes: dict[str, str]


def tags_in(text: str) -> list[Tag]:
    """Every tag and comment in ``text``, in order."""
    found = []
    for match in _TAG.finditer(text):
        if match.group().startswith("<!--"):
            found.append(Tag("comment", "", {}))
            continue
        attributes = {m[1].lower(): next((v for v in m.groups()[1:] if v is not None), "")
                      for m in _ATTRIBUTE.finditer(match[3])}
        kind = "close" if match[1] else "empty" if match[4] else "open"
        found.append(Tag(kind, match[2].lower(), attributes))
    return found


def text_outside_tags(text: str) -> str:
    """``text`` with its tags and comments removed."""
    return _TAG.sub("", text)


def single_tag(text: str) -> Tag | None:
    """The tag when ``text`` is exactly one tag or comment, else None."""
    stripped = text.strip()
    match = _TAG.fullmatch(stripped)
    return tags_in(stripped)[0] if match else None
