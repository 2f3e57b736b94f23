"""Chapter XHTML for print: each note's text placed inline at its call, for `float: footnote`."""

from __future__ import annotations

from typing import cast

from lxml import etree, html

from octavo.core.xhtml import figures, inner, parse_fragment


def inline_notes(body: str, notes: dict[str, str]) -> str:
    """Replace every note call by a footnote span holding the note's text."""
    root = parse_fragment(body)
    for call in root.xpath("//a[contains(@class, 'footnote-ref')]"):
        note = html.fragment_fromstring(notes.get(call.get("href", "").lstrip("#"), ""), create_parent="span")
        note.set("class", "footnote")
        note.tail = call.tail
        call.getparent().replace(call, note)
    figures(root)
    return inner(root)


ZERO_WIDTH_SPACE = "\u200b"
WORD_JOINER = "\u2060"
BREAK_BEFORE = set("/.,-_?#%~")
BREAK_AROUND = set("=&")


def url_break_points(url: str) -> str:
    """A URL with invisible break points where Chicago lets a line end (after //, before / . , - _ ? # % ~, at = &)."""
    pieces, at = [], 0
    while at < len(url):
        if url.startswith("//", at):
            pieces.append("//" + ZERO_WIDTH_SPACE)
            at += 2
            continue
        char = url[at]
        if at == len(url) - 1:
            pieces.append(char)  # a closing slash or mark stays on the line with the rest
        elif char == "-":
            pieces.append(ZERO_WIDTH_SPACE + char + WORD_JOINER)  # a line never ends on a URL's own hyphen
        elif at and char in BREAK_BEFORE:
            pieces.append(ZERO_WIDTH_SPACE + char)
        elif char in BREAK_AROUND:
            pieces.append(ZERO_WIDTH_SPACE + char + ZERO_WIDTH_SPACE)
        else:
            pieces.append(char)
        at += 1
    return "".join(pieces)


def breakable_urls(document: str) -> str:
    """A print document whose URLs (marked `.url`) may break at Chicago's points, never with a hyphen."""
    if "url" not in document:
        return document
    root = html.document_fromstring(document)
    changed = False
    # An XPath that selects elements gives a list of elements; lxml-stubs type it as any XPath result.
    urls = cast("list[etree._Element]", root.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' url ')]"))
    for element in urls:
        for node in element.iter():
            if node.text and not (node is not element and node.tag in ("script", "style")):
                node.text, changed = url_break_points(node.text), True
            if node is not element and node.tail:
                node.tail = url_break_points(node.tail)
    return html.tostring(root, encoding="unicode", method="html", doctype="<!DOCTYPE html>") if changed else document
