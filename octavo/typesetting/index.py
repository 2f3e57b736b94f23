"""The book's index, from the marked and typeset chapters: entries, sub-entries, locators, 'see' references."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import html

from octavo.core.text import slugify
from octavo.manuscript import Book
from octavo.transforms.index_marks import SUB
from octavo.typesetting.typeset import TypesetBook


@dataclass
class Locator:
    """One place an entry is mentioned: the chapter and the mark's id."""

    chapter: str
    anchor: str


@dataclass
class Entry:
    """An index entry with its locators in reading order, its sub-entries and a 'see' reference."""

    term: str
    id: str
    locators: list[Locator] = field(default_factory=list)
    subs: list[Entry] = field(default_factory=list)
    see: str = ""
    see_id: str = ""


def sort_key(term: str) -> str:
    """How entries are alphabetised: letter by letter, ignoring case and a leading 'The'."""
    text = term.casefold()
    return text[4:] if text.startswith("the ") else text


def entry_id(term: str) -> str:
    """The id of an entry in an index document."""
    return f"index-{slugify(term, 'term')}"


def build_index(book: Book, typeset_book: TypesetBook) -> list[Entry]:
    """Every entry, sorted, with its locators in reading order."""
    entries: dict[str, Entry] = {}
    for chapter in book.chapters():
        root = html.fragment_fromstring(typeset_book.chapters[chapter.id].body or "<p></p>", create_parent="div")
        for mark in root.xpath("//span[@data-term]"):
            main, _, sub = mark.get("data-term").partition(SUB)
            entry = entries.setdefault(main, Entry(main, entry_id(main)))
            if sub:
                child = next((s for s in entry.subs if s.term == sub), None)
                if child is None:
                    child = Entry(sub, entry_id(f"{main} {sub}"))
                    entry.subs.append(child)
                entry = child
            entry.locators.append(Locator(chapter.id, mark.get("id")))
    for subject in book.index_subjects:
        if subject.see:
            entries.setdefault(subject.term, Entry(subject.term, entry_id(subject.term), see=subject.see))
    for entry in entries.values():
        if entry.see and entry.see in entries:
            entry.see_id = entries[entry.see].id
        entry.subs.sort(key=lambda sub: sort_key(sub.term))
    return sorted(entries.values(), key=lambda entry: sort_key(entry.term))
