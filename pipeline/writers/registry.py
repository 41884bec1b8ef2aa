"""The writers by format name (Pandoc's ``Writer`` table is the model).

Adding an edition format is writing a class with ``name``, ``place`` and ``write``
(:class:`pipeline.writers.base.Writer`) and adding one line here; the build, ``edition render``
and ``--formats`` then know it.
"""
from __future__ import annotations

from pipeline.writers.base import Writer
from pipeline.writers.epub import EpubWriter
from pipeline.writers.html import HtmlWriter
from pipeline.writers.pdf import PdfWriter

WRITERS: dict[str, Writer] = {writer.name: writer for writer in (HtmlWriter(), EpubWriter(), PdfWriter())}
