"""The Kobo edition: build/<book-slug>.kepub.epub, the EPUB with Kobo's sentence spans and wrappers."""

from __future__ import annotations

from pathlib import Path

from octavo.editions.epub.renderer import EpubRenderer
from octavo.editions.kobo.edition import kepub


class KepubRenderer(EpubRenderer):
    """Writes the Kobo edition from the build's EPUB (and so needs what the EPUB needs)."""

    name = "kepub"
    by_default = False  # asked for by name, as Standard Ebooks' `se build --kobo` does

    def output_name(self) -> str:
        """The Kobo edition's file name (Kobo's readers know a kepub by `.kepub.epub`)."""
        return f"{self.context.slug}.kepub.epub"

    def write(self, target: Path) -> list[Path]:
        """Write the .kepub.epub."""
        target.write_bytes(kepub(self.editions.epub(), self.context.modified))
        return []
