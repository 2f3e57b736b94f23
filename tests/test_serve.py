"""`serve`: the preview loads, a save shows without a restart, a broken book keeps the last good page, loopback only."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

WAIT = 90  # seconds: a ceiling that only a hang reaches; the build itself takes a few seconds


class Preview:
    """A running `build.py serve` and how to ask it things."""

    def __init__(self, process: subprocess.Popen[str], port: int) -> None:
        self.process = process
        self.base = f"http://127.0.0.1:{port}"

    def get(self, path: str) -> tuple[int, str]:
        """Status and text of a page."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=30) as answer:  # noqa: S310 - loopback only
                return answer.status, answer.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def state(self) -> dict[str, object]:
        """The current build's generation and the last build's error."""
        return dict(json.loads(self.get("/__octavo/state")[1]))

    def wait_for(self, test: object, what: str) -> dict[str, object]:
        """Poll the state until `test(state)` holds."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            state = self.state()
            if test(state):  # type: ignore[operator]
                return state
            time.sleep(0.2)
        raise AssertionError(f"the preview never showed {what}: {self.state()}")

    def pages(self) -> str:
        """Every page of the web edition, from the contents page's links."""
        _, contents = self.get("/web/00-contents.html")
        names = sorted(set(re.findall(r'href="([^"/#]+\.html)', contents)))
        return contents + "".join(self.get(f"/web/{name}")[1] for name in names)


@pytest.fixture()
def preview(tmp_path: Path) -> Iterator[tuple[Preview, Path]]:
    """`serve` on a copy of the small book, on a free loopback port."""
    book = tmp_path / "book"
    shutil.copytree(FIXTURES / "small-book", book)
    env = dict(os.environ, PYTHONPATH=str(ROOT), SOURCE_DATE_EPOCH="1790000000")
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--book", str(book), "--out",
                                str(tmp_path / "out"), "--port", "0"], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, env=env, cwd=tmp_path)
    assert process.stdout is not None
    port = 0
    deadline = time.monotonic() + WAIT
    while not port and time.monotonic() < deadline:
        line = process.stdout.readline()
        assert line or process.poll() is None, "serve ended before serving"
        found = re.search(r"Serving .* at http://127\.0\.0\.1:(\d+)/", line)
        port = int(found[1]) if found else 0
    assert port, "serve never said where it serves"
    try:
        yield Preview(process, port), book
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def listening_addresses(pid: int) -> list[tuple[str, str]]:
    """(table, local address) of every socket the process listens on, from /proc."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        target = os.readlink(fd)
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                found.append((table, fields[1]))
    return found


def test_serve_previews_rebuilds_on_save_and_keeps_the_last_good_book(preview: tuple[Preview, Path]) -> None:
    server, book = preview
    status, contents = server.get("/")
    assert status == 200 and "A Small Book of Bells" in contents
    assert "/__octavo/reload.js" in contents
    status, script = server.get("/__octavo/reload.js")
    assert status == 200 and "/__octavo/state" in script and "http" not in script  # nothing from outside
    assert ".epub" in server.get("/files/")[1]
    assert server.get("/files/../../../etc/passwd")[0] == 404 and server.get("/.octavo-cache/")[0] == 404

    addresses = listening_addresses(server.process.pid)
    assert addresses and all(table == "tcp" and address.startswith("0100007F:") for table, address in addresses)

    first = server.state()["generation"]
    source = book / "sources" / "bells.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nThe tenor bell was recast in the spring.\n",
                      encoding="utf-8")
    server.wait_for(lambda state: state["generation"] != first and not state["error"], "the saved source")
    assert "The tenor bell was recast in the spring." in server.pages()

    settings = (book / "book.yaml").read_text(encoding="utf-8")
    (book / "book.yaml").write_text(settings + "titel: A Typo\n", encoding="utf-8")
    state = server.wait_for(lambda state: "titel" in str(state["error"]), "the broken book.yaml")
    assert re.match(r"book\.yaml:\d+: unknown key 'titel'", str(state["error"]))
    status, page = server.get("/web/00-contents.html")
    assert status == 200 and "octavo-error" in page and "book.yaml:" in page
    assert "The tenor bell was recast in the spring." in server.pages()  # the last good build, still served

    (book / "book.yaml").write_text(settings, encoding="utf-8")
    server.wait_for(lambda state: not state["error"], "the mended book.yaml")
    assert "octavo-error" not in server.get("/web/00-contents.html")[1]

    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(timeout=WAIT) == 0
