"""What a URL in a book means: decided once, so the check before a read and the read itself name the same file."""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from octavo.errors import BookError

# Characters no reference of a book may hold, before or after decoding: controls (urllib silently drops tabs
# and line breaks) and backslashes (a separator on some systems, a file name character on this one).
UNCLEAR = re.compile(r"[\x00-\x1f\x7f\\]")
SPACE = " \t\n\r\f"


def _split(url: str) -> tuple[str, str] | None:
    """(scheme, path decoded once) of a local URL or reference; None for a host, another scheme, or unclear text."""
    url = url.strip(SPACE)
    if UNCLEAR.search(url):
        return None
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("", "file") or parts.netloc:  # any host, localhost too: never looked up, never a file
        return None
    try:
        path = unquote(parts.path, errors="strict")
    except UnicodeDecodeError:
        return None
    if UNCLEAR.search(path) or path.startswith("//") or (scheme == "file" and not path.startswith("/")):
        return None
    return scheme, path


def local_path(url: str) -> str | None:
    """The path a hostless `file:` URL or a reference names, without query or fragment, decoded once; else None."""
    split = _split(url)
    return split[1] if split else None


def relative_path(url: str, may_leave: bool = False) -> str | None:
    """A relative reference as a decoded, normalised path; None if remote, absolute, empty or (unless allowed) `../`."""
    split = _split(url)
    if split is None or split[0] or not split[1] or split[1].startswith("/"):
        return None
    path = posixpath.normpath(split[1])
    if not may_leave and (path == ".." or path.startswith("../")):
        return None
    return path


def _inside(path: Path, roots: Sequence[Path]) -> bool:
    """Whether a path is one of the roots or lies below one."""
    return any(path == root or path.is_relative_to(root) for root in roots)


def confine(path: str, roots: Sequence[Path], base: Path | None = None) -> Path | None:
    """The real path of a decoded path (from `base` if relative) if it lies inside a root; else None, unopened."""
    if not path.startswith("/"):
        if base is None:
            return None
        path = os.path.join(base, path)
    lexical = Path(os.path.normpath(path))
    named = [Path(os.path.abspath(root)) for root in roots]
    real_roots = [root.resolve() for root in roots]
    if not _inside(lexical, named + real_roots):
        return None
    real = lexical.resolve()
    return real if _inside(real, real_roots) else None


def confined_file(url: str, roots: Sequence[Path], base: Path | None = None) -> Path | None:
    """The real path a URL names inside the roots, else None; no host is looked up, and the caller opens the path."""
    path = local_path(url)
    return None if path is None else confine(path, roots, base)


def inside_book(folder: Path, name: str, line: int | None = None, shown_as: str = "book.yaml") -> Path:
    """Resolve a book-relative path, refusing one that leads outside the book folder (named at `shown_as:line`)."""
    root = folder.resolve()
    path = (root / name).resolve()
    if path != root and root not in path.parents:
        raise BookError(f"{name!r} lies outside the book folder",
                        "copy the file into the book folder and name it from there", shown_as, line)
    return path
