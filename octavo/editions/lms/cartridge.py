"""The IMS Common Cartridge 1.1: the whole book inside (web pages, the handout PDF, the EPUB), for any LMS."""

from __future__ import annotations

from pathlib import Path

from octavo.core.identity import identifier, modified_time
from octavo.core.text import plain_text
from octavo.core.zipfiles import write_zip
from octavo.editions.base import Renderer
from octavo.editions.epub.renderer import EpubRenderer, book_slug
from octavo.editions.lms.cartridge_manifest import cartridge_manifest
from octavo.editions.lms.manifest import manifest_id, outline
from octavo.editions.print.renderer import PdfRenderer
from octavo.editions.web.pages import RESOURCES, WebBuilder
from octavo.editions.web.renderer import web_files


class CartridgeRenderer(Renderer):
    """Writes build/<book-slug>.imscc: imsmanifest.xml first, then every file it lists."""

    name = "imscc"

    def output_name(self) -> str:
        """The cartridge's file name."""
        return f"{book_slug(self.book.metadata.title)}.imscc"

    def downloads(self) -> list[tuple[str, str, bytes]]:
        """(path, label, bytes) of the handout PDF and the EPUB, made once per build."""
        slug = book_slug(self.book.metadata.title)
        epub = EpubRenderer(self.book, self.warnings, self.options, self.typeset_book, self.shared).epub_bytes()
        handout = PdfRenderer(self.book, self.warnings, {**self.options, "profile": "handout"}, self.typeset_book,
                              self.shared).pdf_bytes()
        return [(f"{RESOURCES}/downloads/{slug}.pdf", "The book as a PDF handout", handout),
                (f"{RESOURCES}/downloads/{slug}.epub", "The book as an EPUB", epub)]

    def write(self, target: Path) -> None:
        """Write the cartridge."""
        edition = WebBuilder(self.book, self.typeset_book).build()
        files = web_files(self.book.folder, edition)
        downloads = self.downloads()
        meta = self.book.metadata
        manifest = cartridge_manifest(
            manifest_id(identifier(meta), "cc"), meta.title, meta.language, plain_text(meta.description),
            outline(edition), [page.name for page in edition.pages],
            [name for name, _ in files if name.startswith(f"{RESOURCES}/")],
            [(path, label) for path, label, _ in downloads])
        entries = [("imsmanifest.xml", manifest), *files, *((path, data) for path, _, data in downloads)]
        target.write_bytes(write_zip(entries, modified_time()))
