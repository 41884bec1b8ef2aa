"""How much of a wiki-Markdown source's text survives in its TEI, measured independently.

The reader parses the Markdown with its own Pandoc dialect and rules; this helper must not share
them, or a character both drop would go unnoticed. It strips the source another way: Pandoc's
*GFM* (CommonMark) reader to HTML, the HTML's text per block, plus a few cleanups for the wiki
markup that no Markdown reader knows (listed in :func:`source_segments`). It then looks for each
source block's characters, in order, in the text of the TEI's ``<text>`` (editorial additions,
``resp="#pipeline"`` or ``type="editorial"``, left out), ignoring whitespace.

A block found further on than expected is *moved* (the notes list ends the source but opens the
TEI's back matter): its characters count as kept. A block not found whole is compared with
difflib against the stretch of TEI text where it should be; the characters difflib cannot match
are *lost*, and each such block is listed as a difference.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import pypandoc
from lxml import etree, html

TEI = "{http://www.tei-c.org/ns/1.0}"
PIPELINE = "#pipeline"

_MATH_AND_MARKER_ESCAPES = re.compile(r"\\[()\[\]]")
"""``\\(``, ``\\)``, ``\\[``, ``\\]``: TeX delimiters and the brackets of note markers, which the
TEI writes as a formula or a note reference without them (removed before parsing)."""

_VARIANT = re.compile(r"-\{(.*?)\}-", re.S)
_VARIANT_FLAGS = re.compile(r"^\s*[A-Za-z][A-Za-z;\- ]*\|")
_VARIANT_KEY = re.compile(r"^\s*zh(?:-[A-Za-z]+)?\s*:")
_VARIANT_SEPARATOR = re.compile(r";\s*(?=zh(?:-[A-Za-z]+)?\s*:)")
_TEMPLATE = re.compile(r"\{\{(.*?)\}\}", re.S)
_TEMPLATE_KEY = re.compile(r"^\s*[\w \-]+=")


def _variant_text(match: re.Match[str]) -> str:
    """The readings of ``-{zh-hans:A;zh-hant:B}-`` (``AB``), or the text of ``-{A}-``."""
    body = _VARIANT_FLAGS.sub("", match[1])
    readings = _VARIANT_SEPARATOR.split(body)
    if len(readings) == 1 and not _VARIANT_KEY.match(body):
        return body
    return "".join(_VARIANT_KEY.sub("", reading).rstrip().removesuffix(";") for reading in readings)


def _template_text(match: re.Match[str]) -> str:
    """The parameter values of ``{{name|key=value|…}}`` (name and keys are not text)."""
    return "".join(_TEMPLATE_KEY.sub("", part) for part in match[1].split("|")[1:])


_CLEANUPS: list[tuple[re.Pattern[str], object]] = [
    # gallery entries: "File:Name.jpg|caption" keeps only the caption
    (re.compile(r"(?:File|Image|文件):[^|\n]*\|"), ""),
    # variant markup (readings kept), flags wrapping whole sections, no-op separators
    (_VARIANT, _variant_text),
    (re.compile(r"-\{\s*[A-Za-z][A-Za-z;\- ]*\||-\{|\}-"), ""),
    # template calls: parameter values kept
    (_TEMPLATE, _template_text),
    # wiki italics/bold apostrophes, the converter's caption terminator, empty or stray bold
    (re.compile(r"'{2,}|\]\]|\*\*"), ""),
]


def _visible_text(element: etree._Element) -> list[str]:
    """The text of an HTML tree cut into blocks (one string per block-level element)."""
    blocks: list[str] = [""]
    block_tags = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "pre", "caption",
                  "blockquote", "div", "figcaption", "dt", "dd", "tr"}

    def visit(node: etree._Element) -> None:
        if not isinstance(node.tag, str):
            blocks[-1] += node.tail or ""
            return
        is_block = node.tag in block_tags
        if is_block:
            blocks.append("")
        skip = node.tag == "a" and (_is_image_or_category(node))
        if not skip:
            blocks[-1] += node.text or ""
            for child in node:
                visit(child)
        if is_block:
            blocks.append("")
        blocks[-1] += node.tail or ""

    visit(element)
    return blocks


def _is_image_or_category(anchor: etree._Element) -> bool:
    """Image links (their label is a file name) and category links (they become keywords)."""
    title = anchor.get("title") or ""
    href = anchor.get("href") or ""
    return title.startswith("fig:") or "/Category:" in href or href.startswith("Category:")


def source_segments(markdown: str) -> list[str]:
    """The source's text, block by block, whitespace removed.

    Besides Pandoc's GFM reading: TeX and marker escapes are removed first; afterwards the
    labels of image and category links are dropped, and :data:`_CLEANUPS` remove variant markup
    delimiters and keys, template braces/names/parameter names, wiki apostrophes, ``]]``, stray
    ``**`` and gallery file names.
    """
    prepared = _MATH_AND_MARKER_ESCAPES.sub("", markdown)
    rendered = pypandoc.convert_text(prepared, "html", format="gfm", extra_args=["--wrap=none"])
    tree = html.fromstring(f"<div>{rendered}</div>")
    segments = []
    for block in _visible_text(tree):
        for pattern, replacement in _CLEANUPS:
            block = pattern.sub(replacement, block)
        block = "".join(block.split())
        if block:
            segments.append(block)
    return segments


def tei_text(root: etree._Element) -> str:
    """The text of ``<text>`` without editorial additions, whitespace removed."""
    text_element = root.find(f".//{TEI}text")

    def collect(element: etree._Element) -> str:
        if element.get("resp") == PIPELINE or element.get("type") == "editorial":
            return ""
        parts = [element.text or ""]
        for child in element:
            if isinstance(child.tag, str):
                parts.append(collect(child))
            parts.append(child.tail or "")
        return "".join(parts)

    return "".join(collect(text_element).split())


@dataclass
class Difference:
    """A source block not found whole: the characters difflib could not match, in order."""

    segment: str
    lost: str

    def __str__(self) -> str:
        return f"lost {self.lost!r} from {self.segment[:60]!r}"


@dataclass
class Report:
    total: int = 0
    kept: int = 0
    moved: int = 0
    differences: list[Difference] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.kept / self.total if self.total else 1.0

    def __str__(self) -> str:
        lines = [f"{self.kept}/{self.total} source characters kept ({self.share:.2%}), "
                 f"{self.moved} blocks moved, {len(self.differences)} differences"]
        lines.extend(f"  {difference}" for difference in self.differences)
        return "\n".join(lines)


_WINDOW_SLACK = 2000


def compare(markdown: str, root: etree._Element) -> Report:
    """Each source block looked for in order in the TEI text (see the module docstring)."""
    target = tei_text(root)
    report = Report()
    cursor = 0
    for segment in source_segments(markdown):
        report.total += len(segment)
        window_end = cursor + len(segment) + _WINDOW_SLACK
        found = target.find(segment, cursor, window_end)
        if found >= 0:
            report.kept += len(segment)
            cursor = found + len(segment)
            continue
        found = target.find(segment)
        if found >= 0:
            report.kept += len(segment)
            report.moved += 1
            cursor = found + len(segment)
            continue
        window = target[cursor:window_end]
        matcher = difflib.SequenceMatcher(None, segment, window, autojunk=False)
        matched = set()
        last_end = 0
        for block in matcher.get_matching_blocks():
            matched.update(range(block.a, block.a + block.size))
            if block.size:
                last_end = block.b + block.size
        report.kept += len(matched)
        lost = "".join(char for index, char in enumerate(segment) if index not in matched)
        if lost:
            report.differences.append(Difference(segment, lost))
        cursor += last_end
    return report
