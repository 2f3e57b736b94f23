"""bench/run.py: its process-tree memory poller, its chapter edit, and a tiny run end to end."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Two children at once, each holding about 120 MiB for a second, under a parent that holds little.
TWO_CHILDREN = """
import subprocess, sys
hold = "data = bytearray(120 * 1024 * 1024); data[::4096] = b'x' * len(data[::4096]); import time; time.sleep(1)"
children = [subprocess.Popen([sys.executable, "-c", hold]) for _ in range(2)]
sys.exit(max(child.wait() for child in children))
"""


def load_run() -> ModuleType:
    """Import bench/run.py as a module."""
    if "bench_run" not in sys.modules:
        spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_run"] = module  # dataclasses look their module up here
        spec.loader.exec_module(module)
    return sys.modules["bench_run"]


def test_peak_is_the_largest_single_process_of_the_tree(tmp_path: Path) -> None:
    run = load_run().measure([sys.executable, "-c", TWO_CHILDREN], tmp_path)
    assert 115 <= run.peak_mib < 200, run  # one child's 120 MiB, found below the parent, never the two summed
    assert run.wall >= 1


def test_fallback_tree_finds_descendants() -> None:
    bench = load_run()
    assert os.getpid() in bench.process_tree(os.getppid(), children_files=False)


def test_failed_command_stops_the_benchmark(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="failed"):
        load_run().measure([sys.executable, "-c", "raise SystemExit(3)"], tmp_path)


def test_edit_appends_one_paragraph_to_the_middle_chapter(tmp_path: Path) -> None:
    bench = load_run()
    book = bench.make_book(tmp_path / "book", 5, 2)
    before = {path.name: path.read_text() for path in (book / "sources").iterdir()}
    edited = bench.edit_chapter(book, 5)
    assert edited.name == "chapter-003.md"
    assert edited.read_text() == before["chapter-003.md"].rstrip("\n") + f"\n\n{bench.EDIT_SENTENCE}\n"
    assert all(path.read_text() == before[path.name] for path in (book / "sources").iterdir() if path != edited)


def test_tiny_run_prints_every_row_and_the_summary() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--chapters", "2,4", "--paragraphs", "2",
                           "--repeat", "2"], capture_output=True, text=True, cwd=ROOT, timeout=600, check=False)
    assert done.returncode == 0, done.stderr + done.stdout
    for row in ("naive: pandoc EPUB writer", "naive: pandoc → HTML", "naive: WeasyPrint on pandoc's HTML",
                "naive total", "octavo cold", "octavo no-op", "octavo one-chapter edit"):
        assert done.stdout.count(f"| {row} |") == 2, row
    medians = re.findall(r"medians of 2 runs of each, one after the other: naive ([\d.]+), ([\d.]+) s; "
                         r"cold ([\d.]+), ([\d.]+) s", done.stdout)
    assert len(medians) == 2, done.stdout
    for size, (naive_a, naive_b, cold_a, cold_b) in zip((2, 4), medians, strict=True):
        row = next(line for line in done.stdout.split("### Summary")[1].splitlines() if line.startswith(f"| {size} |"))
        cells = [cell.strip() for cell in row.split("|")[1:-1]]
        assert float(cells[2]) == pytest.approx((float(naive_a) + float(naive_b)) / 2, abs=0.011)
        assert float(cells[3]) == pytest.approx((float(cold_a) + float(cold_b)) / 2, abs=0.011)
    summary = done.stdout.split("### Summary")[1]
    assert summary.count("\n| 2 |") == 1 and summary.count("\n| 4 |") == 1
    assert "| 2.00 |" in summary.splitlines()[-1]  # 4 chapters ÷ 2
