"""The progress display: one line per stage of the build, with its time."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


class Progress:
    """Prints stages to standard error unless quiet; details only when verbose."""

    def __init__(self, quiet: bool = False, verbose: bool = False, stream: TextIO | None = None) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.stream = stream or sys.stderr
        self.started = time.monotonic()

    def say(self, text: str) -> None:
        """A line the user should see unless they asked for quiet."""
        if not self.quiet:
            print(text, file=self.stream, flush=True)

    def warn(self, text: str) -> None:
        """A warning: shown even when quiet."""
        print(f"warning: {text}", file=self.stream, flush=True)

    def detail(self, text: str) -> None:
        """A line for --verbose."""
        if self.verbose and not self.quiet:
            print(f"  {text}", file=self.stream, flush=True)

    @contextmanager
    def stage(self, number: int, total: int, name: str) -> Iterator[None]:
        """Announce a stage, then report how long it took."""
        began = time.monotonic()
        self.say(f"[{number}/{total}] {name}…")
        yield
        self.detail(f"{name}: {time.monotonic() - began:.2f} s")

    def done(self, text: str) -> None:
        """The closing line with the total time."""
        self.say(f"{text} in {time.monotonic() - self.started:.1f} s")
