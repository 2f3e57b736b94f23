"""Find an editor's anchor text in the manuscript, for notes and citations placed by data."""

from __future__ import annotations

from dataclasses import dataclass

from octavo.errors import BookError
from octavo.manuscript import Block, Book, Chapter

CLOSING = ".,;:!?)]\"”’'"


@dataclass
class Spot:
    """Where an anchor text stands: chapter, block and the character offset after it."""

    chapter: Chapter
    block: Block
    end: int


def find_anchor(book: Book, anchor: str, shown_as: str, line: int | None) -> Spot:
    """The one place an anchor stands; an error if it stands nowhere or in several places."""
    spots = [
        Spot(chapter, block, block.text.find(anchor) + len(anchor))
        for chapter in book.chapters()
        for block in chapter.blocks
        if anchor in block.text
    ]
    if not spots:
        raise BookError(
            f"the text {anchor!r} is not in any chapter",
            "copy the words exactly from build/manuscript/ (after corrections)",
            shown_as,
            line,
        )
    repeated = sum(spot.block.text.count(anchor) for spot in spots)
    if repeated > 1:
        raise BookError(
            f"the text {anchor!r} stands in {repeated} places",
            "give more words so the anchor is found once",
            shown_as,
            line,
        )
    return spots[0]


def after_closing(text: str, end: int) -> int:
    """Move past punctuation that closes the sentence or quotation at `end`."""
    while end < len(text) and text[end] in CLOSING:
        end += 1
    return end


def insert_at(block: Block, offset: int, insertion: str) -> None:
    """Insert Markdown into a block's text."""
    block.text = block.text[:offset] + insertion + block.text[offset:]
