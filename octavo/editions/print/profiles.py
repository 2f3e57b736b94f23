"""Print profiles: page geometry and PDF variant for handouts and for the trade edition."""

from __future__ import annotations

from dataclasses import dataclass

from octavo.errors import BookError

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
    edition: str


def chosen_profile(settings: dict[str, str], options: dict, name: str = "") -> Profile:
    """The profile `name` (else --profile, book.yaml's `print: profile`, a handout), on the chosen paper."""
    merged = {**settings, **{key: value for key, value in options.items() if value}}
    return profile(name or merged.get("profile", "handout"), merged.get("paper", "a4"))


def profile(name: str, paper: str = "a4") -> Profile:
    """The profile called `name`, with the paper for handouts."""
    if name == "handout":
        if paper not in PAPERS:
            raise BookError(f"paper {paper!r} is not known", "use a4 or letter")
        return Profile("handout", "print-handout.css", PAPERS[paper], "pdf/ua-1", False, "",
                       f"handout edition, {PAPER_NAMES[paper]}")
    if name == "trade":
        # No PDF/X-4: WeasyPrint 70 writes its metadata but no OutputIntent without a CMYK ICC
        # profile, which PDF/X-4 requires; a plain PDF with trim and bleed boxes is the honest output.
        return Profile("trade", "print-trade.css", "6in 9in", "", True, "-trade", "trade edition, 6 × 9 in")
    raise BookError(f"print profile {name!r} is not known", "use handout or trade")
