"""Which links a self-contained book (EPUB, PDF) can keep.

A book holds one article: a link inside it (``#id``) and a link to the web or to a mail address
work, and ``safe_url`` has already turned anything dangerous into ``#``. A relative link to
another file (an annotation pointing at ``other-article.xml#p-…``) would lead nowhere inside the
book (and epubcheck rejects it), so the words stay and the link goes.
"""
from __future__ import annotations

import re

from pipeline.writers.templating import safe_url

KEPT = re.compile(r"#.|https?://|mailto:", re.IGNORECASE)


def book_href(url: str) -> str | None:
    """The target a book can link to, or None when the link should be dropped."""
    safe = safe_url(url)
    return safe if KEPT.match(safe) else None
