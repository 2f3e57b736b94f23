"""Typeset chapter XHTML made ready for one edition: numbered note calls, links across documents, figures."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import html

from octavo.core.images import packaged_name, picture_path
from octavo.core.xhtml import figures, html_children, inner, parse_fragment
from octavo.typesetting.pagination import PAGE_KEY
from octavo.typesetting.typeset import TypesetBook, bibliography_entries
from octavo.typesetting.typography import scrolling_tables

EPUB_TYPE = "data-epub-type"


@dataclass
class Footnote:
    """A note of one chapter document: its number, the call's id and its XHTML."""

    number: int
    id: str
    ref: str
    html: str


@dataclass
class RewrittenChapter:
    """A chapter body ready for its template, its notes, and the book images it shows."""

    body: str
    footnotes: list[Footnote] = field(default_factory=list)
    images: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Flavour:
    """How an edition wants its chapters: EPUB's semantics, where images live, page keys kept, tables scrolling."""

    epub: bool
    images: str
    page_keys: bool
    scrolling_tables: bool = False


def serialise_children(root: html.HtmlElement, flavour: Flavour) -> str:
    """The wrapper's content: XHTML with EPUB's namespaced attribute for the EPUB, HTML for the web."""
    if flavour.epub:
        return inner(root).replace(f" {EPUB_TYPE}=", " epub:type=")
    for element in root.xpath(f"//*[@{EPUB_TYPE}]"):
        del element.attrib[EPUB_TYPE]
    return html_children(root)


def relink(root: html.HtmlElement, here: str, places: dict[str, str]) -> None:
    """Point `#id` links at the document that holds the id."""
    for link in root.xpath("//a[starts-with(@href, '#')]"):
        target = link.get("href")[1:]
        document = places.get(target)
        if document and document != here:
            link.set("href", f"{document}#{target}")


def rewrite_chapter(body: str, notes: dict[str, str], here: str, places: dict[str, str],
                    flavour: Flavour) -> RewrittenChapter:
    """Number the chapter's note calls from 1, make them note references, and rewrite links and images."""
    root = parse_fragment(body)
    if not flavour.page_keys:
        for element in root.xpath(f"//*[@{PAGE_KEY}]"):
            del element.attrib[PAGE_KEY]
    footnotes: list[Footnote] = []
    for number, call in enumerate(root.xpath("//a[contains(@class, 'footnote-ref')]"), start=1):
        old = call.get("href", "").lstrip("#")
        for child in list(call):
            call.remove(child)
        call.text = str(number)
        call.set("class", "noteref")
        call.set("href", f"#note-{number}")
        call.set("id", f"noteref-{number}")
        call.set(EPUB_TYPE, "noteref")
        call.set("role", "doc-noteref")
        note = parse_fragment(notes.get(old, ""))
        relink(note, here, places)
        footnotes.append(Footnote(number, f"note-{number}", f"noteref-{number}", serialise_children(note, flavour)))
    figures(root)
    if flavour.scrolling_tables:
        scrolling_tables(root)
    relink(root, here, places)
    images = []
    for image in root.xpath("//img[@src]"):
        path = picture_path(image.get("src"))
        images.append(path)
        if "decorative" in (image.get("class") or "").split():
            image.set("alt", "")
        elif not (image.get("alt") or "").strip():
            image.attrib.pop("alt", None)  # undescribed: say so to assistive technology and the checkers
        image.set("src", f"{flavour.images}/{packaged_name(path)}")
    return RewrittenChapter(serialise_children(root, flavour), footnotes, images)


def ids_in(text: str) -> list[str]:
    """Every id attribute in a fragment."""
    return [str(value) for value in parse_fragment(text).xpath("//@id")]


def document_places(typeset: TypesetBook, files: dict[str, str], bibliography: str) -> dict[str, str]:
    """Which document holds each id: `files` gives each chapter's and part's, ids inside a chapter follow it."""
    places = dict(files)
    for chapter_id, chapter in typeset.chapters.items():
        for found in ids_in(chapter.body):
            places.setdefault(found, files[chapter_id])
    for entry_id, _ in bibliography_entries(typeset.bibliography):
        places[entry_id] = bibliography
    return places
