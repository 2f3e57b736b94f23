"""Pieces written in forked children: the same bytes as written here, their failures raised, nothing left behind."""

from __future__ import annotations

import glob
import os
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from octavo.editions.print.layout import lay_out_piece, make_layout
from octavo.editions.print.result import Piece
from octavo.editions.print.writing import PieceWriter
from octavo.errors import BookError
from octavo.typesetting.pagination import PageMap

# A writer forks only while its process has one thread, and earlier tests (Dask's) leave threads behind: the tests
# below run in a fresh interpreter, started by the last test of this file.
INNER = "OCTAVO_PIECE_WRITER_TESTS"
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="forking needs a POSIX system")
inner = pytest.mark.skipif(os.environ.get(INNER) != "1", reason="run in a fresh interpreter by test_in_one_thread")


def blank_piece() -> Piece:
    """A piece with no PDF yet."""
    return Piece(b"", 1, {}, PageMap("test"), [], [])


def leftovers() -> set[str]:
    """The writers' files in the temporary folder."""
    return set(glob.glob(os.path.join(tempfile.gettempdir(), "octavo-piece-*")))


def no_children() -> bool:
    """Whether this process has no child left to wait for."""
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@inner
def test_children_write_in_order_and_return_messages() -> None:
    before = leftovers()
    writer = PieceWriter()
    parent = os.getpid()
    pieces = [blank_piece() for _ in range(5)]
    for number, piece in enumerate(pieces):
        # Each draw reports the process it ran in, so the test sees that a child, not this process, wrote it.
        writer.write(piece, lambda n=number: (f"%PDF-{n} {os.getpid()}".encode(), [f"message {n}"]))
    writer.finish()
    for number, piece in enumerate(pieces):
        head, pid = piece.pdf.decode().split()
        assert head == f"%PDF-{number}" and int(pid) != parent
        assert piece.warnings == [f"message {number}"]
    assert leftovers() == before and no_children()


@inner
def test_without_fork_the_piece_is_written_at_once() -> None:
    piece = blank_piece()
    PieceWriter(fork=False).write(piece, lambda: (str(os.getpid()).encode(), []))
    assert piece.pdf == str(os.getpid()).encode()


@inner
def test_a_failing_child_raises_a_book_error_and_leaves_nothing() -> None:
    before = leftovers()
    writer = PieceWriter()

    def fails() -> tuple[bytes, list[str]]:
        raise RuntimeError("no glyph")

    writer.write(blank_piece(), fails)
    writer.write(blank_piece(), lambda: (b"%PDF", []))
    with pytest.raises(BookError, match="could not write a page: no glyph"):
        writer.finish()
    assert leftovers() == before and no_children() and not writer.writing


@inner
def test_a_child_killed_by_a_signal_is_an_error() -> None:
    writer = PieceWriter()
    writer.write(blank_piece(), lambda: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(BookError, match="stopped while writing"):
        writer.finish()
    assert no_children()


@inner
def test_abandoned_writing_is_waited_for_and_removed() -> None:
    before = leftovers()
    writer = PieceWriter()
    writer.write(blank_piece(), lambda: (b"%PDF", []))
    writer.abandon()
    assert leftovers() == before and no_children()


@inner
def test_forked_weasyprint_piece_has_the_same_bytes(tmp_path: Path) -> None:
    styles = Path(__file__).resolve().parent.parent / "styles"
    layout = make_layout([styles / "print.css", styles / "print-handout.css"], None, "A4", "pdf/ua-1", None)
    html = ("<html lang='en'><head><title>Piece</title></head><body><section class='chapter'>"
            "<h1 class='chapter-title'>One</h1>" + "<p>Words on a page, again and again.</p>" * 120
            + "</section></body></html>")
    here = lay_out_piece(layout, html, 3, False, "test")
    writer = PieceWriter()
    forked = lay_out_piece(layout, html, 3, False, "test", writer=writer)
    assert forked.pdf == b""  # still being written by the child
    writer.finish()
    assert forked.pdf == here.pdf and forked.pdf.startswith(b"%PDF")
    assert forked.pages == here.pages > 1


def test_in_one_thread() -> None:
    if os.environ.get(INNER) == "1":
        assert threading.active_count() == 1, "the fresh interpreter has one thread, so the writer forks"
        return
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", __file__],
                          env={**os.environ, INNER: "1"}, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "7 passed" in done.stdout, done.stdout[-2000:]
