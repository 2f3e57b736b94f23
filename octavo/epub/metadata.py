"""Package metadata: creators, Dublin Core and accessibility, with the print edition the page list follows."""

from __future__ import annotations

import re

from octavo.epub.package import Credit
from octavo.errors import Warnings
from octavo.manuscript import BookMetadata

MARC_ROLES = {"author": "aut", "editor": "edt", "compiler": "com", "translator": "trl", "contributor": "ctb"}
W3CDTF = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
SUMMARY = (
    "This publication meets WCAG 2.2 Level AA and EPUB Accessibility 1.1, as checked by EPUBCheck and Ace by "
    "DAISY. It has a table of contents, landmarks, a logical reading order and heading structure, footnotes "
    "linked to and from their calls, and alternative text for its one image, the cover. The reader's own "
    "fonts, sizes and colours take effect."
)
ACCESSIBILITY = [
    ("schema:accessMode", "textual"),
    ("schema:accessMode", "visual"),
    ("schema:accessModeSufficient", "textual"),
    ("schema:accessibilityFeature", "structuralNavigation"),
    ("schema:accessibilityFeature", "tableOfContents"),
    ("schema:accessibilityFeature", "readingOrder"),
    ("schema:accessibilityFeature", "alternativeText"),
    ("schema:accessibilityFeature", "displayTransformability"),
    ("schema:accessibilityHazard", "none"),
    ("schema:accessibilitySummary", SUMMARY),
    ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"),
    ("a11y:certifiedBy", "Octavo's automated checks (EPUBCheck and Ace by DAISY)"),
]
# With a page list: the markers and the list that follow the print edition named in dc:source.
PAGINATION = [
    ("schema:accessibilityFeature", "pageBreakMarkers"),
    ("schema:accessibilityFeature", "printPageNumbers"),
    ("schema:accessibilityFeature", "pageNavigation"),
]


def accessibility(paginated: str) -> list[tuple[str, str]]:
    """The accessibility metadata; `paginated` names the print edition the page list follows, if any."""
    if not paginated:
        return ACCESSIBILITY
    summary = f"{SUMMARY} Page-break markers and a page list give the page numbers of the {paginated}."
    features = [(p, v) for p, v in ACCESSIBILITY if p != "schema:accessibilitySummary"]
    at = max(i for i, (p, _) in enumerate(features) if p == "schema:accessibilityFeature") + 1
    return [*features[:at], *PAGINATION, *features[at:], ("schema:accessibilitySummary", summary)]


def dublin_core(metadata: BookMetadata, warnings: Warnings) -> list[tuple[str, str]]:
    """Dublin Core elements beyond title, language and identifier."""
    elements = []
    if metadata.publisher:
        elements.append(("publisher", metadata.publisher))
    if metadata.date:
        if W3CDTF.match(metadata.date):
            elements.append(("date", metadata.date))
        else:
            warnings.add(f"date {metadata.date!r} is not YYYY, YYYY-MM or YYYY-MM-DD; left out of the EPUB",
                         "book.yaml")
    if metadata.rights:
        elements.append(("rights", metadata.rights))
    if metadata.description:
        elements.append(("description", metadata.description))
    elements.extend(("subject", subject) for subject in metadata.subjects)
    return elements


def creators(metadata: BookMetadata) -> list[Credit]:
    """Each creator with its MARC relator; with no author among them, the first also shows as the author."""
    credits = [Credit("creator", c["name"], MARC_ROLES.get(c.get("role", "author"), "aut")) for c in metadata.creators]
    if credits and all(credit.role != "aut" for credit in credits):
        # Reading systems that file books by author (calibre's read_authors, Readium) count a creator whose role
        # is `aut`, or one with no role when no creator has `aut`. The first creator goes without a role, which
        # claims nothing, and its true role (compiler, editor…) is kept on a contributor of the same name.
        first = credits[0]
        credits = [first._replace(role=""), *credits[1:], Credit("contributor", first.name, first.role)]
    return credits
