"""Rewrite typeset chapter XHTML for the EPUB: popup footnotes, links across documents, figures."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import html

from octavo.xhtml import figures, inner, parse_fragment

EPUB_TYPE = "data-epub-type"
BOOK_IMAGES = "images/book"


@dataclass
class Footnote:
    """A footnote of one EPUB document: its number, the call's id and its XHTML."""

    number: int
    id: str
    ref: str
    html: str


@dataclass
class RewrittenChapter:
    """A chapter body ready for its template, and its footnotes."""

    body: str
    footnotes: list[Footnote] = field(default_factory=list)
    images: list[str] = field(default_factory=list)


def serialise_children(root: html.HtmlElement) -> str:
    """The wrapper's content as XHTML, with EPUB's namespaced attribute restored."""
    return inner(root).replace(f" {EPUB_TYPE}=", " epub:type=")


def relink(root: html.HtmlElement, here: str, places: dict[str, str]) -> None:
    """Point `#id` links at the document that holds the id."""
    for link in root.xpath("//a[starts-with(@href, '#')]"):
        target = link.get("href")[1:]
        document = places.get(target)
        if document and document != here:
            link.set("href", f"{document}#{target}")


def rewrite_chapter(body: str, notes: dict[str, str], here: str, places: dict[str, str]) -> RewrittenChapter:
    """Number the chapter's note calls from 1, turn them into noterefs, and rewrite links."""
    root = parse_fragment(body)
    footnotes: list[Footnote] = []
    for number, call in enumerate(root.xpath("//a[contains(@class, 'footnote-ref')]"), start=1):
        old = call.get("href", "").lstrip("#")
        for child in list(call):
            call.remove(child)
        call.text = str(number)
        call.attrib.pop("class", None)
        call.set("href", f"#note-{number}")
        call.set("id", f"noteref-{number}")
        call.set(EPUB_TYPE, "noteref")
        call.set("role", "doc-noteref")
        note = parse_fragment(notes.get(old, ""))
        relink(note, here, places)
        footnotes.append(Footnote(number, f"note-{number}", f"noteref-{number}", serialise_children(note)))
    figures(root)
    relink(root, here, places)
    images = []
    for image in root.xpath("//img[@src]"):
        images.append(image.get("src"))
        image.set("src", f"../{BOOK_IMAGES}/{image.get('src')}")
    return RewrittenChapter(serialise_children(root), footnotes, images)


def ids_in(text: str) -> list[str]:
    """Every id attribute in a fragment."""
    return [str(value) for value in parse_fragment(text).xpath("//@id")]
