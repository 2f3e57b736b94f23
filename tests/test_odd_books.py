"""Odd but legal books (issue 12, finding 6): each builds, or stops with `file:line: what — what to do`."""

from __future__ import annotations

import json
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from conftest import run_cli
from epub_checks import run_epubcheck

MARKDOWN_BOOK = "title: Odd\ncontents:\n  - file: sources/{name}\n    kind: {kind}\n"
# Titles whose ids pandoc or the editions use for something of their own.
TITLES = ["Footnotes", "FOOTNOTES!", "Bibliography", "Refs", "Index", "Who’s Who", "Contents", "Cover", "Toc",
          "fn1", "fnref1", "Page 1", "Part 1", "Text", "Titlepage", "Imprint", "Idx 1", "Ref A", "Person X",
          "Note 1", "Noteref 1", "End of Chapter", "Landmarks", "Page List", "Summary"]


def book(folder: Path, name: str, text: str, kind: str = "markdown", extra: str = "") -> Path:
    """A one-source book folder."""
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / name).write_text(text, encoding="utf-8")
    (folder / "book.yaml").write_text(MARKDOWN_BOOK.format(name=name, kind=kind) + extra, encoding="utf-8")
    return folder


def build(folder: Path, *formats: str) -> subprocess.CompletedProcess[str]:
    """Build a book from the command line and check that it did not crash."""
    done = run_cli("--book", str(folder), "--out", str(folder.parent / "out"), "--quiet",
                   *(["--formats", ",".join(formats), "--profile", "handout"] if formats else []))
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr and "This is a bug" not in done.stderr, done.stderr
    return done


def refused(done: subprocess.CompletedProcess[str], where: str, words: str) -> None:
    """The build stopped with a book error at `where` (file or file:line) that says `words`."""
    assert done.returncode == 1, done.stderr
    assert f"error: {where}" in done.stderr and words in done.stderr and " — " in done.stderr, done.stderr


def test_chapter_titles_that_are_ids_of_the_editions(tmp_path: Path) -> None:
    """A chapter called "Footnotes" (and the like) builds every edition; ids never clash; EPUBCheck passes."""
    chapters = [f"# {title}\n\nText of chapter {n} on {title}.[^{n}]\n\n## Footnotes\n\nMore of {n}.\n\n## Summary\n\n"
                f"Summed {n}.\n\n[^{n}]: Note {n} of the chapter." for n, title in enumerate(TITLES, start=1)]
    folder = book(tmp_path / "book", "odd.md", "\n\n".join(chapters))
    done = build(folder)
    assert done.returncode == 0, done.stderr
    assert "defined twice" not in done.stderr, done.stderr
    out = tmp_path / "out"
    epub = out / "odd.epub"
    names = Counter(zipfile.ZipFile(epub).namelist())
    assert [name for name, count in names.items() if count > 1] == []
    assert [m for m in run_epubcheck(epub, tmp_path / "epubcheck.json")["messages"]
            if m["severity"] in ("FATAL", "ERROR")] == []
    text = subprocess.run(["pdftotext", str(out / "odd.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    for number in range(1, len(TITLES) + 1):
        assert f"Text of chapter {number} on" in text and f"Note {number} of the chapter." in text
    manuscript = sorted(path.name for path in (out / "manuscript").glob("[0-9]*.md"))
    assert manuscript[0] == "01-chapter-footnotes.md" and len(manuscript) == len(TITLES)


@pytest.mark.parametrize("depth", [150, 1000, 5000])
def test_a_quotation_nested_deep_is_flattened_with_a_warning(tmp_path: Path, depth: int) -> None:
    folder = book(tmp_path / "book", "deep.md", f"# Deep\n\nBefore.\n\n{'> ' * depth}deep words\n\nAfter.\n")
    done = build(folder, "manuscript", "pdf")
    assert done.returncode == 0, done.stderr
    assert f"sources/deep.md:5: a quotation nested {depth:,} levels deep is flattened to 32 levels" in done.stderr
    manuscript = next((tmp_path / "out" / "manuscript").glob("01-*.md")).read_text(encoding="utf-8")
    assert "deep words" in manuscript and "After." in manuscript


def test_a_staircase_of_quotations_is_flattened(tmp_path: Path) -> None:
    stairs = "\n".join(f"{'> ' * level}level {level}" for level in range(1, 200))
    done = build(book(tmp_path / "book", "stairs.md", f"# Stairs\n\n{stairs}\n"), "manuscript", "pdf")
    assert done.returncode == 0, done.stderr
    assert "sources/stairs.md:35: a quotation nested 33 levels deep" in done.stderr and "166 more" in done.stderr


@pytest.mark.parametrize("depth", [150, 1000])
def test_lists_nested_too_deep_are_refused_at_their_line(tmp_path: Path, depth: int) -> None:
    text = "".join(f"{'  ' * level}- item {level}\n" for level in range(depth)) if depth < 500 \
        else f"{'- ' * depth}deep item\n"
    refused(build(book(tmp_path / "book", "lists.md", f"# Lists\n\n{text}"), "manuscript", "pdf"),
            "sources/lists.md:", "deep")


@pytest.mark.parametrize("depth", [150, 1000])
def test_html_nested_too_deep_is_refused(tmp_path: Path, depth: int) -> None:
    page = f"<html><head><title>Deep</title></head><body><p>Start.</p>{'<blockquote>' * depth}deep" \
           f"{'</blockquote>' * depth}</body></html>"
    refused(build(book(tmp_path / "book", "deep.html", page, "html"), "manuscript", "pdf"), "sources/deep.html",
            "deep")


@pytest.mark.parametrize("depth", [150, 1000])
def test_a_wiki_note_quotation_nested_too_deep_is_refused_at_its_line(tmp_path: Path, depth: int) -> None:
    note = f"---\ntitle: Deep Note\n---\n\nStart.\n\n{'> ' * depth}deep words\n"
    refused(build(book(tmp_path / "book", "note.md", note, "wiki-note"), "manuscript", "pdf"), "sources/note.md:7",
            "more than 64 levels deep")


REFERENCES = {
    "array": "[" * 10_000 + "]" * 10_000,
    "object": '[{"id": "a", "type": "book", "title": "A",\n "note": ' + '{"x": ' * 10_000 + "1" + "}" * 10_000 + "}]",
    "parsable": '[{"id": "a", "type": "book", "title": "A",\n "author": ' + "[" * 900 + "]" * 900 + "}]",
}


@pytest.mark.parametrize("shape", sorted(REFERENCES))
def test_references_nested_too_deep_are_refused_at_their_line(tmp_path: Path, shape: str) -> None:
    folder = book(tmp_path / "book", "a.md", "# A\n\nText [@a].\n", extra="bibliography: references.json\n")
    (folder / "references.json").write_text(REFERENCES[shape], encoding="utf-8")
    line = 1 if shape == "array" else 2
    refused(build(folder, "manuscript"), f"references.json:{line}", "more than 32 levels deep")


def test_shallow_references_still_read(tmp_path: Path) -> None:
    folder = book(tmp_path / "book", "a.md", "# A\n\nText [@a].\n", extra="bibliography: references.json\n")
    entry = {"id": "a", "type": "book", "title": 'A "quoted" [title] {x}', "author": [{"family": "B", "given": "C"}],
             "issued": {"date-parts": [[2001, 2]]}}
    (folder / "references.json").write_text(json.dumps([entry]), encoding="utf-8")
    assert build(folder, "manuscript").returncode == 0


YAML = {
    "flow": ("names.yaml", "names: names.yaml\n", "[" * 10_000 + "]" * 10_000, 1),
    "block": ("names.yaml", "names: names.yaml\n", "a:\n" + "".join(" " * n + "a:\n" for n in range(1, 1000)), 64),
    "aliases": ("citations.yaml", "citations: citations.yaml\n",
                "\n".join(["- &a0 [x]", *(f"- &a{n} [*a{n - 1}]" for n in range(1, 600))]), 1),
}


@pytest.mark.parametrize("shape", sorted(YAML))
def test_yaml_nested_too_deep_is_refused_at_its_line(tmp_path: Path, shape: str) -> None:
    name, key, text, line = YAML[shape]
    folder = book(tmp_path / "book", "a.md", "# A\n\nText.\n", extra=key)
    (folder / name).write_text(text, encoding="utf-8")
    refused(build(folder, "manuscript"), f"{name}:{line}", "more than 64 levels deep")


def test_book_yaml_nested_too_deep_is_refused(tmp_path: Path) -> None:
    folder = book(tmp_path / "book", "a.md", "# A\n\nText.\n", extra="subjects: " + "[" * 5000 + "]" * 5000 + "\n")
    refused(build(folder, "manuscript"), "book.yaml:", "more than 64 levels deep")
