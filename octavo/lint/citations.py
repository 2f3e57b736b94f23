"""OCT501, OCT502: citation keys with no reference, and references that nothing cites."""

from __future__ import annotations

import re

from octavo.lint.findings import Finding
from octavo.lint.prose import without_code
from octavo.lint.view import Passage
from octavo.manuscript import Book
from octavo.settings import BookSettings
from octavo.sources.references import reference_ids

# A citation key as pandoc reads one: @key or @{key}, not after a letter (an address) or a backslash (escaped).
KEY = re.compile(r"(?<![\w\\@])@(?:\{([^{}\s]+)\}|(\w(?:[\w:.#$%&+?<>~/-]*\w)?))")


def cited_keys(text: str) -> list[str]:
    """The citation keys a piece of Pandoc Markdown uses, in order."""
    return [match.group(1) or match.group(2) for match in KEY.finditer(without_code(text))]


def _line_in(text: str, key: str) -> int | None:
    """The line of a bibliography file where a reference's id is given."""
    for pattern in (rf'"id"\s*:\s*"{re.escape(key)}"', rf"@\w+\s*\{{\s*{re.escape(key)}\s*,", re.escape(key)):
        match = re.search(pattern, text)
        if match:
            return text.count("\n", 0, match.start()) + 1
    return None


def check_citations(passages: list[Passage], book: Book, settings: BookSettings) -> list[Finding]:
    """OCT501 where a block or note cites an unknown key; OCT502 for each bibliography entry never cited.

    A source's own reference (book.yaml's `reference:`, or the one made from the source) counts as cited: the
    imprint names the source by it.
    """
    known = reference_ids(book.references)
    cited = {str(chapter.metadata.get("reference", "")) for chapter in book.chapters()}
    findings: list[Finding] = []
    for passage in passages:
        for key in dict.fromkeys(cited_keys(passage.text)):
            cited.add(key)
            if key not in known:
                line = passage.line_of(re.compile(rf"@\{{?{re.escape(key)}(?![\w:.#$%&+?<>~/-]*\w)"))
                findings.append(Finding("OCT501", passage.where.file, line,
                                        f"cites @{key}, which is not in the bibliography",
                                        "add the reference or correct the key"))
    bibliography = settings.data_file("bibliography")
    if bibliography is None:
        return findings
    text = bibliography.path.read_text(encoding="utf-8-sig")
    for entry in book.references:
        key = str(entry["id"])
        if key not in cited:
            findings.append(Finding("OCT502", bibliography.shown_as, _line_in(text, key),
                                    f"reference {key!r} is never cited",
                                    "cite it where the text draws on it (citations.yaml), or remove it"))
    return findings
