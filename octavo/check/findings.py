"""What `check` reports: one finding with its edition, tool, code, severity, place and message."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

EDITIONS = ("EPUB", "Kobo", "Kindle", "PDF handout", "PDF trade", "chapter handouts", "web", "cartridge", "SCORM",
            "book")
"""The report's groups, in the order it prints them."""


@dataclass(frozen=True)
class Finding:
    """One problem: which edition, which tool found it, its code and severity, where in the book, what is wrong."""

    edition: str
    tool: str
    code: str
    severity: str
    file: str | None
    line: int | None
    message: str

    @property
    def where(self) -> str:
        """`file:line`, the file alone, or nothing when the place is not known."""
        if self.file is None:
            return ""
        return self.file if self.line is None else f"{self.file}:{self.line}"

    def to_json(self) -> dict[str, Any]:
        """The finding as a JSON object."""
        return asdict(self)


class CouldNotRun(Exception):
    """A validator that is not installed or did not finish: a finding of its own, never a silent pass."""

    def __init__(self, tool: str, reason: str) -> None:
        super().__init__(f"{tool} could not run: {reason}")
        self.tool = tool
        self.reason = reason


def not_run(edition: str, problem: CouldNotRun) -> Finding:
    """The finding that says a validator could not check an edition."""
    return Finding(edition, problem.tool, "not-run", "error", None, None, str(problem))
