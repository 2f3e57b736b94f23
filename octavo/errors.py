"""The one error type for an author's or editor's mistake, and its printed form."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass
class BookError(Exception):
    """A problem in the book's own files that the user can fix."""

    what: str
    todo: str = ""
    file: Path | str | None = None
    line: int | None = None

    def __post_init__(self) -> None:
        super().__init__(self.message())

    def message(self) -> str:
        """Render as `file:line: what is wrong — what to do`."""
        where = ""
        if self.file is not None:
            where = str(self.file)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        text = f"{where}{self.what}"
        if self.todo:
            text += f" — {self.todo}"
        return text

    def __str__(self) -> str:
        return self.message()


class Warnings:
    """Collects editorial warnings during a build so they can be printed and tested."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, what: str, file: Path | str | None = None, line: int | None = None) -> None:
        """Record one warning, formatted like an error."""
        self.items.append(BookError(what, file=file, line=line).message())

    def __iter__(self) -> Iterator[str]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)
