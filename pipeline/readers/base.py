"""What a reader returns: the body, back and front of a TEI document and what it noticed."""
from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree


@dataclass
class ReaderResult:
    """What a reader found in one source.

    ``body`` is a ``<body>`` element, ``back`` a ``<back>`` element (notes, sources, links),
    ``front`` an optional ``<front>`` (the plain-text witness's infobox remnants).
    ``normalisations`` are sentences for ``editorialDecl``, one per kind of change made;
    ``warnings`` are repairs worth telling the user (``file:line: what was repaired``);
    ``summaries`` are counts for the header's ``extent`` (stage → unit → count), as a transform's.
    """

    body: etree._Element
    back: etree._Element
    front: etree._Element | None = None
    keywords: list[str] = field(default_factory=list)
    normalisations: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    summaries: dict[str, dict[str, int]] = field(default_factory=dict)
