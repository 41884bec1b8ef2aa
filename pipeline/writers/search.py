"""Full-text search of the edition, paragraph by paragraph, in both scripts, with Pagefind.

Pagefind (PyPI ``pagefind[extended]``, which bundles the binary) builds a static index that the
browser queries in small chunks, so search needs no server-side code. A hit must be a block
with its permalink, not a whole page, so the site step writes one small page per citable block
(``templates/html/search-record.html``: its words, and the block's ID, URLs and text in each
script as metadata) into a scratch folder and runs the Pagefind binary over it. Each article
page writes its blocks' records next to itself (``search-records.json``); the site step gathers
the records of every article, so one index serves the whole edition in both scripts.

Chinese has no spaces, and a word segmenter cuts the same phrase differently in different
contexts, so a phrase a reader copies from the text could miss. Each run of Han characters is
therefore indexed as its overlapping bigrams (战局逆转 → 战局 局逆 逆转), and the page turns a
query into bigrams the same way (``edition.js``, ``searchTerms``): every phrase of two or more
characters is found, and a single character matches as a prefix. Other text keeps its words.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from pipeline.errors import EditionError
from pipeline.fsutil import atomic_copy
from pipeline.ids.text import display_text
from pipeline.writers.nodes import Document, Kind

#: Han ideographs (CJK unified, extension A, compatibility): the runs indexed as bigrams
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
#: a word of any other script: letters and digits (``\p{L}\p{N}`` in the page's script)
WORD = re.compile(r"[^\W_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
RECORDS_FILE = "search-records.json"
INDEX_DIR = "pagefind"
ENTRY_FILE = "pagefind-entry.json"
INDEX_LANGUAGE = "en"
#: blocks a reader cites; a search hit is one of them
SEARCHED = (Kind.PARAGRAPH, Kind.HEADING, Kind.ITEM, Kind.FIGURE, Kind.TABLE, Kind.QUOTE, Kind.NOTE)


def article_records(article_id: str, versions: list[tuple[Document, str]]) -> list[dict]:
    """One record per citable block with text: its ID, and its text, page URL and article title
    in each script version of the article (the first version is the article's own)."""
    own = versions[0][0]
    texts = [{node.id: display_text(node.reading_text()) for node in document.all_blocks()
              if node.id and node.kind in SEARCHED} for document, _ in versions]
    records = []
    for block_id, text in texts[0].items():
        if not text:
            continue
        records.append({
            "id": block_id, "article": article_id, "own": own.lang,
            "text": {document.lang: found[block_id] for (document, _), found in zip(versions, texts)},
            "url": {document.lang: f"{article_id}/{page}#{block_id}" for document, page in versions},
            "title": {document.lang: document.meta.get("title", "") for document, _ in versions},
        })
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


def write_search_index(html_dir: Path, article_ids: list[str], env) -> Path:
    """(Re)build ``html_dir/pagefind`` from the records of the listed articles' pages.

    ``env`` is the HTML templates' Jinja environment. Pagefind names its index files by their
    content, so the new files are moved in beside the old ones, then ``pagefind-entry.json``
    (which says which index files to read) is replaced, and only then are the old files removed:
    a reader, or an interrupted build, always finds a complete index, old or new.
    """
    records = []
    for article_id in article_ids:
        path = html_dir / article_id / RECORDS_FILE
        if path.exists():
            records.extend(json.loads(path.read_text(encoding="utf-8")))
    target = html_dir / INDEX_DIR
    if not records:  # nothing citable yet: no index rather than a stale one
        shutil.rmtree(target, ignore_errors=True)
        return target
    scratch, fresh = html_dir / f".{INDEX_DIR}-records", html_dir / f".{INDEX_DIR}-new"
    for folder in (scratch, fresh):
        shutil.rmtree(folder, ignore_errors=True)
    scratch.mkdir()
    template = env.get_template("search-record.html")
    for number, record in enumerate(records):
        page = template.render(terms=search_terms(" ".join(record["text"].values())), record=record,
                               meta=json.dumps(record, ensure_ascii=False, sort_keys=True))
        (scratch / f"{number:07d}.html").write_text(page, encoding="utf-8")
    try:
        _run_pagefind(scratch, fresh)
        files = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
        files.sort(key=lambda name: name == Path(ENTRY_FILE))
        for name in files:
            atomic_copy(fresh / name, target / name)
        current = set(files)  # a list here made this quadratic: Pagefind writes a file per fragment
        for stale in sorted(p for p in target.rglob("*") if p.is_file() and p.relative_to(target) not in current):
            stale.unlink()
    finally:
        for folder in (scratch, fresh):
            shutil.rmtree(folder, ignore_errors=True)
    return target


def _run_pagefind(site: Path, output: Path) -> None:
    from pagefind_bin_extended import get_executable

    # The words are already cut (bigrams): Pagefind's own Chinese segmenter would cut them again,
    # differently in the index and in the query, so the index is built as a language whose words
    # are split at spaces only.
    command = [str(get_executable()), "--site", str(site), "--output-path", str(output),
               "--force-language", INDEX_LANGUAGE, "--silent"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0 or not (output / ENTRY_FILE).is_file():
        message = (result.stderr or result.stdout).strip().splitlines()
        raise EditionError.at(output.parent / INDEX_DIR, "cannot build the search index with Pagefind: "
                              + (message[-1] if message else f"exit status {result.returncode}"))
