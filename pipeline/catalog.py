"""The catalog ``articles/catalog.toml``: the edition's metadata and one entry per article.

Adding an article to the edition is adding its source file to ``articles/`` and an
``[[article]]`` table here; everything the build needs to know about a source is in that entry.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline.errors import EditionError, toml_error_line, toml_error_text
from pipeline.images import COMMONS_FILE_PATH, DEFAULT_WIDTH, ImageSettings
from pipeline.readers import FORMATS
from pipeline.sources import NOT_XML
from pipeline.tei import SourceMeta
from pipeline.writers import ASSETS, DTS_DIR, SITE_PAGES
from pipeline.writers.search import INDEX_DIR

ARTICLE_FIELDS = ("id", "file", "format", "lang", "title", "source", "licence")
#: optional: the source's revision (a Wikipedia oldid or an ISO 8601 timestamp) and the day it was retrieved
OPTIONAL_ARTICLE_FIELDS = ("revision", "retrieved")
#: optional: the work the article is a version (a witness) of, its siglum in that work and a description
#: of the witness (revision, date, format, script, in words); see :func:`_witness_fields`
WITNESS_FIELDS = ("work", "siglum", "description")
#: a siglum: a capital letter, then letters or digits (A, B, A2)
SIGLUM_PATTERN = re.compile(r"[A-Z][A-Za-z0-9]{0,7}\Z")
EDITION_FIELDS = ("title", "publisher", "base_url", "licence", "date")
LANGS = ("zh-Hans", "zh-Hant")
#: either script, or Chinese, with a region (zh-Hant-TW, zh-TW, zh-HK …): the region picks the phrase-level
#: conversion to the other script (:mod:`pipeline.writers.scripts`)
REGIONAL_LANG = re.compile(r"zh(?:-Han[st])?-(?:TW|HK|MO|CN|SG|MY)\Z")
#: An article id names its files and folders (``tei/ID.xml``, ``output/html/ID/``) and is an
#: ``xml:id``: so it starts with a letter (never with ``_`` or ``.``, the build's own names).
ID_PATTERN = re.compile(r"[a-z][a-z0-9-]*\Z")
#: Longer ids would make file names some file systems refuse (``ID.zh-Hant.html``, ``.ID.xml.tmp``).
MAX_ID_LENGTH = 64
#: The names at the top of the HTML site besides the articles' folders, and what each is; an
#: article of that id would lose its folder to them (or share its address on a server that
#: serves ``search.html`` at ``/search``).
RESERVED_IDS = {INDEX_DIR: f"search index (output/html/{INDEX_DIR}/)",
                DTS_DIR: f"DTS endpoints (output/html/{DTS_DIR}/)",
                **{Path(name).stem: f"own pages (output/html/{name})" for name in SITE_PAGES},
                **{Path(name).stem: f"assets (output/html/{name})" for name in ASSETS}}
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
#: a Wikipedia revision: its oldid, or the timestamp of the revision (``2026-11-20T08:15:00Z``)
OLDID_PATTERN = re.compile(r"[1-9][0-9]{0,11}\Z")
TIMESTAMP_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z\Z")


@dataclass(frozen=True)
class Edition:
    """The ``[edition]`` table: what every article's edition shares."""

    title: str
    publisher: str
    base_url: str
    licence: str
    date: str


@dataclass(frozen=True)
class Article:
    """One ``[[article]]`` entry, its source resolved inside the project."""

    id: str
    path: Path
    format: str
    lang: str
    title: str
    source: str
    licence: str
    revision: str = ""
    retrieved: str = ""
    work: str = ""
    siglum: str = ""
    description: str = ""

    def meta(self, edition: Edition) -> SourceMeta:
        return SourceMeta(id=self.id, title=self.title, lang=self.lang, format=self.format,
                          file=self.path.name, source=self.source, licence=self.licence,
                          licence_url=licence_url(self.licence), edition_title=edition.title,
                          publisher=edition.publisher, date=edition.date, revision=self.revision,
                          retrieved=self.retrieved)


@dataclass(frozen=True)
class Catalog:
    path: Path
    edition: Edition
    articles: tuple[Article, ...]
    #: the ``[edition]`` table's ``fetch_images``, ``image_server`` and ``image_width``
    images: ImageSettings = ImageSettings()

    def select(self, ids: list[str]) -> list[Article]:
        """The articles named (all when none is), in catalog order; unknown ids are an error."""
        if not ids:
            return list(self.articles)
        known = {a.id: a for a in self.articles}
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise EditionError.at(self.path, f"unknown article id: {', '.join(unknown)} "
                                             f"(known: {', '.join(known)})")
        return [known[i] for i in dict.fromkeys(ids)]

    def works(self) -> dict[str, list[Article]]:
        """Each work's witnesses, in catalog order (the first is the one the others are aligned with)."""
        return group_works(self.articles)

    def works_of(self, articles: list[Article]) -> dict[str, list[Article]]:
        """The works any of ``articles`` is a witness of, with all their witnesses."""
        return {work: members for work, members in self.works().items() if any(a in articles for a in members)}


def group_works(articles: tuple[Article, ...] | list[Article]) -> dict[str, list[Article]]:
    """The articles that are witnesses, by work, in catalog order."""
    found: dict[str, list[Article]] = {}
    for article in articles:
        if article.work:
            found.setdefault(article.work, []).append(article)
    return found


LICENCE_URLS = {
    "CC BY-SA 4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC BY-SA 3.0": "https://creativecommons.org/licenses/by-sa/3.0/",
}


def licence_url(licence: str) -> str:
    return LICENCE_URLS.get(licence, "")


def load_catalog(path: Path, articles_dir: Path) -> Catalog:
    """Read and check the catalog at ``path``, whose sources are in ``articles_dir``; every
    problem names the file and line."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EditionError.at(path, "catalog not found (is --project the edition's folder?)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EditionError.at(path, f"cannot read catalog: {exc}") from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise EditionError.at(path, f"TOML syntax error: {toml_error_text(exc)}", toml_error_line(exc)) from None
    text = _CatalogText(path, raw)
    edition_table = data.get("edition")
    if not isinstance(edition_table, dict):
        raise EditionError.at(path, "missing [edition] table")
    header = text.nth_line("[edition]", 0)
    for name in EDITION_FIELDS:
        if not isinstance(edition_table.get(name), str) or not edition_table[name].strip():
            raise text.error(f"[edition]: missing field '{name}'", header)
    text.check_strings(edition_table, "[edition]", header)
    _check_date(edition_table["date"], text, header)
    edition = Edition(**{name: edition_table[name] for name in EDITION_FIELDS})
    entries = data.get("article")
    if not isinstance(entries, list) or not entries:
        raise EditionError.at(path, "no [[article]] entries")
    articles: list[Article] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        articles.append(_article(articles_dir, text, entry, text.nth_line("[[article]]", index), seen))
    _check_works(articles, text)
    return Catalog(path, edition, tuple(articles), _image_settings(edition_table, text, header))


def _image_settings(table: dict, text: _CatalogText, header: int | None) -> ImageSettings:
    """Whether the build fetches the figures' images (``fetch_images = true``), from which server
    (``image_server``, the address a file name is appended to: Commons' ``Special:FilePath/``
    by default) and how wide (``image_width``, pixels)."""
    fetch = table.get("fetch_images", False)
    server = table.get("image_server", COMMONS_FILE_PATH)
    width = table.get("image_width", DEFAULT_WIDTH)
    if not isinstance(fetch, bool):
        raise text.error("[edition]: fetch_images must be true or false", text.field_line(header, "fetch_images"))
    if not isinstance(server, str) or not re.match(r"https?://", server):
        raise text.error("[edition]: image_server must be an http:// or https:// address",
                         text.field_line(header, "image_server"))
    if not isinstance(width, int) or isinstance(width, bool) or not 16 <= width <= 4096:
        raise text.error("[edition]: image_width must be a number of pixels from 16 to 4096",
                         text.field_line(header, "image_width"))
    return ImageSettings(fetch=fetch, server=server, width=width)


def _article(articles_dir: Path, text: _CatalogText, entry: dict, line: int | None, seen: set[str]) -> Article:
    for name in ARTICLE_FIELDS:
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            raise text.error(f"[[article]] entry is missing field '{name}'", line)
    text.check_strings(entry, "[[article]]", line)
    article_id = entry["id"]
    _check_id(article_id, text, text.field_line(line, "id"))
    if article_id in seen:
        raise text.error(f"duplicate article id '{article_id}'", line)
    seen.add(article_id)
    if entry["format"] not in FORMATS:
        raise text.error(f"article '{article_id}': unknown format '{entry['format']}' "
                         f"(known: {', '.join(FORMATS)})", line)
    if entry["lang"] not in LANGS and not REGIONAL_LANG.match(entry["lang"]):
        raise text.error(f"article '{article_id}': unknown lang '{entry['lang']}' "
                         f"(known: {', '.join(LANGS)})", line)
    articles_dir = articles_dir.resolve()
    source = (articles_dir / entry["file"]).resolve()
    if not source.is_relative_to(articles_dir):
        raise text.error(f"article '{article_id}': file '{entry['file']}' is outside "
                         "the articles/ folder", line)
    return Article(id=article_id, path=source, format=entry["format"], lang=entry["lang"],
                   title=entry["title"], source=entry["source"], licence=entry["licence"],
                   **_optional_fields(entry, text, line), **_witness_fields(entry, text, line))


def _strings(entry: dict, names: tuple[str, ...], text: _CatalogText, line: int | None) -> dict[str, str]:
    """The optional fields ``names`` the entry has, each checked to be a non-empty string."""
    found = {name: entry[name] for name in names if name in entry}
    for name, value in found.items():
        if not isinstance(value, str) or not value.strip():
            raise text.error(f"article '{entry['id']}': field '{name}' must be a non-empty string",
                             text.field_line(line, name))
    return found


def _witness_fields(entry: dict, text: _CatalogText, line: int | None) -> dict[str, str]:
    """The entry's ``work``, ``siglum`` and ``description``: a witness names its work and has a siglum."""
    found = _strings(entry, WITNESS_FIELDS, text, line)
    where = f"article '{entry['id']}'"
    if "work" not in found:
        for name in ("siglum", "description"):
            if name in found:
                raise text.error(f"{where}: '{name}' without 'work': only a witness of a work has one "
                                 "(add work = \"NAME\")", text.field_line(line, name))
        return {}
    if not ID_PATTERN.match(found["work"]) or len(found["work"]) > MAX_ID_LENGTH:
        raise text.error(f"{where}: work '{found['work'][:MAX_ID_LENGTH]}' must be lower-case ASCII letters, digits "
                         "and hyphens, starting with a letter", text.field_line(line, "work"))
    if "siglum" not in found:
        raise text.error(f"{where}: a witness of work '{found['work']}' needs a siglum (siglum = \"A\")", line)
    if not SIGLUM_PATTERN.match(found["siglum"]):
        raise text.error(f"{where}: siglum '{found['siglum'][:16]}' must be a capital letter, then up to seven "
                         "letters or digits (A, B, A2)", text.field_line(line, "siglum"))
    return found


def _check_works(articles: list[Article], text: _CatalogText) -> None:
    """Every work has two witnesses or more, each with its own siglum."""
    lines = {article.id: text.nth_line("[[article]]", index) for index, article in enumerate(articles)}
    for work, witnesses in group_works(articles).items():
        if len(witnesses) < 2:
            raise text.error(f"work '{work}' has one witness ('{witnesses[0].id}'): a work needs two or more "
                             "(give another article work = \"" + work + "\", or remove the key)",
                             text.field_line(lines[witnesses[0].id], "work"))
        seen: dict[str, str] = {}
        for article in witnesses:
            if article.siglum in seen:
                raise text.error(f"work '{work}': siglum '{article.siglum}' is both '{seen[article.siglum]}' "
                                 f"and '{article.id}'", text.field_line(lines[article.id], "siglum"))
            seen[article.siglum] = article.id


def _optional_fields(entry: dict, text: _CatalogText, line: int | None) -> dict[str, str]:
    """The entry's ``revision`` and ``retrieved``, checked: both go into the TEI header and the citations."""
    found = _strings(entry, OPTIONAL_ARTICLE_FIELDS, text, line)
    where = f"article '{entry['id']}'"
    revision = found.get("revision")
    if revision is not None and not (OLDID_PATTERN.match(revision) or TIMESTAMP_PATTERN.match(revision)
                                     and _is_calendar_day(revision[:10])):
        raise text.error(f"{where}: revision '{revision}' is neither a Wikipedia oldid (digits, e.g. '123456789') "
                         "nor a timestamp written YYYY-MM-DDTHH:MM:SSZ", text.field_line(line, "revision"))
    retrieved = found.get("retrieved")
    if retrieved is not None and not (DATE_PATTERN.match(retrieved) and _is_calendar_day(retrieved)):
        raise text.error(f"{where}: retrieved '{retrieved}' is not a calendar date written YYYY-MM-DD (ISO 8601), "
                         "e.g. '2026-11-20'", text.field_line(line, "retrieved"))
    return found


def _check_id(article_id: str, text: _CatalogText, line: int | None) -> None:
    """An id that names files on every file system and none of the site's own."""
    if not ID_PATTERN.match(article_id):
        raise text.error(f"article id '{article_id[:MAX_ID_LENGTH]}' must be lower-case ASCII letters, "
                         "digits and hyphens, starting with a letter", line)
    if len(article_id) > MAX_ID_LENGTH:
        raise text.error(f"article id '{article_id[:MAX_ID_LENGTH]}…' is {len(article_id)} characters long: "
                         f"at most {MAX_ID_LENGTH}", line)
    if article_id in RESERVED_IDS:
        raise text.error(f"article id '{article_id}' is reserved for the site's {RESERVED_IDS[article_id]}: "
                         "choose another", line)


def _check_date(value: str, text: _CatalogText, header: int | None) -> None:
    """The edition date, written into every TEI header as ``@when``: an ISO 8601 day."""
    if not (DATE_PATTERN.match(value) and _is_calendar_day(value)):
        raise text.error(f"[edition]: date '{value}' is not a calendar date written YYYY-MM-DD (ISO 8601), "
                         "e.g. '2026-11-23'", text.field_line(header, "date"))


def _is_calendar_day(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


class _CatalogText:
    """The catalog's text, for locating a problem: its lines are counted as TOML counts them
    (at ``\\n`` only, so that a U+2028, U+2029 or U+0085 in a string does not shift them)."""

    def __init__(self, path: Path, raw: str):
        self.path = path
        self.lines = raw.split("\n")

    def error(self, message: str, line: int | None) -> EditionError:
        return EditionError.at(self.path, message, line)

    def nth_line(self, header: str, n: int) -> int | None:
        """The line number of the n-th table header ``header`` (for locating entry errors)."""
        count = 0
        for number, text in enumerate(self.lines, start=1):
            if text.strip() == header:
                if count == n:
                    return number
                count += 1
        return None

    def field_line(self, header: int | None, key: str) -> int | None:
        """The line of ``key = …`` in the table whose header is on line ``header`` (else that line)."""
        if header is None:
            return None
        assignment = re.compile(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for number in range(header, len(self.lines)):
            if self.lines[number].lstrip().startswith("["):
                break
            if assignment.match(self.lines[number]):
                return number + 1
        return header

    def check_strings(self, table: dict, where: str, header: int | None) -> None:
        """Refuse a string holding a character XML cannot hold (a control character written as an
        escape): every field is written into the TEI, where it would stop the build late."""
        for key, value in table.items():
            bad = NOT_XML.search(value) if isinstance(value, str) else None
            if bad:
                raise self.error(f"{where}: field '{key}' holds the character U+{ord(bad.group()):04X}, "
                                 "which XML cannot hold: remove it", self.field_line(header, key))
