"""Reading a source file into text, with every problem named by file and line.

Repairs that lose nothing (a byte-order mark, CRLF line ends) are made and reported as
warnings; what cannot be read faithfully (invalid UTF-8, binary content, an empty file) is an
error, because an edition may not guess at its source. So is what no build should try to read:
a source over the size limit, or one that is not a regular file (a FIFO, a device).
"""
from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from pipeline.errors import EditionError, Problem

BOM = "\ufeff"
#: The largest source read by default (2 MiB, MediaWiki's own limit on an article's wikitext):
#: Pandoc and Pagefind need time and memory growing faster than a source's size.
MAX_SOURCE_BYTES = 2 * 1024 * 1024


def read_source(path: Path, warnings: list[str], max_bytes: int = MAX_SOURCE_BYTES) -> str:
    """The decoded, line-end-normalised text of ``path``; repairs appended to ``warnings``.

    A source larger than ``max_bytes`` is refused before it is read, and so is anything that
    is not a regular file (a FIFO would block the build, a device never end).
    """
    try:
        data = read_regular_file(path, max_bytes)
    except FileNotFoundError:
        raise EditionError.at(path, "source file not found") from None
    except IsADirectoryError:
        raise EditionError.at(path, "source is a directory, not a file") from None
    except OSError as exc:
        raise EditionError.at(path, f"cannot read source: {exc.strerror or exc}") from None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise EditionError.at(path, "binary file: NUL byte (not a text source)", line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise EditionError.at(path, f"invalid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
                              line) from None
    return repaired_text(text, str(path), warnings)


def read_regular_file(path: Path, max_bytes: int | None = None) -> bytes:
    """The bytes of ``path``, which must be a regular file (of at most ``max_bytes``, if given).

    The file is opened without waiting (a FIFO opens at once and is then refused) and checked
    through the open handle, so it cannot be swapped for something else in between.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        kind = os.fstat(fd).st_mode
        if stat.S_ISDIR(kind):
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
        if not stat.S_ISREG(kind):
            raise EditionError.at(path, f"source is not a regular file ({_kind_name(kind)}): refused")
        data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:
        raise EditionError.at(path, f"source is larger than the limit of {max_bytes:,} bytes "
                                    f"(EDITION_MAX_SOURCE_BYTES raises it; see README)")
    return data


def _kind_name(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a file"


def repaired_text(text: str, source_name: str, warnings: list[str]) -> str:
    """Decoded ``text`` without a byte-order mark and with LF line ends, each repair warned about.

    Readers call it too, so that text handed to them directly (not read from a file by
    :func:`read_source`) gets the same repairs and the same empty-source error.
    """
    if text.startswith(BOM):
        text = text[1:]
        warnings.append(f"{source_name}:1: warning: byte-order mark removed")
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        warnings.append(f"{source_name}:{line}: warning: CRLF/CR line ends normalised to LF")
    if not text.strip():
        raise EditionError.at(source_name, "empty source: no text to convert")
    return text


NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 cannot hold: the C0 controls but tab and line ends, U+FFFE/U+FFFF and
lone surrogates."""


def refuse_non_xml_characters(text: str, source_name: str, limit: int = 20) -> None:
    """Raise an error naming each line (up to ``limit``) that holds a character XML cannot hold.

    Such a character in a text source means the file is damaged; dropping it silently would
    lose a character of the source, so the user is told where it is instead.
    """
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n"), start=1):
        bad = NOT_XML.search(line)
        if bad:
            problems.append(Problem(source_name, f"character U+{ord(bad.group()):04X} at column "
                                                 f"{bad.start() + 1} cannot be held in XML; remove it from the source",
                                    number))
    if problems:
        shown = problems[:limit]
        if len(problems) > limit:
            shown.append(Problem(source_name, f"{len(problems) - limit} more lines with such characters"))
        raise EditionError(shown)
