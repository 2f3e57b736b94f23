"""What every reader takes and gives back: one signature for all source kinds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from octavo.errors import Warnings
from octavo.manuscript import Chapter
from octavo.sources.sourcetext import SourceText


@dataclass
class ReaderOptions:
    """Settings a reader may use: the source's reference key and the book's rules."""

    warnings: Warnings
    reference_key: str = ""
    boilerplate: Any = None


@dataclass
class SourceDocument:
    """What a reader makes of one source: its title, its chapters, and a reference for it."""

    kind: str
    title: str
    chapters: list[Chapter]
    reference: dict[str, Any] | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


def byline(authors: list[str]) -> str:
    """The names a chapter is credited to, as a reader says them: 'A', 'A and B', 'A, B and C'."""
    names = [" ".join(name.split()) for name in authors if name.strip()]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}" if names else ""


def credit(document: SourceDocument, authors: list[str]) -> None:
    """Credit each chapter of a document to its authors, where the reader found none of its own."""
    for chapter in document.chapters:
        chapter.attribution = chapter.attribution or byline(authors)


class Reader(Protocol):
    """A reader turns one source's text into chapters."""

    def __call__(self, source: SourceText, options: ReaderOptions) -> SourceDocument: ...
