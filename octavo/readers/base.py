"""What every reader takes and gives back: one signature for all source kinds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from octavo.errors import Warnings
from octavo.manuscript import Chapter
from octavo.sourcetext import SourceText


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


class Reader(Protocol):
    """A reader turns one source's text into chapters."""

    def __call__(self, source: SourceText, options: ReaderOptions) -> SourceDocument: ...
