"""Figures' images recorded in the TEI, and the figures counted in the header.

Runs once the other stages are done and the build has fetched the article's images
(:mod:`pipeline.images`): a function of the tree and of the fetched images, by file name. A
figure whose image is in the cache gets ``graphic/@url`` to it (``images/SHA.ext``), its file
page as ``@source`` and its Commons page and licence page in ``desc``; the stable IDs still
fingerprint that file page (:mod:`pipeline.visible` reads ``@source`` when there is one), so a
figure keeps its ID when its image is fetched. A figure without an image stays a link to its
file page, and when a fetch was tried, a warning names the figure's file and line.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from urllib.parse import unquote

from lxml import etree

from pipeline.images import COMMONS_FILE_PAGE, MEDIA_TYPES, Fetched
from pipeline.tei import NS, el, sub, tag
from pipeline.transforms.base import Report, Reporter

#: where the build keeps an article's images, relative to its TEI and to its HTML pages
IMAGES_FOLDER = "images"


def file_name(url: str) -> str | None:
    """The file a graphic's URL names when it is a wiki file page (``…/wiki/File:NAME``)."""
    if "/wiki/" not in url:
        return None
    title = unquote(url.rsplit("/wiki/", 1)[1])
    prefix, colon, name = title.partition(":")
    return name if colon and prefix and name else None


def figure_names(root: etree._Element) -> list[str]:
    """The file names of the article's figures, in order (a file shown twice, once)."""
    names = (file_name(graphic.get("url", "")) for graphic in _graphics(root))
    return list(dict.fromkeys(name for name in names if name))


def _graphics(root: etree._Element) -> list[etree._Element]:
    return root.xpath("/tei:TEI/tei:text//tei:graphic", namespaces=NS)


def apply(root: etree._Element, fetched: Mapping[str, Fetched] | None, reporter: Reporter,
          locate: Callable[[str], str]) -> Report:
    """Point each figure whose image was fetched at it and count shown and placeholder figures.

    ``fetched`` is None when the build did not try to fetch (no warnings then); ``locate`` gives
    ``file:line`` of a figure's file name in the source.
    """
    shown = placeholders = 0
    for graphic in _graphics(root):
        name = file_name(graphic.get("url", ""))
        image = (fetched or {}).get(name) if name else None
        if image is not None and image.file:
            _record(graphic, name, image.file)
            shown += 1
            continue
        placeholders += 1
        if fetched is not None:
            why = image.problem if image is not None else "its address names no wiki file"
            reporter.warning(f"{locate(name or graphic.get('url', ''))}: warning: figure '{name or graphic.get('url')}' "
                             f"is shown as a link, not an image: {why}")
    counts = {"shown": shown, "placeholder": placeholders}
    if shown or placeholders:
        _add_measures(root, counts)
    return Report("figures", counts)


def _record(graphic: etree._Element, name: str, file: str) -> None:
    page = COMMONS_FILE_PAGE + name.replace(" ", "_")
    graphic.set("source", graphic.get("url"))
    graphic.set("url", f"{IMAGES_FOLDER}/{file}")
    graphic.set("mimeType", MEDIA_TYPES[file.rsplit(".", 1)[1]])
    desc = sub(graphic, "desc", "Wikimedia Commons: ")
    sub(desc, "ref", name, target=page, type="file-page").tail = "; licence: "
    sub(desc, "ref", page, target=f"{page}#Licensing", type="licence")


def _add_measures(root: etree._Element, counts: dict[str, int]) -> None:
    header = root.find(tag("teiHeader"))
    extent = header.find(f"{tag('fileDesc')}/{tag('extent')}")
    if extent is None:
        extent = el("extent")
        header.find(f"{tag('fileDesc')}/{tag('titleStmt')}").addnext(extent)
    for key, value in counts.items():
        sub(extent, "measure", str(value), type="figures", unit=key, quantity=str(value))
