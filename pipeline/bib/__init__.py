"""Bibliographic records from free-text citations: cleaning, names, dates, Chinese and Western forms.

The public entry points are in :mod:`pipeline.transforms.citations` (parsing notes),
:mod:`pipeline.transforms.works` (one record per work) and :mod:`pipeline.bibtex` (BibTeX).
"""
