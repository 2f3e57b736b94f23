"""The print edition: a PDF laid out by WeasyPrint, as a tagged handout or a trade book for the printer."""

from __future__ import annotations

from pathlib import Path

from octavo.core.identity import identifier
from octavo.editions.base import Renderer
from octavo.editions.epub.renderer import book_slug
from octavo.editions.print.edition import print_edition
from octavo.editions.print.layout import report, write_joined
from octavo.editions.print.profiles import Profile, chosen_profile


class PdfRenderer(Renderer):
    """Joins the laid-out front matter, body and index into one PDF with the printed folios as page labels."""

    name = "pdf"

    def chosen(self) -> Profile:
        """The profile: --profile/--paper, else book.yaml's `print:`, else a handout on A4."""
        return chosen_profile(self.book.print_settings, self.options)

    def output_name(self) -> str:
        """The PDF's file name (trade editions end in -trade)."""
        return f"{book_slug(self.book.metadata.title)}{self.chosen().suffix}.pdf"

    def pdf_bytes(self) -> bytes:
        """The finished PDF, made once per build and profile (the cartridge carries the handout too)."""
        chosen = self.chosen()
        key = ("pdf", chosen.name, chosen.size)
        if key not in self.shared:
            edition = print_edition(self.shared, self.book, self.typeset_book, chosen, self.warnings)
            rest = [edition.body, *([edition.index] if edition.index else [])]
            self.shared[key] = write_joined(edition.front, rest, edition.layout, identifier(self.book.metadata))
            report(edition.layout.log, edition.layout.fetcher, self.warnings)
        return self.shared[key]

    def write(self, target: Path) -> None:
        """Write the PDF file."""
        target.write_bytes(self.pdf_bytes())
