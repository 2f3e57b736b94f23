"""`check`: run one check of the book and print its report; exit 0 only when nothing was found."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from octavo.check.buildlog import KeepWarnings
from octavo.check.report import json_report, text_report
from octavo.check.run import check_book

FORMATS = ("text", "json")
"""The report's formats: text grouped by edition, or a JSON list."""
CLEAN, FOUND = 0, 1


def check_command(book: Path, out: Path, formats: list[str], report_format: str, progress: KeepWarnings,
                  stream: TextIO | None = None) -> int:
    """Check the book, print the report on standard output, and return the exit status."""
    findings = check_book(book, out, formats, progress)
    report = json_report(findings) if report_format == "json" else text_report(findings)
    (stream or sys.stdout).write(report)
    return FOUND if findings else CLEAN
