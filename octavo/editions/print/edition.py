"""The print edition laid out once per build and profile: front matter, body and index, with their folios."""

from __future__ import annotations

from dataclasses import dataclass, replace

import weasyprint

from octavo.core.fonts import BOOK_FAMILY, missing_glyphs
from octavo.core.resources import STYLES
from octavo.core.templates import template
from octavo.editions.base import RenderContext
from octavo.editions.presentation import roman
from octavo.editions.print.context import PrintContext
from octavo.editions.print.layout import Layout, first_pages, make_layout, report, write_joined
from octavo.editions.print.pagemap import LaidOut, read_page_map
from octavo.editions.print.profiles import Profile
from octavo.editions.print.result import PrintResult
from octavo.errors import Warnings
from octavo.typesetting.pagination import PageMap


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

    def pdf(self, identity: str, warnings: Warnings) -> bytes:
        """The front matter, body and index joined into one PDF, with the printed folios as page labels."""
        rest = [self.body, *([self.index] if self.index else [])]
        data = write_joined(self.front, rest, self.layout, identity)
        report(self.layout.log, self.layout.fetcher, warnings)
        return data


def folio(number: int, front: bool) -> str:
    """A page's folio as printed: roman in the front matter."""
    return roman(number) if front else str(number)



def lay_out(render: RenderContext, chosen: Profile) -> PrintEdition:
    """Lay out the body, then the front matter with the body's folios, then the index after the body."""
    book, warnings = render.book, render.warnings
    book_template = template("print/book.html.j2")
    created = render.modified.strftime("%Y-%m-%dT%H:%M:%SZ")
    context = PrintContext(book, render.typeset, chosen.name, created)
    book_sheet = render.settings.print.stylesheet
    layout = make_layout([STYLES / "print.css", STYLES / chosen.stylesheet], book_sheet.path if book_sheet else None,
                         chosen.size, chosen.pdf_variant, render.folder)
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


def printed(context: RenderContext, profile: Profile) -> PrintResult:
    """Lay out and write one profile's edition: a job for a worker process, whose warnings travel back with it."""
    warnings = Warnings()
    edition = lay_out(replace(context, warnings=warnings), profile)
    pdf = edition.pdf(context.identifier, warnings)
    return PrintResult(pdf, edition.page_map(), warnings.items)
