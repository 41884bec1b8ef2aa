"""A citation of one block of the edition: the answer behind ``edition cite ARTICLE#ID``.

The same citation in three forms — plain text (also what the HTML "cite this paragraph"
action offers), BibTeX and CSL-JSON — built from a small metadata mapping. The plain text is
worded entirely in one language: GB/T 7714 for Chinese (in the article's script), Chicago for
English (``edition cite --lang en``). The mapping:

``article``        the article's ID (``korean-war``)
``title``          the article's title
``base_url``       where the HTML edition is published; the block's URL is
                   ``BASE/ARTICLE/#ID``
``source``         where the text comes from (the Wikipedia page)
``licence``        the licence of the text (``CC BY-SA 4.0``)
``date``           the edition's date, ISO 8601 (``2026-11-23``, ``2026-11`` or ``2026``)
``edition_title``, ``publisher``   the edition as a whole
``lang``           optional: the article's language tag (the text citation's language too)
``revision``       optional: the source's revision (a Wikipedia oldid or timestamp)

Pure functions; bad metadata is an EditionError naming ``origin`` (the catalog).
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

import bibtexparser
from bibtexparser.middlewares import default_unparse_stack
from bibtexparser.model import Entry, Field

from pipeline.errors import EditionError
from pipeline.ids.minting import is_block_id, kind_of_id
from pipeline.lang import is_traditional
from pipeline.tei import AUTHORS

FORMATS = ("text", "bibtex", "csl-json")
REQUIRED = ("article", "title", "base_url", "source", "licence", "date", "edition_title", "publisher")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_WHAT = {"p": "paragraph", "h": "heading", "i": "list item", "f": "figure", "t": "table",
         "q": "quotation", "c": "block", "n": "note", "b": "bibliography entry", "s": "section"}
#: GB/T 7714's words for the kind of block cited, ``{id}`` standing for its ID: simplified, traditional
_LOCATORS = {"p": ("第 {id} 段", "第 {id} 段"), "h": ("标题 {id}", "標題 {id}"), "i": ("列表项 {id}", "列表項 {id}"),
             "f": ("图 {id}", "圖 {id}"), "t": ("表 {id}", "表 {id}"), "q": ("引文 {id}", "引文 {id}"),
             "c": ("文本块 {id}", "文本塊 {id}"), "n": ("注释 {id}", "註釋 {id}"),
             "b": ("参考文献条目 {id}", "參考文獻條目 {id}"), "s": ("第 {id} 节", "第 {id} 節"),
             "": ("位置 {id}", "位置 {id}")}
#: the rest of a Chinese citation's words: simplified, traditional
_WORDS = {"wikipedia": ("维基百科", "維基百科"), "revision": ("修订", "修訂"), "cited": ("引用日期", "引用日期")}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
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
        "revision": header.get("revision", ""),
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
    revision: str = ""

    @property
    def kind(self) -> str:
        """The kind of block cited: its ID's prefix (``p``, ``n``…), "" for an ID of another form."""
        return kind_of_id(self.block_id) if is_block_id(self.block_id) else ""

    @property
    def what(self) -> str:
        """What kind of block is cited, in words (``paragraph``, ``note``…)."""
        return _WHAT.get(self.kind, "block")


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
    lang, revision = meta.get("lang"), meta.get("revision")
    return Citation(meta["article"], block_id, meta["title"],
                    block_url(meta["base_url"], meta["article"], block_id), meta["source"],
                    meta["licence"], meta["date"], tuple(int(p) for p in date.groups() if p),
                    meta["edition_title"], meta["publisher"], lang if isinstance(lang, str) else None,
                    revision.strip() if isinstance(revision, str) else "")


def author_name(lang: str | None) -> str:
    """The group author of every citation, in ``lang``'s words (English when None): the edition
    page's ``citation_author`` and the BibTeX and CSL-JSON citations name the same one."""
    lang = lang or "en"
    if lang.split("-")[0] != "zh":
        return AUTHORS["en"]
    return AUTHORS["zh-Hant" if is_traditional(lang) else "zh-Hans"]


def as_text(c: Citation, lang: str | None = None) -> str:
    """One line in ``lang`` (the article's language when None): GB/T 7714 for Chinese, Chicago
    for any other."""
    lang = lang or c.lang or "en"
    return as_gbt7714(c, is_traditional(lang)) if lang.split("-")[0] == "zh" else as_chicago(c)


def as_gbt7714(c: Citation, traditional: bool) -> str:
    """The GB/T 7714 citation of an online source (``[EB/OL]``), worded in one script: authors,
    title, the block, Wikipedia and its revision, the block's URL and the date it is cited by."""
    script = int(traditional)
    words = {key: pair[script] for key, pair in _WORDS.items()}
    where = words["wikipedia"] + (f", {words['revision']} {c.revision}" if c.revision else "")
    return (f"{AUTHORS['zh-Hant' if traditional else 'zh-Hans']}. {c.title}[EB/OL]. "
            f"{_LOCATORS[c.kind][script].format(id=c.block_id)}. {where}. {c.url}, {words['cited']} {c.date}.")


def as_chicago(c: Citation) -> str:
    """The Chicago (notes and bibliography) citation: authors, title, the block, Wikipedia and its
    revision, the edition, its publisher and date, the block's URL."""
    where = "Wikipedia" + (f", revision {c.revision}" if c.revision else "")
    return (f"{AUTHORS['en']}. “{c.title}.” {c.what.capitalize()} {c.block_id}. {where}. "
            f"In {c.edition_title}. {c.publisher}, {_english_date(c.date_parts)}. {c.url}.")


def _english_date(parts: tuple[int, ...]) -> str:
    """``(2026, 11, 23)`` → ``November 23, 2026``; ``(2026, 11)`` → ``November 2026``."""
    if len(parts) == 3:
        return f"{_MONTHS[parts[1] - 1]} {parts[2]}, {parts[0]}"
    return f"{_MONTHS[parts[1] - 1]} {parts[0]}" if len(parts) == 2 else str(parts[0])


def _latex(value: str) -> str:
    return _LATEX_SPECIAL.sub(lambda m: "\\textbackslash{}" if m.group(1) == "\\" else "\\" + m.group(1), value)


def as_bibtex(c: Citation) -> str:
    """A ``@misc`` entry keyed ``ARTICLE:ID``, written by bibtexparser."""
    fields = [
        Field("title", _latex(f"{c.title}, {c.what} {c.block_id}")),
        Field("author", "{" + _latex(author_name(c.lang)) + "}"),  # braced: one name, not split
        Field("howpublished", _latex(f"In: {c.edition_title}")),
        Field("publisher", _latex(c.publisher)),
        Field("year", str(c.date_parts[0])),
        Field("date", c.date),
        Field("url", c.url),
        Field("note", _latex(f"Source: {c.source}" + (f", revision {c.revision}" if c.revision else "")
                             + f". Licence: {c.licence}")),
    ]
    if c.lang:
        fields.append(Field("language", c.lang))
    library = bibtexparser.Library()
    library.add(Entry("misc", f"{c.article}:{c.block_id}", fields))
    # written in place: the library is this call's own, and the copy bibtexparser makes of it
    # otherwise was half of an article page's citations (0.05 of 0.105 s for the seed)
    return bibtexparser.write_string(library, unparse_stack=default_unparse_stack(allow_inplace_modification=True)
                                     ).strip() + "\n"


def as_csl_json(c: Citation) -> str:
    """A CSL-JSON array of one ``entry-encyclopedia`` item; the block is its ``section``."""
    item = {
        "id": f"{c.article}#{c.block_id}",
        "type": "entry-encyclopedia",
        "title": c.title,
        "author": [{"literal": author_name(c.lang)}],
        "section": f"{c.what} {c.block_id}",
        "container-title": c.edition_title,
        "publisher": c.publisher,
        "issued": {"date-parts": [list(c.date_parts)]},
        "URL": c.url,
        "source": c.source,
        "license": c.licence,
    }
    if c.revision:
        item["version"] = c.revision
    if c.lang:
        item["language"] = c.lang
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


def formatted(c: Citation, fmt: str, lang: str | None = None) -> str:
    """``c`` in ``fmt`` (one of :data:`FORMATS`; the text worded in ``lang``, else in the
    article's language), ending with a newline."""
    text = as_text(c, lang) if fmt == "text" else {"bibtex": as_bibtex, "csl-json": as_csl_json}[fmt](c)
    return text if text.endswith("\n") else text + "\n"


def cite(meta: Mapping[str, object], block_id: str, fmt: str = "text", origin: str = "catalog",
         lang: str | None = None) -> str:
    """The citation of ``block_id`` in ``fmt`` (``text``, ``bibtex`` or ``csl-json``); a text
    citation is worded in ``lang`` (``en``, ``zh-Hans``, ``zh-Hant``), else in the article's language."""
    if fmt not in FORMATS:
        raise EditionError.at("command line", f"unknown citation format {fmt!r} "
                                              f"(choose from {', '.join(FORMATS)})")
    return formatted(citation(meta, block_id, origin), fmt, lang)
