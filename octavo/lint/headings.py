"""OCT301: a heading more than one level below the one before it (the chapter's title counts as the top level)."""

from __future__ import annotations

from octavo.lint.findings import Finding, at
from octavo.lint.view import Passage


def check_heading_levels(passages: list[Passage]) -> list[Finding]:
    """Each chapter's headings in order: a heading may go one level below the one before it, never two or more.

    The messages count levels down from the heading before, not by number: a document with its own title has its
    headings moved one level down in the manuscript, so `###` after `#` in the source is level 4 after level 2 here.
    """
    findings: list[Finding] = []
    chapter, previous, above = -1, 1, ""
    for passage in passages:
        if passage.chapter != chapter:
            chapter, previous, above = passage.chapter, 1, "the chapter title"
        if passage.role != "heading":
            continue
        if passage.level > previous + 1:
            skipped = passage.level - previous - 1
            findings.append(at("OCT301", passage.where,
                               f'heading "{passage.text}" skips {skipped} level{"s" if skipped > 1 else ""} below '
                               f"{above}",
                               "make it one level below that heading, or add the heading it belongs under"))
        previous, above = passage.level, f'"{passage.text}"'
    return findings
