"""How the EPUB wants its chapters: namespaced semantics, book images under images/book, page keys kept."""

from __future__ import annotations

from octavo.editions.chapters import Flavour

BOOK_IMAGES = "images/book"
EPUB_CHAPTERS = Flavour(epub=True, images=f"../{BOOK_IMAGES}", page_keys=True)
