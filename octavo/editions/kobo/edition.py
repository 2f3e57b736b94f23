"""The Kobo edition made from the build's EPUB: each XHTML document given Kobo's spans and wrappers."""

from __future__ import annotations

from datetime import datetime

from octavo.editions.epub.archive import EpubArchive
from octavo.editions.kobo.spans import kobo_document


def kepub(epub: bytes, when: datetime) -> bytes:
    """The .kepub.epub made from the EPUB's bytes (its package, pictures and page list unchanged)."""
    archive = EpubArchive.read(epub)
    for path in archive.documents():
        root = archive.parse(path)
        kobo_document(root, path)
        archive.put_document(path, root)
    return archive.write(when)
