"""Run every rule on the book as a build reads it, without writing any edition."""

from __future__ import annotations

from pathlib import Path

from octavo.errors import Warnings
from octavo.lint.chrome import check_chrome
from octavo.lint.citations import check_citations
from octavo.lint.doubles import check_doubled_spaces, check_doubled_words
from octavo.lint.findings import Finding
from octavo.lint.headings import check_heading_levels
from octavo.lint.names import check_names
from octavo.lint.typography import check_quotes
from octavo.lint.view import passages, text_sources
from octavo.settings import BookSettings, load_settings
from octavo.transforms.editing import edited_manuscript


def lint_book(folder: Path, warnings: Warnings) -> tuple[BookSettings, list[Finding]]:
    """The book's settings and its findings, in file and line order.

    The rules read the edited manuscript, the book as the editor made it: corrections applied (a misspelling already
    corrected is not reported, and `--fix` never proposes a correction twice), citations.yaml's citations placed.
    Quotes and spaces are read from the source lines each block came from, because the readers collapse spaces and
    pandoc's Markdown reader has already guessed the quotes by the time the manuscript holds them.
    """
    settings = load_settings(folder)
    book = edited_manuscript(settings, warnings)
    found = passages(book, text_sources(settings))
    findings = [
        *check_quotes(found), *check_doubled_words(found), *check_doubled_spaces(found),
        *check_heading_levels(found), *check_names(found, book), *check_citations(found, book, settings),
        *check_chrome(found, settings),
    ]
    return settings, sorted(dict.fromkeys(findings), key=Finding.sort_key)
