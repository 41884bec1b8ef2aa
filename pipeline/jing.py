"""Validation by jing that never lets jing fetch anything, and never passes when jing cannot run.

jing gives the best wording of a schema problem (it names what was expected), but it loads the
external DTD a DOCTYPE names and, through the Debian wrapper, XIncludes: run on a user's file, it
fetched a DTD from the network and sent a local file's contents back. So jing never reads a user's
file. The file is parsed once with :func:`pipeline.tei.parse_user_xml` (entities and network off,
an external DTD or an XInclude refused), and jing reads a serialisation of that tree laid out so
that every position it reports names an element, whose line in the user's file is reported.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from copy import deepcopy
from pathlib import Path

from lxml import etree

from pipeline.errors import EditionError, Problem
from pipeline.tei import TEI_ALL, parse_user_xml, short_jvm_env

JING_TIMEOUT = 300
"""Seconds jing may take for one document (tei_all on the largest article takes a few)."""
JING_REPORT = re.compile(r"(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<kind>\w+): (?P<message>.*)")


def validate_with_jing(path: Path, schema: Path | None = None,
                       tree: etree._ElementTree | None = None) -> list[Problem]:
    """Problems jing reports for the document at ``path`` against ``schema`` (tei_all by default),
    each at its line in ``path``.

    jing never reads the user's file, which could make it fetch a DTD or an XInclude: it reads
    :func:`jing_input` of the tree :func:`parse_user_xml` makes of it (or ``tree``, parsed as
    safely by the caller). A jing that cannot run, fails without a report or hangs is an error
    (status 2, "cannot validate"), never a pass."""
    tree = tree if tree is not None else parse_user_xml(path)
    data, tag_lines = jing_input(tree.getroot())
    jing = shutil.which("jing")
    if jing is None:
        raise _cannot_validate(path, "jing is not installed (the Debian package 'jing', which 'make edition' "
                                     "installs)")
    with tempfile.TemporaryDirectory(prefix="edition-jing-") as folder:
        document = Path(folder) / "edition-jing-input.xml"
        document.write_bytes(data)
        try:
            result = subprocess.run([jing, str(schema or TEI_ALL), str(document)], capture_output=True,
                                    encoding="utf-8", errors="replace", env=short_jvm_env(), timeout=JING_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise _cannot_validate(path, f"jing did not finish within {JING_TIMEOUT} seconds") from None
        except OSError as error:
            raise _cannot_validate(path, f"jing cannot start: {error.strerror or error}") from None
    problems, other = [], []
    for line in filter(str.strip, result.stdout.splitlines()):
        report = JING_REPORT.fullmatch(line)
        if report and Path(report["file"]).name == document.name and report["kind"] == "error":
            problems.append(Problem(str(path), report["message"],
                                    _user_line(tag_lines, int(report["line"]), int(report["column"]))))
        else:
            other.append(line.strip())
    if other or (result.returncode != 0 and not problems):
        said = other or [line for line in result.stderr.splitlines() if line.strip() and not line.startswith("[warning]")]
        raise _cannot_validate(path, f"jing exited with status {result.returncode}: "
                                     + (other[0] if other else said[-1] if said else "no message"))
    return problems


def jing_input(root: etree._Element) -> tuple[bytes, list[tuple[int, int]]]:
    """What jing reads of a parsed document and, for each of its tags, the line of its element in
    the user's file and the column just past the tag's end.

    The serialisation of the element tree alone: no DOCTYPE, entity, comment or processing
    instruction. Every tag ends at the start of a line of its own (a newline before its ``>``,
    where XML allows white space) and a newline in text is written ``&#10;``, so tag k ends on
    line k + 2, and the position jing reports names a tag (see :func:`_user_line`). (The
    serialiser escapes every ``<`` and ``>`` that is not markup.)"""
    copy = deepcopy(root)
    etree.strip_elements(copy, etree.Comment, etree.ProcessingInstruction, etree.Entity, with_tail=False)
    data = etree.tostring(copy, encoding="UTF-8", xml_declaration=False).replace(b"\n", b"&#10;")
    data = re.sub(rb"/?>", rb"\n\g<0>", data)
    elements = (element for element in root.iter() if isinstance(element.tag, str))
    open_elements: list[etree._Element] = []
    tag_lines = []
    for tag_match in re.finditer(rb"<(/?)[^>]*>", data):
        element = open_elements.pop() if tag_match[1] else next(elements)
        if not tag_match[1] and not tag_match[0].endswith(b"/>"):
            open_elements.append(element)
        tag_lines.append((element.sourceline, 3 if tag_match[0].endswith(b"/>") else 2))
    return data, tag_lines


def _user_line(tag_lines: list[tuple[int, int]], line: int, column: int) -> int:
    """The line in the user's file of a position jing reports in :func:`jing_input`: the line of the
    element whose tag ends there (for an end tag, where the element starts), or, past the tag's
    end, of the next tag (a problem with text is reported where the text ends)."""
    index = line - 2
    if 0 <= index < len(tag_lines) and column > tag_lines[index][1]:
        index += 1
    return tag_lines[min(max(index, 0), len(tag_lines) - 1)][0]


def _cannot_validate(path: Path, reason: str) -> EditionError:
    return EditionError.at(path, f"cannot validate: {reason}", status=2)
