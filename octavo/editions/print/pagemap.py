"""Read the page map from laid-out pages: where each page's text begins, and each anchor's folio."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import Element

import weasyprint
from weasyprint.formatting_structure import boxes

from octavo.typesetting.pagination import PAGE_KEY, PageMap, PageStart, countable

# Generated text that is not the book's: note calls, list markers, leaders and "see p. N".
GENERATED = ("::before", "::after", "::marker", "::footnote-call", "::footnote-marker")


@dataclass
class LaidOut:
    """One laid-out document and the folio of its first page (a number, or roman for the front matter)."""

    document: weasyprint.Document
    first_folio: int
    roman: bool = False


def _texts(box: boxes.Box, block: Element | None) -> Iterator[tuple[Element | None, str]]:
    """(keyed block element, text) of every text box in the main flow, in reading order."""
    if isinstance(box, (boxes.MarginBox, boxes.FootnoteAreaBox)):
        return
    if box.element_tag and box.element_tag.endswith(GENERATED):
        return
    element = getattr(box, "element", None)
    if element is not None and element.get(PAGE_KEY) is not None:
        block = element
    if isinstance(box, boxes.TextBox):
        yield block, box.text
        return
    for child in getattr(box, "children", []):
        yield from _texts(child, block)


def read_page_map(documents: list[LaidOut], edition: str, label: Callable[[int, bool], str]) -> PageMap:
    """The page map of the joined documents; `label(number, roman)` writes a folio."""
    page_map = PageMap(edition)
    for laid in documents:
        counted: dict[int, int] = {}
        for number, page in enumerate(laid.document.pages, start=laid.first_folio):
            folio = label(number, laid.roman)
            for anchor in page.anchors:
                page_map.anchors.setdefault(anchor, folio)
            start: PageStart | None = None
            has_text = False
            for block, text in _texts(page._page_box, None):
                size = countable(text)
                if not size:
                    continue
                has_text = True
                if block is None:
                    continue
                if start is None:
                    key = block.get(PAGE_KEY)
                    assert key is not None, "a text's block is the element that carries its key"
                    start = PageStart(folio, key, counted.get(id(block), 0))
                counted[id(block)] = counted.get(id(block), 0) + size
            if start is not None:
                page_map.starts.append(start)
            elif has_text:
                page_map.unmatched.append(folio)
    return page_map
