"""What every edition presents alike: the outline of numbered parts, creator lines, numerals, who's who, index."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from octavo.core.text import slugify
from octavo.manuscript import Book, BookMetadata, Chapter, Part
from octavo.typesetting.index import Entry

CREATOR_LABELS = {"author": "by", "editor": "edited by", "compiler": "compiled by", "translator": "translated by",
                  "contributor": "with"}
NUMERALS = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
            (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def roman(number: int) -> str:
    """A number in lower-case roman numerals (folios of the front matter)."""
    text = ""
    for value, letters in NUMERALS:
        count, number = divmod(number, value)
        text += letters * count
    return text


def part_label(number: int) -> str:
    """`Part IV` for the fourth part."""
    return f"Part {roman(number).upper()}"


def creator_lines(metadata: BookMetadata) -> list[dict[str, str]]:
    """`Compiled by` and the name, for each creator."""
    return [{"label": CREATOR_LABELS.get(c["role"], "by").capitalize(), "name": c["name"]} for c in metadata.creators]


def whos_who(book: Book, index: list[Entry], link_prefix: str) -> list[dict[str, Any]]:
    """The who's who in sort order, each person linked to their index entry when they have one."""
    indexed = {entry.term: entry.id for entry in index}
    return [{"id": f"person-{slugify(p.name)}", "sort_as": p.sort_as, "description": p.description,
             "index": f"{link_prefix}#{indexed[p.sort_as]}" if p.sort_as in indexed else ""}
            for p in sorted(book.people, key=lambda p: p.sort_as.lower())]


@dataclass(frozen=True)
class OutlinePart:
    """A part in the outline, with its number and label (`Part II`)."""

    part: Part
    number: int

    @property
    def label(self) -> str:
        """`Part II`."""
        return part_label(self.number)


@dataclass(frozen=True)
class OutlineChapter:
    """A chapter in the outline: in the front matter or the body, and whether a part holds it."""

    chapter: Chapter
    front: bool = False
    in_part: bool = False


def outline(book: Book) -> list[OutlinePart | OutlineChapter]:
    """The book in reading order: front-matter chapters, then each part (numbered) followed by its chapters."""
    items: list[OutlinePart | OutlineChapter] = [OutlineChapter(chapter, front=True) for chapter in book.front]
    parts = 0
    for item in book.body:
        if isinstance(item, Part):
            parts += 1
            items.append(OutlinePart(item, parts))
            items.extend(OutlineChapter(chapter, in_part=True) for chapter in item.chapters)
        else:
            items.append(OutlineChapter(item))
    return items


def index_entries(index: list[Entry], locate: Callable[[Entry], Any], key: str) -> list[dict[str, Any]]:
    """The index for a template: each entry and sub-entry with its locators under `key`, as `locate` gives them."""
    return [{"id": e.id, "term": e.term, "see": e.see, "see_id": e.see_id, key: locate(e),
             "subs": [{"id": s.id, "term": s.term, key: locate(s)} for s in e.subs]} for e in index]
