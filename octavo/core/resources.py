"""Octavo's own files (templates, stylesheets, data): inside the installed package, or at the top of a checkout."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


def _carried(name: str) -> Path:
    """A folder the wheel carries inside the package and a checkout keeps at its top level, beside `octavo/`."""
    inside = PACKAGE / name
    return inside if inside.is_dir() else PACKAGE.parent / name


TEMPLATES = _carried("templates")
STYLES = _carried("styles")
DATA = PACKAGE / "data"
