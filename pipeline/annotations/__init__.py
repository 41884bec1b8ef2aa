"""Scholarly annotations: ``tei/annotations/<article>.xml`` loaded, checked, anchored and merged.

The modules each do one job: :mod:`~pipeline.annotations.loading` reads and checks a file on its own
(its targets with :mod:`pipeline.targets`, the one parser of the target syntax),
:mod:`~pipeline.annotations.anchoring` finds every target in a generated edition (in the block's
visible text, :mod:`pipeline.visible`, following retired IDs), helped by
:mod:`~pipeline.annotations.previous` (where the committed edition had each phrase) and
:mod:`~pipeline.annotations.relocate` (finding an edited phrase again),
:mod:`~pipeline.annotations.merge` writes the result into ``<standOff>``,
:mod:`~pipeline.annotations.project` gathers what a project offers to check against (the committed
edition, the ID ledgers, the other articles), and :mod:`~pipeline.annotations.validate` runs all of it
for ``edition validate``.
"""
