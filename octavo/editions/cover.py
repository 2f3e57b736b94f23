"""The book's cover as the editions show it: the picture book.yaml names, with its alternative text, or one drawn."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from octavo.core.images import IMAGE_TYPES, edition_picture
from octavo.editions.epub.cover import cover_alt, cover_png
from octavo.manuscript import BookMetadata
from octavo.settings import BookSettings


@dataclass(frozen=True)
class Cover:
    """A cover picture: its bytes, media type, file suffix and alternative text; `src` is its path in the book."""

    data: bytes
    media_type: str
    suffix: str
    alt: str
    src: str = ""

    @property
    def drawn(self) -> bool:
        """Whether Octavo drew it from the title and creators (the book gives no picture of its own)."""
        return not self.src


@dataclass(frozen=True)
class OwnCover:
    """The book's own cover picture: its path in the book (posix, from the book folder) and alternative text."""

    src: str
    alt: str


def own_cover(settings: BookSettings) -> OwnCover | None:
    """The cover picture book.yaml names, or None when the editions draw one."""
    if settings.cover is None:
        return None
    return OwnCover(settings.cover.image.path.relative_to(settings.folder).as_posix(), settings.cover.alt)


def book_cover(settings: BookSettings, metadata: BookMetadata, longest: int) -> Cover:
    """The cover of the book: its own picture fitted to `longest` pixels, else the cover drawn from the metadata."""
    own = own_cover(settings)
    if own is None:
        return Cover(cover_png(metadata), IMAGE_TYPES[".png"], ".png", cover_alt(metadata))
    suffix = PurePosixPath(own.src).suffix.lower()
    return Cover(edition_picture(settings.folder, own.src, longest), IMAGE_TYPES[suffix],
                 ".jpg" if suffix == ".jpeg" else suffix, own.alt, own.src)
