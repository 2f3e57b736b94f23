"""The `lint` command: read the book as a build does, report the findings, and with --fix propose corrections."""

from __future__ import annotations

import sys
from pathlib import Path

from octavo.errors import Warnings
from octavo.lint.fix import propose_corrections
from octavo.lint.report import json_report, summary, text_report
from octavo.lint.run import lint_book
from octavo.progress import Progress

FORMATS = ("text", "json")


def lint_command(folder: Path, output: str, fix: bool, progress: Progress) -> int:
    """Lint the book in `folder`; 0 when nothing is left to report, 1 when findings remain (fixed ones do not count)."""
    warnings = Warnings()
    settings, findings = lint_book(folder, warnings)
    for warning in warnings:
        progress.warn(warning)
    fixed = set(propose_corrections(settings, findings)) if fix else set()
    sys.stdout.write(json_report(findings, fixed) if output == "json" else text_report(findings, fixed))
    corrections = settings.data_file("corrections")
    progress.say(summary(findings, fixed, corrections.shown_as if corrections else "corrections.yaml"))
    return 1 if any(finding not in fixed for finding in findings) else 0
