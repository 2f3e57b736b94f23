"""Print-page correspondence shared by the editions: block keys, countable text and the page map."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import html

# Every block that can open a printed page carries this key, in print and in the EPUB alike.
PAGE_KEY = "data-page-key"
BLOCK_TAGS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "figure",
              "figcaption", "pre", "td", "th", "caption", "section", "aside", "header", "footer")
# Characters a line break may add or take away: spaces, hyphens inserted by hyphenation, soft hyphens.
UNCOUNTED = {"\u2010", "\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


def countable(text: str) -> int:
    """How many characters of the text survive any line breaking: no spaces, no inserted hyphens."""
    return sum(1 for char in text if not char.isspace() and char not in UNCOUNTED)


def mark_blocks(section: html.HtmlElement, prefix: str) -> None:
    """Key every block inside a chapter's section, in document order, as `prefix.N`."""
    number = 0
    for element in section.iterdescendants(*BLOCK_TAGS):
        element.set(PAGE_KEY, f"{prefix}.{number}")
        number += 1


@dataclass(frozen=True)
class PageStart:
    """A printed page: its folio, and where its text begins (a block's key and a countable offset)."""

    label: str
    key: str
    offset: int


@dataclass
class PageMap:
    """The pages of one print edition: where each begins, and the folio on which each anchor falls."""

    edition: str
    starts: list[PageStart] = field(default_factory=list)
    anchors: dict[str, str] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)
