"""The plain context of the print template: front matter and body, folios from the laid-out body."""

from __future__ import annotations

from typing import Any

from octavo.core.text import plain_text
from octavo.editions.presentation import (
    OutlinePart,
    creator_lines,
    index_entries,
    outline,
    published_line,
    roman,
    whos_who,
)
from octavo.editions.print.crossrefs import see_page
from octavo.editions.print.inline import inline_notes
from octavo.labels import labels_of
from octavo.manuscript import Book, Chapter
from octavo.typesetting.index import Entry, build_index
from octavo.typesetting.typeset import TypesetBook, bibliography_entries, source_list


class PrintContext:
    """Builds the template context for the front-matter and body documents."""

    def __init__(self, book: Book, typeset: TypesetBook, profile: str, created: str) -> None:
        self.book = book
        self.typeset = typeset
        self.index = build_index(book, typeset)
        meta = book.metadata
        self.labels = labels_of(meta)
        self.common: dict[str, Any] = {
            "language": meta.language, "book_title": meta.title, "subtitle": meta.subtitle, "created": created,
            "creators": creator_lines(meta),
            "description": plain_text(meta.description), "publisher": meta.publisher, "date": meta.date,
            "rights": meta.rights, "profile": profile, "document_title": meta.title,
        }
        self.common |= {"labels": self.labels.words, "published": published_line(meta)}
        # No piece carries the build time, or every build made at another time would lay it out again: the bound
        # PDF takes its dates from an empty page laid out with the same <head>, dated (see `dated`).
        self.undated: dict[str, Any] = {**self.common, "created": ""}

    def _chapter(self, chapter: Chapter) -> dict[str, Any]:
        """A chapter with its notes inline."""
        typeset = self.typeset.chapters[chapter.id]
        notes = {note.id: note.html for note in typeset.notes}
        body = see_page(inline_notes(typeset.body, notes), self.labels.text("see_page"))
        return {"kind": "chapter", "id": chapter.id, "title": typeset.title, "body": body}

    def body_ids(self) -> list[str]:
        """The ids whose first pages the contents lists."""
        ids = [item.id for item in self.book.body]
        ids += [c.id for part in self.book.parts() for c in part.chapters]
        return ids + ["bibliography", "whos-who"]

    def body(self) -> dict[str, Any]:
        """Parts, chapters, bibliography and who's who."""
        items: list[dict[str, Any]] = []
        for item in outline(self.book):
            if isinstance(item, OutlinePart):
                items.append({"kind": "part", "id": item.part.id, "label": item.label, "title": item.part.title})
            elif not item.front:
                classes = "chapter in-part" if item.in_part else "chapter"
                items.append({**self._chapter(item.chapter), "classes": classes})
        people = whos_who(self.book, self.index, "")
        bibliography = [{"id": i, "html": h} for i, h in bibliography_entries(self.typeset.bibliography)]
        return {**self.undated, "matter": "body", "body": items, "bibliography": bibliography, "people": people}

    def chapter_handout(self, chapter: Chapter, front: bool, cited: list[tuple[str, str]]) -> dict[str, Any]:
        """One chapter alone, as its handout prints it, with the bibliography entries it cites after it (undated)."""
        title = f"{plain_text(chapter.title)} — {self.common['book_title']}"
        item = {**self._chapter(chapter), "classes": "chapter introduction" if front else "chapter"}
        return {**self.undated, "matter": "body", "document_title": title, "body": [item],
                "bibliography": [{"id": i, "html": h} for i, h in cited], "people": []}

    def dated(self, document: dict[str, Any]) -> dict[str, Any]:
        """An empty page with this document's <head> and the build time, whose dates the bound PDF takes."""
        return {**document, "created": self.common["created"], "matter": "body", "body": [], "bibliography": [],
                "people": []}

    def index_ids(self) -> list[str]:
        """The ids of every index mark, for reading their pages from the laid-out body."""
        return [locator.anchor for entry in self.index for item in [entry, *entry.subs] for locator in item.locators]

    def index_document(self, pages: dict[str, int], front_pages: dict[str, int], start: int,
                       pad: bool) -> dict[str, Any]:
        """The index, its page numbers merged into ranges (roman front matter first), from page `start`."""
        def folios(entry: Entry) -> str:
            front = sorted({front_pages[loc.anchor] for loc in entry.locators if loc.anchor in front_pages})
            body = sorted({pages[loc.anchor] for loc in entry.locators if loc.anchor in pages})
            return ", ".join(part for part in (", ".join(roman(n) for n in front), page_ranges(body)) if part)

        entries = index_entries(self.index, folios, "pages")
        return {**self.undated, "matter": "index", "entries": entries, "pad": pad,
                "first_page": start - 1 if pad else start}

    def front(self, folios: dict[str, int], pad: bool) -> dict[str, Any]:
        """Title pages, imprint, contents with the body's folios, and the introduction."""
        contents: list[dict[str, Any]] = []
        for item in outline(self.book):
            if isinstance(item, OutlinePart):
                contents.append({"kind": "part", "id": item.part.id, "title": item.heading,
                                 "folio": folios.get(item.part.id)})
                continue
            chapter = item.chapter
            kind = "front" if item.front else "chapter in-part" if item.in_part else "chapter"
            contents.append({"kind": kind, "id": chapter.id, "title": self.typeset.chapters[chapter.id].title,
                             "folio": "" if item.front else folios.get(chapter.id)})
        for extra, label in (("bibliography", "bibliography"), ("whos-who", "whos_who"), ("index", "index")):
            if extra in folios:
                contents.append({"kind": "chapter", "id": extra, "title": self.labels.text(label),
                                 "folio": folios[extra]})
        sources = [{"entry": entry} for _, entry in source_list(self.book, self.typeset)]
        return {**self.undated, "matter": "front", "contents": contents, "sources": sources, "pad": pad,
                "front_chapters": [self._chapter(c) for c in self.book.front]}


def page_ranges(pages: list[int]) -> str:
    """`3, 7–9, 12` from sorted, distinct page numbers."""
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)
