"""The one interface every edition writer offers, and what a writer is told besides the document.

A writer is a thin object over its templates (nbconvert's exporters are the model): it turns the
view model of one article (:class:`pipeline.writers.model.Document`, built once per article by
the caller) into files, and returns them as bytes by their path relative to the place its
edition has in the output folder. It never writes to disk: the build writes what it returns,
atomically, so writing is kept apart from rendering and a failed render leaves nothing behind.
The registry of writers by format name is :mod:`pipeline.writers.registry`.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from pipeline.writers.model import Document
from pipeline.writers.nodes import Kind

#: A writer's output: file contents by path (POSIX, relative to the writer's place).
Files = dict[str, bytes]


@dataclass(frozen=True)
class WriterOptions:
    """What every writer may need to know besides the document.

    ``templates`` is the project's own template folder (searched before the shipped templates;
    None: the shipped ones only). ``edition`` is the catalog's ``[edition]`` table as plain
    data (title, publisher, base_url, licence, date; empty for a lone file). ``source_date_epoch``
    is ``SOURCE_DATE_EPOCH`` as the run read it (None: the books are dated from the edition
    date). ``in_site`` says the article is part of a built site (the HTML pages link to the
    site's index and search); ``downloads`` maps a label (``EPUB``, ``PDF``) to the address of
    the article's other editions, relative to its HTML pages.
    """

    templates: Path | None = None
    edition: Mapping[str, str] = field(default_factory=dict)
    source_date_epoch: int | None = None
    in_site: bool = False
    downloads: Mapping[str, str] = field(default_factory=dict)
    #: the figures' images by their TEI address (``images/SHA.png``); a figure whose image is
    #: not here is shown as a link to its file page
    images: Mapping[str, bytes] = field(default_factory=dict)


class Writer(Protocol):
    """An edition format: its name, where its files go, and how the document becomes them."""

    #: the format's name on the command line (``--formats``, ``--to``)
    name: str

    def place(self, article_id: str) -> tuple[str, str]:
        """Where an article's edition goes in a built site: the folder under ``output/`` and the
        name of its main file (``("html/ID", "index.html")``, ``("epub", "ID.epub")``)."""
        ...

    def write(self, document: Document, options: WriterOptions) -> Files:
        """The edition's files, by path relative to the folder :meth:`place` names."""
        ...


def shown_images(document: Document, options: WriterOptions) -> Files:
    """The images of the document's figures that the run has (the others are shown as links),
    by their address in the TEI, which is also where the editions put them."""
    wanted = {node.attrs.get("image", "") for node in document.all_blocks() if node.kind == Kind.FIGURE}
    return {address: data for address, data in options.images.items() if address in wanted}
