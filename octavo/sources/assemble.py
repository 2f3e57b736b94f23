"""Read every source named in book.yaml, in its order, and assemble the manuscript: parts, chapters, ids."""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from octavo.core.cache import Cache, file_digest
from octavo.core.confine import inside_book
from octavo.core.text import slugify
from octavo.errors import BookError, Warnings
from octavo.manuscript import Book, Chapter, EditorialRecord, Part
from octavo.settings import BookSettings, PartEntry, SourceEntry
from octavo.sources.names import canonical, load_names
from octavo.sources.readers import BINARY_KINDS, ReaderOptions, SourceDocument, detect_kind, reader_for
from octavo.sources.readers.boilerplate import load_boilerplate
from octavo.sources.references import load_references, reference_ids
from octavo.sources.sourcetext import read_source

# Ids that pandoc and the editions give elements and documents of their own (pandoc's notes section, the
# bibliography, the contents, note calls, index marks, page breaks…): no part or chapter may take one.
RESERVED_IDS = frozenset({
    "bibliography", "bibliography-title", "contents", "contents-title", "cover", "end-of-chapter", "footnotes",
    "imprint", "imprint-title", "index", "index-title", "landmarks", "nav", "page-list", "part-title", "refs", "text",
    "titlepage", "toc", "whos-who", "whos-who-title",
})
RESERVED_FAMILIES = re.compile(r"(?:part|toc|index|person|page|note|noteref|ref|idx)-|fn(?:ref)?\d+$")


def chapter_id(slug: str) -> str:
    """A chapter's id from its title's slug, with `chapter-` before a slug that could be one of the reserved ids."""
    return f"chapter-{slug}" if slug in RESERVED_IDS or RESERVED_FAMILIES.match(slug) else slug


def source_key(entry: SourceEntry, document: SourceDocument) -> str:
    """The reference key that cites a source: given in book.yaml, else made from its title."""
    return entry.reference or slugify(document.title, "source")[:40].rstrip("-")


def read_entry(folder: Path, entry: SourceEntry, options: ReaderOptions) -> SourceDocument:
    """Read one source with the reader for its kind (detected when book.yaml gives none)."""
    path = inside_book(folder, entry.file, entry.line)
    if not path.is_file():
        raise BookError(f"source {entry.file!r} is missing", "check the file name under `contents:`",
                        "book.yaml", entry.line)
    kind = entry.kind or detect_kind(path, path.read_bytes()[:262_144], options.boilerplate)
    reader = reader_for(kind, "book.yaml", entry.line)
    source = read_source(path, entry.file, options.warnings, binary=kind in BINARY_KINDS)
    return reader(source, options)


def _unique_ids(book: Book) -> None:
    """Give every part and chapter an id that is unique in the book."""
    used: set[str] = set(RESERVED_IDS)

    def claim(text: str, fallback: str, own: Callable[[str], str] = str) -> str:
        base = own(slugify(text, fallback))
        candidate, number = base, 2
        while candidate in used:
            candidate, number = f"{base}-{number}", number + 1
        used.add(candidate)
        return candidate

    for part in book.parts():
        part.id = claim(f"part {part.title}", "part")
    for chapter in book.chapters():
        chapter.id = claim(chapter.title, "chapter", chapter_id)


def _place(book: Book, chapters: list[Chapter], part: Part | None) -> None:
    """Introductions go to the front matter; other chapters to their part or the body."""
    for chapter in chapters:
        if chapter.role == "introduction":
            book.front.append(chapter)
        elif part is not None:
            part.chapters.append(chapter)
        else:
            book.body.append(chapter)


@dataclass
class ReadSource:
    """What reading one source gave: its document and the warnings on the way, as the content cache keeps them."""

    document: SourceDocument
    warnings: list[str]


def _entries(settings: BookSettings) -> list[SourceEntry]:
    """Every source in reading order."""
    return [entry for item in settings.contents for entry in (item.sources if isinstance(item, PartEntry) else [item])]


def read_sources(settings: BookSettings, cache: Cache) -> list[ReadSource]:
    """Every source read by its reader, side by side (each pandoc run is its own process), or taken from the cache."""
    boilerplate = settings.data_file("boilerplate")
    rules = load_boilerplate(boilerplate.path if boilerplate else None, boilerplate.shown_as if boilerplate else "")
    rules_digest = file_digest(boilerplate.path) if boilerplate else ""

    def read(entry: SourceEntry) -> ReadSource:
        path = inside_book(settings.folder, entry.file, entry.line)
        key = cache.key("source", entry, file_digest(path) if path.is_file() else "", rules_digest)

        def make() -> ReadSource:
            warnings = Warnings()
            document = read_entry(settings.folder, entry, ReaderOptions(warnings, entry.reference, rules))
            return ReadSource(document, warnings.items)

        return cache.made("source", key, ReadSource, make)

    entries = _entries(settings)
    with ThreadPoolExecutor(max_workers=max(1, min(len(entries), os.cpu_count() or 1))) as pool:
        reading = [pool.submit(read, entry) for entry in entries]
        return [outcome.result() for outcome in reading]  # the first source in reading order that fails is named


def assemble(settings: BookSettings, warnings: Warnings, cache: Cache | None = None) -> Book:
    """The manuscript of the book `settings` describe: its sources read, in order, into parts and chapters."""
    read = iter(read_sources(settings, cache or Cache(None)))
    bibliography = settings.data_file("bibliography")
    references = load_references(bibliography.path, bibliography.shown_as) if bibliography else []
    book = Book(copy.deepcopy(settings.metadata), references=references)
    names = settings.data_file("names")
    if names:
        book.people = load_names(names.path, names.shown_as)
    for item in settings.contents:
        entries = item.sources if isinstance(item, PartEntry) else [item]
        part = Part(item.title, []) if isinstance(item, PartEntry) else None
        if part is not None:
            book.body.append(part)
        for entry in entries:
            result = next(read)
            warnings.items.extend(result.warnings)
            document = result.document
            key = source_key(entry, document)
            if key not in reference_ids(book.references) and document.reference:
                book.references.append({"id": key, **document.reference})
                book.log.append(EditorialRecord("reference", f"made @{key} from the source",
                                                document.chapters[0].provenance, ""))
            for chapter in document.chapters:
                chapter.metadata.setdefault("reference", key)
                if chapter.attribution and book.people:
                    chapter.attribution = canonical(book.people, chapter.attribution) or chapter.attribution
            _place(book, document.chapters, part)
    if not book.metadata.description and book.front:
        book.metadata.description = " ".join(b.text for b in book.front[0].blocks if b.kind == "paragraph")
    _unique_ids(book)
    return book
