"""Run the pandoc that pypandoc-binary ships: sandboxed, offline, bounded in memory and time, with clear errors."""

from __future__ import annotations

import subprocess
from pathlib import Path

from octavo.errors import BookError

MIB = 1024 * 1024
# pandoc's heap limit (GHC's `+RTS -M`, as pandoc's manual advises for untrusted input): a floor for small inputs,
# room for what the input may grow into (the whole-book run with citeproc needs about 55 bytes a byte), a ceiling.
# pandoc's resident memory reaches about twice its heap limit before it stops.
HEAP_FLOOR = 512 * MIB
HEAP_PER_INPUT_BYTE = 128
HEAP_CEILING = 4096 * MIB
# pandoc's time limit: a floor, and more for a large input (pandoc reads about a MiB a second, citeproc included).
PANDOC_TIMEOUT = 120
SECONDS_PER_MIB = 10
# pandoc's binary asks GHC for a 64 MiB heap from the start (`-with-rtsopts=-H64m`): touching it costs a small run
# (a chapter read, a few ms of work) about 40 ms, 60 of them for a 30-chapter book. A 1 MiB suggestion lets the heap
# grow as needed; measured, it is no slower for the whole book's citeproc run either.
HEAP_SUGGESTION = "-H1m"
OUT_OF_MEMORY = ("heap exhausted", "heap overflow", "stack space overflow", "out of memory", "unable to commit")
TOO_BIG_TODO = "make it smaller or split it into several files"


def pandoc_path() -> str:
    """The pandoc binary to use (pypandoc-binary's, else one on PATH)."""
    try:
        import pypandoc

        path: str = pypandoc.get_pandoc_path()  # pypandoc has no type hints
        return path
    except (ImportError, OSError):
        return "pandoc"


def heap_limit(input_bytes: int) -> int:
    """The most heap pandoc may use for an input of this size, in bytes."""
    return min(HEAP_CEILING, max(HEAP_FLOOR, HEAP_PER_INPUT_BYTE * input_bytes))


def time_limit(input_bytes: int) -> int:
    """The most seconds pandoc may take for an input of this size."""
    return PANDOC_TIMEOUT + SECONDS_PER_MIB * (input_bytes // MIB)


def pandoc_command(args: list[str], heap: int) -> list[str]:
    """The pandoc command line: GHC's heap limit and heap suggestion, then --sandbox and the arguments."""
    # `--RTS` ends GHC's own options, so no argument after it (a file named `+RTS`) can change the limit.
    return [pandoc_path(), "+RTS", f"-M{heap // MIB}m", HEAP_SUGGESTION, "-RTS", "--RTS", "--sandbox", *args]


def _input_size(args: list[str], stdin: str | None, cwd: Path | None) -> int:
    """The bytes pandoc reads: its standard input and the files named among its arguments (a bibliography too)."""
    size = len(stdin.encode("utf-8")) if stdin is not None else 0
    for arg in args:
        if arg.startswith("-"):
            continue
        path = Path(cwd or ".") / arg
        try:
            size += path.stat().st_size if path.is_file() else 0
        except OSError:
            continue
    return size


def _pandoc(args: list[str], stdin: str | None, cwd: Path | None, shown_as: str, input_bytes: int | None,
            too_big: str) -> subprocess.CompletedProcess[str]:
    """The one pandoc runner: --sandbox, a heap limit, a time limit; a BookError naming the input if it is too big."""
    subject = "" if shown_as else "the book's text (every chapter, in one pandoc run) "
    size = _input_size(args, stdin, cwd) if input_bytes is None else input_bytes
    heap, seconds = heap_limit(size), time_limit(size)
    command = pandoc_command(args, heap)
    try:
        done = subprocess.run(command, input=stdin, capture_output=True, text=True, encoding="utf-8",
                              errors="replace", cwd=cwd, timeout=seconds, check=False)
    except FileNotFoundError as exc:
        raise BookError("pandoc is not installed", "run `make` to set up the project") from exc
    except subprocess.TimeoutExpired as exc:
        raise BookError(f"{subject}took pandoc longer than {seconds} s to convert, its time limit",
                        f"{too_big}; look for runaway nesting or repetition", shown_as or None) from exc
    if done.returncode != 0 and any(sign in done.stderr.lower() for sign in OUT_OF_MEMORY):
        raise BookError(f"{subject}is too big to convert: pandoc needed more than {heap // MIB} MiB of memory, "
                        "its limit", too_big, shown_as or None)
    return done


def run_pandoc(args: list[str], stdin: str | None = None, cwd: Path | None = None, shown_as: str = "",
               input_bytes: int | None = None, too_big: str = TOO_BIG_TODO) -> str:
    """Run pandoc, bounded, and return its output; raise BookError on failure."""
    done = _pandoc(args, stdin, cwd, shown_as, input_bytes, too_big)
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()
        raise BookError(
            f"pandoc could not convert it: {message[-1] if message else 'exit ' + str(done.returncode)}",
            "check that the file is what its name says",
            shown_as or None,
        )
    return done.stdout


def pandoc_warnings(args: list[str], stdin: str, cwd: Path | None = None) -> tuple[str, list[str]]:
    """Run pandoc over the whole book, bounded, and return (output, warning lines)."""
    done = _pandoc(args, stdin, cwd, "", None, "split the book into several books, or shorten its longest sources")
    if done.returncode != 0:
        raise BookError(f"pandoc failed: {done.stderr.strip()[-400:]}", "check the manuscript named above")
    return done.stdout, [line for line in done.stderr.splitlines() if line.strip()]
