"""The manuscript: typed, plain data for a book between its readers and its renderers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

BlockKind = Literal["paragraph", "heading", "quotation", "callout", "markdown"]
"""A block's kind: prose, a heading (with its level), a titled quotation or callout, or Markdown from pandoc."""
NoteKind = Literal["source-time", "editorial"]
"""Where a note comes from: a time stamp in the source (a link into the video), or the editor."""
ChapterRole = Literal["chapter", "introduction"]
"""An introduction goes to the front matter; a chapter to the body."""


@dataclass(frozen=True)
class Provenance:
    """Where a piece of the manuscript came from: a book-relative file and a line."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass
class Note:
    """A note called from the text by `[^id]`: source-time, editorial or author's note."""

    id: str
    kind: NoteKind
    text: str
    provenance: Provenance
    citation_key: str = ""
    link: str = ""
    seconds: int | None = None


@dataclass
class Block:
    """One block of a chapter, its text in Pandoc Markdown.

    kinds: paragraph, heading (with level), quotation and callout (with title), markdown
    (a block already in Pandoc Markdown, from pandoc's readers).
    """

    kind: BlockKind
    text: str
    provenance: Provenance
    level: int = 0
    title: str = ""
    style: str = ""


@dataclass
class Chapter:
    """A chapter (or the introduction): title, blocks and the notes they call."""

    title: str
    blocks: list[Block]
    provenance: Provenance
    role: ChapterRole = "chapter"
    id: str = ""
    attribution: str = ""
    notes: list[Note] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    def note(self, note_id: str) -> Note:
        """The note with this id."""
        for note in self.notes:
            if note.id == note_id:
                return note
        raise KeyError(note_id)


@dataclass
class Part:
    """A part: a titled group of chapters."""

    title: str
    chapters: list[Chapter]
    id: str = ""


@dataclass
class Person:
    """An entry of the names authority: canonical name, variants and one line about them."""

    name: str
    sort_as: str
    variants: list[str]
    description: str
    provenance: Provenance


@dataclass
class EditorialRecord:
    """One editorial change made by a transform, kept for review."""

    action: str
    detail: str
    where: Provenance
    chapter: str
    count: int = 1


@dataclass
class IndexSubject:
    """An editor's index subject: its term, the words that mark it, sub-entries and a 'see' reference."""

    term: str
    match: list[str]
    see: str = ""
    subs: list[IndexSubject] = field(default_factory=list)


@dataclass
class BookMetadata:
    """Title page and catalogue facts about the book."""

    title: str
    language: str = "en"
    subtitle: str = ""
    creators: list[dict[str, str]] = field(default_factory=list)
    publisher: str = ""
    date: str = ""
    rights: str = ""
    description: str = ""
    identifier: str = ""
    subjects: list[str] = field(default_factory=list)
    labels: dict[str, str | list[str] | dict[str, str]] = field(default_factory=dict)  # book.yaml's own words


@dataclass
class Book:
    """The whole manuscript: metadata, front matter, parts and loose chapters, apparatus."""

    metadata: BookMetadata
    front: list[Chapter] = field(default_factory=list)
    body: list[Part | Chapter] = field(default_factory=list)
    references: list[dict[str, Any]] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    log: list[EditorialRecord] = field(default_factory=list)
    index_subjects: list[IndexSubject] = field(default_factory=list)

    def chapters(self) -> list[Chapter]:
        """Every chapter in reading order, front matter first."""
        found = list(self.front)
        for item in self.body:
            found.extend(item.chapters if isinstance(item, Part) else [item])
        return found

    def parts(self) -> list[Part]:
        """The parts in order."""
        return [item for item in self.body if isinstance(item, Part)]

    def part_of(self, chapter: Chapter) -> Part | None:
        """The part that holds a chapter, if any."""
        for part in self.parts():
            if any(c is chapter for c in part.chapters):
                return part
        return None
