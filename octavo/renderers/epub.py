"""The EPUB 3 edition: build/<book-slug>.epub, valid, accessible and reproducible."""

from __future__ import annotations

from pathlib import Path

from octavo.config import inside_book
from octavo.epub.cover import cover_png
from octavo.epub.documents import EditionBuilder
from octavo.epub.metadata import ACCESSIBILITY, creators, dublin_core, identifier, modified_time
from octavo.epub.package import Package, write_package
from octavo.epub.xhtml import BOOK_IMAGES
from octavo.errors import BookError
from octavo.markdown import plain_text, slugify
from octavo.renderers.base import Renderer

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".svg": "image/svg+xml", ".webp": "image/webp"}
STYLESHEET = Path(__file__).resolve().parent.parent.parent / "styles" / "epub.css"


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
        edition = EditionBuilder(self.book, self.typeset_book, uid).build()
        images = [self._image(src) for src in edition.images]
        return Package(
            identifier=uid, title=meta.title, language=meta.language, modified=modified_time(),
            creators=creators(meta), dc=dublin_core(meta, self.warnings), meta=ACCESSIBILITY,
            stylesheet=STYLESHEET.read_bytes(), cover=cover_png(meta), documents=edition.documents,
            toc=edition.toc, images=images,
        )

    def _image(self, src: str) -> tuple[str, str, bytes]:
        """An image of the book to package: its place in the EPUB, media type and bytes."""
        media_type = IMAGE_TYPES.get(Path(src).suffix.lower())
        if media_type is None:
            raise BookError(f"the image {src!r} is not PNG, JPEG, GIF, SVG or WebP", "convert it to PNG or JPEG")
        path = inside_book(Path(self.book.folder), src)
        if not path.is_file():
            raise BookError(f"the image {src!r} is missing", "put the file in the book folder")
        return f"{BOOK_IMAGES}/{src}", media_type, path.read_bytes()

    def write(self, target: Path) -> None:
        """Write the EPUB file."""
        target.write_bytes(write_package(self.package()))
