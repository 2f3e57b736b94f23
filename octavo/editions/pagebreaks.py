"""Print-page markers placed where the page map says each printed page begins, for every edition that shows them.

The EPUB and the web pages carry the same blocks with the same keys as the print edition; this module finds, in a
keyed block, the character the page map names and puts the edition's own marker before it. Only the marker itself
(its element, namespace and label) differs between editions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from lxml import etree

from octavo.typesetting.pagination import PAGE_KEY, UNCOUNTED, PageMap, PageStart

EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

Marker = Callable[[str], etree._Element]
"""Makes an edition's page-break marker for the printed page with this folio."""


def page_id(label: str) -> str:
    """The id of the marker of the printed page with this folio, the same in every edition."""
    return f"page-{label}"


def _local(element: etree._Element) -> str:
    """An element's name without its namespace."""
    return etree.QName(element).localname


def is_marker(element: etree._Element) -> bool:
    """Whether the element is a page-break marker, in the EPUB's terms or in ARIA's."""
    return element.get(EPUB_TYPE) == "pagebreak" or element.get("role") == "doc-pagebreak"


def _skipped(element: etree._Element) -> bool:
    """Content that is not the block's own running text: inner blocks, note calls, markers, comments."""
    if not isinstance(element.tag, str):
        return True
    return (PAGE_KEY in element.attrib or element.get(EPUB_TYPE) in ("noteref", "pagebreak")
            or element.get("role") in ("doc-noteref", "doc-pagebreak"))


def _slots(block: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """(element, "text" or "tail") for each run of the block's own text, in reading order."""
    yield block, "text"
    for child in block:
        if not _skipped(child):
            yield from _slots(child)
        yield child, "tail"


def _hidden_ancestor(element: etree._Element | None, block: etree._Element) -> etree._Element | None:
    """The outermost element from `element` up to (not including) the block that is aria-hidden, if any."""
    found = None
    while element is not None and element is not block:
        if element.get("aria-hidden") == "true":
            found = element
        element = element.getparent()
    return found


def insert_markers(block: etree._Element, pages: list[tuple[int, str]], marker: Marker) -> None:
    """Put a marker before the block's countable character number `offset` for each (offset, folio), in one pass."""
    pending = sorted(pages, key=lambda page: page[0])
    parent = block.getparent()
    while pending and pending[0][0] == 0 and _local(block) in HEADINGS and parent is not None:
        # A heading's name must not take the folio; in a nav the heading must come first.
        span = marker(pending.pop(0)[1])
        span.tail = ""
        (parent if _local(parent) == "nav" else block).addprevious(span)
    spots: list[tuple[etree._Element, str, int, str]] = []
    seen = 0
    for element, where in _slots(block):
        if not pending:
            break
        for index, char in enumerate(getattr(element, where) or ""):
            if char.isspace() or char in UNCOUNTED:
                continue
            while pending and pending[0][0] == seen:
                spots.append((element, where, index, pending.pop(0)[1]))
            seen += 1
            if not pending:
                break
    block.extend(marker(label) for _, label in pending)
    for element, where, index, label in reversed(spots):
        hidden = _hidden_ancestor(element if where == "text" else element.getparent(), block)
        if hidden is not None:
            span = marker(label)  # inside text hidden from assistive technology: the page starts just before it
            span.tail = ""
            while (before := hidden.getprevious()) is not None and is_marker(before) and not before.tail:
                hidden = before  # markers already placed here belong to later pages: this one goes first
            hidden.addprevious(span)
            continue
        text = getattr(element, where)
        span = marker(label)
        setattr(element, where, text[:index])
        span.tail = text[index:]
        if where == "text":
            element.insert(0, span)
        else:
            element.addnext(span)


class PageBreaks:
    """Places the print edition's page starts into an edition's documents and lists where each landed."""

    def __init__(self, page_map: PageMap | None, marker: Marker) -> None:
        self.page_map = page_map
        self.marker = marker
        self.wanted: dict[str, list[PageStart]] = {}
        for start in page_map.starts if page_map else []:
            self.wanted.setdefault(start.key, []).append(start)
        self.placed: dict[str, str] = {}

    def place_in(self, root: etree._Element, name: str) -> None:
        """Put the markers into the document `name` whose tree is `root`, and remove its block keys."""
        keyed = [element for element in root.iter() if isinstance(element.tag, str) and PAGE_KEY in element.attrib]
        for block in keyed:
            starts = self.wanted.get(block.get(PAGE_KEY, ""), [])  # every keyed block has the key
            insert_markers(block, [(start.offset, start.label) for start in starts], self.marker)
            self.placed.update({start.label: f"{name}#{page_id(start.label)}" for start in starts})
        for block in keyed:
            del block.attrib[PAGE_KEY]

    def page_list(self) -> list[dict[str, str]]:
        """The placed pages in print order, each with its folio and link."""
        starts = self.page_map.starts if self.page_map else []
        return [{"label": s.label, "href": self.placed[s.label]} for s in starts if s.label in self.placed]

    def missing(self) -> list[str]:
        """Folios of printed pages with text that have no marker in the edition."""
        if not self.page_map:
            return []
        lost = [s.label for s in self.page_map.starts if s.label not in self.placed]
        return self.page_map.unmatched + lost
