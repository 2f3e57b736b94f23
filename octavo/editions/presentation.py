"""What every edition presents alike: creator lines, part labels, roman numerals and the who's who."""

from __future__ import annotations

from typing import Any

from octavo.core.text import slugify
from octavo.manuscript import Book, BookMetadata
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
