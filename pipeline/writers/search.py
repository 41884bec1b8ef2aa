"""Full-text search of the edition, paragraph by paragraph, in both scripts, with Pagefind.

Pagefind (PyPI ``pagefind[extended]``) builds a static index that the browser queries in small
chunks, so search needs no server-side code. Instead of whole pages it is given one record per
citable block, whose URL carries the block's ID, so a hit is a paragraph (heading, item,
note…) with its permalink. Each article page writes its records (both scripts) next to itself;
the site step gathers all articles' records into one index, so a reader may type simplified or
traditional characters.

Chinese has no spaces, and a word segmenter cuts the same phrase differently in different
contexts, so a phrase a reader copies from the text can miss. Each run of Han characters is
therefore indexed as its overlapping bigrams (战局逆转 → 战局 局逆 逆转), and the page turns a
query into bigrams the same way (``edition.js``, ``searchTerms``): every phrase of two or more
characters is found, and a single character matches as a prefix. Other text keeps its words.
The block's own text travels in the record's metadata, for the result list.
"""
from __future__ import annotations

import asyncio
import json
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pipeline.errors import EditionError
from pipeline.fsutil import atomic_copy
from pipeline.writers.model import Document

#: Han ideographs (CJK unified, extension A, compatibility): the runs indexed as bigrams
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
#: a word of any other script: letters and digits (``\p{L}\p{N}`` in the page's script)
WORD = re.compile(r"[^\W_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
RECORDS_FILE = "search-records.json"
INDEX_DIR = "pagefind"
ENTRY_FILE = "pagefind-entry.json"
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
                records.append({"url": f"{article_id}/{page}#{node.id}", "content": search_terms(text),
                                "meta": {"title": document.meta.get("title", ""), "id": node.id,
                                         "article": article_id, "lang": document.lang, "text": text}})
    return records


def search_terms(text: str) -> str:
    """The terms Pagefind indexes for ``text``: Han runs as overlapping bigrams (a lone
    character as itself), any other word as it is, in order, separated by spaces."""
    terms = []
    for match in re.finditer(f"{HAN.pattern}|{WORD.pattern}", text):
        run = match.group()
        if HAN.fullmatch(run):
            terms.extend(run[i:i + 2] for i in range(max(len(run) - 1, 1)))
        else:
            terms.append(run)
    return " ".join(terms)


def write_search_index(html_dir: Path, article_ids: list[str]) -> Path:
    """(Re)build ``html_dir/pagefind`` from the records of the listed articles' pages.

    Pagefind names its index files by their content, so the new files are moved in beside the
    old ones, then ``pagefind-entry.json`` (which says which index files to read) is replaced,
    and only then are the old files removed: a reader, or an interrupted build, always finds a
    complete index, old or new.
    """
    records = []
    for article_id in article_ids:
        path = html_dir / article_id / RECORDS_FILE
        if path.exists():
            records.extend(json.loads(path.read_text(encoding="utf-8")))
    target = html_dir / INDEX_DIR
    fresh = html_dir / f".{INDEX_DIR}-new"
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        # Pagefind's Python API is asynchronous; its own thread keeps it clear of any event loop
        # the caller may be running
        with ThreadPoolExecutor(max_workers=1) as worker:
            worker.submit(lambda: asyncio.run(_index(records, fresh))).result()
    except Exception as error:  # the Pagefind service reports failures as assorted exceptions
        shutil.rmtree(fresh, ignore_errors=True)
        raise EditionError.at(target, f"cannot build the search index with Pagefind: {error}") from None
    files = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    files.sort(key=lambda name: name == Path(ENTRY_FILE))
    for name in files:
        atomic_copy(fresh / name, target / name)
    for stale in sorted(p for p in target.rglob("*") if p.is_file() and p.relative_to(target) not in files):
        stale.unlink()
    shutil.rmtree(fresh)
    return target


async def _index(records: list[dict], output: Path) -> None:
    from pagefind.index import PagefindIndex

    config = {"force_language": "zh", "output_path": str(output)}
    async with PagefindIndex(config=config) as index:
        for record in records:
            await index.add_custom_record(url=record["url"], content=record["content"], language="zh",
                                          meta=record["meta"])
