"""Collation: the witnesses of one work (versions of one text, in either script) aligned block by
block (:mod:`.align`), the alignment recorded in each witness's TEI (:mod:`.record`), their
differences found inside aligned blocks and typed (:mod:`.collate`), and a TEI document that
records both in parallel segmentation (:mod:`.document`) — so an edition can say what changed
between versions, not only show each version on its own. Works on TEI trees only: the build hands
the witnesses' roots over (:mod:`pipeline.works`)."""
