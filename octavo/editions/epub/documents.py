"""The EPUB's documents in reading order, each rendered from its template with a plain context."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from octavo.core.templates import template
from octavo.core.xhtml import plain
from octavo.editions.chapters import document_places, rewrite_chapter
from octavo.editions.cover import Cover
from octavo.editions.epub.flavour import EPUB_CHAPTERS
from octavo.editions.epub.package import Document, TocEntry
from octavo.editions.epub.pagebreaks import PageBreaks
from octavo.editions.presentation import (
    OutlinePart,
    creator_lines,
    index_entries,
    linked_locators,
    outline,
    published_line,
    whos_who,
)
from octavo.labels import labels_of
from octavo.manuscript import Book, Chapter
from octavo.typesetting.index import Entry, build_index
from octavo.typesetting.pagination import PageMap
from octavo.typesetting.typeset import TypesetBook, bibliography_entries, source_list


@dataclass
class Landmark:
    """An entry of the landmarks nav."""

    type: str
    href: str
    title: str


@dataclass
class Edition:
    """The documents, the NCX entries and the landmarks of one EPUB."""

    documents: list[Document] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    landmarks: list[Landmark] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    page_list: list[dict[str, str]] = field(default_factory=list)
    missing_pages: list[str] = field(default_factory=list)


def chapter_file(chapter: Chapter) -> str:
    """The file name of a chapter's document."""
    return chapter_file_by_id(chapter.id)


def cover_file(cover: Cover) -> str:
    """Where the EPUB keeps its cover picture, from the package's root folder."""
    return f"images/cover{cover.suffix}"


def part_file(item: OutlinePart) -> str:
    """The document of a part's title page."""
    return f"part-{item.number}.xhtml"


def chapter_file_by_id(chapter_id: str) -> str:
    """The file name of the document of the chapter with this id."""
    return f"{chapter_id}.xhtml"


class EditionBuilder:
    """Builds every document of the EPUB from the manuscript and its typeset chapters."""

    def __init__(self, book: Book, typeset: TypesetBook, identifier: str, cover: Cover,
                 page_map: PageMap | None = None) -> None:
        self.book = book
        self.cover = cover
        self.page_map = page_map
        self.breaks = PageBreaks(page_map)
        self.typeset = typeset
        self.identifier = identifier
        self.labels = labels_of(book.metadata)
        self.edition = Edition()
        self.places = self._places()

    def _places(self) -> dict[str, str]:
        """Which document holds each id, for links across documents."""
        files = {chapter.id: chapter_file(chapter) for chapter in self.book.chapters()}
        files.update({item.part.id: part_file(item) for item in outline(self.book) if isinstance(item, OutlinePart)})
        return document_places(self.typeset, files, "bibliography.xhtml")

    def _render(self, kind: str, uid: str, name: str, title: str, matter: str, **context: Any) -> None:
        """Render one document and add it in reading order."""
        content = template(f"epub/{kind}.xhtml.j2").render(
            language=self.book.metadata.language, title=title, matter=matter, labels=self.labels.words, **context)
        properties = ["nav"] if kind == "nav" else []
        data = self.breaks.place(content, name)
        self.edition.documents.append(Document(uid, f"text/{name}", title, data, properties))

    def build(self) -> Edition:
        """Every document, the NCX and the landmarks."""
        meta = self.book.metadata
        title = self.labels.text("cover")
        self._render("cover", "cover", "cover.xhtml", title, "frontmatter", src=f"../{cover_file(self.cover)}",
                     alt=self.cover.alt)
        creators = creator_lines(meta)
        self._render("titlepage", "titlepage", "titlepage.xhtml", self.labels.text("title_page"), "frontmatter",
                     book_title=meta.title, subtitle=meta.subtitle, creators=creators, publisher=meta.publisher)
        corrections = sum(r.count for r in self.book.log if r.action == "correction")
        self._render("imprint", "imprint", "imprint.xhtml", self.labels.text("imprint"), "frontmatter",
                     book_title=meta.title, subtitle=meta.subtitle, rights=meta.rights, published=published_line(meta),
                     identifier=self.labels.text("identifier", identifier=self.identifier), sources=self._sources(),
                     corrections=self.labels.count("corrections", corrections) if corrections else "")
        nav_at = len(self.edition.documents)
        part_entry: TocEntry | None = None
        for item in outline(self.book):
            if isinstance(item, OutlinePart):
                part_entry = self._part(item)
            else:
                self._chapter(item.chapter, "frontmatter" if item.front else "bodymatter",
                              part_entry if item.in_part else None)
        entries = [{"id": i, "html": h} for i, h in bibliography_entries(self.typeset.bibliography)]
        if entries:
            title = self.labels.text("bibliography")
            self._render("bibliography", "bibliography", "bibliography.xhtml", title, "backmatter", entries=entries)
            self.edition.toc.append(TocEntry(title, "text/bibliography.xhtml", "toc-bibliography"))
            self.edition.landmarks.append(Landmark("bibliography", "bibliography.xhtml", title))
        index = build_index(self.book, self.typeset)
        if self.book.people:
            people = whos_who(self.book, index, "index.xhtml")
            title = self.labels.text("whos_who")
            self._render("whos-who", "whos-who", "whos-who.xhtml", title, "backmatter", people=people)
            self.edition.toc.append(TocEntry(title, "text/whos-who.xhtml", "toc-whos-who"))
        if index:
            title = self.labels.text("index")
            self._render("index", "index", "index.xhtml", title, "backmatter", entries=self._index(index))
            self.edition.toc.append(TocEntry(title, "text/index.xhtml", "toc-index"))
            self.edition.landmarks.append(Landmark("index", "index.xhtml", title))
        self._nav(nav_at)
        self.edition.page_list = self.breaks.page_list()
        self.edition.missing_pages = self.breaks.missing()
        return self.edition

    def _index(self, index: list[Entry]) -> list[dict[str, Any]]:
        """The index for its template: a locator per printed page when there is a page map, else per chapter."""
        anchors = self.page_map.anchors if self.page_map else {}
        return index_entries(index, linked_locators(self.book, anchors, chapter_file_by_id), "locators")

    def _sources(self) -> list[Markup]:
        """The source files in order, each with its formatted reference (`file: reference` in the book's language)."""
        line = Markup(escape(self.labels.text("source_entry")))
        return [line.format(file=Path(name).name, entry=Markup(entry))
                for name, entry in source_list(self.book, self.typeset)]

    def _part(self, item: OutlinePart) -> TocEntry:
        """A part's title page; returns its contents entry, under which its chapters go."""
        part, name, label = item.part, part_file(item), item.label
        self._render("part", part.id, name, item.heading, "bodymatter", id=part.id, label=label,
                     part_title=part.title)
        entry = TocEntry(item.heading, f"text/{name}", f"toc-{part.id}")
        self.edition.toc.append(entry)
        if not any(landmark.type == "bodymatter" for landmark in self.edition.landmarks):
            self.edition.landmarks.append(Landmark("bodymatter", name, self.labels.text("start_of_text")))
        return entry

    def _chapter(self, chapter: Chapter, matter: str, parent: TocEntry | None = None) -> None:
        """A chapter with its popup footnotes."""
        typeset = self.typeset.chapters[chapter.id]
        notes = {note.id: note.html for note in typeset.notes}
        rewritten = rewrite_chapter(typeset.body, notes, chapter_file(chapter), self.places, EPUB_CHAPTERS)
        self.edition.images.extend(src for src in rewritten.images if src not in self.edition.images)
        introduction = chapter.role == "introduction"
        title = plain(typeset.title)
        self._render("chapter", chapter.id, chapter_file(chapter), title, matter, id=chapter.id,
                     epub_type="introduction" if introduction else "chapter",
                     role="doc-introduction" if introduction else "doc-chapter",
                     chapter_title=typeset.title, body=rewritten.body, footnotes=rewritten.footnotes)
        entry = TocEntry(title, f"text/{chapter_file(chapter)}", f"toc-{chapter.id}")
        (parent.children if parent else self.edition.toc).append(entry)
        if matter == "bodymatter" and not any(lm.type == "bodymatter" for lm in self.edition.landmarks):
            self.edition.landmarks.append(Landmark("bodymatter", chapter_file(chapter),
                                                   self.labels.text("start_of_text")))

    def _nav(self, position: int) -> None:
        """The navigation document, placed after the imprint."""
        contents = [{"title": entry.title, "href": Path(entry.href).name, "uid": entry.uid,
                     "children": [{"title": c.title, "href": Path(c.href).name, "uid": c.uid} for c in entry.children]}
                    for entry in self.edition.toc]
        title = self.labels.text("contents")
        landmarks = [Landmark("toc", "toc.xhtml", title), *self.edition.landmarks]
        # Twice: the first places the contents pages' own markers, the second lists every page.
        for every_page in (False, True):
            self._render("nav", "toc", "toc.xhtml", title, "frontmatter", contents=contents, landmarks=landmarks,
                         page_list=self.breaks.page_list() if every_page else [])
            nav = self.edition.documents.pop()
        self.edition.documents.insert(position, nav)
        self.edition.toc.insert(0, TocEntry(title, "text/toc.xhtml", "toc-contents"))
