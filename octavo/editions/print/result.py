"""What a print layout gives back, from this process or a worker: light to import, as WeasyPrint is not."""

from __future__ import annotations

from dataclasses import dataclass, field

from octavo.typesetting.pagination import PageMap


@dataclass
class PrintResult:
    """One profile's edition as the build keeps it: the PDF, its page map and the warnings made laying it out."""

    pdf: bytes
    page_map: PageMap
    warnings: list[str]
    # The page each chapter begins on, counted as its matter counts (roman front matter from i, the body from 1).
    chapter_pages: dict[str, int] = field(default_factory=dict)


@dataclass
class Piece:
    """One separately laid-out part of an edition (front matter, a run of chapters, the index) as a tagged PDF.

    `anchors` gives the page number on which each id first appears, counted as the piece was numbered; `levels`
    the level of each bookmark in document order, for the binder's outline.
    """

    pdf: bytes
    pages: int
    anchors: dict[str, int]
    page_map: PageMap
    levels: list[int]
    warnings: list[str]


@dataclass
class ChapterHandout:
    """One chapter's handout: the chapter's id, the file's name and the PDF."""

    chapter: str
    name: str
    pdf: bytes


@dataclass
class HandoutsResult:
    """The handouts of some chapters and the warnings made laying them out."""

    handouts: list[ChapterHandout]
    warnings: list[str]
