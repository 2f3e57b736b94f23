"""Package metadata: a stable identifier, the modification time, Dublin Core and accessibility."""

from __future__ import annotations

import os
import re
import uuid
from datetime import UTC, datetime

from octavo.errors import BookError, Warnings
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


def identifier(metadata: BookMetadata) -> str:
    """The book's identifier: given in book.yaml, else a UUID derived from its title and creators."""
    if metadata.identifier:
        return metadata.identifier
    names = "|".join(c["name"] for c in metadata.creators)
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'octavo:{metadata.title}|{names}')}"


def modified_time() -> datetime:
    """The build time: SOURCE_DATE_EPOCH when set (for reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return datetime.now(UTC).replace(microsecond=0)
    if not epoch.isdigit():
        raise BookError(f"SOURCE_DATE_EPOCH is {epoch!r}, not a number of seconds",
                        "set it to seconds since 1970 (e.g. `git log -1 --format=%ct`)")
    return datetime.fromtimestamp(int(epoch), UTC)


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


def creators(metadata: BookMetadata) -> list[tuple[str, str]]:
    """(name, MARC relator) for each creator."""
    return [(c["name"], MARC_ROLES.get(c.get("role", "author"), "aut")) for c in metadata.creators]
