"""Scholarly annotations: ``tei/annotations/<article>.xml`` loaded, checked, anchored and merged.

The modules each do one job: :mod:`~pipeline.annotations.loading` reads and checks a file on its own
(its targets with :mod:`pipeline.targets`, the one parser of the target syntax),
:mod:`~pipeline.annotations.anchoring` finds every target in a generated edition (in the block's
visible text, :mod:`pipeline.visible`, following retired IDs), helped by
:mod:`~pipeline.annotations.previous` (where the committed edition had each phrase) and
:mod:`~pipeline.annotations.relocate` (finding an edited phrase again),
:mod:`~pipeline.annotations.merge` writes the result into ``<standOff>``,
:mod:`~pipeline.annotations.project` holds what a file is checked against besides the tree (the ID
history, the other articles' IDs). Annotations also move in and out as JSON
(``edition annotations export|import``, docs/web-annotation.md): :mod:`~pipeline.annotations.webanno`
(the W3C Web Annotation model, out and in), :mod:`~pipeline.annotations.hypothesis` (Hypothesis's
export), :mod:`~pipeline.annotations.incoming` (what both read into, and the JSON read safely) and
:mod:`~pipeline.annotations.importing` (anchoring by quote and appending to the scholar's file).
Nothing here reads a file but the scholar's own (and the export given to ``import``): the build reads
the rest up front (:mod:`pipeline.inputs`), and :mod:`pipeline.validate` runs all of it for
``edition validate``.
"""
