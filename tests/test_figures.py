"""Figures shown: images fetched from a Commons stand-in on 127.0.0.1 into the cache, recorded in
the TEI, embedded in the HTML, EPUB and PDF; placeholders with a warning when a fetch fails;
captions the converter cut marked as damaged; figures counted in the header."""
from __future__ import annotations

import hashlib
import http.server
import re
import struct
import subprocess
import threading
import zipfile
import zlib
from pathlib import Path

import pytest
from lxml import etree

from conftest import REPO, run_in_process
from test_epub import epubcheck_messages
from pipeline.images import ImageCache, ImageSettings, fetch, image_type

NS = {"tei": "http://www.tei-c.org/ns/1.0"}


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A small PNG of one colour, made here so the tests need no image library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


RED = png(40, 30, (200, 30, 30))
BLUE = png(30, 40, (30, 60, 200))
SVG_SAFE = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
SVG_FETCHING = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
                b'<image xlink:href="http://127.0.0.1:1/x.png"/></svg>')
SVG_ENTITY = b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>'

#: what the stand-in server sends for each path under /FilePath/
SERVED = {"Red_square.png": RED, "Blue_box.png": BLUE, "Not_an_image.png": b"<html>a page</html>"}

ARTICLE = """# 图

[Red_square.png](https://zh.wikipedia.org/wiki/File:Red_square.png "fig:Red_square.png")的[方块](https://zh.wikipedia.org/wiki/方块 "wikilink")，红色\\]\\] 正文第一段。

[蓝盒](https://zh.wikipedia.org/wiki/File:Blue_box.png "fig:蓝盒")

正文第二段。

[Not_an_image.png](https://zh.wikipedia.org/wiki/File:Not_an_image.png "fig:Not_an_image.png")

[Gone.png](https://zh.wikipedia.org/wiki/File:Gone.png "fig:Gone.png")

正文第三段。
"""


class Server:
    """A stand-in for Commons' Special:FilePath on 127.0.0.1, counting the requests."""

    def __init__(self):
        served, requests = SERVED, []
        self.requests = requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                requests.append(self.path)
                name = self.path.split("?", 1)[0].rsplit("/", 1)[-1]
                if name not in served:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                self.wfile.write(served[name])

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/FilePath/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    running = Server()
    yield running
    running.close()


def make_project(root: Path, image_server: str, fetch_images: bool = True) -> Path:
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "figs.wiki.md").write_text(ARTICLE, encoding="utf-8")
    (root / "articles" / "catalog.toml").write_text(f"""[edition]
title = "图"
publisher = "Test"
base_url = "https://edition.example.org"
licence = "CC BY-SA 4.0"
date = "2026-12-08"
fetch_images = {"true" if fetch_images else "false"}
image_server = "{image_server}"
image_width = 320

[[article]]
id = "figs"
file = "figs.wiki.md"
format = "wiki-markdown"
lang = "zh-Hans"
title = "图"
source = "https://zh.wikipedia.org/wiki/图"
licence = "CC BY-SA 4.0"
""", encoding="utf-8")
    return root


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# the cache and the check of the bytes ---------------------------------------------------------

def test_image_types_by_magic_bytes_and_svgs_that_fetch_nothing():
    assert image_type(RED) == "png"
    assert image_type(b"\xff\xd8\xff\xe0rest") == "jpg"
    assert image_type(b"GIF89a....") == "gif"
    assert image_type(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "webp"
    assert image_type(SVG_SAFE) == "svg"
    assert image_type(SVG_FETCHING) is None
    assert image_type(SVG_ENTITY) is None
    assert image_type(b'<?xml-stylesheet href="http://127.0.0.1:1/s.css"?>' + SVG_SAFE) is None
    assert image_type(SVG_SAFE.replace(b"<rect", b'<rect style="fill:url(http://127.0.0.1:1/p)"')) is None
    assert image_type(b"<html>a page</html>") is None


def test_fetch_once_into_the_content_addressed_cache(tmp_path, server):
    settings = ImageSettings(fetch=True, server=server.url, width=320)
    cache = ImageCache(tmp_path / "images")
    first = fetch(["Red_square.png", "Gone.png", "Not_an_image.png"], settings, cache)
    assert first["Red_square.png"].file == f"{sha(RED)}.png"
    assert (tmp_path / "images" / f"{sha(RED)}.png").read_bytes() == RED
    assert first["Gone.png"].file == "" and "HTTP 404" in first["Gone.png"].problem
    assert first["Not_an_image.png"].file == "" and "is not a PNG" in first["Not_an_image.png"].problem
    assert server.requests[0] == "/FilePath/Red_square.png?width=320"
    asked = len(server.requests)
    again = fetch(["Red_square.png"], settings, cache)
    assert again["Red_square.png"].file == f"{sha(RED)}.png"
    assert len(server.requests) == asked  # from the cache: the server is not asked again


def test_an_image_over_the_size_limit_is_refused(tmp_path, server, monkeypatch):
    monkeypatch.setattr("pipeline.images.MAX_IMAGE_BYTES", 64)
    found = fetch(["Red_square.png"], ImageSettings(fetch=True, server=server.url), ImageCache(tmp_path))
    assert found["Red_square.png"].file == ""
    assert found["Red_square.png"].problem.startswith("larger than 64 bytes at ")
    assert not (tmp_path / f"{sha(RED)}.png").exists()


def test_the_catalog_options_are_checked_with_their_line(tmp_path):
    project = make_project(tmp_path / "p", "http://127.0.0.1:9/FilePath/")
    catalog = project / "articles" / "catalog.toml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("image_width = 320", 'image_width = "wide"'),
                       encoding="utf-8")
    result = run_in_process("build", "--project", str(project), "--formats", "tei")
    assert result.returncode != 0
    assert f"{catalog}:9: [edition]: image_width must be a number of pixels from 16 to 4096" in result.stderr
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('image_width = "wide"', "image_width = 320")
                       .replace('image_server = "http://127.0.0.1:9/FilePath/"', 'image_server = "file:///etc/"'),
                       encoding="utf-8")
    result = run_in_process("build", "--project", str(project), "--formats", "tei")
    assert f"{catalog}:8: [edition]: image_server must be an http:// or https:// address" in result.stderr


# the build ------------------------------------------------------------------------------------

def test_build_records_shows_and_counts_the_figures(tmp_path, server):
    project = make_project(tmp_path / "p", server.url)
    result = run_in_process("build", "--project", str(project), "--formats", "tei,html")
    assert result.returncode == 0, result.stderr
    tei = etree.parse(str(project / "tei" / "figs.xml"))
    graphics = tei.findall(".//tei:graphic", NS)
    assert graphics[0].get("url") == f"images/{sha(RED)}.png"
    assert graphics[0].get("source") == "https://zh.wikipedia.org/wiki/File:Red_square.png"
    assert graphics[0].get("mimeType") == "image/png"
    refs = graphics[0].findall("tei:desc/tei:ref", NS)
    assert [r.get("target") for r in refs] == ["https://commons.wikimedia.org/wiki/File:Red_square.png",
                                               "https://commons.wikimedia.org/wiki/File:Red_square.png#Licensing"]
    assert graphics[1].get("url") == f"images/{sha(BLUE)}.png"
    assert graphics[2].get("url") == "https://zh.wikipedia.org/wiki/File:Not_an_image.png"
    assert graphics[3].get("url") == "https://zh.wikipedia.org/wiki/File:Gone.png"
    measures = {m.get("unit"): m.text for m in tei.findall(".//tei:extent/tei:measure[@type='figures']", NS)}
    assert measures == {"shown": "2", "placeholder": "2"}
    assert "figures: shown 2, placeholder 2" in result.stderr
    source = project / "articles" / "figs.wiki.md"
    assert f"{source}:9: warning: figure 'Not_an_image.png' is shown as a link" in result.stderr
    assert f"{source}:11: warning: figure 'Gone.png' is shown as a link" in result.stderr
    site = project / "output" / "html" / "figs"
    page = (site / "index.html").read_text(encoding="utf-8")
    assert f'<img src="images/{sha(RED)}.png" alt="的方块，红色"' in page
    assert f'<img src="images/{sha(BLUE)}.png" alt="Blue_box.png"' in page
    other = (site / "index.zh-Hant.html").read_text(encoding="utf-8")
    assert f'<img src="images/{sha(RED)}.png" alt="的方塊，紅色"' in other  # the alt text in the page's script
    assert (site / "images" / f"{sha(RED)}.png").read_bytes() == RED
    assert (site / "images" / f"{sha(BLUE)}.png").read_bytes() == BLUE
    assert page.count('class="image-page"') == 2  # the two placeholders, linked to their pages
    assert 'href="https://zh.wikipedia.org/wiki/File:Gone.png"' in page

    asked = len(server.requests)
    (project / "tei" / "figs.xml").unlink()  # the TEI is made again, the images come from the cache
    again = run_in_process("build", "--project", str(project), "--formats", "tei,html")
    assert again.returncode == 0, again.stderr
    assert len(server.requests) == asked + 2  # only the two that failed are asked for again
    assert all("Red_square" not in path and "Blue_box" not in path for path in server.requests[asked:])


def test_server_down_leaves_placeholders_and_warnings(tmp_path):
    project = make_project(tmp_path / "p", "http://127.0.0.1:9/FilePath/")  # discard port: nothing listens
    result = run_in_process("build", "--project", str(project), "--formats", "tei,html")
    assert result.returncode == 0, result.stderr
    source = project / "articles" / "figs.wiki.md"
    assert f"{source}:3: warning: figure 'Red_square.png' is shown as a link, not an image: cannot reach" in result.stderr
    page = (project / "output" / "html" / "figs" / "index.html").read_text(encoding="utf-8")
    assert "<img" not in page and page.count('class="image-page"') == 4
    assert not (project / "output" / "html" / "figs" / "images").exists()


def test_without_the_option_nothing_is_fetched_and_the_flag_fetches(tmp_path, server):
    project = make_project(tmp_path / "p", server.url, fetch_images=False)
    result = run_in_process("build", "--project", str(project), "--formats", "tei")
    assert result.returncode == 0 and server.requests == []
    assert "warning: figure" not in result.stderr
    assert 'url="https://zh.wikipedia.org/wiki/File:Red_square.png"' in (project / "tei" / "figs.xml").read_text()
    flagged = run_in_process("build", "--project", str(project), "--formats", "tei", "--fetch-images")
    assert flagged.returncode == 0, flagged.stderr
    assert f'url="images/{sha(RED)}.png"' in (project / "tei" / "figs.xml").read_text()


def test_fetching_keeps_the_figures_ids(tmp_path, server):
    project = make_project(tmp_path / "p", server.url, fetch_images=False)
    assert run_in_process("build", "--project", str(project), "--formats", "tei").returncode == 0
    before = [f.get("{http://www.w3.org/XML/1998/namespace}id")
              for f in etree.parse(str(project / "tei" / "figs.xml")).findall(".//tei:figure", NS)]
    assert run_in_process("build", "--project", str(project), "--formats", "tei", "--fetch-images").returncode == 0
    after = [f.get("{http://www.w3.org/XML/1998/namespace}id")
             for f in etree.parse(str(project / "tei" / "figs.xml")).findall(".//tei:figure", NS)]
    assert after == before and len(before) == 4
    check = run_in_process("build", "--project", str(project), "--check", "--fetch-images")
    assert check.returncode == 0, check.stderr


# captions -------------------------------------------------------------------------------------

def test_cut_captions_of_the_seed_are_marked_damaged(tmp_path):
    out = tmp_path / "kw.xml"
    result = run_in_process("convert", str(REPO / "articles" / "korean-war.wiki.md"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    heads = {}
    for figure in etree.parse(str(out)).findall(".//tei:figure", NS):
        head = figure.find("tei:head", NS)
        name = figure.find("tei:graphic", NS).get("url").rsplit(":", 1)[-1]
        heads[name] = (None if head is None else ("".join(head.itertext()), head.get("type")))
    assert heads["Syngman_Rhee.jpg"] == ("（左）", "damaged")
    assert heads["Battle_of_Inchon.png"] == ("成功", "damaged")
    assert heads["Task_Force_Smith.jpg"] == ("，準備抵抗南侵的朝鮮人民軍", "damaged")
    assert heads["Pusan_Perimeter_Sept_4.jpg"] == ("的洛東江河畔，準備阻止朝鮮人民軍的進攻", "damaged")
    assert heads["F-86A_01.jpg"] == ("", "damaged")  # the whole caption was the lost link
    assert heads["Kw_attack1.JPG"] is None  # no caption followed: nothing to mark


def test_a_damaged_caption_shows_the_lacuna_sign_in_html(tmp_path, server):
    project = make_project(tmp_path / "p", server.url)
    assert run_in_process("build", "--project", str(project), "--formats", "tei,html").returncode == 0
    page = (project / "output" / "html" / "figs" / "index.html").read_text(encoding="utf-8")
    figure = re.search(r"<figure[^>]*>.*?</figure>", page, re.S).group()
    assert '<span class="gap" title="图注开头在转换中丢失">〔…〕' in figure


# the books ------------------------------------------------------------------------------------

@pytest.mark.slow
def test_epub_and_pdf_hold_the_images(tmp_path, server):
    project = make_project(tmp_path / "p", server.url)
    result = run_in_process("build", "--project", str(project), "--formats", "tei,epub,pdf")
    assert result.returncode == 0, result.stderr
    epub = project / "output" / "epub" / "figs.epub"
    with zipfile.ZipFile(epub) as book:
        names = book.namelist()
        opf = book.read(next(n for n in names if n.endswith(".opf"))).decode("utf-8")
        chapters = "".join(book.read(n).decode("utf-8") for n in names if n.endswith(".xhtml"))
        images = {n: book.read(n) for n in names if n.endswith(".png")}
    assert sorted(images.values()) == sorted([RED, BLUE])
    assert opf.count('media-type="image/png"') == 2
    assert 'alt="的方块，红色"' in chapters
    assert epubcheck_messages(epub) == (True, [])
    listing = subprocess.run(["pdfimages", "-list", str(project / "output" / "pdf" / "figs.pdf")],
                             capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    sizes = sorted((int(line.split()[3]), int(line.split()[4])) for line in listing)
    assert sizes == [(30, 40), (40, 30)]


@pytest.mark.slow
def test_the_books_are_the_same_bytes_each_build(tmp_path, server):
    project = make_project(tmp_path / "p", server.url)
    assert run_in_process("build", "--project", str(project), "--formats", "tei,epub,pdf").returncode == 0
    first = {p: p.read_bytes() for p in (project / "output").rglob("*") if p.is_file()}
    assert run_in_process("build", "--project", str(project), "--formats", "tei,epub,pdf",
                          "--force").returncode == 0
    for path in (project / ".cache" / "build").glob("*.json"):
        path.unlink()
    assert run_in_process("build", "--project", str(project), "--formats", "tei,epub,pdf").returncode == 0
    assert {p: p.read_bytes() for p in (project / "output").rglob("*") if p.is_file()} == first
