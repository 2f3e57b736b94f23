"""The build as `check` runs it: its warnings kept as findings, and a build error as a finding, not a crash."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TextIO

from octavo.build import Machinery, build_book
from octavo.check.findings import Finding
from octavo.errors import BookError
from octavo.progress import Progress
from octavo.settings import BuildOptions

EDITION = "book"
PLACED = re.compile(r"^(?P<file>[^\n]+?):(?P<line>[0-9]+): (?P<message>.*)$", re.DOTALL)
FILED = re.compile(r"^(?P<file>[^\s:][^:\n]*?): (?P<message>.*)$", re.DOTALL)


class KeepWarnings(Progress):
    """The build's progress display, which keeps its warnings for the report instead of printing them."""

    def __init__(self, quiet: bool = False, verbose: bool = False, stream: TextIO | None = None) -> None:
        super().__init__(quiet, verbose, stream)
        self.warnings: list[str] = []

    def warn(self, text: str) -> None:
        """Keep a warning (`file:line: what — what to do`) for the report."""
        self.warnings.append(text)


def warning_finding(text: str, book: Path) -> Finding:
    """A build warning as a finding, its `file:line` read back from its text."""
    placed = PLACED.match(text)
    if placed:
        return Finding(EDITION, "octavo", "warning", "warning", placed["file"], int(placed["line"]),
                       placed["message"])
    filed = FILED.match(text)
    if filed and (book / filed["file"]).is_file():
        return Finding(EDITION, "octavo", "warning", "warning", filed["file"], None, filed["message"])
    return Finding(EDITION, "octavo", "warning", "warning", None, None, text)


def error_finding(error: BookError) -> Finding:
    """A build error (`file:line: what is wrong — what to do`) as a finding at its file and line."""
    what = f"{error.what} — {error.todo}" if error.todo else error.what
    file = None if error.file is None else str(error.file)
    return Finding(EDITION, "octavo", "build-error", "error", file, error.line, what)


def build_for_check(book: Path, out: Path, formats: list[str],
                    progress: KeepWarnings) -> tuple[list[Path], list[Finding]]:
    """Build (through the content cache) and return what was written and the build's findings."""
    try:
        written = build_book(book, out, formats, progress, BuildOptions(), Machinery(cache=True))
    except BookError as error:
        return [], [*(warning_finding(text, book) for text in progress.warnings), error_finding(error)]
    return written, [warning_finding(text, book) for text in progress.warnings]
