"""The PDF edition: the view model through the print template, typeset by WeasyPrint.

WeasyPrint gives real CSS paged media: footnotes at the foot of the page, running heads,
``target-counter`` page numbers and bookmarks from headings. Fonts are chosen by the article's
language (Noto Serif CJK SC or TC).
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from pipeline.fsutil import atomic_write
from pipeline.writers.model import build_document
from pipeline.writers.templating import asset_path, environment

SCRIPT_FONTS = {"zh-Hans": "SC", "zh-Hant": "TC"}


def render_pdf(root: etree._Element, target: Path, templates: Path | None = None) -> Path:
    """Write one article's PDF to ``target``."""
    from weasyprint import CSS, HTML

    document = build_document(root)
    env = environment(templates, "print", "html")
    script = SCRIPT_FONTS.get(document.lang, "SC")
    page = env.get_template("print.html").render(doc=document, script=script)
    stylesheet = CSS(filename=str(asset_path(templates, "print", "print.css")))
    pdf = HTML(string=page, base_url=str(target.parent)).write_pdf(stylesheets=[stylesheet])
    atomic_write(target, pdf)
    return target
