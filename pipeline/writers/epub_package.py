"""Finishing Pandoc's EPUB package where Pandoc offers no hook: chapter titles and back-matter types.

Pandoc titles every chapter file by its name (``<title>ch004.xhtml</title>``: its EPUB writer
sets the template's ``pagetitle`` to the file name and lets no metadata override it), which a
reading system shows as the chapter's name; and it types a chapter ``backmatter`` only for a few
``epub:type`` values (``bibliography``, ``appendix``, not ``endnotes``). :func:`finish_package`
rewrites those two things in the chapter files, from the chapter's own first heading and its
first section's type, and leaves every other entry of the zip as Pandoc wrote it (same order,
dates and compression: the package stays byte-identical from run to run).
"""
from __future__ import annotations

import html
import io
import re
import zipfile

from lxml import etree

XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
HEADINGS = {f"{XHTML}h{level}" for level in range(1, 7)}
#: the section types that make a chapter back matter
BACK_MATTER = {"endnotes", "bibliography", "appendix"}
CHAPTER = re.compile(r"EPUB/text/(ch\d+\.xhtml)")


def finish_package(package: bytes) -> bytes:
    """The EPUB with each chapter titled by its first heading and typed by its first section."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            match = CHAPTER.fullmatch(info.filename)
            target.writestr(info, finish_chapter(data, match.group(1)) if match else data)
    return out.getvalue()


def finish_chapter(data: bytes, name: str) -> bytes:
    """One chapter file with its title and body type set."""
    text = data.decode("utf-8")
    root = etree.fromstring(data)
    heading = next((element for element in root.iter() if element.tag in HEADINGS), None)
    if heading is not None:
        title = " ".join("".join(heading.itertext()).split())
        text = text.replace(f"<title>{name}</title>", f"<title>{html.escape(title, quote=False)}</title>", 1)
    section = next(root.iter(f"{XHTML}section"), None)
    if section is not None and section.get(EPUB_TYPE) in BACK_MATTER:
        text = text.replace('<body epub:type="bodymatter">', '<body epub:type="backmatter">', 1)
    return text.encode("utf-8")
