"""Editorial lint: one fixture book per code, the --fix round trip, the JSON format, exit codes, the example book."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import BOOK, FIXTURES, ROOT, run_cli

from octavo.errors import Warnings
from octavo.lint.findings import CODES, Fix
from octavo.lint.names import check_names, nearest
from octavo.lint.run import lint_book
from octavo.lint.view import passages, text_sources
from octavo.settings import load_settings
from octavo.sources.assemble import assemble
from octavo.transforms.corrections import load_corrections

LINT = FIXTURES / "lint"
CHAPTER = "sources/chapter.md"
# Each fixture book holds what its code reports and, beside it, what looks alike but must not be reported.
EXPECTED = {
    "oct101": [("OCT101", CHAPTER, 8)],   # 12" in a wrapped paragraph; a proper "pair" above it is fine
    "oct102": [("OCT102", CHAPTER, 8)],   # 'tis; it's, students', 'loudly' and '90s are fine
    "oct201": [("OCT201", CHAPTER, 7)],   # "the / the" across a line end; "had had" is fine
    "oct202": [("OCT202", CHAPTER, 6)],   # two spaces inside a line; a Markdown line break after it is fine
    "oct301": [("OCT301", CHAPTER, 15)],  # #### after ##
    "oct401": [("OCT401", CHAPTER, 8)],   # Kaminev once, Kamenev four times
    "oct402": [("OCT402", CHAPTER, 7)],   # Zinovyev, the authority says Zinoviev
    "oct501": [("OCT501", CHAPTER, 8)],   # @missing1999; @known2001 is in the bibliography
    "oct502": [("OCT502", "references.json", 3)],
    "oct601": [("OCT601", CHAPTER, 5), ("OCT601", CHAPTER, 9), ("OCT601", CHAPTER, 11)],
}
FIXES = {
    "oct201": Fix("the the", "the"),
    "oct401": Fix("Kaminev", "Kamenev"),
    "oct402": Fix("Zinovyev", "Zinoviev"),
}


def lint(*args: str) -> subprocess.CompletedProcess[str]:
    """`build.py lint ...`, as a user runs it; never a traceback."""
    done = run_cli("lint", *args)
    assert "Traceback" not in done.stderr
    return done


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_code_is_reported_at_its_file_and_line(name: str) -> None:
    _, findings = lint_book(LINT / name, Warnings())
    assert [(finding.code, finding.file, finding.line) for finding in findings] == EXPECTED[name]
    assert [finding.fix for finding in findings if finding.fix] == ([FIXES[name]] if name in FIXES else [])


def test_every_code_has_a_fixture_and_a_line_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    reported = {code for expected in EXPECTED.values() for code, _, _ in expected}
    assert reported == set(CODES)
    for code in CODES:
        assert f"| `{code}` |" in readme


def test_messages_say_what_and_what_to_do() -> None:
    _, findings = lint_book(LINT / "oct401", Warnings())
    assert findings[0].message == '"Kaminev" (once in the book) looks like a misspelling of "Kamenev" (4 times)'
    _, findings = lint_book(LINT / "oct301", Warnings())
    assert findings[0].message == 'heading "The Larder" skips 1 level below "The Kitchen"'
    _, findings = lint_book(LINT / "oct601", Warnings())
    assert [finding.message.split('"')[1] for finding in findings] == [
        "5 min read", "Share on Facebook", "© 2024 Example Media. All rights reserved."]


@pytest.mark.parametrize(("word", "other", "near"), [
    ("Kaminev", "Kamenev", 1), ("Lavrentia", "Lavrentiy", 1), ("Zinovyev", "Zinoviev", 1),
    ("Kamneev", "Kamenev", 1),  # two letters swapped: one edit
    ("Russia", "Russian", 0), ("Communism", "Communist", 0), ("Stalins", "Stalin", 0), ("Stalin", "Stalin", 0),
    ("Sebag", "Begag", 0),  # two edits in five letters: too far to guess
])
def test_names_are_near_within_a_small_edit_distance_but_not_as_forms_of_one_word(word: str, other: str,
                                                                                   near: int) -> None:
    assert nearest(word, {other: 5}) == ([other] if near else [])


def test_the_nearest_name_wins_and_a_tie_is_not_guessed() -> None:
    assert nearest("Kamenew", {"Kamenev": 5, "Kamenski": 9, "Stalin": 50}) == ["Kamenev"]
    assert nearest("Kamenew", {"Kamenev": 5, "Kameney": 9}) == ["Kameney"]  # as near, used more often
    assert nearest("Kamenew", {"Kamenev": 5, "Kameney": 5}) == ["Kamenev", "Kameney"]


def test_text_output_and_exit_status() -> None:
    done = lint("--book", str(LINT / "oct201"))
    assert done.returncode == 1
    assert done.stdout == f'{CHAPTER}:7: OCT201 doubled word "the the" — remove one [--fix]\n'
    assert "1 finding(s); 1 can be proposed as corrections with --fix." in done.stderr


def test_json_output_for_ci() -> None:
    done = lint("--book", str(LINT / "oct601"), "--format", "json", "-q")
    assert done.returncode == 1
    found = json.loads(done.stdout)
    assert [(item["code"], item["file"], item["line"]) for item in found] == EXPECTED["oct601"]
    assert set(found[0]) == {"code", "file", "line", "message", "suggestion", "fix", "fixed"}
    assert found[0]["fix"] is None and found[0]["fixed"] is False
    fixable = json.loads(lint("--book", str(LINT / "oct402"), "--format", "json", "-q").stdout)
    assert fixable[0]["fix"] == {"find": "Zinovyev", "replace": "Zinoviev"}


def test_no_findings_exit_0_and_python_m_octavo_lint() -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "octavo", "lint", "--book", str(BOOK)], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=300, check=False)
    assert (done.returncode, done.stdout) == (0, "")
    assert "No findings." in done.stderr


def test_book_errors_exit_1_with_file_and_line(tmp_path: Path) -> None:
    done = lint("--book", str(tmp_path / "missing"))
    assert done.returncode == 1
    assert done.stderr.startswith("error: the book folder ") and done.stdout == ""
    book = tmp_path / "book"
    shutil.copytree(LINT / "oct201", book)
    (book / "book.yaml").write_text("title: A book\ntitel: typo\ncontents:\n  - file: sources/chapter.md\n")
    done = lint("--book", str(book))
    assert done.returncode == 1
    assert "error: book.yaml:2: unknown key 'titel'" in done.stderr


def test_fix_without_a_corrections_file_says_what_to_do(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(LINT / "oct201", book)
    done = lint("--book", str(book), "--fix")
    assert done.returncode == 1
    assert "error: book.yaml: names no corrections file" in done.stderr
    assert "add `corrections: corrections.yaml` to book.yaml" in done.stderr


def test_fix_proposes_corrections_that_the_next_build_applies(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(LINT / "fix", book)
    before = (book / "corrections.yaml").read_text(encoding="utf-8")
    source = (book / CHAPTER).read_bytes()

    done = lint("--book", str(book), "--fix")
    assert done.returncode == 0, done.stdout + done.stderr  # every finding was fixable, so none is left
    assert done.stdout.splitlines() == [
        f'{CHAPTER}:8: OCT401 "Kaminev" (once in the book) looks like a misspelling of "Kamenev" (3 times) — '
        'write "Kamenev", or leave it if it is another name [proposed in corrections]',
        f'{CHAPTER}:10: OCT201 doubled word "the the" — remove one [proposed in corrections]',
    ]
    after = (book / "corrections.yaml").read_text(encoding="utf-8")
    assert after.startswith(before)  # the editor's entries and comments are kept as they were
    assert after.count("# Proposed by `lint --fix`") == 2
    assert "# Proposed by `lint --fix` for OCT401 at sources/chapter.md:8" in after
    corrections = load_corrections(book / "corrections.yaml", "corrections.yaml")
    assert [(c.find, c.replace) for c in corrections] == [("colour", "color"), ("Kaminev", "Kamenev"),
                                                          ("the the", "the")]
    assert (book / CHAPTER).read_bytes() == source  # sources are never edited

    again = lint("--book", str(book), "--fix")
    assert again.returncode == 0 and again.stdout == ""  # corrections apply before lint: nothing left to report
    assert (book / "corrections.yaml").read_text(encoding="utf-8") == after

    out = tmp_path / "out"
    built = run_cli("--book", str(book), "--out", str(out), "--formats", "manuscript", "-q")
    assert built.returncode == 0, built.stderr
    chapter = (out / "manuscript" / "01-the-committee.md").read_text(encoding="utf-8")
    assert "Some still say that Kamenev kept the minutes" in chapter
    assert "He walked to the station." in chapter
    assert "Kaminev" not in chapter and "the the" not in chapter
    log = yaml.safe_load((out / "manuscript" / "manuscript.yaml").read_text(encoding="utf-8"))["editorial_log"]
    details = [entry["detail"] for entry in log if entry["action"] == "correction"]
    assert "Kaminev → Kamenev" in details and "the the → the" in details


def test_fix_replaces_the_empty_list_init_writes(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(LINT / "fix", book)
    (book / "corrections.yaml").write_text("# Corrections, whole words by default.\n[]\n", encoding="utf-8")
    assert lint("--book", str(book), "--fix", "-q").returncode == 0
    text = (book / "corrections.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Corrections, whole words by default.\n") and "[]" not in text
    assert len(load_corrections(book / "corrections.yaml", "corrections.yaml")) == 2


def test_the_example_book_has_no_findings_because_corrections_apply_first() -> None:
    warnings = Warnings()
    _, findings = lint_book(BOOK, warnings)
    assert findings == [] and not list(warnings)
    assert not any("Kaminev" in finding.message for finding in findings)
    # The capture misspells two names that the example's corrections.yaml corrects; read before the corrections,
    # the names rule finds both, so it is the corrections that keep them out of the report.
    settings = load_settings(BOOK)
    book = assemble(settings, Warnings())
    found = check_names(passages(book, text_sources(settings)), book)
    qa_page = "sources/000_7f47a321802d7970.txt"
    assert [(finding.code, finding.file, finding.line, finding.fix) for finding in found] == [
        ("OCT402", qa_page, 31, Fix("Lavrentia", "Lavrentiy")), ("OCT402", qa_page, 53, Fix("Kaminev", "Kamenev"))]
