"""Stable block IDs: the machinery behind the ids stage (:mod:`pipeline.transforms.ids`).

``text`` says when two texts are the same, ``minting`` what an ID looks like and how a new one
is made, ``ledger`` reads, checks and writes ``tei/ids/<article>.json`` and answers where an ID
went, ``align`` matches this build's blocks with the ledger's in order, and ``revise`` turns
that into kept, new and retired IDs.
"""
