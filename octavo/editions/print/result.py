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


@dataclass(frozen=True)
class Sheet:
    """One piece as it reaches the binder: its PDF, the level of each of its bookmarks, whether it has header cells."""

    pdf: bytes
    levels: list[int]
    table_headers: bool  # table header cells, whose ids the binder makes unique in the book


@dataclass(frozen=True)
class PageLabels:
    """How pages are labelled from the `first` (0-based): roman or arabic numbers, counting from `number`."""

    first: int
    roman: bool
    number: int = 1


@dataclass
class LaidEdition:
    """One profile's edition laid out, not yet bound: what the binder needs, and already where its pages begin.

    A worker gives this back as soon as the last piece is written, so the EPUB can follow its page map while
    another worker binds it (`dated` is the dated empty page the bound PDF takes its dates from).
    """

    sheets: list[Sheet]
    labels: list[PageLabels]
    identity: bytes
    dated: bytes
    page_map: PageMap
    warnings: list[str]
    chapter_pages: dict[str, int] = field(default_factory=dict)


@dataclass
class Piece:
    """One separately laid-out part of an edition (front matter, a run of chapters, the index) as a tagged PDF.

    `anchors` gives the page number on which each id first appears, counted as the piece was numbered; `levels`
    the level of each bookmark in document order, for the binder's outline; `table_headers` whether any table in
    it has header cells, the only elements WeasyPrint gives an id that the binder must make unique.
    """

    pdf: bytes
    pages: int
    anchors: dict[str, int]
    page_map: PageMap
    levels: list[int]
    warnings: list[str]
    table_headers: bool

    def sheet(self) -> Sheet:
        """The piece as the binder takes it."""
        return Sheet(self.pdf, self.levels, self.table_headers)


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
