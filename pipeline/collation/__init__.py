"""Collation of the witnesses of one work: their blocks aligned (:mod:`.align`), the alignment
recorded in each witness's TEI (:mod:`.record`). Works on TEI trees only: the build hands the
witnesses' roots over (:mod:`pipeline.works`)."""
