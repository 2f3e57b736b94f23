"""Note numbering: each chapter's notes renumbered in the order the text calls them."""

from __future__ import annotations

import re

from octavo.errors import BookError
from octavo.manuscript import Book

CALL = re.compile(r"\[\^([\w-]+)\]")


def number_notes(book: Book) -> None:
    """Rename note ids to n1, n2, … in call order; a note nobody calls is an error."""
    for chapter in book.chapters():
        order: dict[str, None] = {}  # the ids in call order, each once (a dict: membership in constant time)
        for block in chapter.blocks:
            for text in (block.title, block.text):
                order.update(dict.fromkeys(m.group(1) for m in CALL.finditer(text)))
        known = {note.id: note for note in chapter.notes}
        for note in chapter.notes:
            if note.id not in order:
                raise BookError(f"note {note.id!r} of chapter {chapter.title!r} is never called",
                                "check the note's anchor", note.provenance.file, note.provenance.line)
        renamed = {old: f"n{number}" for number, old in enumerate(order, start=1) if old in known}

        def rename(match: re.Match[str], renamed: dict[str, str] = renamed) -> str:
            return f"[^{renamed.get(match.group(1), match.group(1))}]"

        for block in chapter.blocks:
            block.text = CALL.sub(rename, block.text)
            block.title = CALL.sub(rename, block.title)
        for note in chapter.notes:
            note.id = renamed[note.id]
        chapter.notes.sort(key=lambda note: int(note.id[1:]))
