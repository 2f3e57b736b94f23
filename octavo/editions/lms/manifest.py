"""The book's outline for a package manifest: parts holding chapter pages, in reading order."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from lxml import etree

from octavo.editions.web.pages import WebEdition


@dataclass
class OutlineItem:
    """An item of an organization: a titled page, or a titled group of items (a part)."""

    identifier: str
    title: str
    page: str = ""
    children: list[OutlineItem] = field(default_factory=list)


def outline(edition: WebEdition) -> list[OutlineItem]:
    """Parts as groups holding their chapters, other pages on their own; the contents page is left out."""
    items: list[OutlineItem] = []
    for number, page in enumerate(edition.planned):
        if page.kind == "contents":
            continue
        item = OutlineItem(f"I_{number:03d}", page.title, "" if page.kind == "part" else page.name)
        (items[-1].children if page.depth and items else items).append(item)
    return items


def beside_chapters(items: list[OutlineItem], handouts: dict[str, tuple[str, str]]) -> list[OutlineItem]:
    """The outline with each chapter's handout (page name → its path and title) as an item right after it."""
    placed: list[OutlineItem] = []
    for item in items:
        placed.append(OutlineItem(item.identifier, item.title, item.page, beside_chapters(item.children, handouts)))
        if item.page in handouts:
            path, title = handouts[item.page]
            placed.append(OutlineItem(f"{item.identifier}_handout", title, path))
    return placed


def resource_id(name: str) -> str:
    """A resource identifier (an XML name) for a file name."""
    return f"R_{hashlib.sha1(name.encode('utf-8')).hexdigest()[:12]}"


def manifest_id(book_identifier: str, kind: str) -> str:
    """The manifest's identifier, stable for one book and package kind."""
    return f"M_{kind}_{hashlib.sha1(book_identifier.encode('utf-8')).hexdigest()[:16]}"


def element(parent: etree._Element, namespace: str, name: str, text: str | None = None,
            **attributes: str) -> etree._Element:
    """A manifest element in the package's namespace under `parent`."""
    made = etree.SubElement(parent, f"{{{namespace}}}{name}", attributes)
    made.text = text
    return made


def add_items(parent: etree._Element, namespace: str, items: list[OutlineItem]) -> None:
    """Titled items in order: a page's item names its resource, a part's item holds its chapters."""
    for entry in items:
        attributes = {"identifier": entry.identifier}
        if entry.page:
            attributes["identifierref"] = resource_id(entry.page)
        item = element(parent, namespace, "item", **attributes)
        element(item, namespace, "title", entry.title)
        add_items(item, namespace, entry.children)
