"""The cover wrap's measures: the trade edition's trim and bleed, read from its PDF; a spine as thick as its leaves."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf

POINTS_PER_INCH = 72


def leaves(pages: int) -> int:
    """The leaves a book block of `pages` pages is printed on: two pages to a leaf, a last odd page on a leaf too."""
    return (pages + 1) // 2


@dataclass(frozen=True)
class WrapMeasures:
    """A cover wrap's measures in points: one cover side's trim, the bleed, and the spine between back and front."""

    pages: int
    trim_width: float
    trim_height: float
    bleed: float
    spine: float

    @property
    def sheet_width(self) -> float:
        """The trimmed wrap, back + spine + front: the width of its TrimBox."""
        return 2 * self.trim_width + self.spine

    @property
    def media_width(self) -> float:
        """The whole sheet with the bleed on both outer edges: the width of its MediaBox."""
        return self.sheet_width + 2 * self.bleed


def wrap_measures(trade_pdf: bytes, paper_thickness: float) -> WrapMeasures:
    """The wrap for a laid-out trade edition: its page count, trim and bleed, and `paper_thickness` inches a leaf."""
    with pikepdf.open(io.BytesIO(trade_pdf)) as pdf:
        page = pdf.pages[0]
        media = [float(value) for value in page.mediabox]
        trim = [float(value) for value in page.trimbox]  # the MediaBox when the page has no TrimBox
        pages = len(pdf.pages)
    return WrapMeasures(pages, trim[2] - trim[0], trim[3] - trim[1], trim[0] - media[0],
                        leaves(pages) * paper_thickness * POINTS_PER_INCH)
