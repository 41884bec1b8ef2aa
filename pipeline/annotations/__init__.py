"""Scholarly annotations: ``tei/annotations/<article>.xml`` loaded, checked, anchored and merged.

The modules each do one job: :mod:`~pipeline.annotations.pointers` reads the target syntax,
:mod:`~pipeline.annotations.loading` reads and checks a file on its own,
:mod:`~pipeline.annotations.text` knows the text a reader sees in a block and wraps phrases in it,
:mod:`~pipeline.annotations.anchoring` finds every target in a generated edition (following retired
IDs and edited phrases), :mod:`~pipeline.annotations.merge` writes the result into ``<standOff>``,
:mod:`~pipeline.annotations.project` gathers what a project offers to check against (the committed
edition, the ID ledgers, the other articles), and :mod:`~pipeline.annotations.validate` runs all of it
for ``edition validate``.
"""
