"""Running Pandoc: the binary that ``pypandoc_binary`` ships, called directly.

The pipeline calls Pandoc a few times per article (Markdown to its JSON AST, the JSON AST to
EPUB, and for an article with formulas their TeX to MathML and to Typst math), always with
formats it fixes itself, so it needs none of pypandoc's machinery. Importing pypandoc loads
urllib, http and ssl for its downloader, and its first conversion in a process runs ``pandoc
--version``; both were paid by every worker. This module only finds the bundled binary and runs
it, with a time limit.
"""
from __future__ import annotations

import os
import subprocess
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from pipeline.processes import tied_to_this_process

#: Seconds Pandoc may run on one document. Read at each call, so a test can shorten it. An
#: article of the default corpus takes it well under a second; a source at the size limit
#: (:data:`pipeline.sources.MAX_SOURCE_BYTES`) a few.
TIMEOUT = 120

class PandocError(RuntimeError):
    """Pandoc exited with an error; the message is what it printed on stderr."""


@lru_cache(maxsize=1)
def pandoc_path() -> str:
    """The Pandoc executable bundled in the pypandoc package (found without importing it)."""
    spec = find_spec("pypandoc")
    folders = spec.submodule_search_locations if spec else None
    bundled = Path(next(iter(folders)), "files", "pandoc.exe" if os.name == "nt" else "pandoc") if folders else None
    if bundled is None or not bundled.is_file():
        raise PandocError("the pandoc of pypandoc_binary is not installed (run make edition)")
    return str(bundled)


def run_pandoc(arguments: list[str], text: str, environment: dict[str, str] | None = None) -> str:
    """Pandoc's standard output for ``text`` on its standard input (both UTF-8); ``environment``
    adds variables to Pandoc's process only (``SOURCE_DATE_EPOCH``), never to this one's.

    Pandoc gets :data:`TIMEOUT` seconds: some inputs (thousands of unclosed ``\\[``) take it
    time growing with the square of their length, and a build must end. It dies with the
    process that runs it (:func:`pipeline.processes.die_with_parent`).
    """
    env = {**os.environ, **environment} if environment else None
    try:
        completed = subprocess.run([pandoc_path(), *arguments], input=text.encode("utf-8"), capture_output=True,
                                   env=env, timeout=TIMEOUT, preexec_fn=tied_to_this_process())
    except subprocess.TimeoutExpired:
        raise PandocError(f"it did not finish within {TIMEOUT} s") from None
    except OSError as error:
        raise PandocError(f"cannot run pandoc: {error}") from None
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip()
        raise PandocError(message or f"pandoc exited with status {completed.returncode}")
    return completed.stdout.decode("utf-8")
