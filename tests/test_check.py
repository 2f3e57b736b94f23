"""`check`: one report of every validator's findings by edition, traced to the source's file:line; exit 0 when clean."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BOOK, FIXTURES, ROOT

from octavo.check.buildlog import warning_finding
from octavo.check.findings import EDITIONS, Finding
from octavo.check.report import json_report, text_report
from octavo.check.run import edition_of

CHECK = FIXTURES / "check"


def run_check(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`build.py check ARGS` in its own process, as a user (or CI) would run it."""
    environment = dict(os.environ, PYTHONPATH=str(ROOT), SOURCE_DATE_EPOCH="1790000000", **(env or {}))
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "check", *args], capture_output=True, text=True,
                          cwd=ROOT, env=environment, timeout=600, check=False)


def test_the_example_book_is_clean(tmp_path: Path) -> None:
    done = run_check("--book", str(BOOK), "--out", str(tmp_path), "--format", "json", "-q")
    assert (done.returncode, json.loads(done.stdout)) == (0, []), done.stdout + done.stderr


def test_an_image_without_alt_text_is_named_at_its_source_line(tmp_path: Path) -> None:
    done = run_check("--book", str(CHECK / "no-alt"), "--out", str(tmp_path), "-q")
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert "sources/stamps.md:8: [ace image-alt, critical] Images must have alternative text" in lines
    assert any(line.startswith("sources/stamps.md:8: [octavo warning, warning] image 'figs/stamp.png' has no "
                               "alternative text") for line in lines)
    assert lines.index("EPUB (1 finding)") < lines.index("book (1 finding)")
    assert lines[-1].startswith("check: ") and "Traceback" not in done.stderr


def test_json_report_names_the_file_and_line(tmp_path: Path) -> None:
    done = run_check("--book", str(CHECK / "no-alt"), "--out", str(tmp_path), "--formats", "manuscript",
                     "--format", "json", "-q")
    assert done.returncode == 1, done.stderr
    [finding] = json.loads(done.stdout)
    assert set(finding) == {"edition", "tool", "code", "severity", "file", "line", "message"}
    assert (finding["edition"], finding["file"], finding["line"]) == ("book", "sources/stamps.md", 8)
    assert "no alternative text" in finding["message"]


@pytest.mark.parametrize("report", ["text", "json"])
def test_an_unknown_citation_key_is_a_finding_not_a_crash(report: str, tmp_path: Path) -> None:
    done = run_check("--book", str(CHECK / "unknown-key"), "--out", str(tmp_path), "--format", report, "-q")
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr, done.stderr
    if report == "text":
        assert "sources/kites.md:5: [octavo build-error, error] cites 'nobody1999', which is not in the " \
               "bibliography" in done.stdout
    else:
        [finding] = json.loads(done.stdout)
        assert (finding["file"], finding["line"], finding["code"]) == ("sources/kites.md", 5, "build-error")
    assert not list(tmp_path.glob("*.epub")), "nothing is checked from a build that failed"


def test_a_missing_validator_is_a_finding(tmp_path: Path) -> None:
    # A PATH with every command there is, except Java (EPUBCheck) and Node.js (Ace).
    shadow = tmp_path / "bin"
    shadow.mkdir()
    for folder in os.environ["PATH"].split(os.pathsep):
        for command in Path(folder).glob("*") if Path(folder).is_dir() else []:
            if command.name not in {"java", "node"} and not (shadow / command.name).exists() \
                    and os.access(command, os.X_OK):
                (shadow / command.name).symlink_to(command)
    done = run_check("--book", str(CHECK / "no-alt"), "--out", str(tmp_path / "out"), "--formats", "epub", "-q",
                     env={"PATH": str(shadow)})
    assert done.returncode == 1, done.stdout + done.stderr
    assert "[EPUBCheck not-run, error] EPUBCheck could not run: Java is missing — run `make` in a checkout, or " \
           "apt install default-jre-headless" in done.stdout
    assert "[Ace not-run, error] Ace could not run: Node.js is missing" in done.stdout


def test_a_warning_keeps_its_place_and_the_report_groups_by_edition(tmp_path: Path) -> None:
    (tmp_path / "book.yaml").write_text("title: x\n", encoding="utf-8")
    placed = warning_finding("sources/x.md:13: image 'a.png' has no alternative text — describe it", tmp_path)
    assert (placed.file, placed.line, placed.message) == ("sources/x.md", 13, "image 'a.png' has no alternative "
                                                                              "text — describe it")
    assert warning_finding("book.yaml: no description", tmp_path).file == "book.yaml"
    assert warning_finding("no place: at all", tmp_path).file is None
    findings = [placed, Finding("EPUB", "ace", "image-alt", "critical", "sources/x.md", 13, "no alt")]
    text = text_report(sorted(findings, key=lambda f: f.edition != "EPUB"))
    assert text.splitlines()[:2] == ["EPUB (1 finding)", "sources/x.md:13: [ace image-alt, critical] no alt"]
    assert text_report([]) == "check: no findings\n"
    assert json.loads(json_report(findings))[1]["line"] == 13


def test_each_edition_is_checked_under_its_own_name(tmp_path: Path) -> None:
    handouts = tmp_path / "book-handouts"
    handouts.mkdir()
    names = {"book.epub": "EPUB", "book.kepub.epub": "Kobo", "book-kindle.epub": "Kindle", "book.pdf": "PDF handout",
             "book-trade.pdf": "PDF trade", "book-cover.pdf": "", "book-handouts": "chapter handouts"}
    assert {name: edition_of(tmp_path / name) for name in names} == names
    assert all(edition in EDITIONS for edition in names.values() if edition)
