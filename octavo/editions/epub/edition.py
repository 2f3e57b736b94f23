"""The EPUB made from one build's render context: documents, pictures and metadata gathered into the package."""

from __future__ import annotations

from dataclasses import replace

from octavo.core.images import SCREEN_PIXELS, edition_picture, media_type, packaged_name
from octavo.core.resources import STYLES
from octavo.core.text import plain_text
from octavo.editions.base import RenderContext
from octavo.editions.cover import book_cover
from octavo.editions.epub.documents import EditionBuilder, cover_file
from octavo.editions.epub.flavour import BOOK_IMAGES
from octavo.editions.epub.metadata import accessibility, content_of, creators, dublin_core
from octavo.editions.epub.package import Package, write_package
from octavo.errors import BookError
from octavo.labels import labels_of
from octavo.typesetting.pagination import PageMap

STYLESHEET = STYLES / "epub.css"


def _picture(context: RenderContext, src: str) -> tuple[str, str, bytes]:
    """A picture of the book to package: its place in the EPUB, media type and bytes."""
    kind = media_type(src)
    if kind is None:
        raise BookError(f"the image {src!r} is not PNG, JPEG, GIF, SVG or WebP", "convert it to PNG or JPEG")
    return f"{BOOK_IMAGES}/{packaged_name(src)}", kind, edition_picture(context.folder, src, SCREEN_PIXELS)


def epub_package(context: RenderContext, page_map: PageMap | None) -> Package:
    """Gather the package: the documents with page breaks from `page_map`, pictures, cover and metadata."""
    meta = replace(context.book.metadata, description=plain_text(context.book.metadata.description))
    uid = context.identifier
    book = replace(context.book, metadata=meta)  # the description as plain text, in the package and the documents
    cover = book_cover(context.settings, meta, SCREEN_PIXELS)
    edition = EditionBuilder(book, context.typeset, uid, cover, page_map).build()
    for folio in edition.missing_pages:
        context.warnings.add(f"page {folio} of the {page_map.edition if page_map else 'print edition'} has text that "
                             "the EPUB has no place for; the page list leaves it out — check the page in the PDF")
    paginated = page_map.edition if page_map and edition.page_list else ""
    content = content_of([d.content for d in edition.documents if d.uid != "cover"])
    return Package(
        identifier=uid, title=meta.title, language=meta.language, modified=context.modified,
        creators=creators(meta), dc=dublin_core(meta, context.warnings), meta=accessibility(paginated, content,
                                                                                       labels_of(meta)),
        stylesheet=STYLESHEET.read_bytes(), cover=cover.data, cover_file=cover_file(cover),
        cover_type=cover.media_type, documents=edition.documents,
        toc=edition.toc, images=[_picture(context, src) for src in edition.images], print_source=paginated,
    )


def epub_bytes(context: RenderContext, page_map: PageMap | None) -> bytes:
    """The finished EPUB."""
    return write_package(epub_package(context, page_map))
