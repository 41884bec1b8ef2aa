"""The citation engine: free-text citations → bibliographic records → works → BibTeX.

The transforms call it (the notes, citations and bibliography stages); it knows nothing of
them, nor of readers, writers or the catalog, and opens no file but ``corrections.bib`` (and the
labeller's model, package data; the corpus only when training). Modules:

- :mod:`~pipeline.citations.parser` reads a note or citation string into records
  (:mod:`~pipeline.citations.chinese` and :mod:`~pipeline.citations.western` read each form's
  fields), and :mod:`~pipeline.citations.note_input` reads a TEI note into the parser's input;
- :mod:`~pipeline.citations.model` is the record; :mod:`~pipeline.citations.cleanup`,
  :mod:`~pipeline.citations.draft`, :mod:`~pipeline.citations.names`,
  :mod:`~pipeline.citations.dates` and :mod:`~pipeline.citations.lexicon` are what the readers share;
- :mod:`~pipeline.citations.works` groups the records into works (one per work cited),
  :mod:`~pipeline.citations.keys` names them, and :mod:`~pipeline.citations.bibtex` writes
  them as BibTeX and reads the scholar's corrections (their TeX read as Unicode by
  :mod:`~pipeline.citations.tex`); :mod:`~pipeline.citations.romanise` gives the script-neutral
  forms both compare and name by;
- :mod:`~pipeline.citations.crf` is the learned labeller (issue 18): a note → field spans
  grouped into records (:mod:`~pipeline.citations.spans`), trained on the labelled corpus that
  :mod:`~pipeline.citations.corpus` reads.
"""
