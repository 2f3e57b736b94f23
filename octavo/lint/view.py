"""The book as lint reads it: each title, heading, block and note of the edited manuscript, with its source lines."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal

from octavo.core.confine import inside_book
from octavo.errors import BookError, Warnings
from octavo.manuscript import Block, Book, Provenance
from octavo.settings import BookSettings, PartEntry, SourceEntry
from octavo.sources.readers import detect_kind
from octavo.sources.readers.boilerplate import load_boilerplate
from octavo.sources.sourcetext import read_source

# Kinds whose files are the text as written, line for line: their lines can be checked for quotes and spaces.
TEXT_KINDS = frozenset({"markdown", "qa-page", "wiki-note"})
ATX = re.compile(r"(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*(?:\{[^{}]*\})?[ \t]*")
CODE_BLOCK = re.compile(r"(?:`{3,}|~{3,}| {4}|\t)")
Role = Literal["title", "heading", "text", "note"]
"""What a passage is: a chapter or block title, a heading, a block's text, or a note's text."""


@dataclass(frozen=True)
class SourceLine:
    """One line of a source file as written: its number and its text."""

    number: int
    text: str


@dataclass(frozen=True)
class Passage:
    """A piece of the edited manuscript to check, where it came from, and the source lines it was read from."""

    text: str
    where: Provenance
    role: Role
    chapter: int
    correctable: bool
    level: int = 0
    lines: tuple[SourceLine, ...] = ()

    def line_of(self, pattern: re.Pattern[str]) -> int | None:
        """The source line where `pattern` is found in this passage's lines, else the passage's own line."""
        for line in self.lines:
            if pattern.search(line.text):
                return line.number
        return self.where.line


def heading_level(block: Block) -> tuple[int, str]:
    """A heading block's level and words (a reader's heading, or an ATX heading pandoc wrote); (0, '') otherwise."""
    if block.kind == "heading":
        return block.level, block.text
    if block.kind == "markdown" and "\n" not in block.text.strip():
        match = ATX.fullmatch(block.text.strip())
        if match:
            return len(match.group(1)), match.group(2)
    return 0, ""


def _entries(settings: BookSettings) -> list[SourceEntry]:
    """Every source in book.yaml's order."""
    return [entry for item in settings.contents for entry in (item.sources if isinstance(item, PartEntry) else [item])]


def text_sources(settings: BookSettings) -> dict[str, list[str]]:
    """The lines of each source whose kind keeps its text as written, by its name in book.yaml."""
    rules = None
    found: dict[str, list[str]] = {}
    for entry in _entries(settings):
        path = inside_book(settings.folder, entry.file, entry.line)
        if not path.is_file():
            raise BookError(f"source {entry.file!r} is missing", "check the file name under `contents:`",
                            "book.yaml", entry.line)
        kind = entry.kind
        if not kind:
            if rules is None:
                own = settings.data_file("boilerplate")
                rules = load_boilerplate(own.path if own else None, own.shown_as if own else "")
            kind = detect_kind(path, path.read_bytes()[:262_144], rules)
        if kind in TEXT_KINDS:
            found[entry.file] = read_source(path, entry.file, Warnings()).lines
    return found


def _starts(book: Book, sources: dict[str, list[str]]) -> dict[str, list[int]]:
    """The line each block starts on, in each text source, in order."""
    starts: dict[str, set[int]] = {}
    for chapter in book.chapters():
        for block in chapter.blocks:
            if block.provenance.file in sources and block.provenance.line:
                starts.setdefault(block.provenance.file, set()).add(block.provenance.line)
    return {file: sorted(lines) for file, lines in starts.items()}


def _span(where: Provenance, sources: dict[str, list[str]], starts: dict[str, list[int]]) -> tuple[SourceLine, ...]:
    """The source lines a block was read from: from its first line to a blank line or the next block's line."""
    lines = sources.get(where.file)
    if not lines or not where.line:
        return ()
    following = starts[where.file]
    end = following[index] if (index := bisect_right(following, where.line)) < len(following) else len(lines) + 1
    span = []
    for number in range(where.line, min(end, len(lines) + 1)):
        if not lines[number - 1].strip():
            break
        span.append(SourceLine(number, lines[number - 1]))
    return tuple(span)


def passages(book: Book, sources: dict[str, list[str]]) -> list[Passage]:
    """Every chapter title, heading, block and note in reading order (code blocks left out)."""
    starts = _starts(book, sources)
    found: list[Passage] = []
    for index, chapter in enumerate(book.chapters()):
        found.append(Passage(chapter.title, chapter.provenance, "title", index, True))
        for block in chapter.blocks:
            if block.kind == "markdown" and CODE_BLOCK.match(block.text):
                continue
            span = _span(block.provenance, sources, starts)
            level, words = heading_level(block)
            if level:
                found.append(Passage(words, block.provenance, "heading", index, True, level, span))
            else:
                found.append(Passage(block.text, block.provenance, "text", index, True, 0, span))
            if block.title:
                found.append(Passage(block.title, block.provenance, "title", index, True))
        found.extend(Passage(note.text, note.provenance, "note", index, False) for note in chapter.notes)
    return found
