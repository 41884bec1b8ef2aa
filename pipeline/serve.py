"""``edition serve``: preview the HTML edition from a local web server.

The edition is static files; any server will do. This one only exists so that a scholar can see
it (search included, which browsers refuse to run from ``file://``) with one command. It binds
to the loopback interface and serves ``output/html`` and nothing else.
"""
from __future__ import annotations

import functools
import http.server
from pathlib import Path

from pipeline.errors import EditionError

HOST = "127.0.0.1"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files; logs only what went wrong, so the terminal shows problems rather than traffic."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json"}
    #: DTS answers (docs/dts.md) by the media types DTS 1.0 names, by their folder in the site.
    dts_types = {"/dts/document/": "application/tei+xml", "/dts/": "application/ld+json"}

    def guess_type(self, path) -> str:
        where = "/" + Path(path).resolve().relative_to(Path(self.directory).resolve()).as_posix()
        return next((kind for prefix, kind in self.dts_types.items() if where.startswith(prefix)),
                    None) or super().guess_type(path)

    def log_request(self, code="-", size="-") -> None:
        if str(code).startswith(("4", "5")):
            super().log_request(code, size)


def make_server(directory: Path, port: int) -> http.server.ThreadingHTTPServer:
    """A server for ``directory`` on ``127.0.0.1:port`` (0: any free port), not yet serving."""
    if not (directory / "index.html").is_file():
        raise EditionError.at(directory, "no HTML edition here: run `edition build` first")
    handler = functools.partial(_QuietHandler, directory=str(directory))
    try:
        return http.server.ThreadingHTTPServer((HOST, port), handler)
    except OSError as error:
        raise EditionError.at(f"--port {port}", f"cannot serve on {HOST}:{port}: {error.strerror}") from None


def serve(directory: Path, port: int, announce) -> None:
    """Serve ``directory`` until interrupted; ``announce`` gets the address to open."""
    server = make_server(directory, port)
    with server:
        announce(f"serving {directory} at http://{HOST}:{server.server_address[1]}/ (Ctrl-C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            announce("stopped")
