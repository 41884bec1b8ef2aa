"""The catalog ``articles/catalog.toml``: the edition's metadata and one entry per article.

Adding an article to the edition is adding its source file to ``articles/`` and an
``[[article]]`` table here; everything the build needs to know about a source is in that entry.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import EditionError, toml_error_line, toml_error_text
from pipeline.readers import FORMATS
from pipeline.tei import SourceMeta

ARTICLE_FIELDS = ("id", "file", "format", "lang", "title", "source", "licence")
EDITION_FIELDS = ("title", "publisher", "base_url", "licence", "date")
LANGS = ("zh-Hans", "zh-Hant")
ID_PATTERN = re.compile(r"[a-z][a-z0-9-]*\Z")


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

    def meta(self, edition: Edition) -> SourceMeta:
        return SourceMeta(id=self.id, title=self.title, lang=self.lang, format=self.format,
                          file=self.path.name, source=self.source, licence=self.licence,
                          licence_url=licence_url(self.licence), edition_title=edition.title,
                          publisher=edition.publisher, date=edition.date)


@dataclass(frozen=True)
class Catalog:
    path: Path
    edition: Edition
    articles: tuple[Article, ...]

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
    lines = raw.splitlines()
    edition_table = data.get("edition")
    if not isinstance(edition_table, dict):
        raise EditionError.at(path, "missing [edition] table")
    for name in EDITION_FIELDS:
        if not isinstance(edition_table.get(name), str) or not edition_table[name].strip():
            raise EditionError.at(path, f"[edition]: missing field '{name}'", _line_of(lines, "[edition]"))
    edition = Edition(**{name: edition_table[name] for name in EDITION_FIELDS})
    entries = data.get("article")
    if not isinstance(entries, list) or not entries:
        raise EditionError.at(path, "no [[article]] entries")
    articles: list[Article] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        line = _nth_line(lines, "[[article]]", index)
        articles.append(_article(articles_dir, path, entry, line, seen))
    return Catalog(path, edition, tuple(articles))


def _article(articles_dir: Path, catalog: Path, entry: dict, line: int | None, seen: set[str]) -> Article:
    for name in ARTICLE_FIELDS:
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            raise EditionError.at(catalog, f"[[article]] entry is missing field '{name}'", line)
    article_id = entry["id"]
    if not ID_PATTERN.match(article_id):
        raise EditionError.at(catalog, f"article id '{article_id}' must be lower-case ASCII letters, "
                                       "digits and hyphens, starting with a letter", line)
    if article_id in seen:
        raise EditionError.at(catalog, f"duplicate article id '{article_id}'", line)
    seen.add(article_id)
    if entry["format"] not in FORMATS:
        raise EditionError.at(catalog, f"article '{article_id}': unknown format '{entry['format']}' "
                                       f"(known: {', '.join(FORMATS)})", line)
    if entry["lang"] not in LANGS:
        raise EditionError.at(catalog, f"article '{article_id}': unknown lang '{entry['lang']}' "
                                       f"(known: {', '.join(LANGS)})", line)
    articles_dir = articles_dir.resolve()
    source = (articles_dir / entry["file"]).resolve()
    if not source.is_relative_to(articles_dir):
        raise EditionError.at(catalog, f"article '{article_id}': file '{entry['file']}' is outside "
                                       "the articles/ folder", line)
    return Article(id=article_id, path=source, format=entry["format"], lang=entry["lang"],
                   title=entry["title"], source=entry["source"], licence=entry["licence"])


def _line_of(lines: list[str], needle: str) -> int | None:
    return _nth_line(lines, needle, 0)


def _nth_line(lines: list[str], header: str, n: int) -> int | None:
    """The line number of the n-th table header ``header`` (for locating entry errors)."""
    count = 0
    for number, text in enumerate(lines, start=1):
        if text.strip() == header:
            if count == n:
                return number
            count += 1
    return None
