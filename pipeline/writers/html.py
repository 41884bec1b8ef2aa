"""The HTML edition: one page per article and an index, rendered by Jinja2 templates.

The writer only builds the view model and hands it to ``templates/html``; all markup lives in
the templates. Assets (CSS, scripts) are copied next to the pages so the edition works from any
static server and from ``file://``.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from pipeline.fsutil import atomic_copy, atomic_write
from pipeline.writers.model import Document, build_document
from pipeline.writers.templating import asset_path, environment

ASSETS = ("edition.css", "edition.js")


def render_article(root: etree._Element, out_dir: Path, templates: Path | None = None,
                   formats: dict[str, str] | None = None) -> list[Path]:
    """Write ``out_dir/index.html`` and its assets for one TEI document; return the files."""
    document = build_document(root)
    env = environment(templates, "html")
    page = env.get_template("article.html").render(doc=document, downloads=formats or {}, asset_prefix="")
    assets = copy_assets(out_dir, templates)
    target = out_dir / "index.html"
    atomic_write(target, page)
    return [target, *assets]


def render_index(documents: list[Document], out_dir: Path, edition: dict[str, str],
                 templates: Path | None = None) -> Path:
    """Write the edition's ``index.html`` listing every article with its downloads."""
    env = environment(templates, "html")
    page = env.get_template("index.html").render(docs=documents, edition=edition, asset_prefix="")
    copy_assets(out_dir, templates)
    target = out_dir / "index.html"
    atomic_write(target, page)
    return target


def copy_assets(out_dir: Path, templates: Path | None) -> list[Path]:
    """Copy the CSS and scripts next to the pages; return their paths."""
    targets = [out_dir / name for name in ASSETS]
    for name, target in zip(ASSETS, targets):
        atomic_copy(asset_path(templates, "html", name), target)
    return targets
