"""Collation: the witnesses of one work (versions of one text, in either script) aligned block by
block, their differences found inside aligned blocks and typed, and a TEI document that records
both in parallel segmentation — so an edition can say what changed between versions, not only
show each version on its own."""
