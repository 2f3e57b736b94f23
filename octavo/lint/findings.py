"""What a lint rule reports: a finding with its code, place, message and, when safe, a correction to propose."""

from __future__ import annotations

from dataclasses import dataclass

from octavo.manuscript import Provenance

CODES: dict[str, str] = {
    "OCT101": "a straight double quote whose direction typography would have to guess",
    "OCT102": "a straight apostrophe or single quote that typography would turn into an opening quote",
    "OCT201": "a word written twice in a row",
    "OCT202": "two or more spaces between words of a sentence in the source",
    "OCT301": "a heading more than one level below the heading before it",
    "OCT401": "a name used once or twice, a letter or two away from a name the book uses often",
    "OCT402": "a name used once or twice, a letter or two away from a name in the names authority",
    "OCT501": "a citation key that is not in the bibliography",
    "OCT502": "a reference in the bibliography that nothing cites",
    "OCT601": "a line that looks like a web site's chrome rather than the author's text",
}
"""Every code lint reports, with its one-line explanation (the README's table says the same)."""


@dataclass(frozen=True)
class Fix:
    """A correction lint can propose in corrections.yaml: replace `find` (a whole word or words) by `replace`."""

    find: str
    replace: str


@dataclass(frozen=True)
class Finding:
    """One editorial finding: a code, where in the book's files, what is wrong, what to do, and a safe fix if any."""

    code: str
    file: str
    line: int | None
    message: str
    suggestion: str
    fix: Fix | None = None

    @property
    def where(self) -> str:
        """`file:line`, or the file alone when the line is not known."""
        return str(Provenance(self.file, self.line))

    def sort_key(self) -> tuple[str, int, str, str]:
        """Order: by file, line, code, then message."""
        return (self.file, self.line or 0, self.code, self.message)


def at(code: str, where: Provenance, message: str, suggestion: str, fix: Fix | None = None) -> Finding:
    """A finding at a manuscript provenance."""
    return Finding(code, where.file, where.line, message, suggestion, fix)
