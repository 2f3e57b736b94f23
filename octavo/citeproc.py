"""Citations and bibliography through pandoc's citeproc, with the book's CSL style."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from octavo.bookmarkdown import front_matter
from octavo.errors import BookError
from octavo.manuscript import Book
from octavo.pandoc import pandoc_warnings
from octavo.references import references_json

MISSING = re.compile(r"citation (\S+) not found")


def _where_cited(book: Book, key: str) -> tuple[str | None, int | None]:
    """The source file and line of the first block or note that cites a key."""
    for chapter in book.chapters():
        for block in chapter.blocks:
            if f"@{key}" in block.text:
                return block.provenance.file, block.provenance.line
        for note in chapter.notes:
            if f"@{key}" in note.text:
                return note.provenance.file, note.provenance.line
    return None, None


def run_citeproc(book: Book, markdown: str, to: str, extra: list[str] | None = None) -> str:
    """Run pandoc --citeproc on Markdown; a citation of an unknown reference is an error."""
    with tempfile.TemporaryDirectory(prefix="octavo-refs-") as folder:
        refs = Path(folder) / "references.json"
        refs.write_text(references_json(book.references), encoding="utf-8")
        args = ["--from", "markdown", "--to", to, "--wrap=none", "--citeproc",
                "--csl", book.csl_style, "--bibliography", str(refs), *(extra or [])]
        output, warnings = pandoc_warnings(args, markdown)
    for line in warnings:
        missing = MISSING.search(line)
        if missing:
            key = missing.group(1)
            file, number = _where_cited(book, key)
            raise BookError(f"cites {key!r}, which is not in the bibliography",
                            "add the reference or correct the key", file, number)
    return output


def bibliography_markdown(book: Book) -> str:
    """The bibliography formatted by the book's style, as plain Markdown paragraphs."""
    document = front_matter({"nocite": "@*", "lang": book.metadata.language}) + "\n# Bibliography\n\n::: {#refs}\n:::\n"
    # Without `smart`, pandoc's writer keeps curly quotes and dashes as the characters they are.
    output = run_citeproc(book, document,
                          "markdown-smart-fenced_divs-bracketed_spans-native_divs-native_spans-raw_html")
    return output
