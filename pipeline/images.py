"""Figures' images, downloaded once from Wikimedia Commons into a content-addressed cache.

One job: a figure's Commons file name in, the image's bytes on disk (or the reason there are
none) out. The image is an input of the build like the sources are: the build fetches the
images of an article once, before the TEI is written, and the stages after it read only files.
Each image is requested at its ``Special:FilePath`` address with a width limit, with a timeout
and a size limit, and is kept only if its bytes are an image (PNG, JPEG, GIF, WebP, or an SVG
that refers to nothing outside itself: an SVG is XML from the web and must fetch nothing when
shown or typeset). The cache (``.cache/images/``) stores each image under the SHA-256 of its
bytes, so the same bytes are one file, and an index from the request URL to that file, so a
second build asks the server nothing.
"""
from __future__ import annotations

import hashlib
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from lxml import etree

from pipeline.fsutil import atomic_write

#: Commons serves any file (scaled, with ``?width=``) at this address followed by its name.
COMMONS_FILE_PATH = "https://commons.wikimedia.org/wiki/Special:FilePath/"
#: the pages that describe a file and state its licence
COMMONS_FILE_PAGE = "https://commons.wikimedia.org/wiki/File:"
DEFAULT_WIDTH = 800
TIMEOUT_SECONDS = 20.0
MAX_IMAGE_BYTES = 10 * 1024 * 1024
#: Wikimedia asks every client to name itself
USER_AGENT = "edition-pipeline/1.0 (figures of a scholarly edition; https://edition.example.org)"
MEDIA_TYPES = {"png": "image/png", "jpg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
               "svg": "image/svg+xml"}
_MAGIC = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"), (b"GIF87a", "gif"), (b"GIF89a", "gif"))
#: in an SVG, a reference to anything but its own parts (``#id``) or inline data
_OUTSIDE_REFERENCE = re.compile(rb"""url\(\s*['"]?\s*(?!#|data:)|@import""", re.IGNORECASE)
_SVG_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@dataclass(frozen=True)
class ImageSettings:
    """Whether a build fetches figures, from where (``server`` + file name) and how wide."""

    fetch: bool = False
    server: str = COMMONS_FILE_PATH
    width: int = DEFAULT_WIDTH


@dataclass(frozen=True)
class Fetched:
    """One figure's image: ``file`` (``SHA.ext`` in the cache) when there is one, else ``problem``."""

    name: str
    file: str = ""
    problem: str = ""


def request_url(settings: ImageSettings, name: str) -> str:
    return f"{settings.server}{quote(name.replace(' ', '_'))}?width={settings.width}"


def image_type(data: bytes) -> str | None:
    """The extension of ``data``'s image format by its magic bytes (None: not an image we show)."""
    for magic, extension in _MAGIC:
        if data.startswith(magic):
            return extension
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return "svg" if _is_self_contained_svg(data) else None


def _is_self_contained_svg(data: bytes) -> bool:
    """An SVG document with no DTD, no entity, no style sheet and no reference outside itself."""
    head = data[:1024].lstrip()
    if not (head.startswith(b"<?xml") or head.startswith(b"<svg") or head.startswith(b"<!--")):
        return False
    if any(mark in data for mark in (b"<!DOCTYPE", b"<!ENTITY", b"<?xml-stylesheet")) or _OUTSIDE_REFERENCE.search(data):
        return False
    try:
        root = etree.fromstring(data, _SVG_PARSER)
    except etree.XMLSyntaxError:
        return False
    if etree.QName(root).localname != "svg":
        return False
    for element in root.iter():
        for key, value in element.attrib.items():
            if etree.QName(key).localname == "href" and not value.startswith(("#", "data:")):
                return False
    return True


class ImageCache:
    """``.cache/images/``: the images by the SHA-256 of their bytes, and ``index/`` mapping the
    SHA-256 of each request URL to the image's file name (one small file per URL, so builds in
    parallel processes never overwrite each other's entries)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def path(self, file: str) -> Path:
        return self.folder / file

    def _entry(self, url: str) -> Path:
        return self.folder / "index" / hashlib.sha256(url.encode("utf-8")).hexdigest()

    def lookup(self, url: str) -> str | None:
        try:
            file = self._entry(url).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return file if re.fullmatch(r"[0-9a-f]{64}\.[a-z]{3,4}", file) and self.path(file).is_file() else None

    def store(self, url: str, data: bytes, extension: str) -> str:
        file = f"{hashlib.sha256(data).hexdigest()}.{extension}"
        if not self.path(file).is_file():
            atomic_write(self.path(file), data)
        atomic_write(self._entry(url), file.encode("ascii"))
        return file


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow Commons' redirect to its upload server, never to another scheme."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not newurl.lower().startswith(("http://", "https://")):
            return None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpOnlyRedirects)


def download(url: str) -> tuple[bytes | None, str]:
    """The bytes at ``url`` (None and why not: an HTTP error, a timeout, too large)."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
            data = response.read(MAX_IMAGE_BYTES + 1)
    except urllib.error.HTTPError as error:
        return None, f"HTTP {error.code}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        return None, f"cannot reach the server ({getattr(error, 'reason', error)})"
    if len(data) > MAX_IMAGE_BYTES:
        return None, f"larger than {MAX_IMAGE_BYTES} bytes"
    return data, ""


def fetch(names: list[str], settings: ImageSettings, cache: ImageCache) -> dict[str, Fetched]:
    """Each named file's image, from the cache or else downloaded once (by file name)."""
    found: dict[str, Fetched] = {}
    for name in dict.fromkeys(names):
        url = request_url(settings, name)
        cached = cache.lookup(url)
        if cached:
            found[name] = Fetched(name, cached)
            continue
        data, problem = download(url)
        if data is None:
            found[name] = Fetched(name, problem=f"{problem} at {url}")
            continue
        extension = image_type(data)
        if extension is None:
            found[name] = Fetched(name, problem=f"what {url} sent is not a PNG, JPEG, GIF, WebP or "
                                              "self-contained SVG image")
            continue
        found[name] = Fetched(name, cache.store(url, data, extension))
    return found
