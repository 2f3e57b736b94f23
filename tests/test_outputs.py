"""Same input, same bytes; a failed build leaves the previous outputs as they were."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import BOOK, run_cli


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_input_same_bytes(tmp_path: Path, example_build: Path) -> None:
    done = run_cli("--book", str(BOOK), "--out", str(tmp_path), "-q", "--formats", "manuscript")
    assert done.returncode == 0, done.stderr
    assert digest(tmp_path / "manuscript") == digest(example_build)
    assert len(digest(example_build)) == 10


def test_failed_build_keeps_previous_outputs(book_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("--book", str(book_copy), "--out", str(out), "-q").returncode == 0
    before = digest(out)
    (book_copy / "corrections.yaml").write_text("- find: [broken\n")
    done = run_cli("--book", str(book_copy), "--out", str(out), "-q")
    assert done.returncode == 1
    assert digest(out) == before
    outputs = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    slug = "how-did-joseph-stalin-come-to-power"
    assert outputs == [f"{slug}-cover.pdf", f"{slug}-scorm12.zip", f"{slug}-trade.pdf", f"{slug}-web.zip",
                       f"{slug}.epub", f"{slug}.imscc", f"{slug}.pdf", "manuscript", "web"]


def test_progress_and_quiet(tmp_path: Path) -> None:
    loud = run_cli("--book", str(BOOK), "--out", str(tmp_path), "--verbose")
    assert loud.returncode == 0
    assert "[1/10] Reading sources" in loud.stderr and "[2/10] Typesetting" in loud.stderr
    assert "[5/10] Writing the pdf (handout)" in loud.stderr and "[6/10] Writing the pdf (trade)" in loud.stderr
    assert "[7/10] Writing the cover wrap (trade)" in loud.stderr
    assert "[10/10] Writing the scorm12" in loud.stderr
    assert "correction: Begag → Sebag" in loud.stderr
    quiet = run_cli("--book", str(BOOK), "--out", str(tmp_path), "--quiet")
    assert quiet.returncode == 0 and quiet.stderr == ""
