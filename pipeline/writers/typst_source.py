"""Typst source from the view model: the Jinja environment of the ``typst`` templates, which makes
every value a template prints a Typst string literal.

Typst markup gives meaning to ``#``, ``*``, ``_``, `````, ``$``, ``<``, ``@``, ``[``, ``]``, ``\\``,
``/``, ``=`` and ``-`` at the start of a line, and more: escaping each of them in the source's
text is easy to get wrong. Instead no source text is ever markup: the environment's ``finalize``
turns each printed value into a string literal (``"…"`` with ``\\`` and ``"`` escaped), which
the templates place in markup as ``#{{ text }};`` (an embedded expression, closed by the
semicolon) or pass to a Typst function as an argument. Only the templates' own text and their
macros' output (markup, as :class:`markupsafe.Markup`) pass through unchanged.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from pipeline.wording import motivation
from pipeline.writers.nodes import MIXED_BLOCKS, Kind, Node
from pipeline.writers.templating import book_href, template_dirs, with_compiled_cache

WHITESPACE = re.compile(r"\s+")
#: the characters a URI keeps as they are (RFC 3986's reserved and unreserved ones, and ``%``)
URI_CHARACTERS = ":/?#[]@!$&'()*+,;=%~-._"
#: the ISO 639 code Typst's ``text(lang:)`` takes: two or three letters
LANGUAGE = re.compile(r"[a-z]{2,3}")


def literal(value) -> Markup:
    """What a template prints: markup as it is, a number as a number, anything else a string
    literal of its text with runs of whitespace made one space (as HTML shows them)."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Markup(str(value))
    return verbatim(WHITESPACE.sub(" ", str(value)))


def verbatim(value: str) -> Markup:
    """A Typst string literal of ``value`` exactly (code keeps its line breaks and spaces)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") \
        .replace("\t", "\\t")
    return Markup(f'"{escaped}"')


def typst_date(iso: str) -> Markup:
    """``datetime(...)`` for an ISO 8601 date or UTC date-time, or ``auto`` when there is none."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})Z?)?", iso or "")
    if not match:
        return Markup("auto")
    names = ("year", "month", "day", "hour", "minute", "second")
    return Markup("datetime(" + ", ".join(f"{name}: {int(part)}" for name, part in zip(names, match.groups())
                                          if part is not None) + ")")


def text_lang(tag: str) -> Markup:
    """``text`` arguments for a language tag: ``lang:`` when Typst knows its form, nothing else."""
    primary = (tag or "").split("-")[0].lower()
    return Markup(f'lang: "{primary}"') if LANGUAGE.fullmatch(primary) else Markup("")


def web_link(url: str) -> str | None:
    """A web or mail link as a PDF writes it (URIs are ASCII: other characters percent-encoded),
    or None when a book cannot follow the link (:func:`book_href`)."""
    href = book_href(url)
    return quote(href, safe=URI_CHARACTERS) if href and not href.startswith("#") else None


def internal(url: str) -> str | None:
    """The ID an internal link of the book points to, or None for a web (or dropped) link."""
    href = book_href(url)
    return href[1:] if href and href.startswith("#") else None


def columns(table: Node) -> int:
    """The number of columns of a table: the cells of its longest row."""
    return max([len(row.children) for row in table.children if row.kind == Kind.ROW] or [1])


@lru_cache(maxsize=None)
def environment(project_templates: Path | None) -> jinja2.Environment:
    """The ``typst`` templates' environment (the project's first, then the shipped ones), shared
    per process like :func:`pipeline.writers.templating.environment`; callers must not change it."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(project_templates, "typst")]),
        autoescape=True, finalize=literal, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters.update(web_link=web_link, internal=internal, verbatim=verbatim, typst_date=typst_date,
                       text_lang=text_lang)
    env.globals.update(embed=embed, motivation=motivation, MIXED_BLOCKS=MIXED_BLOCKS, columns=columns)
    return with_compiled_cache(env)


def embed(text: str) -> Markup:
    """``text`` set in markup: the string literal as an embedded expression."""
    return Markup(f"#{literal(text)};")
