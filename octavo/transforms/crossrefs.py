"""Wiki-links: a cross-reference when the target is a chapter of the book, else just the label."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from octavo.core.text import slugify
from octavo.manuscript import Block, Book, Chapter, EditorialRecord
from octavo.sources.names import name_key
from octavo.sources.readers.wiki_note import CROSSREF_SCHEME

# A link's words and target stop at the next `[`, so no line of many unclosed links is scanned once for each.
LINK = re.compile(r"\[([^\[\]]*)\]\(" + re.escape(CROSSREF_SCHEME) + r"([^)\[]*)\)")


def _targets(book: Book) -> dict[str, Chapter]:
    """Names a wiki-link may use for each chapter: its id, title and source file name."""
    table: dict[str, Chapter] = {}
    for chapter in book.chapters():
        stem = PurePosixPath(chapter.provenance.file).stem
        for name in (chapter.id, chapter.title, stem, slugify(chapter.title)):
            table.setdefault(name_key(name), chapter)
    return table


def resolve_crossrefs(book: Book) -> None:
    """Rewrite each wiki-link to a chapter link or to its plain label."""
    table = _targets(book)
    for chapter in book.chapters():
        for block in chapter.blocks:
            def replace(match: re.Match[str], chapter: Chapter = chapter, block: Block = block) -> str:
                label, target = match.group(1), match.group(2)
                found = table.get(name_key(target)) or table.get(name_key(slugify(target)))
                if found is None:
                    return label
                book.log.append(EditorialRecord("cross-reference", f"{label!r} → {found.id}",
                                                block.provenance, chapter.id))
                return f"[{label}](#{found.id}){{.crossref}}"

            block.text = LINK.sub(replace, block.text)
            block.title = LINK.sub(replace, block.title)
