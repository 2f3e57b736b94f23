"""Typeset XHTML made ready for any page: URLs and long words marked, cells keep their alignment, tables scroll."""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree, html

URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
TRAILING = ".,;:!?'\"\u2019\u201d"
ALIGNMENT = re.compile(r"text-align:\s*(left|right|center)", re.IGNORECASE)
# A word this long would make its table column too wide for the page if it could not break.
LONG_WORD = re.compile(r"\S{16,}")
# Text already set as a link, code, a marked URL or a marked long word is left as it is.
KEPT = etree.XPath("ancestor-or-self::*[self::a or self::code or self::pre or contains(concat(' ', @class, ' '), "
                   "' url ') or contains(concat(' ', @class, ' '), ' long-word ')]")


def _add_class(element: html.HtmlElement, name: str) -> None:
    """Add a class to an element's classes."""
    classes = (element.get("class") or "").split()
    if name not in classes:
        element.set("class", " ".join([*classes, name]))


def _url_end(text: str) -> int:
    """Where a URL found in running text ends: closing punctuation and an unmatched bracket stay outside it."""
    end = len(text)
    while end and (text[end - 1] in TRAILING or text[end - 1] == ")" and text[:end].count("(") < text[:end].count(")")):
        end -= 1
    return end


def _pieces(text: str, pattern: re.Pattern[str], name: str, cut: Callable[[str], int]) -> list:
    """Text cut into plain runs and spans of class `name`, one for each match of `pattern` (`cut` trims a match)."""
    pieces: list = []
    start = 0
    for match in pattern.finditer(text):
        end = match.start() + cut(match.group(0))
        if end <= match.start():
            continue
        span = html.Element("span", {"class": name})
        span.text = text[match.start():end]
        pieces.extend([text[start:match.start()], span])
        start = end
    pieces.append(text[start:])
    return pieces


def _wrap(element: html.HtmlElement, where: str, pattern: re.Pattern[str], name: str,
          cut: Callable[[str], int] = len) -> None:
    """Wrap each match in an element's text (`where` "text") or tail ("tail") in a span of class `name`."""
    pieces = _pieces(getattr(element, where) or "", pattern, name, cut)
    if len(pieces) == 1:
        return
    setattr(element, where, pieces[0])
    spans = pieces[1::2]
    for span, after in zip(spans, pieces[2::2], strict=True):
        span.tail = after
    if where == "text":
        element.insert(0, spans[0])
    else:
        element.addnext(spans[0])
    for before, span in zip(spans, spans[1:], strict=False):
        before.addnext(span)


def _mark(elements: list, pattern: re.Pattern[str], name: str, cut: Callable[[str], int], tails: bool) -> None:
    """Wrap the matches in the elements' text, and in their tails too if `tails`, unless set as a link or code."""
    for element in elements:
        if not isinstance(element.tag, str):
            continue
        if not KEPT(element):
            _wrap(element, "text", pattern, name, cut)
        parent = element.getparent()
        if tails and parent is not None and not KEPT(parent):
            _wrap(element, "tail", pattern, name, cut)


def mark_urls(root: html.HtmlElement) -> None:
    """Give every URL a `url` class, wrapping one in running text in a span, so that no edition hyphenates it."""
    for element in root.iter("a", "span"):
        if URL.fullmatch(element.text_content().strip()):
            _add_class(element, "url")
    _mark([root], URL, "url", _url_end, tails=False)
    _mark(list(root.iterdescendants()), URL, "url", _url_end, tails=True)


def mark_long_words(root: html.HtmlElement) -> None:
    """Wrap words too long for a table column (codes, identifiers) in `span.long-word`, which may break anywhere."""
    for cell in root.xpath("//td | //th"):
        _mark([cell], LONG_WORD, "long-word", len, tails=False)
        _mark(list(cell.iterdescendants()), LONG_WORD, "long-word", len, tails=True)


def picture_paragraphs(root: html.HtmlElement) -> None:
    """Mark a paragraph that holds a picture and nothing else, so every edition can centre it without an indent."""
    for paragraph in root.iter("p"):
        children = list(paragraph)
        if len(children) == 1 and children[0].tag == "img" and not (paragraph.text or "").strip() \
                and not (children[0].tail or "").strip():
            _add_class(paragraph, "picture")


def cell_alignment(root: html.HtmlElement) -> None:
    """Keep a table cell's alignment (pandoc writes it as a style, which the allow-list drops) as a class."""
    for cell in root.xpath("//td[@style] | //th[@style]"):
        found = ALIGNMENT.search(cell.get("style", ""))
        if found:
            _add_class(cell, f"align-{found.group(1).lower()}")


def scrolling_tables(root: html.HtmlElement) -> None:
    """Put each table in a labelled region that scrolls sideways on a narrow screen instead of widening the page."""
    for number, table in enumerate(root.xpath("//table"), start=1):
        caption = table.find("caption")
        label = " ".join(caption.text_content().split()) if caption is not None else ""
        region = html.Element("div", {"class": "table-scroll", "role": "region", "tabindex": "0",
                                      "aria-label": label or f"Table {number}"})
        region.tail, table.tail = table.tail, None
        table.addprevious(region)
        region.append(table)
