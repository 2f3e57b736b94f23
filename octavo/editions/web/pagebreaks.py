"""The web pages' print-page markers, placed by the shared page breaks, and the contents page's table of pages."""

from __future__ import annotations

import json

from lxml import etree, html

from octavo.core.resources import DATA
from octavo.editions import pagebreaks
from octavo.editions.pagebreaks import is_marker, page_id
from octavo.labels import Labels
from octavo.typesetting.pagination import PageMap

GO_TO_PAGE = DATA / "web" / "go-to-page.js"
"""Octavo's own script for the contents page's go-to-page box."""


def marker(label: str, name: str) -> etree._Element:
    """A page-break marker for the printed page with this folio: empty, named (`page 37`), shown by the CSS.

    Named by `title`, not `aria-label`: axe (and so Lighthouse) does not know DPUB roles on web pages, takes the
    span for a generic one and reports an `aria-label` on it; a title names it the same for assistive technology.
    """
    span: etree._Element = html.Element("span", {"class": "page-break", "role": "doc-pagebreak", "id": page_id(label),
                                                 "title": name})
    return span


def _opens(ancestor: etree._Element, element: etree._Element) -> bool:
    """Whether nothing of `ancestor` comes before `element`: at each step up, the first child, with no text before."""
    while element is not ancestor:
        parent = element.getparent()
        if parent is None or (parent.text or "").strip() or parent[0] is not element:
            return False
        element = parent
    return True


def _out_of_links(root: etree._Element) -> None:
    """A marker at the very start of a link goes just before it, so the link's name stays its own text."""
    for span in [element for element in root.iter("span") if is_marker(element)]:
        link = next(span.iterancestors("a"), None)
        if link is None or not _opens(link, span):
            continue
        holder = span.getparent()
        if holder is not None:
            holder.text = (holder.text or "") + (span.tail or "")
        span.tail = ""
        link.addprevious(span)


class WebPageBreaks(pagebreaks.PageBreaks):
    """Places the print edition's page starts into the web pages, and maps each placed page to its page and anchor."""

    def __init__(self, page_map: PageMap | None, labels: Labels) -> None:
        super().__init__(page_map, lambda label: marker(label, labels.text("page_marker", page=label)))

    def place(self, page: str, name: str) -> str:
        """The page's HTML with its markers in place and the block keys removed."""
        root = html.document_fromstring(page)
        self.place_in(root, name)
        _out_of_links(root)
        text: str = html.tostring(root, doctype="<!DOCTYPE html>", encoding="unicode", method="html")
        return text + "\n"

    def table(self) -> str:
        """The placed pages in print order, folio → `page.html#page-N`, as JSON safe inside a script element."""
        placed = {entry["label"]: entry["href"] for entry in self.page_list()}
        text = json.dumps(placed, ensure_ascii=False, separators=(",", ":"))
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
