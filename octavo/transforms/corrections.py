"""Editorial corrections from corrections.yaml, applied to the text and recorded one by one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from octavo.core.keys import check_keys
from octavo.core.yamlfile import line_of, load_yaml
from octavo.errors import BookError, Warnings
from octavo.manuscript import Book, EditorialRecord

KEYS = {"find", "replace", "whole_word", "reason"}


@dataclass
class Correction:
    """Replace `find` by `replace` wherever it stands (as a whole word by default)."""

    find: str
    replace: str
    pattern: re.Pattern[str]
    reason: str
    line: int | None


def load_corrections(path: Path, shown_as: str) -> list[Correction]:
    """Read corrections.yaml."""
    data = load_yaml(path, shown_as) or []
    if not isinstance(data, list):
        raise BookError("must be a list of corrections", "write `- find: ...` / `replace: ...`", shown_as, 1)
    corrections = []
    for entry in data:
        line = line_of(entry)
        if isinstance(entry, dict):  # first, so a misspelt required key is named
            check_keys(entry, KEYS, shown_as, "a correction")
        if not isinstance(entry, dict) or "find" not in entry or "replace" not in entry:
            raise BookError("a correction needs `find` and `replace`", "add both", shown_as, line)
        find = str(entry["find"])
        if not find:
            raise BookError("`find` is empty", "give the text to correct", shown_as, line)
        body = re.escape(find)
        if entry.get("whole_word", True):
            body = rf"(?<!\w){body}(?!\w)"
        reason = str(entry.get("reason", ""))
        corrections.append(Correction(find, str(entry["replace"]), re.compile(body), reason, line))
    return corrections


def apply_corrections(book: Book, corrections: list[Correction], shown_as: str, warnings: Warnings) -> None:
    """Apply each correction to chapter titles and blocks, logging every change."""
    for correction in corrections:
        used = 0
        for chapter in book.chapters():
            new_title, count = correction.pattern.subn(correction.replace, chapter.title)
            if count:
                chapter.title = new_title
                used += count
                book.log.append(EditorialRecord("correction", f"{correction.find} → {correction.replace} (title)",
                                                chapter.provenance, chapter.id, count))
            for block in chapter.blocks:
                for attribute in ("text", "title"):
                    value = getattr(block, attribute)
                    new_value, count = correction.pattern.subn(correction.replace, value)
                    if count:
                        setattr(block, attribute, new_value)
                        used += count
                        times = f" ({count}×)" if count > 1 else ""
                        book.log.append(EditorialRecord(
                            "correction", f"{correction.find} → {correction.replace}{times}", block.provenance,
                            chapter.id, count,
                        ))
        if not used:
            warnings.add(f"correction {correction.find!r} matched nothing in the book", shown_as, correction.line)
