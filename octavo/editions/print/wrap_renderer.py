"""The trade edition's cover wrap, build/<book-slug>-cover.pdf: written whenever the trade PDF is written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from octavo.editions.base import RenderContext, Renderer
from octavo.editions.print.profiles import Profile
from octavo.editions.print.spine import WrapMeasures, wrap_measures
from octavo.errors import Warnings


@dataclass
class WrapResult:
    """The wrap's PDF and the warnings made laying it out, as the content cache keeps them."""

    pdf: bytes
    warnings: list[str]


class CoverWrapRenderer(Renderer):
    """Writes the wrap: its spine as thick as the laid-out trade edition's leaves of `print: paper_thickness`."""

    name = "cover wrap"

    @property
    def trade(self) -> Profile:
        """The trade edition this wrap goes round."""
        return self.profile or self.editions.profile("trade")

    def print_needed(self) -> list[Profile]:
        """The trade edition, whose pages make the spine."""
        return [self.trade]

    def output_name(self) -> str:
        """The wrap's file name."""
        return f"{self.context.slug}-cover.pdf"

    def write(self, target: Path) -> list[Path]:
        """Write the wrap, laid out again only when the book, its cover or the measures changed."""
        measures = wrap_measures(self.editions.pdf(self.trade), self.context.settings.print.paper_thickness)

        def make(_warnings: Warnings) -> WrapResult:
            return self.editions.workers.submit(_laid_out_wrap, self.context, measures).result()

        # Keyed by what the wrap shows, not the whole book: an edit to a chapter that moves no page leaves it be.
        target.write_bytes(self.editions.kept("cover-wrap", WrapResult, make, measures, self.context.book.metadata,
                                              self.context.settings.cover, whole=False).pdf)
        return []


def _laid_out_wrap(context: RenderContext, measures: WrapMeasures) -> WrapResult:
    """Lay out the wrap (a job for a worker process, which has WeasyPrint loaded already)."""
    from octavo.editions.print.wrap import wrap_pdf  # WeasyPrint loads only when something lays out

    warnings = Warnings()
    return WrapResult(wrap_pdf(context, measures, warnings), warnings.items)
