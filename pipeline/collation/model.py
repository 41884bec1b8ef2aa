"""The types the collation modules share: a witness of a work and one alignment link between two witnesses' blocks."""
from dataclasses import dataclass

LINK_TYPES = ("same", "edited", "split", "merged", "moved")


@dataclass(frozen=True)
class Witness:
    siglum: str          # "A", "B", … from the catalog
    article_id: str      # the catalog id, e.g. "korean-war"
    lang: str            # zh-Hans / zh-Hant
    description: str     # revision, date, format, script, in words


@dataclass(frozen=True)
class Link:
    a: tuple[str, ...]   # block IDs (xml:id) in the first witness (one, or several for a merge)
    b: tuple[str, ...]   # block IDs in the second witness (one, or several for a split)
    type: str            # one of LINK_TYPES
