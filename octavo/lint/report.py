"""Lint's findings as text lines for people, or as JSON for CI."""

from __future__ import annotations

import json

from octavo.lint.findings import Finding


def text_report(findings: list[Finding], fixed: set[Finding]) -> str:
    """One line per finding: `file:line: CODE message — what to do`, with a mark on the fixable and the fixed."""
    lines = []
    for finding in findings:
        line = f"{finding.where}: {finding.code} {finding.message} — {finding.suggestion}"
        if finding in fixed:
            line += " [proposed in corrections]"
        elif finding.fix is not None:
            line += " [--fix]"
        lines.append(line)
    return "".join(f"{line}\n" for line in lines)


def json_report(findings: list[Finding], fixed: set[Finding]) -> str:
    """A JSON list of objects: code, file, line, message, suggestion, fix (find and replace, or null) and fixed."""
    return json.dumps([{
        "code": finding.code,
        "file": finding.file,
        "line": finding.line,
        "message": finding.message,
        "suggestion": finding.suggestion,
        "fix": {"find": finding.fix.find, "replace": finding.fix.replace} if finding.fix else None,
        "fixed": finding in fixed,
    } for finding in findings], ensure_ascii=False, indent=2) + "\n"


def summary(findings: list[Finding], fixed: set[Finding], corrections: str) -> str:
    """The closing line: how many findings, how many --fix can propose, and what it proposed."""
    if not findings:
        return "No findings."
    fixable = sum(1 for finding in findings if finding.fix is not None and finding not in fixed)
    text = f"{len(findings)} finding(s)"
    if fixed:
        text += f"; {len(fixed)} proposed as corrections in {corrections}, which the next build applies: review them"
    if fixable:
        text += f"; {fixable} can be proposed as corrections with --fix"
    return text + "."
