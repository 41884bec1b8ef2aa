"""Full-text search of the edition, paragraph by paragraph, in both scripts, with Pagefind.

Pagefind (PyPI ``pagefind[extended]``, which bundles the binary) builds a static index that the
browser queries in small chunks, so search needs no server-side code. A hit must be a block
with its permalink, not a whole page, so the site step makes one small page per citable block
(``templates/html/search-record.html``: its words, and the block's ID, URLs and text in each
script as metadata) and hands them to the Pagefind binary in a fixed order. Each article
page writes its blocks' records next to itself (``search-records.json``); the site step gathers
the records of every article, so one index serves the whole edition in both scripts.

Chinese has no spaces, and a word segmenter cuts the same phrase differently in different
contexts, so a phrase a reader copies from the text could miss. Each run of Han characters is
therefore indexed as its overlapping bigrams (战局逆转 → 战局 局逆 逆转), and the page turns a
query into bigrams the same way (``edition.js``, ``searchTerms``): every phrase of two or more
characters is found, and a single character matches as a prefix. Other text keeps its words.
A block is indexed in both scripts, folded by character with OpenCC, so 麦克阿瑟 and 麥克阿瑟 find
the same blocks; a query that is a block ID (``p-9de3wc``) goes straight to that block.
"""
from __future__ import annotations

import base64
import json
import operator
import re
import subprocess
import tempfile
from pathlib import Path, PurePosixPath

from pipeline.errors import EditionError
from pipeline.ids.text import display_text
from pipeline.lang import convert_each
from pipeline.processes import tied_to_this_process
from pipeline.writers.nodes import Document, Kind
from pipeline.writers.scripts import converter_for

#: Han ideographs (CJK unified, extension A, compatibility): the runs indexed as bigrams
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
#: a word of any other script: letters and digits (``\p{L}\p{N}`` in the page's script)
WORD = re.compile(r"[^\W_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
#: a run of either, the Han one as group 1
TERM = re.compile(f"({HAN.pattern})|{WORD.pattern}")
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
    for match in TERM.finditer(text):
        run = match.group()
        if match.group(1) is not None:
            terms.extend(map(operator.add, run, run[1:]) if len(run) > 1 else (run,))
        else:
            terms.append(run)
    return " ".join(terms)


def folded_texts(records: list[dict]) -> dict[str, tuple[str, str]]:
    """Each text of the ``records`` folded into each script, character by character: all texts
    in one OpenCC call per script, not four calls a record."""
    texts = sorted({text for record in records for text in record["text"].values()})
    folds = [convert_each(converter_for(source, target), texts)
             for source, target in (("zh-Hant", "zh-Hans"), ("zh-Hans", "zh-Hant"))]
    return {text: (simplified, traditional) for text, simplified, traditional in zip(texts, *folds)}


def record_terms(record: dict, folded: dict[str, tuple[str, str]]) -> str:
    """What Pagefind indexes for a block: its text in each script (``folded``: :func:`folded_texts`),
    so that a query in either finds it whatever mix of characters the source wrote (a
    simplified article may write 麥克阿瑟), and its ID as one word (:func:`id_term`)."""
    texts = sorted({fold for text in record["text"].values() for fold in folded[text]})
    terms = [term for text in texts for term in search_terms(text).split(" ")]
    return " ".join(dict.fromkeys([*terms, id_term(record["id"])]))  # each once: Pagefind loses repeated words


def id_term(block_id: str) -> str:
    """A block ID as the one word the index holds for it (``p-9de3wc`` → ``p9de3wc``): the search
    page turns an ID query into this word (``edition.js``, ``idTerm``) and jumps to the block."""
    return block_id.replace("-", "")


def search_index(records: list[dict], env, target: Path) -> dict[str, bytes]:
    """The Pagefind index of ``records`` (the articles' records in order): its files by path
    inside the index folder ``target`` (named in errors only; nothing is written here).

    ``env`` is the HTML templates' Jinja environment. The records are handed to Pagefind one by
    one, in order, never through a folder whose listing order (which differs between file
    systems) would decide the index's bytes.
    """
    template = env.get_template("search-record.html")
    folded = folded_texts(records)
    pages = [template.render(terms=record_terms(record, folded), record=record,
                             meta=json.dumps(record, ensure_ascii=False, sort_keys=True)) for record in records]
    return _run_pagefind(pages, target)


def _run_pagefind(pages: list[str], target: Path) -> dict[str, bytes]:
    """The index of ``pages`` (record ``n`` as ``/000000n.html``): its files by relative path.

    Pagefind runs as a service (``pagefind --service``, the protocol of its own Python and
    Node.js packages: base64-encoded JSON requests and responses, each ended by a comma), asked
    for one page at a time, so the pages are indexed in exactly this order, and then for the
    index's files, which this process writes (a full disk is then reported like any other).
    """
    from pagefind_bin_extended import get_executable

    # The words are already cut (bigrams): Pagefind's own Chinese segmenter would cut them again,
    # differently in the index and in the query, so the index is built as a language whose words
    # are split at spaces only.
    requests = [{"type": "NewIndex", "config": {"force_language": INDEX_LANGUAGE}},
                *({"type": "AddFile", "index_id": 0, "file_path": None, "url": f"/{number:07d}.html",
                   "file_contents": page} for number, page in enumerate(pages)),
                {"type": "GetFiles", "index_id": 0}]
    with tempfile.TemporaryFile() as errors:
        service = subprocess.Popen([str(get_executable()), "--service"], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=errors, preexec_fn=tied_to_this_process())
        try:
            answer = _converse(service, requests)
        finally:
            service.stdin.close()
            service.kill()
            service.wait()
        errors.seek(0)
        said = errors.read().decode("utf-8", "replace").strip().splitlines()
    if isinstance(answer, str):
        raise EditionError.at(target, f"cannot build the search index with Pagefind: {said[-1] if said else answer}")
    files = {file["path"]: base64.b64decode(file["content"]) for file in answer.get("files", [])}
    if not _complete(files):
        raise EditionError.at(target, "cannot build the search index with Pagefind: it made no complete index")
    return files


def _complete(files: dict[str, bytes]) -> bool:
    """True when ``files`` are an index: Pagefind's entry file and the metadata file of each
    language it lists (what a browser reads first), every path inside the index's folder."""
    if any(PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts for name in files):
        return False
    try:
        languages = json.loads(files[ENTRY_FILE])["languages"]
        return bool(languages) and all(f"pagefind.{language['hash']}.pf_meta" in files
                                       for language in languages.values())
    except (KeyError, ValueError, TypeError):
        return False


def _converse(service: subprocess.Popen, requests: list[dict]) -> dict | str:
    """Send each request and read its response: the last response, or what went wrong."""
    pending = b""
    response: dict = {}
    for number, payload in enumerate(requests, start=1):
        message = json.dumps({"message_id": number, "payload": payload}, ensure_ascii=False)
        try:
            service.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
            service.stdin.flush()
        except BrokenPipeError:
            return "the Pagefind service ended early"
        chunks = [pending]
        while b"," not in chunks[-1]:  # the index's files come as one response of megabytes
            chunks.append(service.stdout.read1(1 << 16))
            if not chunks[-1]:
                return "the Pagefind service ended early"
        answer, _, pending = b"".join(chunks).partition(b",")
        response = json.loads(base64.b64decode(answer))["payload"]
        if response.get("type") == "Error":
            return response.get("message") or "error"
    return response
