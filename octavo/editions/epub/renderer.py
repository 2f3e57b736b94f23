"""The EPUB 3 edition: build/<book-slug>.epub, valid, accessible and reproducible."""

from __future__ import annotations

from pathlib import Path

from octavo.editions.base import Renderer
from octavo.editions.print.profiles import Profile


class EpubRenderer(Renderer):
    """Writes the build's EPUB."""

    name = "epub"

    def print_needed(self) -> list[Profile]:
        """The print edition the page list follows, if any."""
        followed = self.editions.page_list_profile()
        return [] if followed is None else [followed]

    def output_name(self) -> str:
        """The EPUB's file name."""
        return f"{self.context.slug}.epub"

    def write(self, target: Path) -> list[Path]:
        """Write the EPUB file."""
        target.write_bytes(self.editions.epub())
        return []
