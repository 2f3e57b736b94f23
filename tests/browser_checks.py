"""Check built pages in Chromium: SCORM 1.2 behaviour under scorm-again, axe-core's rules, the go-to-page box."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "tests" / "browser"
MODULES = ROOT / "node_modules"
SCORM_AGAIN = MODULES / "scorm-again" / "dist" / "scorm12.min.js"
AXE = MODULES / "axe-core" / "axe.min.js"


def _chromium() -> str:
    """Debian's Chromium, with a clear message when something the browser checks need is missing."""
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is missing: run `make test`, which installs it"
    assert shutil.which("node"), "node is missing: run `make test`, which installs it"
    assert (MODULES / "puppeteer-core").is_dir(), "puppeteer-core is missing: run `make test`, which installs it"
    return chromium


def _run(script: str, config: dict, work: Path) -> dict:
    """Run one of the browser scripts on a config written into `work`, and read the JSON it prints."""
    work.mkdir(parents=True, exist_ok=True)
    path = work / f"{Path(script).stem}-config.json"
    path.write_text(json.dumps(config, indent=1), encoding="utf-8")
    done = subprocess.run(["node", str(SCRIPTS / script), str(path)], capture_output=True, text=True, timeout=300,
                          cwd=ROOT, check=False)
    assert done.returncode == 0, f"{script} failed ({done.returncode}):\n{done.stderr}"
    return json.loads(done.stdout)


def run_scorm(root: Path, scos: list[str], work: Path) -> dict:
    """Each SCO's run under scorm-again, and on its own: {"scos": [{"href", "initialized", "status", ...}]}."""
    chromium = _chromium()
    assert SCORM_AGAIN.exists(), f"{SCORM_AGAIN.relative_to(ROOT)} is missing: run `make test`, which installs it"
    config = {"root": str(root), "scos": scos, "chromium": chromium, "scorm_again": str(SCORM_AGAIN)}
    return _run("scorm12.mjs", config, work)


def run_axe(root: Path, pages: list[str], work: Path) -> dict:
    """axe-core's violations on each page, with its errors and outside requests: {"pages": [{"page", ...}]}."""
    chromium = _chromium()
    assert AXE.exists(), f"{AXE.relative_to(ROOT)} is missing: run `make test`, which installs it"
    return _run("axe.mjs", {"root": str(root), "pages": pages, "chromium": chromium, "axe": str(AXE)}, work)


def run_go_to_page(root: Path, contents: str, folios: list[str], work: Path) -> dict:
    """The contents page's go-to-page box used for each folio: {"shown", "errors", "asked": [{"folio", "url", ...}]}."""
    return _run("go_to_page.mjs", {"root": str(root), "contents": contents, "folios": folios,
                                   "chromium": _chromium()}, work)


def scorm_problems(report: dict) -> list[str]:
    """Everything wrong in a run_scorm report, one line each, as `href: problem`."""
    found = []
    for sco in report["scos"]:
        href = sco["href"]
        if not sco["initialized"]:
            found.append(f"{href}: LMSInitialize was not called")
        if sco["status"] != "completed":
            found.append(f"{href}: lesson_status is {sco['status']!r} after scrolling to the end")
        if not sco["terminated"]:
            found.append(f"{href}: LMSFinish was not called when the page went away")
        if not sco["standalone_heading"]:
            found.append(f"{href}: no h1 when read outside an LMS")
        found += [f"{href}: {error}" for error in sco["errors"]]
        found += [f"{href} (outside an LMS): {error}" for error in sco["standalone_errors"]]
    return found


def axe_violations(report: dict) -> list[str]:
    """Each violation, error and outside request in a run_axe report, as `page: rule (impact) at nodes`."""
    found = []
    for page in report["pages"]:
        name = page["page"]
        for violation in page["violations"]:
            found.append(f"{name}: {violation['id']} ({violation['impact']}) at {', '.join(violation['nodes'])}")
        found += [f"{name}: {error}" for error in page["errors"]]
        found += [f"{name}: loads {url} from outside" for url in page["external"]]
    return found
