"""Annotated scholarly digital editions: sources → TEI P5 → HTML, EPUB 3 and PDF.

Stages, as folders: ``readers`` turn a source format into TEI, ``transforms`` enrich the TEI
tree, ``writers`` render the TEI and read nothing else. ``build`` runs them for a catalog;
``cli`` is the ``edition`` command.
"""
