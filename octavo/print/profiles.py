"""Print profiles: page geometry and PDF variant for handouts and for the trade edition."""

from __future__ import annotations

from dataclasses import dataclass

from octavo.errors import BookError

PAPERS = {"a4": "A4", "letter": "letter"}


@dataclass(frozen=True)
class Profile:
    """A print profile: its name, stylesheet, page size and PDF variant."""

    name: str
    stylesheet: str
    size: str
    pdf_variant: str
    recto_openings: bool
    suffix: str


def profile(name: str, paper: str = "a4") -> Profile:
    """The profile called `name`, with the paper for handouts."""
    if name == "handout":
        if paper not in PAPERS:
            raise BookError(f"paper {paper!r} is not known", "use a4 or letter")
        return Profile("handout", "print-handout.css", PAPERS[paper], "pdf/ua-1", False, "")
    if name == "trade":
        # No PDF/X-4: WeasyPrint 70 writes its metadata but no OutputIntent without a CMYK ICC
        # profile, which PDF/X-4 requires; a plain PDF with trim and bleed boxes is the honest output.
        return Profile("trade", "print-trade.css", "6in 9in", "", True, "-trade")
    raise BookError(f"print profile {name!r} is not known", "use handout or trade")
