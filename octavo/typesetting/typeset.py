"""The book typeset by pandoc + citeproc (in batches of chapters, joined), cut into chapter HTML and notes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from lxml import html

from octavo.core.cache import Cache, file_digest
from octavo.core.sanitise import clean_fragment
from octavo.core.xhtml import inner, outer
from octavo.errors import BookError
from octavo.labels import labels_of
from octavo.manuscript import Book
from octavo.typesetting.batches import batch_outputs, joined
from octavo.typesetting.citeproc import punctuation_in_quote, punctuation_inside_quotes
from octavo.typesetting.pagination import mark_blocks
from octavo.typesetting.typography import cell_alignment, mark_long_words, mark_urls, picture_paragraphs

# WeasyPrint lays out nested boxes recursively (about 140 nested quotations exhaust Python's stack), and libxml2
# silently drops whatever lies deeper than 255 elements: a chapter may nest its blocks this deep, and no deeper.
MAX_NESTING = 64
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)([^<>]*?)(/?)>")
ID = re.compile(r"\sid=\"([^\"]*)\"")
NESTING_PREFIX = re.compile(r"[ \t>*+-]*")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _nesting_depth(line: str) -> int:
    """How many list, quotation and indent marks a line begins with."""
    prefix = NESTING_PREFIX.match(line)
    assert prefix is not None, "the pattern matches an empty prefix"
    return len(prefix.group(0))


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


def _check_nesting(book: Book, output: str) -> None:
    """Refuse, before it is parsed, HTML whose chapters nest blocks deeper than print can lay out or lxml can read."""
    depth, section = 0, ""
    for match in TAG.finditer(output):
        closing, name, attributes, empty = match.groups()
        if empty or name.lower() in VOID:
            continue
        if closing:
            depth -= 1
            continue
        depth += 1
        if depth == 1:
            found = ID.search(attributes)
            section = found.group(1) if found else ""
        elif depth > MAX_NESTING + 1:  # the chapter's own section is the first level
            chapter = next((c for c in book.chapters() if c.id == section), None)
            # The block that nests deepest is most likely the one with the longest run of quote and list marks.
            block = max(chapter.blocks, key=lambda b: max(_nesting_depth(line) for line in b.text.split("\n")),
                        default=None) \
                if chapter else None
            where = block.provenance if block and block.provenance.line else chapter.provenance if chapter else None
            raise BookError(f"{'chapter ' + repr(chapter.title) if chapter else 'a chapter'} nests quotations, "
                            f"lists or other blocks more than {MAX_NESTING} levels deep",
                            "nest them less deeply: no edition can lay out deeper nesting",
                            where.file if where else None, where.line if where else None)


def _notes(root: html.HtmlElement) -> dict[str, str]:
    """Every note of the document by id, without pandoc's backlinks; removes the notes section."""
    notes: dict[str, str] = {}
    # pandoc's notes section is the last top-level section with the endnotes role; its id ("footnotes") may also be
    # a chapter's, so it is found by its role.
    for section in root.xpath('./section[@role="doc-endnotes"]')[-1:]:
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


def typeset(book: Book, style: Path, cache: Cache | None = None) -> TypesetBook:
    """Render the manuscript in the citation `style`, in batches of chapters (batches.py) joined as one run."""
    outputs = batch_outputs(book, style, cache or Cache(None))
    for output in outputs:
        _check_nesting(book, output)
    root = joined(outputs)
    cell_alignment(root)
    picture_paragraphs(root)
    clean_fragment(root)
    mark_urls(root)
    mark_long_words(root)
    if punctuation_in_quote(style, book.metadata.language):
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
    # Each chapter is a top-level section with the chapter's id (the notes and bibliography sections are gone).
    sections = {section.get("id"): section for section in reversed(root.xpath("./section"))}
    for chapter in book.chapters():
        section = sections[chapter.id]
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


def typeset_kept(book: Book, style: Path, cache: Cache) -> TypesetBook:
    """The book typeset, or its typesetting from the cache when the manuscript and the style are as before."""
    key = cache.key("typeset", book, file_digest(style))
    return cache.made("typeset", key, TypesetBook, lambda: typeset(book, style, cache))


def bibliography_entries(bibliography: str) -> list[tuple[str, str]]:
    """(id, XHTML) of each formatted bibliography entry."""
    root = html.fragment_fromstring(bibliography or "<div></div>", create_parent="div")
    return [(entry.get("id"), inner(entry).strip()) for entry in root.xpath("//div[contains(@class, 'csl-entry')]")]


def source_list(book: Book, typeset_book: TypesetBook) -> list[tuple[str, str]]:
    """Each source file in reading order, named by its formatted reference, else by its title (never by nothing)."""
    formatted = dict(bibliography_entries(typeset_book.bibliography))
    titles = {str(entry["id"]): str(entry.get("title") or "").strip() for entry in book.references}
    quoted = labels_of(book.metadata).text("quoted")  # “{text}”, « {text} », „{text}“
    seen: dict[str, str] = {}
    for chapter in book.chapters():
        if chapter.provenance.file in seen:
            continue
        key = str(chapter.metadata.get("reference", ""))
        title = escape(titles.get(key, ""), quote=False) or typeset_book.chapters[chapter.id].title
        seen[chapter.provenance.file] = formatted.get(f"ref-{key}") or escape(quoted, quote=False).format(text=title)
    return list(seen.items())
