"""The print edition: a PDF laid out by WeasyPrint, as a tagged handout or a trade book for the printer."""

from __future__ import annotations

from pathlib import Path

from octavo.editions.base import Output, Renderer
from octavo.editions.print.profiles import Profile, chosen_profile, page_list_profile
from octavo.settings import BookSettings, BuildOptions


class PdfRenderer(Renderer):
    """Writes one profile's PDF: front matter, body and index with the printed folios as page labels."""

    name = "pdf"

    @classmethod
    def outputs(cls, settings: BookSettings, options: BuildOptions, formats: list[str]) -> list[Output]:
        """The chosen profile's PDF; with the EPUB, also the print edition its page list cites, so readers have it."""
        chosen = chosen_profile(settings.print, options)
        cited = page_list_profile(settings, options) if "epub" in formats else None
        return [Output(cls, chosen)] + ([Output(cls, cited)] if cited is not None and cited != chosen else [])

    def print_needed(self) -> list[Profile]:
        """The edition of this PDF."""
        return [self.print_profile]

    def output_name(self) -> str:
        """The PDF's file name (trade editions end in -trade)."""
        return f"{self.context.slug}{self.print_profile.suffix}.pdf"

    @property
    def print_profile(self) -> Profile:
        """The profile this PDF is laid out in (the chosen one unless the build plan says another)."""
        return self.profile or self.editions.profile()

    def write(self, target: Path) -> list[Path]:
        """Write the PDF file."""
        target.write_bytes(self.editions.pdf(self.print_profile))
        return []
