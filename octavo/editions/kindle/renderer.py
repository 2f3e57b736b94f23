"""The Kindle-safe EPUB: build/<book-slug>-kindle.epub, for Amazon's Send to Kindle."""

from __future__ import annotations

from pathlib import Path

from octavo.editions.epub.renderer import EpubRenderer
from octavo.editions.kindle.edition import kindle_epub


class KindleRenderer(EpubRenderer):
    """Writes the Kindle-safe EPUB from the build's EPUB (and so needs what the EPUB needs)."""

    name = "kindle"
    by_default = False  # asked for by name, as Standard Ebooks' `se build --kindle` does

    def output_name(self) -> str:
        """The Kindle EPUB's file name."""
        return f"{self.context.slug}-kindle.epub"

    def write(self, target: Path) -> list[Path]:
        """Write the Kindle-safe EPUB, warning of whatever its rules could not fix."""
        epub = self.editions.epub()
        target.write_bytes(kindle_epub(epub, self.context.modified, self.context.warnings, self.output_name()))
        return []
