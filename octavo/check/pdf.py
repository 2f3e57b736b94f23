"""The print editions: pdfua's PDF/UA checks on the tagged handout, and contents folios true in both editions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from octavo.check.findings import CouldNotRun, Finding
from octavo.check.folios import contents_problems, page_texts
from octavo.check.tools import python_package
from octavo.check.trace import ChapterSource


def pdfua_findings(pdf: Path, edition: str) -> list[Finding]:
    """Every finding of pdfua (the machine-checkable part of PDF/UA-1), at its page of the PDF."""
    python_package("pdfua", "pdfua", "pdfua")
    done = subprocess.run([sys.executable, "-m", "pdfua", "check", "--format", "json", str(pdf)],
                          capture_output=True, text=True, timeout=300, check=False)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        raise CouldNotRun("pdfua", (done.stderr or done.stdout).strip()[-300:] or "no report") from None
    found = []
    for item in report.get("findings", []):
        page = item.get("page")
        where = f" (page {page})" if page else f" ({item['location']})" if item.get("location") else ""
        found.append(Finding(edition, "pdfua", str(item.get("rule_id", "")), str(item.get("severity", "error")),
                             pdf.name, None, f"{item.get('message', '')}{where}"))
    return found


def contents_findings(pdf: Path, edition: str, chapters: dict[str, ChapterSource]) -> list[Finding]:
    """A finding for each contents entry whose folio is untrue, at its chapter's source where the title is known."""
    by_title = {chapter.title: chapter for chapter in chapters.values()}
    found = []
    for title, problem in contents_problems(page_texts(pdf)):
        chapter = by_title.get(title)
        file, line = (chapter.file, chapter.line) if chapter and chapter.file else (pdf.name, None)
        found.append(Finding(edition, "octavo", "contents-folio", "error", file, line,
                             f"{title}: {problem}" if title else problem))
    return found
