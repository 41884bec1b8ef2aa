"""A citation of one block of the edition: the answer behind ``edition cite ARTICLE#ID``.

The same citation in three forms — plain text (also what the HTML "cite this paragraph"
action offers), BibTeX and CSL-JSON — built from a small metadata mapping:

``article``        the article's ID (``korean-war``)
``title``          the article's title
``base_url``       where the HTML edition is published; the block's URL is
                   ``BASE/ARTICLE/#ID``
``source``         where the text comes from (the Wikipedia page)
``licence``        the licence of the text (``CC BY-SA 4.0``)
``date``           the edition's date, ISO 8601 (``2026-11-23``, ``2026-11`` or ``2026``)
``edition_title``, ``publisher``   the edition as a whole
``lang``           optional: the article's language tag

Pure functions; bad metadata is an EditionError naming ``origin`` (the catalog).
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

import bibtexparser
from bibtexparser.model import Entry, Field

from pipeline.errors import EditionError
from pipeline.ids.minting import is_block_id, kind_of_id

FORMATS = ("text", "bibtex", "csl-json")
REQUIRED = ("article", "title", "base_url", "source", "licence", "date", "edition_title", "publisher")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_WHAT = {"p": "paragraph", "h": "heading", "i": "list item", "f": "figure", "t": "table",
         "q": "quotation", "c": "block", "n": "note", "b": "bibliography entry", "s": "section"}
_LATEX_SPECIAL = re.compile(r"([\\&%$#_{}~^])")


def citation_fields(article: str, lang: str, header: Mapping[str, str],
                    edition: Mapping[str, str]) -> dict[str, str]:
    """The metadata mapping of an article, from its TEI header's facts (``header``: title,
    source, licence, date, publisher) and the catalog's ``[edition]`` table, whose date and
    publisher come first: the edition page and ``edition cite`` both build it here."""
    return {
        "article": article,
        "title": header.get("title", ""),
        "base_url": edition.get("base_url", ""),
        "source": header.get("source", ""),
        "licence": header.get("licence", ""),
        "date": edition.get("date") or header.get("date", ""),
        "edition_title": edition.get("title", ""),
        "publisher": edition.get("publisher") or header.get("publisher", ""),
        "lang": lang,
    }


@dataclass(frozen=True)
class Citation:
    """Everything a citation of one block says, checked."""

    article: str
    block_id: str
    title: str
    url: str
    source: str
    licence: str
    date: str
    date_parts: tuple[int, ...]
    edition_title: str
    publisher: str
    lang: str | None

    @property
    def what(self) -> str:
        """What kind of block is cited, in words (``paragraph``, ``note``…)."""
        return _WHAT[kind_of_id(self.block_id)] if is_block_id(self.block_id) else "block"


def block_url(base_url: str, article: str, block_id: str) -> str:
    """The URL of a block in the HTML edition: ``BASE/ARTICLE/#ID``."""
    return f"{base_url.rstrip('/')}/{article}/#{block_id}"


def citation(meta: Mapping[str, object], block_id: str, origin: str = "catalog") -> Citation:
    """Check ``meta`` and gather what a citation of ``block_id`` says."""
    missing = [key for key in REQUIRED if not isinstance(meta.get(key), str) or not meta[key].strip()]
    if missing:
        raise EditionError.at(origin, "cannot cite without " + ", ".join(missing))
    date = _DATE.match(meta["date"])
    if date is None:
        raise EditionError.at(origin, f"date {meta['date']!r} is not an ISO 8601 date "
                                      "(YYYY-MM-DD, YYYY-MM or YYYY)")
    lang = meta.get("lang")
    return Citation(meta["article"], block_id, meta["title"],
                    block_url(meta["base_url"], meta["article"], block_id), meta["source"],
                    meta["licence"], meta["date"], tuple(int(p) for p in date.groups() if p),
                    meta["edition_title"], meta["publisher"], lang if isinstance(lang, str) else None)


def as_text(c: Citation) -> str:
    """One line: title, block, edition, date, URL, source and licence."""
    return (f"{c.title}, {c.what} {c.block_id}. In: {c.edition_title}. {c.publisher}, {c.date}. "
            f"{c.url}. Source: {c.source}. Licence: {c.licence}.")


def _latex(value: str) -> str:
    return _LATEX_SPECIAL.sub(lambda m: "\\textbackslash{}" if m.group(1) == "\\" else "\\" + m.group(1), value)


def as_bibtex(c: Citation) -> str:
    """A ``@misc`` entry keyed ``ARTICLE:ID``, written by bibtexparser."""
    fields = [
        Field("title", _latex(f"{c.title}, {c.what} {c.block_id}")),
        Field("howpublished", _latex(f"In: {c.edition_title}")),
        Field("publisher", _latex(c.publisher)),
        Field("year", str(c.date_parts[0])),
        Field("date", c.date),
        Field("url", c.url),
        Field("note", _latex(f"Source: {c.source}. Licence: {c.licence}")),
    ]
    if c.lang:
        fields.append(Field("language", c.lang))
    library = bibtexparser.Library()
    library.add(Entry("misc", f"{c.article}:{c.block_id}", fields))
    return bibtexparser.write_string(library).strip() + "\n"


def as_csl_json(c: Citation) -> str:
    """A CSL-JSON array of one ``entry-encyclopedia`` item; the block is its ``section``."""
    item = {
        "id": f"{c.article}#{c.block_id}",
        "type": "entry-encyclopedia",
        "title": c.title,
        "section": f"{c.what} {c.block_id}",
        "container-title": c.edition_title,
        "publisher": c.publisher,
        "issued": {"date-parts": [list(c.date_parts)]},
        "URL": c.url,
        "source": c.source,
        "license": c.licence,
    }
    if c.lang:
        item["language"] = c.lang
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


def formatted(c: Citation, fmt: str) -> str:
    """``c`` in ``fmt`` (one of :data:`FORMATS`), ending with a newline."""
    text = {"text": as_text, "bibtex": as_bibtex, "csl-json": as_csl_json}[fmt](c)
    return text if text.endswith("\n") else text + "\n"


def cite(meta: Mapping[str, object], block_id: str, fmt: str = "text", origin: str = "catalog") -> str:
    """The citation of ``block_id`` in ``fmt`` (``text``, ``bibtex`` or ``csl-json``)."""
    if fmt not in FORMATS:
        raise EditionError.at("command line", f"unknown citation format {fmt!r} "
                                              f"(choose from {', '.join(FORMATS)})")
    return formatted(citation(meta, block_id, origin), fmt)
