"""The PDF edition: the view model as Typst source (the ``typst`` templates), typeset by Typst.

Typst source comes from a Jinja template over the view model, not from Pandoc's Typst writer over
the EPUB's Pandoc AST: a book on paper differs from the EPUB in what this module decides (the
first call of each note and annotation carries it as a footnote at the foot of its page, later
calls link to it; every block's ID stands in the outer margin; what is left goes to the end
sections), and Pandoc's AST has no place for the IDs in the margin nor for the source's own
note numbers. Every value the template prints is a Typst string literal
(:mod:`pipeline.writers.typst_source`), so no source text is read as Typst markup.

Typst (the ``typst`` package, compiled in-process) gives footnotes that are never lost (one that
does not fit moves on to the next page with its call's line), contents with page numbers,
running heads, PDF bookmarks from the headings, live links and a tagged PDF that meets PDF/UA-1
(accessible: structure, language, alternative text for formulas), or when an article's PDF cannot
(Typst says what is missing), a tagged PDF that does not claim it. The fonts are the Noto
files ``make edition`` installs only (:data:`FONT_FILES`, system fonts ignored): Noto Serif CJK in
the article's script (SC or TC by its language), and Noto Serif for Latin text, whose true italic
sets emphasised Latin and Western titles (no face is ever slanted); the document's date is
``SOURCE_DATE_EPOCH`` when set, else the edition date, so two renders of the same TEI give the
same bytes.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import jinja2
import typst

from pipeline.errors import EditionError
from pipeline.lang import is_traditional
from pipeline.wording import labels, notes_remark
from pipeline.writers.base import Files, WriterOptions, shown_images
from pipeline.writers.model import Document, Kind, Node, back_matter, section_title
from pipeline.writers.model.apparatus import textless
from pipeline.writers.templating import asset_path, template_dirs
from pipeline.writers.typst_math import formulas
from pipeline.writers.typst_source import environment, web_link

#: where ``make edition`` installs the Noto CJK fonts (Debian's fonts-noto-cjk)
FONT_DIR = Path("/usr/share/fonts/opentype/noto")
#: where it installs Noto Serif, the Latin face with an italic (Debian's fonts-noto-core)
LATIN_FONT_DIR = Path("/usr/share/fonts/truetype/noto")
#: a font file the PDF cannot do without in each folder Typst reads fonts from (the only ones), and
#: the package that installs it
FONT_FILES = {FONT_DIR / "NotoSerifCJK-Regular.ttc": "fonts-noto-cjk",
              LATIN_FONT_DIR / "NotoSerif-Italic.ttf": "fonts-noto-core"}
#: a Typst package named in an import or include (``#import "@preview/name:1.0"``); the source's
#: text is all in string literals, whose quotes are escaped, so it never matches
PACKAGE_IMPORT = re.compile(r'\b(import|include)\s*"@')


class PdfWriter:
    """One article as a PDF book, typeset by Typst from the ``typst`` templates."""

    name = "pdf"

    def place(self, article_id: str) -> tuple[str, str]:
        return "pdf", f"{article_id}.pdf"

    def write(self, document: Document, options: WriterOptions) -> Files:
        created = _created(document.meta.get("date", ""), options.source_date_epoch)
        images = shown_images(document, options)
        source = typst_source(document, Plan.of(document), options.templates, created, frozenset(images))
        if PACKAGE_IMPORT.search(source):  # Typst would download the package
            raise EditionError.at(asset_path(options.templates, "typst", "book.typ"), "typst: a PDF uses only "
                                  "the files of its typst templates, not Typst packages (@namespace/name)", status=1)
        for file, package in FONT_FILES.items():
            if not file.is_file():
                raise EditionError.at(file, f"no such font: the PDF needs it (make edition installs {package})",
                                      status=2)
        with tempfile.TemporaryDirectory() as work:
            root = _typst_root(options, images, Path(work))
            try:
                pdf = _compile(source, options, ["ua-1"], root)
            except typst.TypstError:  # only PDF/UA-1 errors come through: what it wants (alt text…) is missing
                pdf = _compile(source, options, [], root)
        return {f"{document.id}.pdf": pdf}


def _typst_root(options: WriterOptions, images: Files, work: Path) -> Path:
    """The folder Typst may read: the typst templates' own, or, when the book shows images, a
    copy of it with the images (``images/SHA.ext``) beside."""
    templates = template_dirs(options.templates, "typst")[0]
    if not images:
        return templates
    shutil.copytree(templates, work, dirs_exist_ok=True)
    for address, data in images.items():
        (work / address).parent.mkdir(parents=True, exist_ok=True)
        (work / address).write_bytes(data)
    return work


@lru_cache(maxsize=None)
def pdf_fonts() -> typst.Fonts:
    """The fonts a PDF may use (the folders of :data:`FONT_FILES`, and Typst's own), found once per
    process: given the folders, Typst searched their 272 files again for each PDF (0.08-0.10 s of
    CPU). A forking build finds them before its workers start."""
    return typst.Fonts(include_system_fonts=False, font_paths=[str(file.parent) for file in FONT_FILES])


def _compile(source: str, options: WriterOptions, standards: list[str], root: Path) -> bytes:
    """The PDF of Typst ``source``: tagged, and meeting ``standards``. Typst reads no file outside
    the folder of the typst templates (its root) and no font but the Noto ones and its own.
    A PDF/UA-1 error is raised as Typst's; any other is the template's (an EditionError)."""
    try:
        return typst.compile(source.encode("utf-8"), root=str(root), font_paths=pdf_fonts(), ignore_system_fonts=True,
                             pdf_standards=standards, timestamp=options.source_date_epoch or 0)
    except typst.TypstError as error:
        message = str(error.args[0])  # Typst's message (its ``message`` attribute too)
        if message.startswith("PDF/UA-1 error"):
            raise
        raise EditionError.at(asset_path(options.templates, "typst", "book.typ"), f"typst: {message}",
                              status=1) from None


@dataclass
class Plan:
    """Where each note and annotation goes: carried as a footnote by its first call, or at the end."""

    carriers: dict[str, Node]
    endnotes: list[Node]
    endannotations: list[Node]

    @classmethod
    def of(cls, document: Document) -> "Plan":
        """The first call in the running text carries its note; a note without text is never a
        footnote (a page foot of "the text of this note is missing", once per call, tells the reader
        nothing): the notes section states such notes once (``note_statements``)."""
        at_end = {note.id for note in document.notes if textless(note)}
        carriers = {call_id: call for call_id, call in first_calls(document.front + document.body).items()
                    if _target(call) not in at_end}
        carried = {_target(call) for call in carriers.values()}
        return cls(carriers, [n for n in document.notes if n.id not in carried],
                   [a for a in document.annotations if a.id not in carried])


@dataclass
class BackSection:
    """A section after the text: its anchor, its title, the source's own heading if it had one."""

    anchor: str
    title: str
    heading: Node | None
    content: list[Node]

    @classmethod
    def of(cls, anchor: str, title: str, nodes: list[Node]) -> "BackSection":
        heading = nodes[0] if nodes and nodes[0].kind == Kind.HEADING else None
        if heading is None:
            return cls(anchor, title, None, nodes)
        return cls(anchor, heading.reading_text().strip() or title, heading, nodes[1:])


def back_sections(document: Document, plan: Plan, words: dict[str, str]) -> list[BackSection]:
    """The book's back matter (:func:`back_matter`), saying where the notes not at the end are."""
    footnoted = any(call.kind == Kind.NOTEREF for call in plan.carriers.values())
    referenced = [note for note in plan.endnotes if note.attrs.get("backrefs")]
    unreferenced = len(referenced) < len(plan.endnotes)
    remark = notes_remark(words, words["footnotes_on_pages"], footnoted, unreferenced,
                          moved=not all(map(textless, referenced)), textless=any(map(textless, referenced)))
    return [BackSection.of(anchor, words[key], nodes)
            for anchor, key, nodes in back_matter(document, plan.endnotes, plan.endannotations, remark)]


def typst_source(document: Document, plan: Plan, templates: Path | None = None, created: str = "",
                 images: frozenset[str] = frozenset()) -> str:
    """The ``typst`` template filled in for one article (the Typst source of its PDF), showing
    the figures' ``images`` (their addresses: Typst reads them below its root)."""
    words = labels(document.lang)
    meta = document.meta
    imprint = [(words[key], meta.get(field, ""), web_link(url) or "" if url else "")
               for key, field, url in (("source", "source", meta.get("source")),
                                       ("licence", "licence", meta.get("licence_url")),
                                       ("edition_date", "date", ""), ("publisher", "publisher", ""))
               if meta.get(field)]
    try:
        return environment(templates).get_template("book.typ").render(
            doc=document, script="TC" if is_traditional(document.lang) else "SC",
            region=region(document.lang), words=words, imprint=imprint,
            back=back_sections(document, plan, words), notes=document.notes_by_id(),
            annotations={a.id: a for a in document.annotations},
            carriers=set(plan.carriers), created=created or meta.get("date", ""),
            section_title=section_title, formulas=formulas(document), images=images)
    except jinja2.TemplateSyntaxError as error:  # a project's own typst templates are user input
        raise EditionError.at(error.filename or "book.typ", f"typst template: {error.message}", error.lineno,
                              status=1) from None
    except jinja2.TemplateError as error:
        raise EditionError.at(asset_path(templates, "typst", "book.typ"), f"typst template: {error}",
                              status=1) from None


def region(lang: str) -> str:
    """The region Typst's CJK line breaking and punctuation follow: the tag's own, else TW for
    traditional characters and CN for simplified."""
    parts = [part.upper() for part in lang.split("-")[1:] if len(part) == 2 and part.isalpha()]
    return parts[0] if parts else "TW" if is_traditional(lang) else "CN"


def first_calls(nodes: list[Node]) -> dict[str, Node]:
    """The first call of each note and annotation in reading order, by call id.

    Only calls in the running text count: a call inside a note cannot carry a footnote of its
    own (footnotes do not nest), so its target goes to the end sections instead.
    """
    seen: set[str] = set()
    result: dict[str, Node] = {}

    def walk(children: list[Node]) -> None:
        for node in children:
            target = node.attrs.get("note") if node.kind == Kind.NOTEREF else \
                node.attrs.get("annotation") if node.kind == Kind.ANNOTATION_REF else None
            if target and node.id and (node.kind, target) not in seen:
                seen.add((node.kind, target))
                result[node.id] = node
            walk(node.children)

    walk(nodes)
    return result


def _target(call: Node) -> str:
    return call.attrs.get("note") or call.attrs.get("annotation") or ""


def _created(edition_date: str, source_date_epoch: int | None) -> str:
    """The PDF's creation date: ``SOURCE_DATE_EPOCH`` when set, else the edition date (ISO 8601)."""
    if source_date_epoch is not None:
        return datetime.fromtimestamp(source_date_epoch, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return edition_date
