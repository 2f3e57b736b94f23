"""The editorial transforms in their fixed order, run on the assembled manuscript: the book as the editor made it."""

from __future__ import annotations

from octavo.core.cache import Cache
from octavo.errors import Warnings
from octavo.labels import warn_untranslated
from octavo.manuscript import Book
from octavo.settings import BookSettings
from octavo.sources.assemble import assemble
from octavo.sources.references import reference_ids
from octavo.transforms.apparatus import apply_citations, apply_editorial_notes
from octavo.transforms.corrections import apply_corrections, load_corrections
from octavo.transforms.crossrefs import resolve_crossrefs
from octavo.transforms.index_marks import load_subjects, mark_index
from octavo.transforms.notes import number_notes
from octavo.transforms.pictures import place_pictures


def edited_manuscript(settings: BookSettings, warnings: Warnings, cache: Cache | None = None) -> Book:
    """The book `settings` describe: its sources read (or taken from the cache) and assembled, then edited."""
    warn_untranslated(settings.folder, settings.metadata, warnings)
    book = assemble(settings, warnings, cache)
    edit(book, settings, warnings)
    return book


def edit(book: Book, settings: BookSettings, warnings: Warnings) -> None:
    """Run the editorial transforms in their fixed order."""
    place_pictures(book, settings.folder, warnings)
    corrections = settings.data_file("corrections")
    if corrections:
        apply_corrections(book, load_corrections(corrections.path, corrections.shown_as), corrections.shown_as,
                          warnings)
    citations = settings.data_file("citations")
    if citations:
        apply_citations(book, citations.path, citations.shown_as, reference_ids(book.references))
    notes = settings.data_file("editorial_notes")
    if notes:
        apply_editorial_notes(book, notes.path, notes.shown_as)
    resolve_crossrefs(book)
    subjects = settings.data_file("index")
    people = [person.sort_as for person in book.people]
    book.index_subjects = load_subjects(subjects.path, subjects.shown_as, people) if subjects else []
    mark_index(book, book.index_subjects)
    number_notes(book)
