"""The web edition: one accessible HTML page per chapter in reading order, with contents and notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from octavo.core.images import SCREEN_PIXELS, edition_picture, packaged_name
from octavo.core.resources import STYLES
from octavo.core.templates import template
from octavo.core.text import plain_text, slugify
from octavo.core.xhtml import html_children, parse_fragment, plain
from octavo.editions.chapters import Flavour, document_places, rewrite_chapter
from octavo.editions.cover import OwnCover
from octavo.editions.presentation import (
    OutlinePart,
    creator_lines,
    index_entries,
    linked_locators,
    outline,
    published_line,
    whos_who,
)
from octavo.editions.web.pagebreaks import GO_TO_PAGE, WebPageBreaks
from octavo.labels import labels_of
from octavo.manuscript import Book, Chapter
from octavo.typesetting.index import build_index
from octavo.typesetting.pagination import PageMap
from octavo.typesetting.typeset import TypesetBook, bibliography_entries, source_list

RESOURCES = "web_resources"
HANDOUTS = "handouts"
"""The folder under RESOURCES of the chapter handouts, when the build writes them."""
WEB_CHAPTERS = Flavour(epub=False, images=f"{RESOURCES}/images", page_keys=True, scrolling_tables=True)
CONTENTS = "00-contents.html"
STYLESHEET = STYLES / "web.css"


PageKind = Literal["contents", "chapter", "part", "bibliography", "whos-who", "index"]
"""What a web page holds; SCORM leaves out the contents and part pages."""


@dataclass
class WebPage:
    """One page: its file name, its title (the `<title>`), its kind and, once rendered, its HTML."""

    name: str
    title: str
    kind: PageKind
    id: str
    depth: int = 0
    html: str = ""


@dataclass
class WebEdition:
    """The pages in reading order, the book images they show and the table of printed pages (JSON), if any."""

    pages: list[WebPage] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    planned: list[WebPage] = field(default_factory=list)
    page_table: str = ""


def web_files(folder: Path, edition: WebEdition) -> list[tuple[str, bytes]]:
    """Every file of the web pages: the pages, the stylesheet, the go-to-page script and the book's images."""
    files = [(page.name, page.html.encode("utf-8")) for page in edition.pages]
    files.append((f"{RESOURCES}/web.css", STYLESHEET.read_bytes()))
    if edition.page_table and any(page.kind == "contents" for page in edition.pages):
        files.append((f"{RESOURCES}/{GO_TO_PAGE.name}", GO_TO_PAGE.read_bytes()))
    files.extend((f"{RESOURCES}/images/{packaged_name(src)}", edition_picture(folder, src, SCREEN_PIXELS))
                 for src in edition.images)
    return files


def as_html(fragment: str) -> str:
    """An XHTML fragment serialised as HTML."""
    return html_children(parse_fragment(fragment))


class WebBuilder:
    """Plans the pages (names that sort in reading order, Moodle's `_sub` for chapters in a part), then renders."""

    def __init__(self, book: Book, typeset: TypesetBook, scorm: bool = False, page_map: PageMap | None = None,
                 cover: OwnCover | None = None, handouts: dict[str, str] | None = None) -> None:
        self.book = book
        self.handouts = handouts or {}
        self.typeset = typeset
        self.scorm = scorm
        self.cover = cover
        self.labels = labels_of(book.metadata)
        self.breaks = WebPageBreaks(page_map, self.labels)
        self.page_map = page_map
        self.index = build_index(book, typeset)
        self.edition = WebEdition(images=[cover.src] if cover else [])
        self._plan()

    def _plan(self) -> None:
        """Every page in reading order with its file name."""
        plan: list[tuple[PageKind, str, str, int]] = [("contents", "contents", self.labels.text("contents"), 0)]
        for item in outline(self.book):
            if isinstance(item, OutlinePart):
                plan.append(("part", item.part.id, item.heading, 0))
            else:
                plan.append(("chapter", item.chapter.id, self._title(item.chapter), int(item.in_part)))
        if bibliography_entries(self.typeset.bibliography):
            plan.append(("bibliography", "bibliography", self.labels.text("bibliography"), 0))
        if self.book.people:
            plan.append(("whos-who", "whos-who", self.labels.text("whos_who"), 0))
        if self.index:
            plan.append(("index", "index", self.labels.text("index"), 0))
        width = max(2, len(str(len(plan))))
        files: dict[str, str] = {}
        for number, (kind, page_id, title, depth) in enumerate(plan):
            name = CONTENTS if kind == "contents" else f"{number:0{width}d}-{slugify(page_id, kind)}"
            name += "" if kind == "contents" else ("_sub.html" if depth else ".html")
            self.edition.pages.append(WebPage(name, title, kind, page_id, depth))
            files[page_id] = name
        self.places = document_places(self.typeset, files, files.get("bibliography", ""))

    def _title(self, chapter: Chapter) -> str:
        """A chapter's title as plain text."""
        return plain(self.typeset.chapters[chapter.id].title)

    def build(self) -> WebEdition:
        """Render every page with its print-page markers, then the contents page again with the table of them all."""
        page_template = template("web/page.html.j2")
        pages = [p for p in self.edition.pages if not (self.scorm and p.kind in ("contents", "part"))]
        again = [(0, pages[0])] if pages and pages[0].kind == "contents" and self.breaks.wanted else []
        for number, page in [*enumerate(pages), *again]:
            context = {**self._context(page), **self._words(page)}
            previous = pages[number - 1] if number else None
            following = pages[number + 1] if number + 1 < len(pages) else None
            page.html = self.breaks.place(page_template.render(
                language=self.book.metadata.language, book_title=self.book.metadata.title, page=page,
                contents=CONTENTS, resources=RESOURCES, scorm=self.scorm, cover=None if number else self._cover(),
                previous=previous, next=following, **context), page.name)
        self.edition.page_table = self.breaks.table() if self.breaks.placed else ""
        self.edition.planned = self.edition.pages
        self.edition.pages = pages
        return self.edition

    def _words(self, page: WebPage) -> dict[str, Any]:
        """The generated words every page may show, in the book's language."""
        return {"labels": self.labels.words, "published": published_line(self.book.metadata),
                "end_of": self.labels.text("end_of", title=page.title)}

    def _cover(self) -> dict[str, str] | None:
        """The book's own cover for the first page (the contents; in SCORM, the first chapter), if it has one."""
        if self.cover is None:
            return None
        return {"src": f"{RESOURCES}/images/{packaged_name(self.cover.src)}", "alt": self.cover.alt}

    def _context(self, page: WebPage) -> dict[str, Any]:
        """What the template needs for one page."""
        if page.kind == "contents":
            return self._contents()
        if page.kind == "part":
            part = next(p for p in self.book.parts() if p.id == page.id)
            return {"chapters": [{"href": self.places[c.id], "title": self._title(c)} for c in part.chapters]}
        if page.kind == "bibliography":
            entries = bibliography_entries(self.typeset.bibliography)
            return {"entries": [{"id": entry_id, "html": as_html(text)} for entry_id, text in entries]}
        if page.kind == "whos-who":
            index_page = next((p.name for p in self.edition.pages if p.kind == "index"), "")
            return {"people": whos_who(self.book, self.index, index_page)}
        if page.kind == "index":
            return {"entries": self._index()}
        chapter = self.typeset.chapters[page.id]
        notes = {note.id: note.html for note in chapter.notes}
        rewritten = rewrite_chapter(chapter.body, notes, page.name, self.places, WEB_CHAPTERS)
        self.edition.images.extend(src for src in rewritten.images if src not in self.edition.images)
        footnotes = [{"id": note.id, "ref": note.ref, "number": note.number, "html": note.html,
                      "back": self.labels.text("back_to_note", number=note.number)} for note in rewritten.footnotes]
        handout = self.handouts.get(page.id)
        return {"title_html": as_html(chapter.title), "body": rewritten.body, "notes": footnotes,
                "handout": f"{RESOURCES}/{HANDOUTS}/{handout}" if handout else "",
                "introduction": any(c.id == page.id and c.role == "introduction" for c in self.book.chapters())}

    def _index(self) -> list[dict[str, Any]]:
        """The index: each mention a link to its place in a chapter's page, named by its printed page if known."""
        anchors = self.page_map.anchors if self.page_map else {}
        return index_entries(self.index, linked_locators(self.book, anchors, self.places.__getitem__), "locators")

    def _contents(self) -> dict[str, Any]:
        """The home page: title, creators, the contents and a short imprint."""
        meta = self.book.metadata
        entries = [{"href": p.name, "title": p.title, "depth": p.depth, "id": p.id} for p in self.edition.pages
                   if p.kind != "contents"]
        return {"subtitle": meta.subtitle, "creators": creator_lines(meta), "entries": entries,
                "description": plain_text(meta.description), "rights": meta.rights, "publisher": meta.publisher,
                "date": meta.date, "sources": [as_html(entry) for _, entry in source_list(self.book, self.typeset)],
                # The first time, no page is placed yet: the box comes with the second, once every page is.
                "page_table": self.breaks.table() if self.breaks.placed else ""}
