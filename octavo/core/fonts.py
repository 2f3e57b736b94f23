"""The book fonts: find them through fontconfig, and list characters they have no glyph for."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

from octavo.errors import BookError

BOOK_FAMILY = "Linux Libertine O"
BOOK_PACKAGE = "fonts-linuxlibertine"


def font_file(pattern: str) -> Path:
    """The book font's file for a fontconfig pattern; an error if the book font is not installed."""
    if shutil.which("fc-match") is None:
        raise BookError("fontconfig (fc-match) is not installed", "run `make` to install it")
    found = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, check=False)
    path = Path(found.stdout.strip())
    if "ibertine" not in path.name:
        raise BookError(f"the book font {pattern!r} is not installed", f"run `make` to install {BOOK_PACKAGE}")
    return path


@cache
def _coverage(path: Path) -> frozenset[int]:
    """The code points a font file has glyphs for."""
    font = TTFont(str(path), lazy=True)
    return frozenset(font.getBestCmap() or {})


def missing_glyphs(text: str, pattern: str = BOOK_FAMILY) -> list[str]:
    """Characters of the text that the book font cannot draw, in order of first use."""
    covered = _coverage(font_file(pattern))
    return [char for char in dict.fromkeys(text)  # each character once, in order of first use
            if ord(char) > 0x20 and ord(char) not in covered and not char.isspace()]
