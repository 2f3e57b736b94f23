"""One pandoc + citeproc run for the whole book, cut into chapter HTML and notes for every renderer."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from lxml import html

from octavo.bookmarkdown import book_markdown
from octavo.citeproc import punctuation_in_quote, punctuation_inside_quotes, run_citeproc
from octavo.manuscript import Book
from octavo.pagination import mark_blocks
from octavo.sanitise import clean_fragment, without_controls
from octavo.typography import cell_alignment, mark_long_words, mark_urls
from octavo.xhtml import inner, outer


@dataclass
class NoteHTML:
    """A resolved note: the id of its call in the chapter and its text as XHTML."""

    id: str
    html: str


@dataclass
class ChapterHTML:
    """A chapter's title and body as XHTML, with the notes it calls in call order."""

    id: str
    title: str
    body: str
    notes: list[NoteHTML] = field(default_factory=list)


@dataclass
class TypesetBook:
    """The chapters by id, and the formatted bibliography."""

    chapters: dict[str, ChapterHTML]
    bibliography: str


def _notes(root: html.HtmlElement) -> dict[str, str]:
    """Every note of the document by id, without pandoc's backlinks; removes the notes section."""
    notes: dict[str, str] = {}
    for section in root.xpath('//section[@id="footnotes"]'):
        for item in section.xpath("./ol/li"):
            for back in item.xpath('.//a[contains(@class, "footnote-back")]'):
                back.drop_tree()
            paragraphs = item.xpath("./p")
            notes[item.get("id")] = "".join(inner(p) for p in paragraphs) if len(paragraphs) == 1 else inner(item)
        section.drop_tree()
    return notes


def _drop_unprinted_entries(root: html.HtmlElement) -> None:
    """Bibliography entries the style leaves out (CMOS omits private documents) go; links to them become text."""
    dropped = set()
    for entry in root.xpath('//div[@id="refs"]//div[contains(@class, "csl-entry")]'):
        if not entry.text_content().strip() and not entry.xpath(".//img"):
            dropped.add(entry.get("id"))
            entry.drop_tree()
    for link in root.xpath("//a[starts-with(@href, '#ref-')]"):
        if link.get("href")[1:] in dropped:
            link.drop_tag()


def typeset(book: Book) -> TypesetBook:
    """Render the whole manuscript once; citeproc sees every citation, in reading order."""
    output = run_citeproc(book, book_markdown(book), "html5", ["--section-divs"])
    root = html.fragment_fromstring(without_controls(output), create_parent="div")
    cell_alignment(root)
    clean_fragment(root)
    mark_urls(root)
    mark_long_words(root)
    if punctuation_in_quote(book.csl_style, book.metadata.language):
        punctuation_inside_quotes(root)
    for number, mark in enumerate(root.xpath("//span[contains(concat(' ', @class, ' '), ' index ')]"), start=1):
        mark.set("id", f"idx-{number}")
    _drop_unprinted_entries(root)
    notes = _notes(root)
    bibliography = ""
    for refs in root.xpath('//div[@id="refs"]'):
        bibliography = outer(refs)
        container = refs.getparent()
        (container if container.tag == "section" else refs).drop_tree()
    chapters: dict[str, ChapterHTML] = {}
    for chapter in book.chapters():
        [section] = root.xpath(f'//section[@id="{chapter.id}"]')
        heading = section.xpath("./h1")[0]
        title = inner(heading)
        heading.drop_tree()
        mark_blocks(section, chapter.id)
        called: list[NoteHTML] = []
        for ref in section.xpath('.//a[contains(@class, "footnote-ref")]'):
            note_id = ref.get("href", "").lstrip("#")
            if note_id in notes:
                called.append(NoteHTML(note_id, notes[note_id]))
        body = "".join(outer(child) + (child.tail or "") for child in section)
        chapters[chapter.id] = ChapterHTML(chapter.id, title, (section.text or "") + body, called)
    return TypesetBook(chapters, bibliography)


def bibliography_entries(bibliography: str) -> list[tuple[str, str]]:
    """(id, XHTML) of each formatted bibliography entry."""
    root = html.fragment_fromstring(bibliography or "<div></div>", create_parent="div")
    return [(entry.get("id"), inner(entry).strip()) for entry in root.xpath("//div[contains(@class, 'csl-entry')]")]


def source_list(book: Book, typeset_book: TypesetBook) -> list[tuple[str, str]]:
    """Each source file in reading order, named by its formatted reference, else by its title (never by nothing)."""
    formatted = dict(bibliography_entries(typeset_book.bibliography))
    titles = {str(entry["id"]): str(entry.get("title") or "").strip() for entry in book.references}
    seen: dict[str, str] = {}
    for chapter in book.chapters():
        if chapter.provenance.file in seen:
            continue
        key = str(chapter.metadata.get("reference", ""))
        title = escape(titles.get(key, ""), quote=False) or typeset_book.chapters[chapter.id].title
        seen[chapter.provenance.file] = formatted.get(f"ref-{key}") or f"\u201c{title}\u201d"
    return list(seen.items())
