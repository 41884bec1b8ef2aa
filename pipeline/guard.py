"""The hand-edit guard: the build never silently overwrites a file someone changed by hand.

Scholars open ``tei/<article>.xml`` and edit it. Every file the build commits (the TEI editions
and the generated BibTeX) therefore ends with a *seal*: a comment line holding the SHA-256 of
everything before it (``<!-- edition-pipeline sha256:… -->`` in XML, ``% edition-pipeline
sha256:…`` in BibTeX). Before a build writes anything it checks each file it is about to replace.

The seal vouches for the whole file, not for its last bytes: the seal line is looked for at the
end of the file after any trailing whitespace, and the file must then be, byte for byte, what
:func:`seal` makes of the content before that line. So an edit anywhere, a newline added or
removed at the end, CRLF line ends, a trailing space or a seal line removed all count as a hand
edit, and the build stops, naming every such file, unless it was asked to ``--force``. A file
that does not exist (a new project, a new article) is simply written.

The seal travels inside the file, written in the same atomic rename as the content, so no record
can fall out of step with the files: not when a build is killed between two writes, nor when
articles are built in parallel processes.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from pipeline.errors import EditionError, Problem

#: The last line of a sealed file, once trailing whitespace is set aside.
_SEAL_LINE = re.compile(rb"(?:<!-- |% )edition-pipeline sha256:[0-9a-f]{64}(?: -->)?\Z")


def seal(path: Path, data: bytes) -> bytes:
    """``data`` (ending in a newline) followed by its seal, in the comment syntax of ``path``."""
    checksum = hashlib.sha256(data).hexdigest()
    if path.suffix == ".bib":
        return data + f"% edition-pipeline sha256:{checksum}\n".encode()
    return data + f"<!-- edition-pipeline sha256:{checksum} -->\n".encode()


def unsealed(data: bytes) -> bytes:
    """``data`` without its seal line (as it was before :func:`seal`), or as it is when it has none."""
    match = _SEAL_LINE.search(data.rstrip())
    return data if match is None else data[: match.start()]


def is_hand_edited(path: Path) -> bool:
    """True when ``path`` exists and is not exactly what the build wrote: its seal is missing or
    unreadable, or the file differs in any byte from its content sealed anew."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return False
    except OSError:  # unreadable (a folder, no permission): the build could not vouch for it
        return True
    match = _SEAL_LINE.search(data.rstrip())
    if match is None:
        return True
    return seal(path, data[: match.start()]) != data


def check(project: Path, paths: Iterable[Path], force: bool = False) -> None:
    """Stop (status 1) when any of ``paths`` was changed by hand, unless ``force``."""
    if force:
        return
    changed = [path for path in paths if is_hand_edited(path)]
    if changed:
        raise EditionError([Problem(Path(path).resolve().relative_to(Path(project).resolve()).as_posix(),
                                    _MESSAGE.format(annotations=f"tei/annotations/{path.name}"
                                                    if path.parent.name == "tei" else "tei/annotations/"))
                            for path in changed], status=1)


_MESSAGE = ("changed since the build wrote it; the build would overwrite it and stopped. Generated files "
            "are rewritten on every build: put annotations in {annotations} (README, 'Writing an "
            "annotation') and corrections to the bibliography in bibliography/corrections.bib; to "
            "discard the changes and rebuild, run 'edition build --force'")
