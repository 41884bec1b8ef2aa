"""Writers: the TEI rendered as HTML, EPUB 3 and PDF (each module imports its own libraries).

``SHIPPED_TEMPLATES`` is here, not in :mod:`pipeline.writers.templating`, so that the build can
key its cache on the templates without importing Jinja into every process.
"""
from pathlib import Path

SHIPPED_TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
"""The templates shipped with the package: the fallback for a project without its own."""
