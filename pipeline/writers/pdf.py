"""The PDF edition: the view model through the print template, typeset by WeasyPrint.

WeasyPrint gives real CSS paged media: footnotes at the foot of the page (``float: footnote``),
running heads (``string-set``), ``target-counter`` page numbers in the contents, bookmarks from
headings and live links. This module decides what the template cannot: which call of each note
and annotation carries it (the first one in reading order; later calls link to it), what is left
for the end sections, the fonts' script (Noto Serif CJK SC or TC by the article's language) and
the document's dates (from ``SOURCE_DATE_EPOCH`` when set, else the edition date), so that two
renders of the same TEI give the same bytes. WeasyPrint fetches nothing but the print templates'
own files (:func:`local_fetcher`): a project's template that names a URL is an error.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import jinja2
from pipeline.errors import EditionError, Problem
from pipeline.lang import is_traditional
from pipeline.wording import labels, notes_remark
from pipeline.writers.base import Files, WriterOptions
from pipeline.writers.model import Document, Kind, Node, back_matter, section_title
from pipeline.writers.templating import asset_path, environment, template_dirs

#: Notes that stand for a text this version of the source lacks (TEI ``note/@type``). They are
#: listed in the notes section, not set as footnotes: a page foot of "the text of this note is
#: missing", once per call, tells the reader nothing, and such notes are most of the seeds'.
TEXTLESS_NOTES = {"lost", "unresolved"}


class PdfWriter:
    """One article as a PDF book, typeset by WeasyPrint from the print template."""

    name = "pdf"

    def place(self, article_id: str) -> tuple[str, str]:
        return "pdf", f"{article_id}.pdf"

    def write(self, document: Document, options: WriterOptions) -> Files:
        """WeasyPrint can lose a footnote when several overflow the foot of a page at once. The
        rendered pages say which anchors they hold, so a footnote that is missing from every
        page is detected, and the page is typeset again with that note moved to the end notes:
        the PDF never silently lacks a note."""
        # WeasyPrint takes about half a second to import: loaded only when a PDF is made.
        from weasyprint import CSS, HTML, URLFetcher

        fetcher = local_fetcher(URLFetcher, template_dirs(options.templates, "print"))
        stylesheet = CSS(filename=str(asset_path(options.templates, "print", "print.css")), url_fetcher=fetcher)
        created = _created(document.meta.get("date", ""), options.source_date_epoch)
        moved: set[str] = set()
        while True:
            plan = Plan.of(document, moved)
            page = print_html(document, plan, options.templates, created)
            rendered = HTML(string=page, base_url=".", url_fetcher=fetcher).render(stylesheets=[stylesheet])
            if fetcher.refused:
                raise EditionError([Problem(str(fetcher.folders[0]), f"refused to fetch {url}: a PDF uses only the "
                                                                     "files of its print templates (in this folder)")
                                    for url in dict.fromkeys(fetcher.refused)], status=1)
            placed = set().union(*(p.anchors for p in rendered.pages))
            lost = plan.footnotes() - placed
            if not lost:
                break
            moved |= lost
        identifier = (document.id or "edition").encode("utf-8")
        return {f"{document.id}.pdf": rendered.write_pdf(custom_metadata=True, pdf_identifier=identifier)}


def local_fetcher(base: type, folders: list[Path]):
    """A WeasyPrint URL fetcher (a subclass of ``base``, WeasyPrint's ``URLFetcher``) that reads
    files in ``folders`` and ``data:`` URLs, and refuses any other URL, noting it in ``refused``.

    The page is made from the TEI through autoescaping templates, so no source text becomes a URL
    WeasyPrint would load (figures are links); but a project's own print templates could name one."""
    roots = [folder.resolve() for folder in folders]

    class LocalFetcher(base):
        def fetch(self, url: str, headers=None):
            scheme = url.partition(":")[0].lower()
            local = Path(url2pathname(urlsplit(url).path)).resolve() if scheme == "file" else None
            if scheme == "data" or (local is not None and any(local.is_relative_to(root) for root in roots)):
                return super().fetch(url, headers)
            self.refused.append(url)
            raise ValueError(f"refused: {url}")

    fetcher = LocalFetcher(allowed_protocols=("file", "data"))
    fetcher.folders, fetcher.refused = folders, []
    return fetcher


@dataclass
class Plan:
    """Where each note and annotation goes: carried as a footnote by its first call, or at the end."""

    carriers: dict[str, Node]
    endnotes: list[Node]
    endannotations: list[Node]

    @classmethod
    def of(cls, document: Document, moved: set[str] = frozenset()) -> "Plan":
        """The first call in the running text carries its note; ``moved`` and textless notes go to the end."""
        at_end = set(moved) | {note.id for note in document.notes if _textless(note)}
        carriers = {call_id: call for call_id, call in first_calls(document.front + document.body).items()
                    if _target(call) not in at_end}
        carried = {_target(call) for call in carriers.values()}
        return cls(carriers, [n for n in document.notes if n.id not in carried],
                   [a for a in document.annotations if a.id not in carried])

    def footnotes(self) -> set[str]:
        """The ids of the footnotes this plan sets (each must be on some page)."""
        return {_target(call) for call in self.carriers.values()}


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
                          moved=not all(map(_textless, referenced)), textless=any(map(_textless, referenced)))
    return [BackSection.of(anchor, words[key], nodes)
            for anchor, key, nodes in back_matter(document, plan.endnotes, plan.endannotations, remark)]


def print_html(document: Document, plan: Plan, templates: Path | None = None, created: str = "") -> str:
    """The print template filled in for one article (the HTML WeasyPrint typesets)."""
    words = labels(document.lang)
    env = environment(templates, "print")
    try:
        return env.get_template("print.html").render(
            doc=document, script="TC" if is_traditional(document.lang) else "SC", words=words,
            back=back_sections(document, plan, words),
            notes=document.notes_by_id(),
            annotations={a.id: a for a in document.annotations},
            carriers=set(plan.carriers), created=created or document.meta.get("date", ""),
            section_title=section_title)
    except jinja2.TemplateSyntaxError as error:  # a project's own print templates are user input
        raise EditionError.at(error.filename or "print.html", f"print template: {error.message}", error.lineno,
                              status=1) from None
    except jinja2.TemplateError as error:
        raise EditionError.at(asset_path(templates, "print", "print.html"), f"print template: {error}",
                              status=1) from None


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


def _textless(note: Node) -> bool:
    return note.attrs.get("type") in TEXTLESS_NOTES


def _target(call: Node) -> str:
    return call.attrs.get("note") or call.attrs.get("annotation") or ""


def _created(edition_date: str, source_date_epoch: int | None) -> str:
    """The PDF's creation date: ``SOURCE_DATE_EPOCH`` when set, else the edition date (ISO 8601)."""
    if source_date_epoch is not None:
        return datetime.fromtimestamp(source_date_epoch, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return edition_date
