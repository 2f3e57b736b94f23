"""Run the pandoc that pypandoc-binary ships: sandboxed, offline, with clear errors."""

from __future__ import annotations

import subprocess
from pathlib import Path

from octavo.errors import BookError

PANDOC_TIMEOUT = 120


def pandoc_path() -> str:
    """The pandoc binary to use (pypandoc-binary's, else one on PATH)."""
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return "pandoc"


def run_pandoc(args: list[str], stdin: str | None = None, cwd: Path | None = None, shown_as: str = "") -> str:
    """Run pandoc with --sandbox and return its output; raise BookError on failure."""
    command = [pandoc_path(), "--sandbox", *args]
    try:
        done = subprocess.run(
            command,
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=cwd,
            timeout=PANDOC_TIMEOUT,
            check=False,
        )
    except FileNotFoundError as exc:
        raise BookError("pandoc is not installed", "run `make` to set up the project") from exc
    except subprocess.TimeoutExpired as exc:
        raise BookError(
            f"pandoc did not finish within {PANDOC_TIMEOUT} s", "check the source for runaway nesting", shown_as or None
        ) from exc
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()
        raise BookError(
            f"pandoc could not convert it: {message[-1] if message else 'exit ' + str(done.returncode)}",
            "check that the file is what its name says",
            shown_as or None,
        )
    return done.stdout


def pandoc_warnings(args: list[str], stdin: str, cwd: Path | None = None) -> tuple[str, list[str]]:
    """Run pandoc and return (output, warning lines)."""
    command = [pandoc_path(), "--sandbox", *args]
    done = subprocess.run(
        command, input=stdin, capture_output=True, text=True, encoding="utf-8", cwd=cwd,
        timeout=PANDOC_TIMEOUT, check=False,
    )
    if done.returncode != 0:
        raise BookError(f"pandoc failed: {done.stderr.strip()[-400:]}", "check the manuscript named above")
    return done.stdout, [line for line in done.stderr.splitlines() if line.strip()]
