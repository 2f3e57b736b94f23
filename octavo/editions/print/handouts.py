"""Chapter handouts: each chapter alone as a tagged PDF, with the book's title and the references it cites.

A handout keeps the book's handout pages: the chapter is laid out from the page it begins on in the book's handout
edition (or from 1, if book.yaml says `handout_pages: restart`), with the same stylesheets, so its pages hold the
same text as the book's and "page 37" means the same page to everyone. The book's title heads the first page in
the margin; the bibliography entries the chapter cites follow on a page of their own.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

from octavo.core.cache import Cache, digest
from octavo.core.templates import template
from octavo.core.text import slugify
from octavo.editions.base import RenderContext
from octavo.editions.print.binding import bind
from octavo.editions.print.chunks import foreign_links
from octavo.editions.print.context import PrintContext
from octavo.editions.print.edition import Pieces
from octavo.editions.print.layout import fewer_collections
from octavo.editions.print.profiles import Profile
from octavo.editions.print.result import ChapterHandout, HandoutsResult, PageLabels
from octavo.errors import Warnings
from octavo.typesetting.typeset import bibliography_entries

CHAPTER_SHEET = "print-chapter.css"
# A citation links to its bibliography entry by the entry's id (citeproc's `ref-KEY`).
CITED = re.compile(r'href="#(ref-[^"]+)"')


def handout_name(number: int, chapter_id: str) -> str:
    """A handout's file name: its place in the book, then the chapter's id (`03-the-harbour.pdf`)."""
    return f"{number:02d}-{slugify(chapter_id, 'chapter')}.pdf"


@fewer_collections()
def chapter_handouts(render: RenderContext, profile: Profile, cache: Cache, base: str,
                     chapter_pages: dict[str, int], chosen: list[str]) -> HandoutsResult:
    """Lay out the handouts of the `chosen` chapters (a job for a worker), numbered as book.yaml says."""
    warnings = Warnings()
    render = replace(render, warnings=warnings)
    pieces = Pieces(render, profile, cache, digest(base, "chapter handout"), (CHAPTER_SHEET,))
    context = PrintContext(render.book, render.typeset, profile.name, render.modified.strftime("%Y-%m-%dT%H:%M:%SZ"))
    entries = bibliography_entries(render.typeset.bibliography)
    front = {chapter.id for chapter in render.book.front}
    restart = render.settings.print.handout_pages == "restart"
    book_template = template("print/book.html.j2")
    identity = hashlib.md5(render.identifier.encode("utf-8")).hexdigest()
    made = []
    for number, chapter in enumerate(render.book.chapters(), start=1):
        if chapter.id not in chosen:
            continue
        body = render.typeset.chapters[chapter.id]
        cited = set(CITED.findall(body.body + "".join(note.html for note in body.notes)))
        document = context.chapter_handout(chapter, chapter.id in front,
                                           [(i, h) for i, h in entries if i in cited])
        first = 1 if restart else chapter_pages.get(chapter.id, 1)
        html, _ = foreign_links(book_template.render(document), chapter_pages, first, bound=False)
        piece = pieces.piece(html, first, roman=chapter.id in front)
        warnings.items.extend(piece.warnings)
        labels = [PageLabels(0, roman=chapter.id in front, number=first)]
        own = f"{identity}-{chapter.id}".encode()
        dated = pieces.dated(book_template.render(context.dated(document)))
        pdf = bind([piece.sheet()], labels, hashlib.md5(own).hexdigest().encode("ascii"), warnings, dated)
        made.append(ChapterHandout(chapter.id, handout_name(number, chapter.id), pdf))
    return HandoutsResult(made, warnings.items)
