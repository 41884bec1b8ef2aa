"""A work of the bibliography as a COinS span's title: an OpenURL ContextObject in KEV form.

Reference managers' browser connectors (Zotero's COinS translator, Citavi's picker, JabRef's
and EndNote's via Zotero) find ``<span class="Z3988" title="…">`` in a page and offer each as an
item to import: one span per bibliography entry lets them take the whole bibliography. The keys
are those of the Z39.88-2004 KEV formats (``book``, ``journal``, ``dissertation``, and Dublin
Core for a web page), the genre by the work's kind, the values UTF-8 and percent-encoded.
"""
from __future__ import annotations

from urllib.parse import quote, urlencode

from pipeline.writers.biblstruct import Entry
from pipeline.writers.works import page_range

#: the KEV format and genre by the TEI record's kind: (format, genre, the title key of the
#: part, the title key of the whole)
FORMATS = {
    "book": ("book", "book", "", "rft.btitle"),
    "chapter": ("book", "bookitem", "rft.atitle", "rft.btitle"),
    "report": ("book", "report", "", "rft.btitle"),
    "journal-article": ("journal", "article", "rft.atitle", "rft.jtitle"),
    "newspaper-article": ("journal", "article", "rft.atitle", "rft.jtitle"),
    "thesis": ("dissertation", "", "", "rft.title"),
    "web-page": ("dc", "", "", "rft.title"),
}


def coins(entry: Entry) -> str:
    """The ContextObject of one work (``ctx_ver=Z39.88-2004&rft_val_fmt=…``)."""
    fmt, genre, part_key, whole_key = FORMATS.get(entry.kind, FORMATS["book"])
    pairs = [("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", f"info:ofi/fmt:kev:mtx:{fmt}")]
    if entry.url:
        pairs.append(("rft_id", entry.url))
    if genre:
        pairs.append(("rft.genre", genre))
    if part_key and entry.part_title:
        pairs.append((part_key, entry.part_title))
    pairs.append((whole_key, entry.title or entry.part_title))
    creator = "rft.creator" if fmt == "dc" else "rft.au"
    if entry.authors and entry.authors[0].surname and fmt != "dc":
        pairs += [("rft.aulast", entry.authors[0].surname), ("rft.aufirst", entry.authors[0].forename)]
    pairs += [(creator, person.written) for person in entry.authors]
    first, last = page_range(entry.pages)
    pairs += [("rft.date", entry.date), ("rft.pub" if fmt != "dc" else "rft.publisher", entry.publisher),
              ("rft.place", entry.place), ("rft.series", entry.series), ("rft.isbn", entry.isbn),
              ("rft.volume", entry.volume), ("rft.issue", entry.issue),
              ("rft.spage", first), ("rft.epage", last)]
    return urlencode([(key, value) for key, value in pairs if value], quote_via=quote)
