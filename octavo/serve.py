"""`serve`: build the book, serve its editions on 127.0.0.1, rebuild on every save and reload the open page."""

from __future__ import annotations

import html
import json
import mimetypes
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import watchfiles

from octavo.core.resources import DATA
from octavo.errors import BookError
from octavo.outputs import Interrupted
from octavo.progress import Progress

LOOPBACK = "127.0.0.1"
OWN = "/__octavo/"
RELOADER = DATA / "serve" / "reload.js"
# What a save touches that is not the book: editors' swap and backup files (watchfiles leaves out .git and the like).
IGNORED_SUFFIXES = (".swp", ".swx", ".tmp", "~")


@dataclass
class Preview:
    """What the server shows: which build is current, and the error of the last build if it failed."""

    out: Path
    generation: int = 0
    error: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def built(self, error: str = "") -> None:
        """A build ended: a good one is shown (the generation moves on); a failed one keeps the last good outputs."""
        with self.lock:
            self.error = error
            if not error:
                self.generation += 1

    def state(self) -> dict[str, object]:
        """The generation and the error, for the page's reloader."""
        with self.lock:
            return {"generation": self.generation, "error": self.error}


def banner(error: str) -> str:
    """The failed build's message, shown at the top of every page until a build succeeds."""
    return ("<div id='octavo-error' role='alert' style='position:sticky;top:0;z-index:9;padding:0.8em 1em;"
            "background:#fde8e8;color:#611;border-bottom:2px solid #c33;font:14px/1.4 sans-serif;white-space:pre-wrap'>"
            f"The last build failed; this is the last good one.\n{html.escape(error)}</div>")


def handler_for(preview: Preview) -> type[BaseHTTPRequestHandler]:
    """A request handler serving the outputs of `preview.out`, and Octavo's own reloader and state."""

    class Handler(BaseHTTPRequestHandler):
        """GET only: /web/… and the other outputs from the build folder, /__octavo/… for the page's reloader."""

        server_version = "Octavo"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the standard library's name
            """Quiet: the terminal shows the builds, not every request."""

        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            """Answer one request."""
            path = unquote(urlsplit(self.path).path)
            if path == "/":
                self._redirect("/web/00-contents.html")
            elif path == f"{OWN}state":
                self._send(json.dumps(preview.state()).encode("utf-8"), "application/json")
            elif path == f"{OWN}reload.js":
                self._send(RELOADER.read_bytes(), "text/javascript")
            elif path == "/files/":
                self._send(self._listing(), "text/html; charset=utf-8")
            else:
                self._file(path)

        def _file(self, path: str) -> None:
            """A file of the outputs, never one outside them; HTML pages get the reloader (and the error)."""
            name = path.removeprefix("/files/").lstrip("/")
            root = preview.out.resolve()
            try:
                real = (preview.out / name).resolve()
            except (OSError, RuntimeError):
                real = root
            inside = real.is_relative_to(root) and ".octavo-cache" not in real.relative_to(root).parts[:1]
            if not inside or not real.is_file():
                page = "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Not built</title></head>" \
                       "<body><p>Nothing here yet: no build has made this page.</p></body></html>"
                self._send(self._with_reloader(page).encode("utf-8"), "text/html; charset=utf-8",
                           HTTPStatus.NOT_FOUND)
                return
            data = real.read_bytes()
            kind = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
            if kind == "text/html":
                data = self._with_reloader(data.decode("utf-8")).encode("utf-8")
                kind = "text/html; charset=utf-8"
            self._send(data, kind)

        def _with_reloader(self, page: str) -> str:
            """The page with the reloader script, and the last build's error at the top of the body."""
            state = preview.state()
            failed = "1" if state["error"] else "0"
            extra = (f"<script src='{OWN}reload.js' data-generation='{state['generation']}' "
                     f"data-failed='{failed}'></script>")
            if state["error"]:
                extra = banner(str(state["error"])) + extra
            at = page.rfind("</body>")
            return page[:at] + extra + page[at:] if at >= 0 else page + extra

        def _listing(self) -> bytes:
            """The EPUB, PDFs and packages of the last good build, to download."""
            names = sorted(entry.name for entry in preview.out.iterdir()
                           if entry.suffix in (".epub", ".pdf", ".zip", ".imscc") and entry.exists())
            items = "".join(f"<li><a href='/files/{html.escape(name)}'>{html.escape(name)}</a></li>" for name in names)
            page = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Editions</title></head>"
                    f"<body><h1>Editions</h1><ul>{items}</ul><p><a href='/'>The web edition</a></p></body></html>")
            return self._with_reloader(page).encode("utf-8")

        def _redirect(self, where: str) -> None:
            """Send the browser elsewhere."""
            self.send_response(HTTPStatus.FOUND)
            self.send_header("Location", where)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _send(self, data: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK) -> None:
            """One response, never cached by the browser (the next build may change it)."""
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

    return Handler


def _watched(change: watchfiles.Change, path: str) -> bool:
    """Whether a change is the editor's work on the book (not a swap or backup file, nor a version-control folder)."""
    return watchfiles.DefaultFilter()(change, path) and not path.endswith(IGNORED_SUFFIXES)


def serve(book: Path, out: Path, port: int, progress: Progress, builds: list[Callable[[], object]]) -> int:
    """Build, serve on 127.0.0.1:`port` (0: a free one), and build again on every save until Ctrl-C.

    `builds` run in turn: the first makes what the open page shows (it reloads when that is done), the others the
    rest (a failure in any of them shows its error on the page).
    """
    preview = Preview(out)

    def rebuild() -> None:
        for number, build in enumerate(builds):
            try:
                build()
            except BookError as error:
                progress.say(f"error: {error}")
                preview.built(str(error))
                return
            if number == 0:
                preview.built()

    rebuild()
    server = ThreadingHTTPServer((LOOPBACK, port), handler_for(preview))
    thread = threading.Thread(target=server.serve_forever, name="octavo-serve", daemon=True)
    thread.start()
    progress.say(f"Serving {book}/ at http://{LOOPBACK}:{server.server_address[1]}/ (editions at /files/); "
                 "rebuilding on every save; Ctrl-C stops")
    try:
        for _changes in watchfiles.watch(book, watch_filter=_watched, debounce=300, raise_interrupt=False):
            progress.say("A file of the book changed: building again…")
            rebuild()
    except Interrupted as stop:
        if stop.switched is not None:  # stopped in the middle of a build: the build's own message says what holds
            raise
    finally:
        server.shutdown()
        server.server_close()
    progress.say("Stopped serving.")
    return 0
