"""The print edition laid out once per build and profile: front matter, body and index, with their folios."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import weasyprint

from octavo.core.fonts import BOOK_FAMILY, missing_glyphs
from octavo.core.identity import modified_time
from octavo.core.resources import STYLES
from octavo.core.templates import template
from octavo.editions.presentation import roman
from octavo.editions.print.context import PrintContext
from octavo.editions.print.layout import Layout, first_pages, make_layout, report
from octavo.editions.print.pagemap import LaidOut, read_page_map
from octavo.editions.print.profiles import Profile
from octavo.errors import BookError, Warnings
from octavo.manuscript import Book
from octavo.settings import inside_book
from octavo.typesetting.pagination import PageMap
from octavo.typesetting.typeset import TypesetBook


@dataclass
class PrintEdition:
    """One profile's laid-out documents, in the order they are joined."""

    profile: Profile
    layout: Layout
    front: weasyprint.Document
    body: weasyprint.Document
    index: weasyprint.Document | None
    index_first_folio: int
    description: str

    def documents(self) -> list[LaidOut]:
        """The documents with the folio each begins at: roman front matter, then arabic from 1."""
        laid = [LaidOut(self.front, 1, roman=True), LaidOut(self.body, 1)]
        return laid + ([LaidOut(self.index, self.index_first_folio)] if self.index else [])

    def page_map(self) -> PageMap:
        """Where each page's text begins, read from the laid-out pages."""
        return read_page_map(self.documents(), self.description, folio)

    def front_pages(self) -> int:
        """How many pages of front matter (numbered in roman) come before page 1."""
        return len(self.front.pages)


def folio(number: int, front: bool) -> str:
    """A page's folio as printed: roman in the front matter."""
    return roman(number) if front else str(number)


def _book_sheet(book: Book) -> Path | None:
    """The book's own print stylesheet, if book.yaml names one."""
    extra = book.print_settings.get("stylesheet")
    if not extra or not book.folder:
        return None
    sheet = inside_book(Path(book.folder), extra)
    if not sheet.is_file():
        raise BookError(f"the print stylesheet {extra!r} is missing", "create it or remove `stylesheet:`",
                        "book.yaml")
    return sheet


def lay_out(book: Book, typeset: TypesetBook, chosen: Profile, warnings: Warnings) -> PrintEdition:
    """Lay out the body, then the front matter with the body's folios, then the index after the body."""
    book_template = template("print/book.html.j2")
    created = modified_time().strftime("%Y-%m-%dT%H:%M:%SZ")
    context = PrintContext(book, typeset, chosen.name, created)
    book_folder = Path(book.folder) if book.folder else None
    layout = make_layout([STYLES / "print.css", STYLES / chosen.stylesheet], _book_sheet(book), chosen.size,
                         chosen.pdf_variant, book_folder)
    body_html = book_template.render(context.body())
    body = layout.render(body_html)
    folios = first_pages(body, context.body_ids())
    start = len(body.pages) + 1
    pad = chosen.recto_openings and start % 2 == 0
    if context.index:
        folios["index"] = start + pad
    front_html = book_template.render(context.front(folios, pad=False))
    front = layout.render(front_html)
    if chosen.recto_openings and len(front.pages) % 2:
        front = layout.render(book_template.render(context.front(folios, pad=True)))
    index, first = None, start
    if context.index:
        index_context = context.index_document(first_pages(body, context.index_ids()),
                                               first_pages(front, context.index_ids()), start + pad, pad)
        first = index_context["first_page"]
        index = layout.render(book_template.render(index_context), first_page=first)
    for char in missing_glyphs(front_html + body_html):
        warnings.add(f"the book font {BOOK_FAMILY} has no glyph for {char!r} (U+{ord(char):04X}); "
                     "the print edition draws it from a fallback font — check it on the page")
    report(layout.log, layout.fetcher, warnings)
    layout.log.warnings.clear()
    meta = book.metadata
    description = ", ".join(part for part in (f"{meta.title}: {chosen.edition}", meta.publisher, meta.date) if part)
    return PrintEdition(chosen, layout, front, body, index, first, description)


def print_edition(shared: dict, book: Book, typeset: TypesetBook, chosen: Profile,
                  warnings: Warnings) -> PrintEdition:
    """The profile's print edition, laid out once per build and shared by the renderers that need it."""
    key = ("print", chosen.name, chosen.size)
    if key not in shared:
        shared[key] = lay_out(book, typeset, chosen, warnings)
    return shared[key]
