"""Lay out the print edition with WeasyPrint: body first, then the front matter with real folios."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pydyf
import weasyprint
from weasyprint.urls import URLFetcherResponse

from octavo.errors import BookError, Warnings
from octavo.images import PRINT_PIXELS, edition_image, media_type, picture_exists

STYLES = Path(__file__).resolve().parent.parent.parent / "styles"


class ConfinedFetcher(weasyprint.URLFetcher):
    """Serves only files inside the allowed folders; no network, no other files; the book's pictures fitted."""

    def __init__(self, roots: list[Path], book: Path | None = None) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.roots = [root.resolve() for root in roots]
        self.book = book.resolve() if book else None
        self.refused: list[str] = []

    def picture(self, url: str) -> URLFetcherResponse | None:
        """A picture of the book (a file, or one inside a Word file) at print resolution, if the URL names one."""
        if self.book is None:
            return None
        path = Path(unquote(urlsplit(url).path))
        kind = media_type(path.name)
        if kind is None or not path.is_relative_to(self.book):
            return None
        src = path.relative_to(self.book).as_posix()
        if ".." in src.split("/") or not picture_exists(self.book, src):
            return None
        # Not a file: URL, so that WeasyPrint embeds these (maybe scaled) bytes rather than re-reading the file.
        return URLFetcherResponse(f"book:{src}", edition_image(self.book, src, PRINT_PIXELS), {"Content-Type": kind})

    def fetch(self, url: str, headers: dict | None = None):  # noqa: ANN201 - WeasyPrint's own response type
        """Fetch a data: URL or a file inside the roots; refuse and remember anything else."""
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file://"):
            picture = self.picture(url)
            if picture is not None:
                return picture
            path = Path(url[len("file://"):].split("?")[0]).resolve()
            if any(path == root or root in path.parents for root in self.roots) and path.is_file():
                return super().fetch(url, headers)
        self.refused.append(url)
        raise ValueError(f"not fetched: {url}")


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

    def render(self, document_html: str, first_page: int = 1) -> weasyprint.Document:
        """Lay out one HTML document from folio `first_page`; relative addresses resolve in the book folder."""
        sheets = list(self.stylesheets)
        if first_page != 1:
            sheets.append(weasyprint.CSS(string=f"@page :first {{ counter-reset: page {first_page}; }}"))
        with collecting(self.log):
            return weasyprint.HTML(string=document_html, base_url=self.base_url,
                                   url_fetcher=self.fetcher).render(stylesheets=sheets, **self.options)


def make_layout(sheets: list[Path], book_sheet: Path | None, page_size: str, variant: str,
                book: Path | None) -> Layout:
    """The layout for a profile: its sheets, then the page size, then the book's own sheet (which wins)."""
    fetcher = ConfinedFetcher([STYLES, book] if book else [STYLES], book)
    with collecting(log := LayoutLog()):
        stylesheets = [weasyprint.CSS(filename=str(sheet), url_fetcher=fetcher) for sheet in sheets]
        stylesheets.append(weasyprint.CSS(string=f"@page {{ size: {page_size}; }}"))
        if book_sheet is not None:
            stylesheets.append(weasyprint.CSS(filename=str(book_sheet), url_fetcher=fetcher))
    options: dict = {"pdf_tags": True}
    if variant:
        options["pdf_variant"] = variant
    base = f"{book}/" if book else f"{STYLES}/"
    return Layout(stylesheets, options, fetcher, base, log)


def first_pages(document: weasyprint.Document, ids: list[str]) -> dict[str, int]:
    """The 1-based page on which each id first appears."""
    found: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            found.setdefault(anchor, number)
    return {i: found[i] for i in ids if i in found}


def page_labels(front_pages: int) -> Callable[[weasyprint.Document, pydyf.PDF], None]:
    """A finisher that labels the PDF's pages as printed: roman front matter, then 1, 2, 3 from the body."""
    def finish(_document: weasyprint.Document, pdf: pydyf.PDF) -> None:
        ranges = [0, pydyf.Dictionary({"S": "/r"})] if front_pages else []
        ranges += [front_pages, pydyf.Dictionary({"S": "/D"})]
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": pydyf.Array(ranges)})
    return finish


def write_joined(front: weasyprint.Document, rest: list[weasyprint.Document], layout: Layout, identity: str) -> bytes:
    """Front matter, body and back-matter pages as one PDF, with a document id derived from the book."""
    joined = front.copy(front.pages + [page for document in rest for page in document.pages])
    identifier = hashlib.md5(identity.encode("utf-8")).hexdigest().encode("ascii")
    with collecting(layout.log):
        return joined.write_pdf(pdf_identifier=identifier, finisher=page_labels(len(front.pages)), **layout.options)
