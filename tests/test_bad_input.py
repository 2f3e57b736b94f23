"""Bad sources and settings: a clear message naming the file and line, exit 1, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import NOTE, run_cli

QA = "sources/000_7f47a321802d7970.txt"


def build(book: Path, tmp_path: Path) -> tuple[int, str]:
    done = run_cli("--book", str(book), "--out", str(tmp_path / "out"), "-q")
    assert "Traceback" not in done.stderr
    return done.returncode, done.stderr


def test_empty_source(book_copy: Path, tmp_path: Path) -> None:
    (book_copy / QA).write_text("")
    code, err = build(book_copy, tmp_path)
    assert code == 1
    assert f"error: {QA}: is empty — " in err


def test_broken_front_matter(book_copy: Path, tmp_path: Path) -> None:
    (book_copy / NOTE).write_text("---\ntitle: [unclosed\nvideoId: x\n---\n\nText.\n")
    code, err = build(book_copy, tmp_path)
    assert code == 1
    assert f"{NOTE}:3: YAML error" in err


def test_unclosed_front_matter(book_copy: Path, tmp_path: Path) -> None:
    (book_copy / NOTE).write_text("---\ntitle: x\n\nText.\n")
    code, err = build(book_copy, tmp_path)
    assert code == 1
    assert f"{NOTE}:1: front matter opened with `---` is never closed" in err


def test_non_utf8_source_is_read_with_a_warning(book_copy: Path, tmp_path: Path) -> None:
    text = (book_copy / QA).read_text(encoding="utf-8").replace("Kamenev", "Kämenev")
    (book_copy / QA).write_bytes(text.encode("cp1252"))
    code, err = build(book_copy, tmp_path)
    assert code == 0
    assert f"warning: {QA}:" in err and "is not UTF-8" in err
    chapters = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out" / "manuscript").glob("*.md"))
    assert "Kämenev" in chapters


def test_binary_source_of_unknown_kind(book_copy: Path, tmp_path: Path) -> None:
    (book_copy / "sources" / "photo.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00binary")
    config = (book_copy / "book.yaml").read_text(encoding="utf-8")
    config += "  - file: sources/photo.bin\n"
    (book_copy / "book.yaml").write_text(config, encoding="utf-8")
    code, err = build(book_copy, tmp_path)
    assert code == 1
    assert "photo.bin" in err and "convert it to Markdown, HTML or DOCX" in err


def test_unknown_kind_in_book_yaml(book_copy: Path, tmp_path: Path) -> None:
    config = (book_copy / "book.yaml").read_text(encoding="utf-8").replace("kind: wiki-note", "kind: podcast")
    (book_copy / "book.yaml").write_text(config, encoding="utf-8")
    code, err = build(book_copy, tmp_path)
    assert code == 1
    assert "book.yaml:" in err and "source kind 'podcast' is not known" in err and "wiki-note" in err


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("title: How", "titel: How"), "book.yaml:2: unknown key 'titel'"),
        (("file: sources/003", "file: ../../etc/003"), "lies outside the book folder"),
        (("file: sources/003", "file: sources/missing-003"), "source 'sources/missing-003"),
        (("contents:", "contents: [\n"), "book.yaml:"),
    ],
)
def test_bad_book_yaml(book_copy: Path, tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    config = (book_copy / "book.yaml").read_text(encoding="utf-8").replace(*change)
    (book_copy / "book.yaml").write_text(config, encoding="utf-8")
    code, err = build(book_copy, tmp_path)
    assert code == 1
    assert expected in err


def test_anchor_not_found(book_copy: Path, tmp_path: Path) -> None:
    (book_copy / "editorial-notes.yaml").write_text("- anchor: words nobody wrote\n  note: A note.\n")
    code, err = build(book_copy, tmp_path)
    assert code == 1
    assert "editorial-notes.yaml:1: the text 'words nobody wrote' is not in any chapter" in err


def test_citation_of_a_missing_reference(book_copy: Path, tmp_path: Path) -> None:
    (book_copy / "citations.yaml").write_text("- anchor: Court of the Red Tsar\n  cite: nobody2020\n")
    code, err = build(book_copy, tmp_path)
    assert code == 1
    assert "citations.yaml:1: reference 'nobody2020' is not in the bibliography" in err


def test_unknown_format(tmp_path: Path) -> None:
    done = run_cli("--formats", "manuscript,mobi", "--out", str(tmp_path))
    assert done.returncode == 1
    assert "format 'mobi' is not known" in done.stderr


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("bibliography: references.json", "bibliography: ../../secret.json", "bibliography:"),
        ("names: names.yaml", "names: /etc/passwd", "names:"),
        ("file: sources/003", "file: ../../etc/003", "file: ../../etc/003"),
        ("contents:", "print:\n  profile: trade\n  stylesheet: ../outside.css\ncontents:", "stylesheet:"),
        ("contents:", "epub:\n  page_list: nope\ncontents:", "page_list:"),
    ],
)
def test_book_yaml_errors_name_the_line_of_their_key(book_copy: Path, tmp_path: Path, old: str, new: str,
                                                     key: str) -> None:
    config = (book_copy / "book.yaml").read_text(encoding="utf-8").replace(old, new)
    (book_copy / "book.yaml").write_text(config, encoding="utf-8")
    line = next(number for number, text in enumerate(config.split("\n"), start=1) if text.strip().startswith(
        key.lstrip()) or f"- {key}" in text)
    assert line > 2
    done = run_cli("--book", str(book_copy), "--out", str(tmp_path / "out"), "--formats", "manuscript", "-q")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"error: book.yaml:{line}: " in done.stderr, (line, done.stderr)
