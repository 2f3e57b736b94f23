"""What every edition presents alike: the outline of numbered parts, creator lines, numerals, who's who, index."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from octavo.core.text import slugify
from octavo.labels import labels_of
from octavo.labels import roman as roman  # the front matter's folios, also for print's layout
from octavo.manuscript import Book, BookMetadata, Chapter, Part
from octavo.typesetting.index import Entry


def creator_lines(metadata: BookMetadata) -> list[dict[str, str]]:
    """`Compiled by` and the name, for each creator, in the book's language."""
    labels = labels_of(metadata)
    return [{"label": labels.text(f"by_{c['role']}" if f"by_{c['role']}" in labels.texts else "by_author"),
             "name": c["name"]} for c in metadata.creators]


def whos_who(book: Book, index: list[Entry], link_prefix: str) -> list[dict[str, Any]]:
    """The who's who in sort order, each person linked to their index entry when they have one."""
    indexed = {entry.term: entry.id for entry in index}
    return [{"id": f"person-{slugify(p.name)}", "sort_as": p.sort_as, "description": p.description,
             "index": f"{link_prefix}#{indexed[p.sort_as]}" if p.sort_as in indexed else ""}
            for p in sorted(book.people, key=lambda p: p.sort_as.lower())]


@dataclass(frozen=True)
class OutlinePart:
    """A part in the outline, with its number, its label (`Part II`) and its heading (`Part II: Title`)."""

    part: Part
    number: int
    label: str
    heading: str


@dataclass(frozen=True)
class OutlineChapter:
    """A chapter in the outline: in the front matter or the body, and whether a part holds it."""

    chapter: Chapter
    front: bool = False
    in_part: bool = False


def outline(book: Book) -> list[OutlinePart | OutlineChapter]:
    """The book in reading order: front-matter chapters, then each part (numbered) followed by its chapters."""
    items: list[OutlinePart | OutlineChapter] = [OutlineChapter(chapter, front=True) for chapter in book.front]
    labels = labels_of(book.metadata)
    parts = 0
    for item in book.body:
        if isinstance(item, Part):
            parts += 1
            label = labels.part(parts)
            items.append(OutlinePart(item, parts, label, labels.text("part_and_title", label=label, title=item.title)))
            items.extend(OutlineChapter(chapter, in_part=True) for chapter in item.chapters)
        else:
            items.append(OutlineChapter(item))
    return items


def linked_locators(book: Book, anchors: dict[str, str],
                    place: Callable[[str], str]) -> Callable[[Entry], list[dict[str, str]]]:
    """Index locators for a reflowable edition: each mention linked at `place(chapter id)`, once per name.

    A mention is named by the printed page its anchor falls on (`anchors`, the page map's), else by its chapter
    ("ch. 3", or "intro." for an introduction, which the chapters' numbering skips), in the EPUB and on the web alike.
    """
    labels = labels_of(book.metadata)
    numbered = [chapter for chapter in book.chapters() if chapter.role != "introduction"]
    names = {chapter.id: labels.text("chapter_locator", number=number)
             for number, chapter in enumerate(numbered, start=1)}
    names.update({chapter.id: labels.text("introduction_locator") for chapter in book.chapters()
                  if chapter.role == "introduction"})

    def locators(entry: Entry) -> list[dict[str, str]]:
        seen: dict[str, dict[str, str]] = {}
        for locator in entry.locators:
            page = anchors.get(locator.anchor)
            key, label = (f"page {page}", page) if page else (locator.chapter, names[locator.chapter])
            seen.setdefault(key, {"href": f"{place(locator.chapter)}#{locator.anchor}", "label": label})
        return list(seen.values())

    return locators


def index_entries(index: list[Entry], locate: Callable[[Entry], Any], key: str) -> list[dict[str, Any]]:
    """The index for a template: each entry and sub-entry with its locators under `key`, as `locate` gives them."""
    return [{"id": e.id, "term": e.term, "see": e.see, "see_id": e.see_id, key: locate(e),
             "subs": [{"id": s.id, "term": s.term, key: locate(s)} for s in e.subs]} for e in index]


def published_line(metadata: BookMetadata) -> str:
    """`Published by the publisher, 1 March 2026.` in the book's language, or nothing without a publisher."""
    if not metadata.publisher:
        return ""
    labels = labels_of(metadata)
    if not metadata.date:
        return labels.text("published", publisher=metadata.publisher)
    return labels.text("published_on", publisher=metadata.publisher, date=labels.date(metadata.date))
