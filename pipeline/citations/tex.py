"""The TeX in a scholar's BibTeX values, read as the text a reader sees.

``bibliography/corrections.bib`` is written by hand, in BibTeX's own conventions: ``M\\"uller``,
``Caf\\'{e}``, ``{\\o}``, ``\\c{c}``, ``\\&``, braces that protect capitals. The ``.bib`` keeps
those values as written (BibTeX tools expect them), but the TEI record, and so every edition,
must show ``Müller``, ``Café``, ``ø``, ``ç`` and ``&``. :func:`plain` decodes them with
bibtexparser's own LaTeX decoding middleware (pylatexenc underneath), after making the characters
scholars type bare but TeX reads as markup (``&``, ``%``, ``#``) literal, so that "Smith & Sons"
or "50%" are not cut short; :func:`verbatim` is for the fields TeX leaves alone (a URL, a date).
"""
from __future__ import annotations

import re
from functools import lru_cache

from bibtexparser import model
from bibtexparser.library import Library
from bibtexparser.middlewares import LatexDecodingMiddleware

_DECODER = LatexDecodingMiddleware(allow_inplace_modification=True)
#: ``&``, ``%`` and ``#`` that no backslash escapes: literal characters in a scholar's value.
_BARE = re.compile(r"(?<!\\)([&%#])")
#: The one escape the build writes that the decoder does not read as its character (it gives
#: U+02C6); a bare ``^`` it leaves alone.
_CIRCUMFLEX = re.compile(r"\\textasciicircum(?:\{\})?")
#: What :mod:`pipeline.citations.bibtex` escapes when it writes a value, and grouping braces.
_ESCAPE = re.compile(r"\\(textbackslash|textasciitilde|textasciicircum)(?:\{\})?|\\([&%$#_{}])|[{}]")
_SPELLED = {"textbackslash": "\\", "textasciitilde": "~", "textasciicircum": "^"}


class TexError(ValueError):
    """A value whose TeX cannot be read (braces nested thousands deep, say)."""


@lru_cache(maxsize=4096)
def plain(value: str) -> str:
    """A BibTeX value as text: TeX accents and commands decoded to Unicode, grouping braces
    dropped, whitespace collapsed (``{\\"U}ber \\& M\\"uller`` → ``Über & Müller``)."""
    literal = _BARE.sub(r"\\\1", _CIRCUMFLEX.sub("^", value))
    decoded = _DECODER.transform_entry(model.Entry("misc", "value", [model.Field("value", literal)]), Library())
    if not isinstance(decoded, model.Entry):
        raise TexError(str(getattr(decoded, "error", "unreadable TeX")))
    return " ".join(str(decoded.fields[0].value).split())


def verbatim(value: str) -> str:
    """A value TeX does not typeset as text (a URL, a date): only the escapes the build itself
    writes are undone and grouping braces dropped."""
    text = _ESCAPE.sub(lambda m: _SPELLED[m.group(1)] if m.group(1) else m.group(2) or "", value)
    return " ".join(text.split())
