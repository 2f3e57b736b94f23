"""The print edition: a PDF laid out by WeasyPrint, as a tagged handout or a trade book for the printer."""

from __future__ import annotations

from pathlib import Path

from octavo.core.zipfiles import write_zip
from octavo.editions.base import Output, Renderer
from octavo.editions.print.profiles import Profile, chosen_profile, page_list_profile
from octavo.editions.print.wrap_renderer import CoverWrapRenderer
from octavo.settings import BookSettings, BuildOptions


class PdfRenderer(Renderer):
    """Writes one profile's PDF: front matter, body and index with the printed folios as page labels."""

    name = "pdf"

    @classmethod
    def outputs(cls, settings: BookSettings, options: BuildOptions, formats: list[str]) -> list[Output]:
        """The chosen profile's PDF and, with the EPUB, the edition its page list cites; a trade PDF, then its wrap."""
        chosen = chosen_profile(settings.print, options)
        cited = page_list_profile(settings, options) if "epub" in formats else None
        planned = []
        for profile in [chosen] + ([cited] if cited is not None and cited != chosen else []):
            planned.append(Output(cls, profile))
            if profile.name == "trade":
                planned.append(Output(CoverWrapRenderer, profile))
        return planned

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


class HandoutsRenderer(Renderer):
    """Writes a tagged handout PDF per chapter into a folder, and the same files as a zip beside it."""

    name = "handouts"
    by_default = False

    def print_needed(self) -> list[Profile]:
        """The book's handout edition, whose pages the chapter handouts follow."""
        return [self.editions.profile("handout")]

    def output_name(self) -> str:
        """The folder of chapter handouts."""
        return f"{self.context.slug}-handouts"

    def write(self, target: Path) -> list[Path]:
        """One PDF per chapter in the folder; the zip beside it, for a course page or an e-mail."""
        handouts = self.editions.handouts()
        target.mkdir(parents=True, exist_ok=True)
        for handout in handouts:
            (target / handout.name).write_bytes(handout.pdf)
        archive = target.parent / f"{self.context.slug}-handouts.zip"
        files = [(handout.name, handout.pdf) for handout in handouts]
        archive.write_bytes(write_zip(files, self.context.modified, stored=tuple(name for name, _ in files)))
        return [archive]
