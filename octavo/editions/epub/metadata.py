"""Package metadata: creators, Dublin Core and accessibility, with the print edition the page list follows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from octavo.core.xhtml import SAFE_XML
from octavo.editions.epub.package import Credit
from octavo.errors import Warnings
from octavo.manuscript import BookMetadata

MARC_ROLES = {"author": "aut", "editor": "edt", "compiler": "com", "translator": "trl", "contributor": "ctb"}
W3CDTF = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
CONFORMANCE = [
    ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"),
    ("a11y:certifiedBy", "Octavo's automated checks (EPUBCheck and Ace by DAISY)"),
]
# With a page list: the markers and the list that follow the print edition named in dc:source.
PAGINATION = [
    ("schema:accessibilityFeature", "pageBreakMarkers"),
    ("schema:accessibilityFeature", "printPageNumbers"),
    ("schema:accessibilityFeature", "pageNavigation"),
]
XHTML_IMG = "{http://www.w3.org/1999/xhtml}img"
XHTML_TABLE = "{http://www.w3.org/1999/xhtml}table"
XHTML_TH = "{http://www.w3.org/1999/xhtml}th"


@dataclass(frozen=True)
class Content:
    """What the EPUB's documents hold, counted, so the accessibility metadata claims only what is true."""

    described: int = 0
    decorative: int = 0
    undescribed: int = 0
    tables: int = 0
    headed_tables: int = 0


def content_of(documents: list[bytes]) -> Content:
    """Count the pictures (described, decorative, without alternative text) and tables of the XHTML documents."""
    described = decorative = undescribed = tables = headed = 0
    for data in documents:
        root = etree.fromstring(data, parser=SAFE_XML)
        for table in root.iter(XHTML_TABLE):
            tables += 1
            headed += 1 if next(table.iter(XHTML_TH), None) is not None else 0
        for image in root.iter(XHTML_IMG):
            if (image.get("alt") or "").strip():
                described += 1
            elif image.get("role") in ("presentation", "none") or "decorative" in (image.get("class") or "").split():
                decorative += 1
            else:
                undescribed += 1
    return Content(described, decorative, undescribed, tables, headed)


def _count(number: int, one: str, many: str) -> str:
    """'one picture', '3 pictures'."""
    return f"one {one}" if number == 1 else f"{number} {many}"


def _summary(content: Content, paginated: str) -> str:
    """The accessibility summary, sentence by sentence from what the book holds."""
    if not content.described + content.decorative + content.undescribed:
        images = "alternative text for its one image, the cover"
    elif content.undescribed:
        images = "alternative text for the cover"
    else:
        images = f"alternative text for the cover and for {_count(content.described, 'picture', 'pictures')}"
        if content.decorative:
            images += f" ({_count(content.decorative, 'decorative picture', 'decorative pictures')} marked as such)"
    sentences = []
    if not content.undescribed:
        sentences.append("This publication meets WCAG 2.2 Level AA and EPUB Accessibility 1.1, as checked by "
                         "EPUBCheck and Ace by DAISY. It has")
    else:
        sentences.append("This publication has")
    sentences.append(" a table of contents, landmarks, a logical reading order and heading structure, footnotes "
                     f"linked to and from their calls, and {images}.")
    if content.undescribed:
        missing = _count(content.undescribed, "picture has", "pictures have")
        sentences.append(f" {missing[0].upper()}{missing[1:]} no alternative text, so a reader who cannot see "
                         "the pictures misses what they show; the publication does not claim WCAG conformance.")
    if content.tables and content.tables == content.headed_tables:
        sentences.append(f" Its {_count(content.tables, 'table has', 'tables have')} header cells.")
    sentences.append(" The reader's own fonts, sizes and colours take effect.")
    if paginated:
        sentences.append(" Page-break markers and a page list give the page numbers of this print edition: "
                         f"{paginated}.")
    return "".join(sentences)


def accessibility(paginated: str, content: Content) -> list[tuple[str, str]]:
    """The accessibility metadata; `paginated` names the print edition the page list follows, if any."""
    complete = not content.undescribed
    meta = [("schema:accessMode", "textual"), ("schema:accessMode", "visual")]
    meta.append(("schema:accessModeSufficient", "textual" if complete else "textual,visual"))
    features = ["structuralNavigation", "tableOfContents", "readingOrder"]
    features += ["alternativeText"] if complete else []
    features += [v for _, v in PAGINATION] if paginated else []
    features += ["displayTransformability"]
    meta += [("schema:accessibilityFeature", feature) for feature in features]
    meta.append(("schema:accessibilityHazard", "none"))
    meta.append(("schema:accessibilitySummary", _summary(content, paginated)))
    return meta + CONFORMANCE if complete else meta


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
