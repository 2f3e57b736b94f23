"""Safe writes: an output is made beside its final place and moved in only when complete."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def staging_dir(final: Path) -> Path:
    """A fresh empty folder beside `final` to write into."""
    staging = final.with_name(f".{final.name}.partial")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    return staging


def commit_dir(staging: Path, final: Path) -> None:
    """Replace `final` with the finished `staging` folder."""
    old = final.with_name(f".{final.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        os.replace(final, old)
    os.replace(staging, final)
    if old.exists():
        shutil.rmtree(old)


def discard_dir(staging: Path) -> None:
    """Remove an unfinished staging folder."""
    shutil.rmtree(staging, ignore_errors=True)


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text with Unix line ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
