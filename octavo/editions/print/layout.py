"""WeasyPrint for the print edition: a confined fetcher, its messages as warnings, laying out and writing a piece."""

from __future__ import annotations

import gc
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcherResponse

from octavo.core.confine import confined_file
from octavo.core.images import PRINT_PIXELS, edition_picture, media_type, picture_exists
from octavo.core.resources import STYLES
from octavo.editions.presentation import roman
from octavo.editions.print import patches  # noqa: F401 - WeasyPrint and pydyf fixed before anything lays out
from octavo.editions.print.inline import breakable_urls
from octavo.editions.print.pagemap import LaidOut, read_page_map
from octavo.editions.print.result import Piece
from octavo.errors import BookError, Warnings

FONT_SUFFIXES = {".ttf", ".otf", ".ttc", ".woff", ".woff2"}
CONTENT_TYPES = {".css": "text/css", ".ttf": "font/ttf", ".otf": "font/otf", ".ttc": "font/collection",
                 ".woff": "font/woff", ".woff2": "font/woff2"}


# The address the book's HTML is laid out at: the fetcher maps it to the real folder. WeasyPrint names pictures by a
# hash of their address, so a real path would make the same book's PDF differ from one folder to another.
BOOK_BASE = "file:///octavo-book/"


class ConfinedFetcher(weasyprint.URLFetcher):
    """Serves data: URLs and files inside the allowed folders, read here; the book's pictures fitted; nothing else."""

    def __init__(self, roots: list[Path], book: Path | None = None) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)
        self.roots = [root.resolve() for root in roots]
        self.book = book.resolve() if book else None
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        """A data: URL, or the one real file a URL names inside the roots (confine.py); refuse and remember others."""
        if urlsplit(url).scheme.lower() == "data":
            return super().fetch(url, headers)
        if url.startswith(BOOK_BASE) and self.book is not None:
            url = self.book.as_uri() + "/" + url[len(BOOK_BASE):]
        real = confined_file(url, self.roots)
        if real is None and PurePosixPath(urlsplit(url).path).suffix.lower() in FONT_SUFFIXES:
            real = confined_file(url, installed_font_folders())  # `src: local(…)` of an installed font
        response = self.serve(real) if real is not None else None
        if response is None:
            self.refused.append(url)
            raise ValueError(f"not fetched: {url}")
        return response

    def serve(self, real: Path) -> URLFetcherResponse | None:
        """The bytes of a checked real path: a book picture fitted (and SVG sanitised), other files as they are."""
        kind = media_type(real.name)
        name = real.as_posix()
        if kind is not None and self.book is not None and real.is_relative_to(self.book):
            src = name = real.relative_to(self.book).as_posix()  # named within the book: the same in any folder
            if not picture_exists(self.book, src):
                return None
            data = edition_picture(self.book, src, PRINT_PIXELS)
        elif real.is_file():
            data = real.read_bytes()
        else:
            return None
        if kind is not None:
            # Not a file: URL, so that WeasyPrint embeds these bytes rather than re-reading a file by its path; the
            # name is what WeasyPrint hashes into the picture's name inside the PDF.
            return URLFetcherResponse(f"octavo-picture:{quote(name)}", data, {"Content-Type": kind})
        # A stylesheet's URL is the base of its own references (each comes back here to be checked).
        content = CONTENT_TYPES.get(real.suffix.lower(), "application/octet-stream")
        return URLFetcherResponse(real.as_uri(), data, {"Content-Type": content})


def installed_font_folders() -> list[Path]:
    """The folders of the fonts installed on this machine, which `local()` in @font-face may name."""
    home = Path.home()
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local/share/fonts", home / ".fonts"]


@dataclass
class LayoutLog:
    """WeasyPrint's warnings during one layout, sorted into errors and warnings."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Collector(logging.Handler):
    """Keeps WeasyPrint's log records."""

    def __init__(self, log: LayoutLog) -> None:
        super().__init__(logging.WARNING)
        self.log = log

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "Failed to load" in message:
            self.log.errors.append(message)
        else:
            self.log.warnings.append(message)


@contextmanager
def collecting(log: LayoutLog) -> Iterator[None]:
    """Route WeasyPrint's warnings into a LayoutLog."""
    handler = _Collector(log)
    weasyprint.LOGGER.addHandler(handler)
    propagate, weasyprint.LOGGER.propagate = weasyprint.LOGGER.propagate, False
    try:
        yield
    finally:
        weasyprint.LOGGER.removeHandler(handler)
        weasyprint.LOGGER.propagate = propagate


def report(log: LayoutLog, fetcher: ConfinedFetcher, warnings: Warnings) -> None:
    """Turn WeasyPrint's messages into the book's warnings and errors, each with what to do."""
    for url in fetcher.refused:
        raise BookError(f"the print edition needs {url}, which is outside the book or missing",
                        "put the file in the book folder and refer to it from there")
    for message in log.errors:
        raise BookError(f"WeasyPrint: {message}", "check that the image or stylesheet exists in the book folder")
    for message in log.warnings:
        if "has no required alt description" in message:
            continue  # the manuscript already warned, naming the source and line
        hint = "check the property's spelling in the stylesheet" if "Ignored" in message else "see WeasyPrint's message"
        warnings.add(f"WeasyPrint: {message} — {hint}", "styles")


@dataclass
class Layout:
    """The stylesheets, options and fetcher for one profile."""

    stylesheets: list[weasyprint.CSS]
    options: dict
    fetcher: ConfinedFetcher
    base_url: str
    log: LayoutLog = field(default_factory=LayoutLog)
    fonts: FontConfiguration = field(default_factory=FontConfiguration)

    def render(self, document_html: str, first_page: int = 1, left: bool = False) -> weasyprint.Document:
        """Lay out one HTML document from folio `first_page` (on a left page if `left`), in the book folder."""
        sheets = list(self.stylesheets)
        if first_page != 1:
            sheets.append(weasyprint.CSS(string=f"@page :first {{ counter-reset: page {first_page}; }}",
                                         font_config=self.fonts))
        if left:  # WeasyPrint opens on a left page when the root breaks before to the left
            sheets.append(weasyprint.CSS(string="html { break-before: left; }", font_config=self.fonts))
        with collecting(self.log):
            document = weasyprint.HTML(string=breakable_urls(document_html), base_url=self.base_url,
                                       url_fetcher=self.fetcher)
            return document.render(stylesheets=sheets, font_config=self.fonts, **self.options)


def make_layout(sheets: list[Path], book_sheet: Path | None, page_size: str, variant: str,
                book: Path | None) -> Layout:
    """The layout for a profile: its sheets, then the page size, then the book's own sheet (which wins)."""
    fetcher = ConfinedFetcher([STYLES, book] if book else [STYLES], book)
    fonts = FontConfiguration()  # so that @font-face in the book's sheet loads its font files, through the fetcher
    with collecting(log := LayoutLog()):
        stylesheets = [weasyprint.CSS(filename=str(sheet), url_fetcher=fetcher, font_config=fonts)
                       for sheet in sheets]
        stylesheets.append(weasyprint.CSS(string=f"@page {{ size: {page_size}; }}", font_config=fonts))
        if book_sheet is not None:
            stylesheets.append(weasyprint.CSS(filename=str(book_sheet), url_fetcher=fetcher, font_config=fonts))
    options: dict = {"pdf_tags": True}
    if variant:
        options["pdf_variant"] = variant
    base = BOOK_BASE if book else STYLES.resolve().as_uri() + "/"
    return Layout(stylesheets, options, fetcher, base, log, fonts)


# A table header cell's start tag: the only element WeasyPrint's tagging gives an id (its data cells name it).
TABLE_HEADER = re.compile(r"<th\b", re.IGNORECASE)

# Python's cyclic garbage collector while an edition's pieces are laid out and written. WeasyPrint makes and drops
# millions of small objects: at the default thresholds (700, 10, 10) the collector ran 1,490 times, about 1.0 s of
# laying out the 30-chapter trade edition; at these, 16 times in about 0.35 s. The edition took about 0.3 s less in
# all (the rest goes in touching more memory), for about 55 MB more at the worker's peak.
LAYOUT_COLLECTION = (50_000, 20, 20)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run Python's garbage collector at the layout's thresholds, then as before."""
    before = gc.get_threshold()
    gc.set_threshold(*LAYOUT_COLLECTION)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def lay_out_piece(layout: Layout, document_html: str, first_page: int, left: bool, description: str,
                  roman: bool = False) -> Piece:
    """Lay out and write one piece numbered from `first_page` (on a left page if `left`), then let its layout go."""
    document = layout.render(document_html, first_page, left)
    anchors: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=first_page):
        for anchor in page.anchors:
            anchors.setdefault(anchor, number)
    page_map = read_page_map([LaidOut(document, first_page, roman)], description, folio)
    levels = [level for page in document.pages for level, *_ in page.bookmarks]
    warnings = Warnings()
    with collecting(layout.log):
        pdf: bytes = document.write_pdf(**layout.options)  # WeasyPrint has no type hints
    report(layout.log, layout.fetcher, warnings)
    layout.log.warnings.clear()
    return Piece(pdf, len(document.pages), anchors, page_map, levels, warnings.items,
                 TABLE_HEADER.search(document_html) is not None)


def folio(number: int, front: bool) -> str:
    """A page's folio as printed: roman in the front matter."""
    return roman(number) if front else str(number)
