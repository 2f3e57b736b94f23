"""The renderer lifecycle: prepare, write each document, finish — into the build's staging folder."""

from __future__ import annotations

import copy
from pathlib import Path

from octavo.errors import Warnings
from octavo.manuscript import Book
from octavo.typesetting.typeset import TypesetBook, typeset


class Renderer:
    """One output format; works on its own copy of the manuscript and writes only into staging."""

    name = ""

    def __init__(self, book: Book, warnings: Warnings, options: dict | None = None,
                 typeset_book: TypesetBook | None = None, shared: dict | None = None) -> None:
        self.book = copy.deepcopy(book)
        self.warnings = warnings
        self.options = options or {}
        self._typeset = typeset_book
        # What several renderers of one build need and is costly to make (a laid-out print edition).
        self.shared = {} if shared is None else shared

    @property
    def typeset_book(self) -> TypesetBook:
        """The book typeset once by the build (or here, when the renderer runs on its own)."""
        if self._typeset is None:
            self._typeset = typeset(self.book)
        return self._typeset

    def output_name(self) -> str:
        """The file or folder name of this output inside the build folder."""
        raise NotImplementedError

    def prepare(self) -> None:
        """Compute what every document needs."""

    def write(self, target: Path) -> None:
        """Write the output at `target` (a file or a folder, inside the staging folder)."""
        raise NotImplementedError

    def finish(self, target: Path) -> list[Path]:
        """Write the closing files (indexes, packages); returns any further outputs written beside the target."""
        return []

    def render(self, staging: Path) -> list[Path]:
        """Run the lifecycle into the staging folder; returns the staged outputs."""
        target = staging / self.output_name()
        self.prepare()
        self.write(target)
        return [target, *self.finish(target)]
