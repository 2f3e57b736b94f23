"""The Kindle-safe EPUB made from the build's EPUB: every rule applied, what is left reported as warnings."""

from __future__ import annotations

from datetime import datetime

from octavo.editions.epub.archive import EpubArchive
from octavo.editions.kindle.rules import apply_rules
from octavo.errors import Warnings


def kindle_epub(epub: bytes, when: datetime, warnings: Warnings, shown: str) -> bytes:
    """The EPUB made safe for Send to Kindle; each problem no rule could fix is a warning on `shown`'s file."""
    archive = EpubArchive.read(epub)
    for rule, problem in apply_rules(archive):
        where = f"{shown}/{problem.file}" if problem.file else shown
        warnings.add(f"{problem.what} (Kindle rule {rule.name}) — {problem.todo}", file=where)
    return archive.write(when)
