"""What goes wrong in print is reported: a missing font or image fails, CSS and glyph problems warn."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES
from test_pdf import build


@pytest.fixture()
def small_copy(tmp_path: Path) -> Path:
    target = tmp_path / "small"
    shutil.copytree(FIXTURES / "small-book", target)
    return target


def add_to_chapter(book: Path, text: str) -> None:
    chapter = book / "sources" / "bells.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


def test_missing_font_fails(small_copy: Path, tmp_path: Path) -> None:
    config = tmp_path / "fonts.conf"
    config.write_text("<?xml version='1.0'?><fontconfig></fontconfig>", encoding="utf-8")
    done = build(small_copy, tmp_path / "out", env={"FONTCONFIG_FILE": str(config)})
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "the book font 'Linux Libertine O' is not installed — run `make`" in done.stderr
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_missing_image_fails(small_copy: Path, tmp_path: Path) -> None:
    add_to_chapter(small_copy, "![A bell tower](images/tower.png)")
    done = build(small_copy, tmp_path / "out")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert re.search(r"sources/bells\.md:\d+: image 'images/tower\.png' is missing", done.stderr)
    assert "put the picture beside the source" in done.stderr


def test_image_outside_the_book_is_dropped_before_anything_reads_it(small_copy: Path, tmp_path: Path) -> None:
    add_to_chapter(small_copy, "![Secrets](/etc/hostname)")
    done = build(small_copy, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert "warning: sources/bells.md: 1 raw HTML element(s), unsafe link(s) or remote image(s) removed" \
        in done.stderr
    text = subprocess.run(["pdftotext", str(next((tmp_path / "out").glob("*.pdf"))), "-"], capture_output=True,
                          text=True, check=True).stdout
    hostname = Path("/etc/hostname").read_text().strip()
    assert "Secrets" in text
    assert len(hostname) < 8 or hostname not in text  # a short name could be an ordinary word


def test_unknown_css_property_is_a_warning_with_advice(small_copy: Path, tmp_path: Path) -> None:
    (small_copy / "extra.css").write_text("p { text-colour: red; }\n", encoding="utf-8")
    config = (small_copy / "book.yaml").read_text(encoding="utf-8")
    (small_copy / "book.yaml").write_text(config + "print:\n  stylesheet: extra.css\n", encoding="utf-8")
    done = build(small_copy, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert "warning:" in done.stderr and "text-colour" in done.stderr
    assert "check the property's spelling" in done.stderr


def test_missing_glyph_is_a_warning(small_copy: Path, tmp_path: Path) -> None:
    add_to_chapter(small_copy, "The bell founders’ mark was 鐘, the character for a bell.")
    done = build(small_copy, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert "has no glyph for '鐘' (U+9418)" in done.stderr
