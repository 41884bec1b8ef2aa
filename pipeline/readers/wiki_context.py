"""What one run of the wiki-Markdown reader accumulates besides the tree.

Pandoc's AST has no line numbers, yet a warning must say ``file:line``. :class:`SourceLocator`
finds a snippet of parsed text back in the source (escapes and line breaks make the two differ),
and :class:`ReadContext` collects the warnings, the kinds of normalisation made (one sentence
each for ``editorialDecl``) and the category keywords, and words the editorial notes the reader
adds in the article's own script (:mod:`pipeline.wording`).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from pipeline.wording import reader_message

_ESCAPABLE = frozenset("\\`*_{}[]()>#+-.!|~\"'$%&,/:;<=>?@^")


class SourceLocator:
    """Line numbers for snippets of text as Pandoc gives them.

    The search runs over a copy of the source with backslash escapes removed and every run of
    whitespace collapsed to one space, remembering each kept character's offset in the source.
    """

    def __init__(self, source: str):
        kept: list[str] = []
        offsets: list[int] = []
        index, length = 0, len(source)
        while index < length:
            char = source[index]
            if char == "\\" and index + 1 < length and source[index + 1] in _ESCAPABLE:
                index += 1
                char = source[index]
            if char.isspace():
                if kept and kept[-1] == " ":
                    index += 1
                    continue
                char = " "
            kept.append(char)
            offsets.append(index)
            index += 1
        self._text = "".join(kept)
        self._offsets = offsets
        self._line_starts = [0] + [i + 1 for i, char in enumerate(source) if char == "\n"]

    def line_of(self, snippet: str) -> int | None:
        """The 1-based line where ``snippet`` first occurs in the source, or None."""
        needle = " ".join(snippet.split())
        if not needle:
            return None
        found = self._text.find(needle)
        if found < 0:
            return None
        return bisect.bisect_right(self._line_starts, self._offsets[found])


NORMALISATIONS = {
    "markers": "Footnote markers written as bracketed numbers were encoded as references to the "
               "numbered end notes; the brackets themselves were not kept.",
    "wikilinks": "Internal wiki links were encoded as references to their Wikipedia article; where "
                 "the converted link text ran past the linked title, the link was shortened to the "
                 "title and the rest kept as plain text after it.",
    "variants": "MediaWiki language-variant markup was encoded as a choice of regularised readings "
                "with their languages; protected text was marked as not to be converted; no-op "
                "separators were removed.",
    "variant-flags": "Variant-conversion flags that spanned several blocks were removed; the text "
                     "they enclosed is kept unchanged.",
    "figures": "Image links with their captions were separated from the paragraph text that follows "
               "them and encoded as figures; the converter's closing brackets after each caption "
               "and the image links' file-name labels were not kept (the file name is the graphic's "
               "URL).",
    "galleries": "Gallery lines (File: name | caption) were encoded as one figure per image.",
    "lost-text": "Empty brackets and empty emphasis left where a template's text was lost in "
                 "conversion were marked as gaps whose editorial description explains the loss.",
    "empty-headings": "Headings whose text was lost in conversion are recorded as gaps with an "
                      "editorial description instead of an empty heading.",
    "empty-items": "Empty list items and empty bibliography entries, left where a template was lost, "
                   "are recorded as gaps.",
    "templates": "Unexpanded template calls were recorded as editorial notes; the values of their "
                 "parameters are kept as text, their names and parameter names as attributes.",
    "wiki-quotes": "Wiki italics and bold written with apostrophes were encoded as highlighting.",
    "html": "Inline HTML (sub, sup, small, links, line breaks) was encoded as TEI; HTML comments, "
            "the converter's end-of-list separators, centring tags and the references placeholder "
            "were removed.",
    "stray-ref": "An unclosed reference tag was replaced by an editorial note; its content is kept.",
    "headings-hoisted": "Headings that the conversion placed straight after a list line without a "
                        "blank line were read as headings, not as part of the list.",
    "math": "TeX mathematics was encoded as formulas with its TeX source.",
    "categories": "Category links were moved from the text to the header's keywords.",
    "banner": "The converter's banner naming the source article was moved to the front matter.",
    "end-matter": "The notes list, the source lists and the external links were moved to the back "
                  "matter, with the headings they stood under.",
    "debris": "Unpaired wiki markup left by the conversion (stray emphasis marks, brackets, braces "
              "or variant delimiters) was removed; each removal is reported as a warning.",
    "line-breaks": "Line breaks inside paragraphs (the converter wrapped long lines) were read as "
                   "spaces.",
}
"""One sentence per kind of change, for the header's ``editorialDecl`` (in the order met)."""


@dataclass
class ReadContext:
    """Warnings, normalisations and keywords of one source, and its language for messages."""

    source_name: str
    source: str
    lang: str
    warnings: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._locator: SourceLocator | None = None

    def line_of(self, snippet: str) -> int | None:
        if self._locator is None:
            self._locator = SourceLocator(self.source)
        return self._locator.line_of(snippet)

    def warn(self, snippet: str, message: str) -> None:
        """Record a repair, located by the first source line holding ``snippet``."""
        line = self.line_of(snippet)
        where = f"{self.source_name}:{line}" if line else self.source_name
        self.warnings.append(f"{where}: warning: {message}")

    def normalised(self, kind: str) -> None:
        """Note that a change of ``kind`` (a key of :data:`NORMALISATIONS`) was made."""
        if kind not in NORMALISATIONS:
            raise KeyError(kind)
        if kind not in self.kinds:
            self.kinds.append(kind)

    @property
    def normalisations(self) -> list[str]:
        return [NORMALISATIONS[kind] for kind in self.kinds]

    def keyword(self, name: str) -> None:
        if name and name not in self.keywords:
            self.keywords.append(name)

    def message(self, key: str, **values: str) -> str:
        """An editorial message in the article's script (:data:`pipeline.wording.READER_MESSAGES`)."""
        return reader_message(key, self.lang, **values)
