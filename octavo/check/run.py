"""One `check`: build the book, then run each edition's validators side by side and gather their findings."""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from octavo.check.buildlog import KeepWarnings, build_for_check
from octavo.check.epub import ace_findings, epubcheck_findings
from octavo.check.findings import EDITIONS, CouldNotRun, Finding, not_run
from octavo.check.links import link_problems
from octavo.check.manifests import CC11, SCORM12, schema_errors
from octavo.check.pdf import contents_findings, pdfua_findings
from octavo.check.tags import tag_findings
from octavo.check.trace import ChapterSource, chapter_sources

Check = Callable[[], list[Finding]]


def edition_of(path: Path) -> str:
    """Which edition a written output is ("" for the review manuscript and the web zip, checked elsewhere)."""
    name = path.name
    if name.endswith(".kepub.epub"):
        return "Kobo"
    if name.endswith("-kindle.epub"):
        return "Kindle"
    if name.endswith(".epub"):
        return "EPUB"
    if name.endswith("-handouts") and path.is_dir():
        return "chapter handouts"
    if name.endswith("-cover.pdf"):
        return ""  # the trade edition's cover wrap, for the printer: no reader's checks apply
    if name.endswith(".pdf"):
        return "PDF trade" if name.endswith("-trade.pdf") else "PDF handout"
    if name == "web" and path.is_dir():
        return "web"
    if name.endswith(".imscc"):
        return "cartridge"
    if name.endswith("-scorm12.zip"):
        return "SCORM"
    return ""


def _links(folder: Path, edition: str, shown: str) -> list[Finding]:
    """Link findings for a folder of pages, at the page and line of each."""
    return [Finding(edition, "links", "broken-link", "error", f"{shown}/{problem.page}", problem.line,
                    f"{problem.value} {problem.problem}") for problem in link_problems(folder)]


def _package(archive: Path, edition: str, xsd: Path, work: Path) -> list[Finding]:
    """An LMS package: its manifest against the schema, and every link of its pages."""
    folder = work / archive.name
    with zipfile.ZipFile(archive) as package:
        package.extractall(folder)
    manifest = f"{archive.name}/imsmanifest.xml"
    found = [Finding(edition, "schema", xsd.stem, "error", manifest, line, message)
             for line, message in schema_errors((folder / "imsmanifest.xml").read_bytes(), xsd)]
    return found + _links(folder, edition, archive.name)


def _checks(path: Path, edition: str, work: Path, chapters: dict[str, ChapterSource]) -> list[tuple[str, Check]]:
    """(edition, check) for each validator of one written output."""
    if edition in ("EPUB", "Kobo", "Kindle"):
        return [(edition, lambda: epubcheck_findings(path, work, chapters, edition)),
                (edition, lambda: ace_findings(path, work, chapters, edition))]
    if edition == "chapter handouts":
        return [(edition, lambda: [finding for handout in sorted(path.glob("*.pdf"))
                                   for finding in pdfua_findings(handout, edition) + tag_findings(handout, edition)])]
    if edition == "PDF handout":
        return [(edition, lambda: pdfua_findings(path, edition)),
                (edition, lambda: tag_findings(path, edition)),
                (edition, lambda: contents_findings(path, edition, chapters))]
    if edition == "PDF trade":
        return [(edition, lambda: tag_findings(path, edition)),
                (edition, lambda: contents_findings(path, edition, chapters))]
    if edition == "web":
        return [(edition, lambda: _links(path, edition, "web"))]
    if edition == "cartridge":
        return [(edition, lambda: _package(path, edition, CC11, work))]
    if edition == "SCORM":
        return [(edition, lambda: _package(path, edition, SCORM12, work))]
    return []


def _guarded(edition: str, check: Check) -> list[Finding]:
    """A check's findings, or the finding that says it could not run."""
    try:
        return check()
    except CouldNotRun as problem:
        return [not_run(edition, problem)]


def check_book(book: Path, out: Path, formats: list[str], progress: KeepWarnings) -> list[Finding]:
    """Build the formats (and the review manuscript, for tracing) and return every finding, grouped by edition."""
    wanted = formats if "manuscript" in formats else [*formats, "manuscript"]
    written, found = build_for_check(book, out, wanted, progress)
    if not written:
        return found
    chapters = chapter_sources(out / "manuscript")
    with tempfile.TemporaryDirectory(prefix="octavo-check-") as folder:
        work = Path(folder)
        checks = []
        for number, path in enumerate(written):
            edition = edition_of(path)
            if edition:
                (work / str(number)).mkdir()
                checks += _checks(path, edition, work / str(number), chapters)
        progress.say(f"Checking {', '.join(dict.fromkeys(edition for edition, _ in checks))}…")
        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(lambda item: _guarded(*item), checks))
    found += [finding for result in results for finding in result]
    return sorted(found, key=lambda finding: EDITIONS.index(finding.edition))
