"""Writing laid-out pieces to PDF in forked children, so that the next piece lays out while the last is written.

A piece's layout (WeasyPrint's `render`) must finish before the next piece can start, as the next begins on the
page after it; its writing (`write_pdf`, about a third of the work) need not. A forked child has the laid-out
document already in memory, writes it and leaves the bytes in a file; the operating system shares the cores
between the layouts and the writing of both print editions, so the core of the shorter edition is not left idle.
Where forking is unsafe (other threads in this process, a Dask worker) each piece is written here, at once.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from octavo.editions.print.result import Piece
from octavo.errors import BookError

# Children writing at once for one edition: more would only hold more laid-out documents in memory.
AT_ONCE = 2


@dataclass
class Writing:
    """A piece whose PDF a child is writing into `path`."""

    piece: Piece
    pid: int
    path: Path


@dataclass
class PieceWriter:
    """Gives each laid-out piece its PDF: in a forked child when `fork` and this process has one thread, else now."""

    fork: bool = True
    writing: list[Writing] = field(default_factory=list)

    def write(self, piece: Piece, draw: Any) -> None:
        """Set `piece.pdf` to what `draw()` returns (bytes and WeasyPrint's messages), now or by `finish`."""
        if not (self.fork and hasattr(os, "fork") and threading.active_count() == 1):
            piece.pdf, messages = draw()
            piece.warnings.extend(messages)
            return
        while len(self.writing) >= AT_ONCE:
            self._collect(self.writing.pop(0))
        handle, name = tempfile.mkstemp(prefix="octavo-piece-", suffix=".pickle")
        os.close(handle)
        pid = os.fork()
        if pid == 0:  # the child: write, leave the bytes in the file, and go without running any cleanup
            code = 0
            try:
                made: object = draw()
            except BaseException as exc:  # noqa: BLE001 - carried back to the parent, which raises it
                made, code = exc if isinstance(exc, BookError) else BookError(
                    f"WeasyPrint could not write a page: {exc}", "see the message; report it if it persists"), 1
            try:
                Path(name).write_bytes(pickle.dumps(made))
            finally:
                os._exit(code)
        self.writing.append(Writing(piece, pid, Path(name)))

    def _collect(self, writing: Writing) -> None:
        """Wait for one child and give its piece the PDF it wrote, or raise what stopped it."""
        _, status = os.waitpid(writing.pid, 0)
        try:
            data = writing.path.read_bytes()
        finally:
            writing.path.unlink(missing_ok=True)
        if not data:
            raise BookError(f"WeasyPrint stopped while writing a page (exit status {status})",
                            "check that the book's fonts are installed; report it if it persists")
        made = pickle.loads(data)  # noqa: S301 - written just now by this process's own child
        if isinstance(made, BaseException):
            raise made
        writing.piece.pdf, messages = made
        writing.piece.warnings.extend(messages)

    def finish(self) -> None:
        """Wait until every piece has its PDF; if one fails, wait for the others and raise its error."""
        try:
            while self.writing:
                self._collect(self.writing.pop(0))
        finally:
            self.abandon()

    def abandon(self) -> None:
        """Wait for the children still writing and throw their work away (a layout failed, or one of them did)."""
        for writing in self.writing:
            os.waitpid(writing.pid, 0)
            writing.path.unlink(missing_ok=True)
        self.writing.clear()
