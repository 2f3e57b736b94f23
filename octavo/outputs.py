"""Safe writes: outputs are staged, then moved into place together; one build at a time per folder."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from octavo.errors import BookError

LOCK_NAME = ".octavo.lock"
STAGING_NAME = ".octavo-staging"


@contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """Hold the build folder's lock, or say that another build is using it."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / LOCK_NAME, "w", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BookError(f"another build is writing into {out}/", "wait for it to finish, or use --out") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def fresh_staging(out: Path) -> Path:
    """An empty staging folder inside the build folder (left-overs of an interrupted build are removed)."""
    staging = out / STAGING_NAME
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    return staging


def commit(staged: list[Path], out: Path) -> list[Path]:
    """Move every staged output over its previous version; returns the final paths."""
    final_paths = []
    for item in staged:
        final = out / item.name
        if item.is_dir() and final.exists():
            old = out / f".{item.name}.old"
            if old.exists():
                shutil.rmtree(old)
            os.replace(final, old)
            os.replace(item, final)
            shutil.rmtree(old)
        else:
            os.replace(item, final)
        final_paths.append(final)
    return final_paths


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text with Unix line ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
