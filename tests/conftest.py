"""Shared fixtures: the example book built once, and a way to run the command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
# The example book's podcast note (Markdown with front matter): the source tests edit.
NOTE = "sources/003_ae82088c7a1bc2a6.txt"
SEEDS = [BOOK / "sources" / "000_7f47a321802d7970.txt", BOOK / "sources" / "003_ae82088c7a1bc2a6.txt"]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run_cli(*args: str, cwd: Path = ROOT, timeout: int = 300,
            epoch: str | None = "1790000000") -> subprocess.CompletedProcess[str]:
    """Run build.py as a user would, in a separate process (dated `epoch`; None: dated now, as most users build)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), SOURCE_DATE_EPOCH=epoch or "")
    if epoch is None:
        del env["SOURCE_DATE_EPOCH"]
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=timeout, check=False)


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example book built into a fresh folder; returns build/manuscript."""
    out = tmp_path_factory.mktemp("example-build")
    done = run_cli("--book", str(BOOK), "--out", str(out), "--formats", "manuscript", "--quiet")
    assert done.returncode == 0, done.stderr
    return out / "manuscript"


@pytest.fixture()
def book_copy(tmp_path: Path) -> Path:
    """A private copy of the example book that a test may break."""
    target = tmp_path / "book"
    shutil.copytree(BOOK, target)
    return target
