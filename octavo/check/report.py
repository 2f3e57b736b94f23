"""The report: text grouped by edition, or a JSON list for CI."""

from __future__ import annotations

import json

from octavo.check.findings import EDITIONS, Finding


def text_report(findings: list[Finding]) -> str:
    """A heading per edition with findings, then its `file:line: [tool code, severity] message` lines."""
    lines: list[str] = []
    for edition in EDITIONS:
        group = [finding for finding in findings if finding.edition == edition]
        if not group:
            continue
        lines += [f"{edition} ({_count(len(group))})"]
        for finding in group:
            where = f"{finding.where}: " if finding.where else ""
            lines.append(f"{where}[{finding.tool} {finding.code}, {finding.severity}] {finding.message}")
        lines.append("")
    lines.append(f"check: {_count(len(findings)) if findings else 'no findings'}")
    return "\n".join(lines) + "\n"


def _count(number: int) -> str:
    """`1 finding`, `3 findings`."""
    return f"{number} finding{'' if number == 1 else 's'}"


def json_report(findings: list[Finding]) -> str:
    """The findings as a JSON list of {edition, tool, code, severity, file, line, message}."""
    return json.dumps([finding.to_json() for finding in findings], indent=2, ensure_ascii=False) + "\n"
