"""The Jinja2 environment shared by the HTML and print writers.

Templates are looked up in the project's ``templates/`` first, then in the ones shipped with the
package (:data:`pipeline.writers.SHIPPED_TEMPLATES`), so an edition can override any template by
putting its own copy in its project.
Autoescaping is always on: source text and annotations never become markup.
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

import jinja2

from pipeline.writers import SHIPPED_TEMPLATES
from pipeline.wording import motivation
from pipeline.writers.nodes import MIXED_BLOCKS

SAFE_SCHEMES = ("http://", "https://", "mailto:", "#", "../", "./")
#: the settings of an environment that shape the code Jinja compiles a template into
CODE_SETTINGS = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
                 "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
                 "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized",
                 "autoescape", "finalize", "extensions")


def template_dirs(project_templates: Path | None, *subdirs: str) -> list[Path]:
    """The search path: each sub-folder of the project's templates, then of the shipped ones."""
    roots = [r for r in (project_templates, SHIPPED_TEMPLATES) if r is not None]
    return [root / sub for root in dict.fromkeys(roots) for sub in subdirs if (root / sub).is_dir()]


@lru_cache(maxsize=None)
def environment(project_templates: Path | None, *subdirs: str) -> jinja2.Environment:
    """One environment per search path and process, shared: Jinja compiles a template once per
    environment, and compiling the node macros took most of an article's HTML time. Callers
    must not change it."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(project_templates, *subdirs)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["edition_href"] = edition_href
    env.filters["book_href"] = book_href
    env.globals["motivation"] = motivation
    env.globals["MIXED_BLOCKS"] = MIXED_BLOCKS  # the node macros' mixed content
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}  # citations.js, byte-stable
    return with_compiled_cache(env)


def with_compiled_cache(env: jinja2.Environment) -> jinja2.Environment:
    """``env``, keeping the templates it compiles for the next process (Jinja's per-user folder in
    the temporary directory): compiling the HTML and Typst templates cost a build 0.14-0.18 s of
    CPU before its first article. Jinja checks each template's source against its checksum; the
    file names say Jinja's version and the settings the compiled code depends on, so that an
    environment set otherwise never loads another's code."""
    settings = [getattr(env, name) for name in CODE_SETTINGS]
    named = [getattr(value, "__qualname__", value) if callable(value) else value for value in settings]
    key = hashlib.sha256(repr((jinja2.__version__, named)).encode("utf-8")).hexdigest()[:16]
    try:
        env.bytecode_cache = _CompiledCache(pattern=f"__edition_{key}_%s.cache")
    except RuntimeError:  # Jinja found no safe folder of this user's: templates are compiled each time
        pass
    return env


class _CompiledCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, which a full or read-only temporary folder never makes
    fail a render: what cannot be kept is compiled again next time."""

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def safe_url(url: str) -> str:
    """``url`` if it is a web, mail or relative link; ``#`` for anything else.

    Source text and annotations are untrusted: a ``javascript:`` or ``data:`` URL must never
    become a live link, whatever the TEI says.
    """
    candidate = (url or "").strip()
    lowered = candidate.lower()
    if lowered.startswith(SAFE_SCHEMES) or (candidate and ":" not in candidate.split("/")[0]):
        return candidate
    return "#"


def edition_href(url: str) -> str:
    """A link as a page of the HTML edition must write it: a reference to another article's TEI
    (``korean-war-zh-hant.xml#p-…``, as annotations write them) becomes that article's page
    (``../korean-war-zh-hant/index.html#p-…``); anything else goes through :func:`safe_url`."""
    candidate = (url or "").strip()
    document, _, fragment = candidate.partition("#")
    if document.endswith(".xml") and "/" not in document and ":" not in document:
        return f"../{document[:-4]}/index.html" + (f"#{fragment}" if fragment else "")
    return safe_url(candidate)


#: What a self-contained book (EPUB, PDF) can link to: a place inside it, the web, a mail address.
BOOK_LINKS = re.compile(r"#.|https?://|mailto:", re.IGNORECASE)


def book_href(url: str) -> str | None:
    """The target a book can link to, or None when the link should be dropped.

    A book holds one article. A relative link to another file (an annotation pointing at
    ``other-article.xml#p-…``) would lead nowhere inside it (and epubcheck rejects it), so the
    words stay and the link goes; anything dangerous has become ``#`` through :func:`safe_url`."""
    safe = safe_url(url)
    return safe if BOOK_LINKS.match(safe) else None


def asset_path(project_templates: Path | None, subdir: str, name: str) -> Path:
    """The first template-search-path file called ``name`` (CSS, scripts)."""
    for directory in template_dirs(project_templates, subdir):
        if (directory / name).is_file():
            return directory / name
    raise FileNotFoundError(f"template asset {subdir}/{name} not found")
