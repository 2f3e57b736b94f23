"""The EPUB's validators, EPUBCheck and Ace by DAISY: run them, read their reports, trace findings to the source."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from octavo.check.findings import CouldNotRun, Finding
from octavo.check.tools import ace_command, epubcheck_command
from octavo.check.trace import ChapterSource, document_chapter, image_source

EDITION = "EPUB"
COUNTED = ("FATAL", "ERROR", "WARNING")
"""EPUBCheck's severities that are findings (USAGE and INFO are advice it prints only when asked)."""


def run_epubcheck(epub: Path, report: Path) -> dict[str, Any]:
    """EPUBCheck's JSON report on an EPUB."""
    done = subprocess.run([*epubcheck_command(), str(epub), "--json", str(report)], capture_output=True, text=True,
                          timeout=300, check=False)
    if not report.is_file():
        raise CouldNotRun("EPUBCheck", f"it wrote no report: {(done.stderr or done.stdout).strip()[-300:]}")
    loaded: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return loaded


def run_ace(epub: Path, folder: Path) -> dict[str, Any]:
    """Ace's JSON report on an EPUB, run with the system's Chromium."""
    ace, chromium = ace_command()
    env = dict(os.environ, PUPPETEER_EXECUTABLE_PATH=chromium)
    done = subprocess.run([*ace, "--silent", "--subdir", "--outdir", str(folder), str(epub)], capture_output=True,
                          text=True, timeout=600, env=env, check=False)
    reports = list(folder.rglob("report.json"))
    if not reports:
        raise CouldNotRun("Ace", f"it wrote no report: {(done.stderr or done.stdout).strip()[-300:]}")
    loaded: dict[str, Any] = json.loads(reports[0].read_text(encoding="utf-8"))
    return loaded


def ace_violations(report: dict[str, Any]) -> list[str]:
    """Each violation Ace reports, as `document: rule (impact)`."""
    found = []
    for document in report.get("assertions", []):
        for assertion in document.get("assertions", []):
            test = assertion["earl:test"]
            found.append(f"{document['earl:testSubject']['url']}: {test['dct:title']} ({test['earl:impact']})")
    return found


def _place(chapters: dict[str, ChapterSource], epub: Path, document: str, line: int | None,
           snippet: str = "") -> tuple[str, int | None]:
    """A finding's place: the source of the picture or chapter it is in, else the document inside the EPUB."""
    chapter = document_chapter(chapters, document)
    if chapter is not None:
        picture = image_source(chapter, snippet) if snippet else None
        if picture is not None:
            return picture
        if chapter.file is not None:
            return chapter.file, chapter.line
    return f"{epub.name}/{document.lstrip('/')}", line


def epubcheck_findings(epub: Path, work: Path, chapters: dict[str, ChapterSource],
                       edition: str = EDITION) -> list[Finding]:
    """EPUBCheck's fatal errors, errors and warnings, each at its chapter's source where it has one."""
    found = []
    for message in run_epubcheck(epub, work / f"epubcheck-{epub.name}.json").get("messages", []):
        severity = str(message.get("severity", "ERROR"))
        if severity not in COUNTED:
            continue
        locations = message.get("locations") or [{}]
        for location in locations:
            document = str(location.get("path", ""))
            line = location.get("line")
            file, number = _place(chapters, epub, document, line if isinstance(line, int) and line > 0 else None,
                                  str(location.get("context") or ""))
            found.append(Finding(edition, "epubcheck", str(message.get("ID", "")), severity.lower(), file, number,
                                 str(message.get("message", ""))))
    return found


def ace_findings(epub: Path, work: Path, chapters: dict[str, ChapterSource], edition: str = EDITION) -> list[Finding]:
    """Ace's violations, each at the source of the picture or chapter it is in."""
    found = []
    for document in run_ace(epub, work / f"ace-{epub.name}").get("assertions", []):
        url = str(document.get("earl:testSubject", {}).get("url", ""))
        path = url if url.startswith(("EPUB/", "/EPUB/")) else f"EPUB/{url}"
        for assertion in document.get("assertions", []):
            test = assertion.get("earl:test", {})
            result = assertion.get("earl:result", {})
            summary = test.get("help", {}).get("dct:description") or test.get("dct:description", "")
            file, line = _place(chapters, epub, path, None, str(result.get("html", "")))
            found.append(Finding(edition, "ace", str(test.get("dct:title", "")), str(test.get("earl:impact", "")),
                                 file, line, str(summary)))
    return found
