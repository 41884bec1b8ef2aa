"""Writers: the TEI rendered as HTML, EPUB 3 and PDF (each module imports its own libraries).

``SHIPPED_TEMPLATES`` is here, not in :mod:`pipeline.writers.templating`, so that the build can
key its cache on the templates without importing Jinja into every process.
"""
from importlib.resources import files
from pathlib import Path

SHIPPED_TEMPLATES = Path(files("pipeline") / "templates")
"""The templates shipped with the package (package data, ``pipeline/templates/``): the fallback
for any template a project does not have in its own ``templates/``. A wheel installs the package
as plain files, so this is a folder on disk, as Jinja's loader and the cache's digests need."""
