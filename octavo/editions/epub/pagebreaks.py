"""The EPUB's page-break markers (XHTML spans with `epub:type`), placed in its documents by the shared page breaks."""

from __future__ import annotations

from lxml import etree

from octavo.core.xhtml import SAFE_XML
from octavo.editions import pagebreaks
from octavo.editions.pagebreaks import EPUB_TYPE, page_id
from octavo.typesetting.pagination import PageMap

XHTML = "http://www.w3.org/1999/xhtml"


def marker(label: str) -> etree._Element:
    """A page-break marker for the page with this folio."""
    return etree.Element(f"{{{XHTML}}}span", {EPUB_TYPE: "pagebreak", "role": "doc-pagebreak",
                                              "id": page_id(label), "aria-label": label})


def insert_markers(block: etree._Element, pages: list[tuple[int, str]]) -> None:
    """Put the EPUB's marker before the block's countable character number `offset` for each (offset, folio)."""
    pagebreaks.insert_markers(block, pages, marker)


class PageBreaks(pagebreaks.PageBreaks):
    """Places the print edition's page starts into the EPUB's documents and lists where each landed."""

    def __init__(self, page_map: PageMap | None) -> None:
        super().__init__(page_map, marker)

    def place(self, content: str, name: str) -> bytes:
        """The document with its markers in place and the block keys removed."""
        root = etree.fromstring(content.encode("utf-8"), parser=SAFE_XML)
        self.place_in(root, name)
        return etree.tostring(root, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>")
