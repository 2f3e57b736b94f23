"""Hostile and broken sources: each builds or fails cleanly, in time, and nothing leaks or is fetched."""

from __future__ import annotations

import http.server
import re
import shutil
import subprocess
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES, run_cli
from lxml import etree, html

HOSTILE = FIXTURES / "hostile"
# A guard against hangs, not a timing. The default build lays the book out twice (the handout, and the trade
# edition the EPUB's page list follows); the 420 kB single line below is about 110 A4 pages and builds in about
# 35 s on an idle 2-core machine. A step that grew with the square of the line's length would take minutes.
TIME_BOUND = 300
LONG_LINE_WORDS = 84_000
PASSWD_SIGN = "root:x:0:0"
# Octavo's own scripts and form: the SCORM runtime, and the contents page's go-to-page box (its form of the
# template's own words, and its table of pages: JSON in which `<` is always escaped, so nothing from a source can
# close the element early).
OWN_SCRIPTS = re.compile(r'<script src="web_resources/(?:sco|go-to-page)\.js" defer></script>'
                         r'|<script type="application/json" id="page-table">[^<]*</script>'
                         r'|<form class="go-to-page" id="go-to-page" [^>]*>.*?</form>', re.DOTALL)


def without_own_scripts(text: str) -> str:
    """A page's HTML without Octavo's own scripts and form, so that any left came from a source."""
    return OWN_SCRIPTS.sub("", text)
KINDS = {"scripts.md": "markdown", "capture.txt": "qa-page", "note.md": "wiki-note", "entities.html": "html",
         "bomb.md": "wiki-note", "broken-front.md": "wiki-note", "latin1.txt": "markdown", "empty.md": "markdown",
         "mixed-scripts.md": "markdown", "long-line.txt": "markdown", "utf16.txt": "markdown",
         "bom.md": "markdown"}
MUST_FAIL = {"bomb.md": "aliases", "broken-front.md": "YAML error", "empty.md": "is empty"}


class _Counter(http.server.BaseHTTPRequestHandler):
    """Counts every request: a build must make none."""

    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        _Counter.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"fetched")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[int]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()


def write_source(name: str, folder: Path, port: int) -> None:
    target = folder / "sources" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if name == "long-line.txt":
        target.write_text("word " * LONG_LINE_WORDS + "\n", encoding="utf-8")
    elif name == "utf16.txt":
        target.write_bytes("Ein Kapitel über Häfen — in UTF-16.\n\nZweiter Absatz.\n".encode("utf-16"))
    elif name == "bom.md":
        target.write_bytes("\ufeff# Mit BOM\n\nText mit Umlauten: äöü.\n".encode())
    else:
        data = (HOSTILE / name).read_bytes().replace(b"PORT", str(port).encode())
        target.write_bytes(data)


def make_book(name: str, folder: Path, port: int) -> Path:
    write_source(name, folder, port)
    (folder / "book.yaml").write_text(
        f"title: Hostile {name}\nlanguage: en\ncontents:\n  - file: sources/{name}\n    kind: {KINDS[name]}\n",
        encoding="utf-8")
    return folder


def output_texts(out: Path) -> dict[str, str]:
    """Every output's text: manuscript files, web pages, EPUB and package members, PDF text and raw PDF bytes."""
    texts: dict[str, str] = {}
    for path in out.rglob("*"):
        if path.suffix in (".md", ".yaml", ".json", ".html", ".css"):
            texts[str(path)] = without_own_scripts(path.read_text(encoding="utf-8"))
        elif path.suffix in (".imscc", ".zip"):
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    data = archive.read(member)
                    if member.endswith(".pdf"):
                        texts[f"{path}!{member}!raw"] = data.decode("latin-1")
                    elif member.endswith((".html", ".xml", ".css")):
                        texts[f"{path}!{member}"] = without_own_scripts(data.decode("utf-8"))
        elif path.suffix == ".epub":
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    texts[f"{path}!{member}"] = archive.read(member).decode("utf-8", errors="replace")
        elif path.suffix == ".pdf":
            texts[str(path)] = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                              check=True).stdout
            texts[f"{path}!raw"] = path.read_bytes().decode("latin-1")
    return texts


def assert_nothing_leaks(texts: dict[str, str]) -> None:
    for where, text in texts.items():
        assert PASSWD_SIGN not in text, where
        assert "<script" not in text.lower(), where
        assert "<iframe" not in text.lower() and "<form" not in text.lower(), where
        assert not re.search(r"\]\(\s*javascript:", text, re.IGNORECASE), where
        if where.endswith((".xhtml", ".html")):
            root = html.fromstring(text.encode("utf-8"))
            for element in root.iter():
                if not isinstance(element.tag, str):
                    continue
                for name, value in element.attrib.items():
                    assert not name.lower().startswith("on"), (where, name)
                    if name in ("href", "src"):
                        assert not value.strip().lower().startswith(("javascript:", "file:", "http://127.")), \
                            (where, value)
        if where.endswith("!raw"):
            assert "/JavaScript" not in text and "/JS " not in text, where


@pytest.mark.parametrize("name", sorted(KINDS))
def test_hostile_source_builds_or_fails_cleanly(name: str, tmp_path: Path, server: int) -> None:
    book = make_book(name, tmp_path / "book", server)
    out = tmp_path / "out"
    try:
        done = run_cli("--book", str(book), "--out", str(out), "-q", timeout=TIME_BOUND)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{name}: the build took longer than {TIME_BOUND} s")
    assert "Traceback" not in done.stderr, done.stderr
    if name in MUST_FAIL:
        assert done.returncode == 1, done.stderr
        assert MUST_FAIL[name] in done.stderr and f"sources/{name}" in done.stderr
        assert re.search(r"error: \S+: .+ — .+", done.stderr), done.stderr
    else:
        assert done.returncode == 0, done.stderr
        assert {p.suffix or p.name for p in out.iterdir() if not p.name.startswith(".")} == {
            ".epub", ".pdf", ".imscc", ".zip", "manuscript", "web"}
    assert_nothing_leaks(output_texts(out))
    assert _Counter.requests == [], f"{name} made the build fetch {_Counter.requests}"


def test_hostile_text_survives_where_it_should(tmp_path: Path, server: int) -> None:
    book = make_book("scripts.md", tmp_path / "book", server)
    done = run_cli("--book", str(book), "--out", str(tmp_path / "out"), "--formats", "manuscript")
    assert done.returncode == 0, done.stderr
    text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out" / "manuscript").glob("*.md"))
    for kept in ("An honest first paragraph", "the ledger", "[the real site](https://example.org/)",
                 "The last honest sentence stays."):
        assert kept in text
    assert "warning: sources/scripts.md" in done.stderr and "removed" in done.stderr


def test_encodings_and_scripts_come_through(tmp_path: Path, server: int) -> None:
    for name, expected in [("latin1.txt", "Café au lait, naïve façade – a Latin-1"), ("utf16.txt", "über Häfen"),
                           ("bom.md", "Umlauten: äöü"), ("mixed-scripts.md", "مرحبا بالعالم")]:
        book = make_book(name, tmp_path / name, server)
        done = run_cli("--book", str(book), "--out", str(tmp_path / f"{name}-out"), "--formats", "manuscript,epub")
        assert done.returncode == 0, done.stderr
        manuscript = "".join(p.read_text(encoding="utf-8")
                             for p in (tmp_path / f"{name}-out" / "manuscript").glob("*.md"))
        assert expected in manuscript, name
        if name == "latin1.txt":
            assert "Windows-1252 (a guess)" in done.stderr
        if name == "mixed-scripts.md":
            for sample in ("שלום עולם", "你好，世界", "🚢⚓", "e\u0301", "Сталин"):
                assert sample in manuscript
    done = run_cli("--book", str(tmp_path / "mixed-scripts.md"), "--out", str(tmp_path / "pdf-out"),
                   "--formats", "pdf")
    assert done.returncode == 0, done.stderr
    assert "has no glyph for '你'" in done.stderr and "has no glyph for 'م'" in done.stderr
    assert "no glyph for 'С'" not in done.stderr


def test_external_entities_are_not_expanded(tmp_path: Path, server: int) -> None:
    book = make_book("entities.html", tmp_path / "book", server)
    done = run_cli("--book", str(book), "--out", str(tmp_path / "out"), "--formats", "manuscript")
    assert done.returncode == 0, done.stderr
    text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out" / "manuscript").glob("*.md"))
    assert "lighthouses and their keepers" in text
    assert PASSWD_SIGN not in text and "fetched" not in text and "lollollol" not in text


def test_failed_build_keeps_every_previous_output(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(FIXTURES / "small-book", book)
    out = tmp_path / "out"
    assert run_cli("--book", str(book), "--out", str(out), "-q").returncode == 0
    before = {p.name: p.read_bytes() for p in out.glob("*.*") if not p.name.startswith(".")}
    manuscript = {p.name: p.read_bytes() for p in (out / "manuscript").iterdir()}
    chapter = book / "sources" / "bells.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA new line.\n\n![Tower](images/tower.png)\n",
                       encoding="utf-8")
    done = run_cli("--book", str(book), "--out", str(out), "-q")
    assert done.returncode == 1 and "images/tower.png" in done.stderr
    assert {p.name: p.read_bytes() for p in out.glob("*.*") if not p.name.startswith(".")} == before
    assert {p.name: p.read_bytes() for p in (out / "manuscript").iterdir()} == manuscript
    assert not (out / ".octavo-staging").exists()


def test_two_builds_into_one_folder_are_refused(tmp_path: Path) -> None:
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".octavo.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        done = run_cli("--book", str(FIXTURES / "small-book"), "--out", str(out), "--formats", "manuscript")
    assert done.returncode == 1
    assert "another build is writing into" in done.stderr and "wait for it to finish" in done.stderr


def test_internal_error_exits_2_with_a_short_report(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from octavo import cli
    from octavo.editions import RENDERERS
    from octavo.editions.base import Renderer

    class Broken(Renderer):
        name = "broken"

        def output_name(self) -> str:
            return "broken"

        def write(self, target: Path) -> None:
            raise ZeroDivisionError("a bug")

    monkeypatch.setitem(RENDERERS, "broken", Broken)
    code = cli.main(["--book", str(FIXTURES / "small-book"), "--out", str(tmp_path), "--formats", "broken", "-q"])
    err = capsys.readouterr().err
    assert code == 2
    assert "internal error: ZeroDivisionError: a bug" in err and "Traceback" not in err


def test_xml_parsing_never_loads_entities() -> None:
    from octavo.editions.epub.package import _package_language

    hostile = b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><package>&x;</package>'
    result = _package_language(hostile, "en")
    assert PASSWD_SIGN.encode() not in result and b"&x;" in result  # left as an unexpanded reference
    plain = _package_language(b"<package/>", "en")
    assert etree.fromstring(plain).get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_oversized_source_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    book = tmp_path / "book"
    (book / "sources").mkdir(parents=True)
    with open(book / "sources" / "huge.md", "wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    (book / "book.yaml").write_text("title: Huge\ncontents:\n  - file: sources/huge.md\n    kind: markdown\n",
                                    encoding="utf-8")
    done = run_cli("--book", str(book), "--out", str(tmp_path / "out"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "error: sources/huge.md: is 21 MiB, over the 20 MiB limit for one source — split it" in done.stderr
