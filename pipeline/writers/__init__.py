"""Writers: the TEI rendered as HTML, EPUB 3 and PDF (each module imports its own libraries).

``SHIPPED_TEMPLATES`` is here, not in :mod:`pipeline.writers.templating`, so that the build can
key its cache on the templates without importing Jinja into every process; ``SITE_PAGES`` and
``ASSETS`` are here, not in :mod:`pipeline.writers.html`, so that the catalog can keep article
ids off the site's own names without importing Jinja into every command.
"""
from importlib.resources import files
from pathlib import Path

SHIPPED_TEMPLATES = Path(files("pipeline") / "templates")
"""The templates shipped with the package (package data, ``pipeline/templates/``): the fallback
for any template a project does not have in its own ``templates/``. A wheel installs the package
as plain files, so this is a folder on disk, as Jinja's loader and the cache's digests need."""

#: The edition's own pages, at the top of the HTML site next to the articles' folders.
SITE_PAGES = ("index.html", "search.html")
#: The folder of the edition's DTS endpoints (:mod:`pipeline.writers.dts`), next to the pages.
DTS_DIR = "dts"
#: The CSS and scripts next to every page (the site's and each article's).
ASSETS = ("edition.css", "edition.js")
