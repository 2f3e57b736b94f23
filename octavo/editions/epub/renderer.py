"""The EPUB 3 edition: build/<book-slug>.epub, valid, accessible and reproducible."""

from __future__ import annotations

from pathlib import Path

from octavo.core.identity import identifier, modified_time
from octavo.core.images import SCREEN_PIXELS, edition_picture, media_type, packaged_name
from octavo.core.resources import STYLES
from octavo.core.text import plain_text, slugify
from octavo.editions.base import Renderer
from octavo.editions.epub.cover import cover_png
from octavo.editions.epub.documents import EditionBuilder
from octavo.editions.epub.flavour import BOOK_IMAGES
from octavo.editions.epub.metadata import accessibility, content_of, creators, dublin_core
from octavo.editions.epub.package import Package, write_package
from octavo.editions.print.edition import print_edition
from octavo.editions.print.profiles import chosen_profile
from octavo.errors import BookError
from octavo.typesetting.pagination import PageMap

STYLESHEET = STYLES / "epub.css"


def book_slug(title: str) -> str:
    """The file name stem of the book's editions."""
    return slugify(title, "book")


class EpubRenderer(Renderer):
    """Writes the EPUB into a temporary file and moves it into place when complete."""

    name = "epub"

    def output_name(self) -> str:
        """The EPUB's file name."""
        return f"{book_slug(self.book.metadata.title)}.epub"

    def package(self) -> Package:
        """Typeset the book and gather the package."""
        meta = self.book.metadata
        meta.description = plain_text(meta.description)
        uid = identifier(meta)
        page_map = self.page_map()
        edition = EditionBuilder(self.book, self.typeset_book, uid, page_map).build()
        for folio in edition.missing_pages:
            self.warnings.add(f"page {folio} of the {page_map.edition} has text that the EPUB has no place for; "
                              "the page list leaves it out — check the page in the PDF")
        images = [self._image(src) for src in edition.images]
        paginated = page_map.edition if page_map and edition.page_list else ""
        content = content_of([d.content for d in edition.documents if d.uid != "cover"])
        return Package(
            identifier=uid, title=meta.title, language=meta.language, modified=modified_time(),
            creators=creators(meta), dc=dublin_core(meta, self.warnings), meta=accessibility(paginated, content),
            stylesheet=STYLESHEET.read_bytes(), cover=cover_png(meta), documents=edition.documents,
            toc=edition.toc, images=images, print_source=paginated,
        )

    def page_map(self) -> PageMap | None:
        """The pages of the print edition the page list follows (book.yaml's `epub: page_list:`), laid out here."""
        if self.book.page_list == "none":
            return None
        chosen = chosen_profile(self.book.print_settings, self.options, self.book.page_list)
        return print_edition(self.shared, self.book, self.typeset_book, chosen, self.warnings).page_map()

    def _image(self, src: str) -> tuple[str, str, bytes]:
        """An image of the book to package: its place in the EPUB, media type and bytes."""
        kind = media_type(src)
        if kind is None:
            raise BookError(f"the image {src!r} is not PNG, JPEG, GIF, SVG or WebP", "convert it to PNG or JPEG")
        return f"{BOOK_IMAGES}/{packaged_name(src)}", kind, edition_picture(Path(self.book.folder), src, SCREEN_PIXELS)

    def epub_bytes(self) -> bytes:
        """The finished EPUB, made once per build (the cartridge carries it too)."""
        if "epub" not in self.shared:
            self.shared["epub"] = write_package(self.package())
        return self.shared["epub"]

    def write(self, target: Path) -> None:
        """Write the EPUB file."""
        target.write_bytes(self.epub_bytes())
