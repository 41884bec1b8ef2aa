"""The learned citation labeller: a linear-chain CRF over a note's tokens (issue 18).

:mod:`.tokens` cuts a note into tokens with offsets, :mod:`.labels` turns gold spans into one
label per token and back, :mod:`.features` describes each token by the conventions of Chinese,
Japanese and Western citations, :mod:`.train` fits the model on the labelled corpus
(``edition citations train``) and :mod:`.tagger` reads a note with the shipped model
(``model.crfsuite``, package data).
"""
