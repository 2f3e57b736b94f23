"""Chapter XHTML for print: each note's text placed inline at its call, for `float: footnote`."""

from __future__ import annotations

from lxml import html

from octavo.xhtml import figures, inner, parse_fragment


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
