"""The EPUB 3 edition: build/<book-slug>.epub, valid, accessible and reproducible."""

from __future__ import annotations

from pathlib import Path

from octavo.editions.base import Renderer


class EpubRenderer(Renderer):
    """Writes the build's EPUB."""

    name = "epub"

    def output_name(self) -> str:
        """The EPUB's file name."""
        return f"{self.context.slug}.epub"

    def write(self, target: Path) -> list[Path]:
        """Write the EPUB file."""
        target.write_bytes(self.editions.epub())
        return []
