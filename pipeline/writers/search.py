"""Full-text search of the edition, paragraph by paragraph, in both scripts, with Pagefind.

Pagefind (PyPI ``pagefind[extended]``, whose extended binary segments Chinese) builds a static
index that the browser queries in small chunks, so search needs no server-side code. Instead of
whole pages it is given one record per citable block, whose URL carries the block's ID, so a
hit is a paragraph (heading, item, note…) with its permalink. Each article page writes its
records (both scripts) next to itself; the site step gathers all articles' records into one
index, so a reader may type simplified or traditional characters.
"""
from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

from pipeline.errors import EditionError
from pipeline.writers.model import Document

RECORDS_FILE = "search-records.json"
INDEX_DIR = "pagefind"
#: blocks a reader cites; a search hit is one of them
SEARCHED = ("p", "heading", "item", "figure", "table", "quote", "note")


def article_records(article_id: str, versions: list[tuple[Document, str]]) -> list[dict]:
    """One record per citable block with text, for each script version of an article."""
    records = []
    for document, page in versions:
        for node in document.all_blocks():
            if node.id is None or node.kind not in SEARCHED:
                continue
            text = " ".join(node.reading_text().split())
            if text:
                records.append({"url": f"{article_id}/{page}#{node.id}", "content": text,
                                "meta": {"title": document.meta.get("title", ""), "id": node.id,
                                         "article": article_id, "lang": document.lang}})
    return records


def write_search_index(html_dir: Path, article_ids: list[str]) -> Path:
    """(Re)build ``html_dir/pagefind`` from the records of the listed articles' pages.

    The index is written beside the old one and swapped in, so a failed run leaves the previous
    index in place.
    """
    records = []
    for article_id in article_ids:
        path = html_dir / article_id / RECORDS_FILE
        if path.exists():
            records.extend(json.loads(path.read_text(encoding="utf-8")))
    target = html_dir / INDEX_DIR
    fresh = html_dir / f".{INDEX_DIR}-new"
    stale = html_dir / f".{INDEX_DIR}-old"
    for leftover in (fresh, stale):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        asyncio.run(_index(records, fresh))
    except Exception as error:  # the Pagefind service reports failures as assorted exceptions
        shutil.rmtree(fresh, ignore_errors=True)
        raise EditionError.at(target, f"cannot build the search index with Pagefind: {error}") from None
    if target.exists():
        target.rename(stale)
    fresh.rename(target)
    shutil.rmtree(stale, ignore_errors=True)
    return target


async def _index(records: list[dict], output: Path) -> None:
    from pagefind.index import PagefindIndex

    config = {"force_language": "zh", "output_path": str(output)}
    async with PagefindIndex(config=config) as index:
        for record in records:
            await index.add_custom_record(url=record["url"], content=record["content"], language="zh",
                                          meta=record["meta"])
