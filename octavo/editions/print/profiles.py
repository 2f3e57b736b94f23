"""Print profiles: page geometry and PDF variant for handouts and for the trade edition."""

from __future__ import annotations

from dataclasses import dataclass

from octavo.errors import BookError
from octavo.labels import Labels
from octavo.settings import BookSettings, BuildOptions, PrintSettings

PAPERS = {"a4": "A4", "letter": "letter"}
PAPER_NAMES = {"a4": "A4", "letter": "US Letter"}


@dataclass(frozen=True)
class Profile:
    """A print profile: its name, stylesheet, page size and PDF variant."""

    name: str
    stylesheet: str
    size: str
    pdf_variant: str
    recto_openings: bool
    suffix: str


def chosen_profile(settings: PrintSettings, options: BuildOptions, name: str = "") -> Profile:
    """The profile `name` (else --profile, book.yaml's `print: profile`, a handout), on the chosen paper."""
    return profile(name or options.profile or settings.profile or "handout", options.paper or settings.paper or "a4")


def page_list_profile(settings: BookSettings, options: BuildOptions) -> Profile | None:
    """The print edition whose pages the EPUB's page list follows (book.yaml's `epub: page_list:`), if any."""
    page_list = settings.epub.page_list
    return None if page_list == "none" else chosen_profile(settings.print, options, page_list)


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


def edition_name(chosen: Profile, labels: Labels) -> str:
    """The edition as the book's language names it (`handout edition, A4`), for the page map and the EPUB."""
    if chosen.name == "handout":
        paper = next(key for key, size in PAPERS.items() if size == chosen.size)
        return labels.text("handout_edition", paper=PAPER_NAMES[paper])
    return labels.text("trade_edition")
