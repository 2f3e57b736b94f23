"""The renderer lifecycle: prepare, write each document, finish — into a staging folder."""

from __future__ import annotations

import copy
from pathlib import Path

from octavo.errors import Warnings
from octavo.manuscript import Book
from octavo.outputs import commit_dir, discard_dir, staging_dir


class Renderer:
    """One output format; works on its own copy of the manuscript."""

    name = ""
    folder = ""

    def __init__(self, book: Book, out: Path, warnings: Warnings, options: dict | None = None) -> None:
        self.book = copy.deepcopy(book)
        self.out = out
        self.warnings = warnings
        self.options = options or {}

    def prepare(self) -> None:
        """Compute what every document needs."""

    def write(self, target: Path) -> None:
        """Write every document into `target`."""
        raise NotImplementedError

    def finish(self, target: Path) -> None:
        """Write the closing files (indexes, packages)."""

    def render(self) -> Path:
        """Run the lifecycle; the output replaces the old one only when it is complete."""
        final = self.out / self.folder
        final.parent.mkdir(parents=True, exist_ok=True)
        target = staging_dir(final)
        try:
            self.prepare()
            self.write(target)
            self.finish(target)
        except BaseException:
            discard_dir(target)
            raise
        commit_dir(target, final)
        return final
