"""The print edition laid out piece by piece: body chunks, then the front matter with their folios, then the index.

Each piece is a tagged PDF kept in the content cache by a hash of its HTML, first folio and everything the layout
reads, so a rebuild lays out only the chunks whose text or first page changed; the binder makes one PDF of them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from functools import cached_property

from octavo.core.cache import Cache
from octavo.core.fonts import BOOK_FAMILY, font_file, missing_glyphs
from octavo.core.resources import STYLES
from octavo.core.templates import template
from octavo.editions.base import RenderContext
from octavo.editions.print.binding import bind
from octavo.editions.print.chunks import body_chunks, foreign_links
from octavo.editions.print.context import PrintContext
from octavo.editions.print.layout import Layout, fewer_collections, lay_out_piece, make_layout
from octavo.editions.print.profiles import Profile, edition_name
from octavo.editions.print.result import LaidEdition, PageLabels, Piece, PrintResult
from octavo.errors import Warnings
from octavo.labels import labels_of
from octavo.typesetting.pagination import PageMap

# Cross-references to later chapters print folios guessed before those chapters are laid out; a chunk whose guess
# was wrong is laid out again. A guess only ever changes a few characters, so the pages settle within rounds.
ROUNDS = 4


@dataclass
class Pieces:
    """Lays out one edition's pieces, each once per build and, with a cache, once for as long as it is unchanged."""

    render: RenderContext
    profile: Profile
    cache: Cache
    base: str
    sheets: tuple[str, ...] = ()  # Octavo's stylesheets laid over the profile's, such as the chapter handout's
    made: dict[str, Piece] = field(default_factory=dict)

    @cached_property
    def layout(self) -> Layout:
        """The profile's stylesheets and fetcher, read when a piece is first laid out here."""
        book_sheet = self.render.settings.print.stylesheet
        return make_layout([STYLES / "print.css", STYLES / self.profile.stylesheet, *(STYLES / s for s in self.sheets)],
                           book_sheet.path if book_sheet else None, self.profile.size, self.profile.pdf_variant,
                           self.render.folder)

    @cached_property
    def description(self) -> str:
        """The edition as the page map names it: title, edition, publisher, date."""
        meta = self.render.book.metadata
        edition = edition_name(self.profile, labels_of(meta))
        return ", ".join(part for part in (f"{meta.title}: {edition}", meta.publisher, meta.date)
                         if part)

    def piece(self, document_html: str, first: int, roman: bool = False) -> Piece:
        """The piece this HTML makes from folio `first` (on a left page when `first` is even)."""
        left = first % 2 == 0
        key = self.cache.key("print-piece", self.base, self.sheets, document_html, first, left, roman)
        if key not in self.made:
            self.made[key] = self.cache.made("print-piece", key, Piece, lambda: lay_out_piece(
                self.layout, document_html, first, left, self.description, roman))
        return self.made[key]

    def dated(self, document_html: str) -> bytes:
        """The PDF of a dated empty page (`PrintContext.dated`), laid out anew each build: bound PDFs take its dates."""
        pdf: bytes = self.layout.render(document_html).write_pdf(**self.layout.options)  # WeasyPrint has no hints
        return pdf


@dataclass
class Body:
    """The laid-out body: its pieces (blank versos between chunks included), where each id first falls, the HTML."""

    pieces: list[Piece]
    anchors: dict[str, int]
    html: list[str]

    @property
    def next_page(self) -> int:
        """The page after the body's last."""
        return 1 + sum(piece.pages for piece in self.pieces)


def lay_out_body(pieces: Pieces, context: PrintContext) -> Body:
    """Lay out the body chunk by chunk, each from the page after the last, until every folio it prints is true."""
    book_template = template("print/book.html.j2")
    chunks = body_chunks(context.body())
    known: dict[str, int] = {}
    for _ in range(ROUNDS):
        laid: list[Piece] = []
        found: dict[str, int] = {}
        printed: list[dict[str, int]] = []
        html: list[str] = []
        page = 1
        for number, chunk in enumerate(chunks):
            if number and pieces.profile.recto_openings and page % 2 == 0:
                laid.append(pieces.piece(book_template.render({**context.undated, "matter": "pad"}), page))
                page += 1
            chunk_html, folios = foreign_links(book_template.render(chunk), {**known, **found}, page)
            piece = pieces.piece(chunk_html, page)
            laid.append(piece)
            html.append(chunk_html)
            printed.append(folios)
            for anchor, folio in piece.anchors.items():
                found.setdefault(anchor, folio)
            page += piece.pages
        if all(found.get(anchor, folio) == folio for folios in printed for anchor, folio in folios.items()):
            break
        known = found
    return Body(laid, found, html)


@fewer_collections()
def laid_out(render: RenderContext, chosen: Profile, cache: Cache | None = None, base: str = "") -> LaidEdition:
    """The edition's pieces: body, then front matter with the body's folios, then the index after the body."""
    font_file(BOOK_FAMILY)  # before WeasyPrint writes anything: without the book font Pango cannot draw a page
    pieces = Pieces(render, chosen, cache or Cache(None), base)
    book_template = template("print/book.html.j2")
    context = PrintContext(render.book, render.typeset, chosen.name, render.modified.strftime("%Y-%m-%dT%H:%M:%SZ"))
    body = lay_out_body(pieces, context)
    folios = {i: body.anchors[i] for i in context.body_ids() if i in body.anchors}
    start = body.next_page
    pad = chosen.recto_openings and start % 2 == 0
    if context.index:
        folios["index"] = start + pad
    front_html, _ = foreign_links(book_template.render(context.front(folios, pad=False)), body.anchors, 1)
    front = pieces.piece(front_html, 1, roman=True)
    if chosen.recto_openings and front.pages % 2:
        front_html, _ = foreign_links(book_template.render(context.front(folios, pad=True)), body.anchors, 1)
        front = pieces.piece(front_html, 1, roman=True)
    laid = [front, *body.pieces]
    if context.index:
        index_ids = context.index_ids()
        index_context = context.index_document({i: body.anchors[i] for i in index_ids if i in body.anchors},
                                               {i: front.anchors[i] for i in index_ids if i in front.anchors},
                                               start + pad, pad)
        first = index_context["first_page"]
        index_html, _ = foreign_links(book_template.render(index_context), body.anchors, first)
        laid.append(pieces.piece(index_html, first))
    for char in missing_glyphs(front_html + "".join(body.html)):
        render.warnings.add(f"the book font {BOOK_FAMILY} has no glyph for {char!r} (U+{ord(char):04X}); "
                            "the print edition draws it from a fallback font — check it on the page")
    for piece in laid:
        render.warnings.items.extend(piece.warnings)
    identity = hashlib.md5(render.identifier.encode("utf-8")).hexdigest().encode("ascii")
    labels = [PageLabels(0, roman=True), PageLabels(front.pages, roman=False)]
    dated = pieces.dated(book_template.render(context.dated(context.undated)))
    chapter_pages = {chapter.id: pages[chapter.id] for chapter in render.book.chapters()
                     for pages in (front.anchors, body.anchors) if chapter.id in pages}
    return LaidEdition([piece.sheet() for piece in laid], labels, identity, dated,
                       joined_page_map(pieces.description, laid), [], chapter_pages)


def bound(laid: LaidEdition, warnings: Warnings) -> PrintResult:
    """The laid-out edition bound into one PDF, with its page map (the binder's warnings go to `warnings`)."""
    pdf = bind(laid.sheets, laid.labels, laid.identity, warnings, laid.dated)
    return PrintResult(pdf, laid.page_map, list(laid.warnings), laid.chapter_pages)


def lay_out(render: RenderContext, chosen: Profile, cache: Cache | None = None, base: str = "") -> PrintResult:
    """The edition laid out and bound, here."""
    return bound(laid_out(render, chosen, cache, base), render.warnings)


def joined_page_map(description: str, laid: list[Piece]) -> PageMap:
    """One page map of the pieces in reading order."""
    page_map = PageMap(description)
    for piece in laid:
        page_map.starts.extend(piece.page_map.starts)
        page_map.unmatched.extend(piece.page_map.unmatched)
        for anchor, folio in piece.page_map.anchors.items():
            page_map.anchors.setdefault(anchor, folio)
    return page_map


def printed(context: RenderContext, profile: Profile, cache: Cache | None = None, base: str = "") -> LaidEdition:
    """Lay out one profile's edition: a job for a worker process, whose warnings travel back with it."""
    warnings = Warnings()
    laid = laid_out(replace(context, warnings=warnings), profile, cache, base)
    return replace(laid, warnings=warnings.items)


def bound_edition(laid: LaidEdition) -> PrintResult:
    """Bind a laid-out edition: a job for a worker process; the result carries the layout's warnings and its own."""
    warnings = Warnings()
    result = bound(laid, warnings)
    return replace(result, warnings=result.warnings + warnings.items)
