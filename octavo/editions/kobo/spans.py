"""Kobo's markup in one XHTML document: sentence spans `kobo.P.S` in every block, and the two body wrappers.

Kobo's reader keeps its place, highlights and reading statistics by these spans. Only runs of text are
wrapped, never elements, so every id, link, note call, page-break marker and index anchor stays the element
it was, where it was: a note call `<a id="noteref-1">1</a>` becomes `<a id="noteref-1"><span …>1</span></a>`.
P counts the document's blocks (paragraphs, headings, list items, cells…) in the order their text begins;
S counts the sentences of that block. Pictures get a span and a number of their own, as Kobo's conversion
gives them. Navigation lists are left as they are: they are the reading system's, not the text's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from octavo.editions.epub.archive import XHTML_NS
from octavo.editions.kobo.sentences import sentences
from octavo.errors import BookError

SPAN_CLASS = "koboSpan"
WRAPPERS = ("book-columns", "book-inner")
# The elements whose text is one numbered block: paragraph-like blocks and the containers text may sit in.
BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "td", "th", "caption", "figcaption",
                    "blockquote", "pre", "div", "section", "aside", "figure", "header", "footer", "article",
                    "address", "body", "main", "summary", "details", "legend", "fieldset"})
# Text that stays as it is: scripts and styles, form text, and the navigation lists.
KEPT = frozenset({"script", "style", "textarea", "option", "nav", "title"})


def _xhtml(element: etree._Element, *names: str) -> bool:
    """Whether the element is an XHTML element (of one of `names`, when given)."""
    if not isinstance(element.tag, str):
        return False
    name = etree.QName(element)
    return name.namespace == XHTML_NS and (not names or name.localname in names)


def _local(element: etree._Element) -> str:
    """An element's name without its namespace."""
    return etree.QName(element).localname


def _kept(element: etree._Element) -> bool:
    """Whether text inside this element stays as it is: not XHTML (SVG, MathML), or a kept element."""
    return not _xhtml(element) or _local(element) in KEPT


def _block(element: etree._Element) -> etree._Element:
    """The nearest block that holds text in `element` (the element itself, or an ancestor)."""
    found: etree._Element | None = element
    while found is not None and not (_xhtml(found) and _local(found) in BLOCKS):
        found = found.getparent()
    return found if found is not None else element


def _span(block: int, segment: int, text: str) -> etree._Element:
    """One Kobo span."""
    span = etree.Element(f"{{{XHTML_NS}}}span", {"class": SPAN_CLASS, "id": f"kobo.{block}.{segment}"})
    span.text = text or None
    return span


@dataclass
class Numbering:
    """Block numbers in the order their text begins, and each block's last segment number."""

    blocks: dict[etree._Element, int] = field(default_factory=dict)
    segments: list[int] = field(default_factory=list)

    def new_block(self) -> int:
        """A number for a block of its own (a picture)."""
        self.segments.append(0)
        return len(self.segments)

    def block(self, element: etree._Element) -> int:
        """The number of the block holding `element`'s text, given at its first text."""
        block = _block(element)
        if block not in self.blocks:
            self.blocks[block] = self.new_block()
        return self.blocks[block]

    def segment(self, block: int) -> int:
        """The next segment number of a block."""
        self.segments[block - 1] += 1
        return self.segments[block - 1]


def _runs(element: etree._Element, runs: list[tuple[etree._Element, str]]) -> list[tuple[etree._Element, str]]:
    """(element, "text" or "tail") for each run of text to wrap, and (picture, "img"), in reading order."""
    if not isinstance(element.tag, str) or _kept(element):
        return runs
    if _local(element) == "img":
        runs.append((element, "img"))
    elif element.text and element.text.strip():
        runs.append((element, "text"))
    for child in element:
        _runs(child, runs)
        if child.tail and child.tail.strip():
            runs.append((child, "tail"))
    return runs


def _wrap(element: etree._Element, where: str, numbering: Numbering) -> None:
    """Wrap one run of text (or a picture) in Kobo spans."""
    if where == "img":
        number = numbering.new_block()
        span = _span(number, numbering.segment(number), "")
        element.addprevious(span)
        span.tail, element.tail = element.tail, None
        span.append(element)
        return
    holder = element if where == "text" else element.getparent()
    number = numbering.block(element if holder is None else holder)
    text = getattr(element, where)
    setattr(element, where, None)
    spans = [_span(number, numbering.segment(number), piece) for piece in sentences(text)]
    if where == "text":
        for position, span in enumerate(spans):
            element.insert(position, span)
    else:
        anchor = element
        for span in spans:
            anchor.addnext(span)
            anchor = span


def _check_ids(root: etree._Element, document: str) -> None:
    """Stop if the document already uses an id Kobo's markup needs."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        value = element.get("id", "")
        if value in WRAPPERS or value.startswith("kobo."):
            raise BookError(f"{document} already has the id {value!r}, which Kobo's reader gives its own markup",
                            "rename the heading or anchor that makes it")


def kobo_document(root: etree._Element, document: str) -> None:
    """Add Kobo's spans and wrappers to one XHTML document, in place."""
    body = root.find(f"{{{XHTML_NS}}}body")
    if body is None:
        return
    _check_ids(root, document)
    numbering = Numbering()
    for element, where in _runs(body, []):
        _wrap(element, where, numbering)
    columns = etree.Element(f"{{{XHTML_NS}}}div", {"id": WRAPPERS[0]})
    inner = etree.SubElement(columns, f"{{{XHTML_NS}}}div", {"id": WRAPPERS[1]})
    inner.text, body.text = body.text, None
    for child in list(body):
        inner.append(child)
    columns.tail = "\n"
    body.text = "\n"
    body.append(columns)
