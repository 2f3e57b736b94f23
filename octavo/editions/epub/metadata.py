"""Package metadata: creators, Dublin Core and accessibility, with the print edition the page list follows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from octavo.core.xhtml import SAFE_XML
from octavo.editions.epub.package import Credit
from octavo.errors import Warnings
from octavo.labels import Labels, book_labels
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


def _summary(content: Content, paginated: str, labels: Labels) -> str:
    """The accessibility summary in the book's language, sentence by sentence from what the book holds."""
    if not content.described + content.decorative + content.undescribed:
        images = labels.text("a11y_cover_only")
    elif content.undescribed:
        images = labels.text("a11y_cover")
    else:
        images = labels.count("a11y_described", content.described)
        if content.decorative:
            images += f" ({labels.count('a11y_decorative', content.decorative)})"
    if not content.undescribed:
        sentences = [labels.text("a11y_meets"), labels.text("a11y_it_has", images=images)]
    else:
        sentences = [labels.text("a11y_has", images=images), labels.count("a11y_undescribed", content.undescribed)]
    if content.tables and content.tables == content.headed_tables:
        sentences.append(labels.count("a11y_tables", content.tables))
    sentences.append(labels.text("a11y_display"))
    if paginated:
        sentences.append(labels.text("a11y_pages", edition=paginated))
    return " ".join(sentences)


def accessibility(paginated: str, content: Content, labels: Labels | None = None) -> list[tuple[str, str]]:
    """The accessibility metadata, its summary in `labels` (else English); `paginated`: the print edition followed."""
    complete = not content.undescribed
    meta = [("schema:accessMode", "textual"), ("schema:accessMode", "visual")]
    meta.append(("schema:accessModeSufficient", "textual" if complete else "textual,visual"))
    features = ["structuralNavigation", "tableOfContents", "readingOrder"]
    features += ["alternativeText"] if complete else []
    features += [v for _, v in PAGINATION] if paginated else []
    features += ["displayTransformability"]
    meta += [("schema:accessibilityFeature", feature) for feature in features]
    meta.append(("schema:accessibilityHazard", "none"))
    meta.append(("schema:accessibilitySummary", _summary(content, paginated, labels or book_labels("en", {}))))
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
