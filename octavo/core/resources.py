"""Octavo's own files (templates, stylesheets, data): inside the installed package, or at the top of a checkout."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


def _carried(name: str, checkout: str = "") -> Path:
    """A folder the wheel carries inside the package as `name`, which a checkout keeps at `checkout` (or `name`)."""
    inside = PACKAGE / name
    return inside if inside.is_dir() else PACKAGE.parent / (checkout or name)


TEMPLATES = _carried("templates")
STYLES = _carried("styles")
LMS_SCHEMAS = _carried("xsd", "tests/schemas")  # the design card keeps them beside the tests
DATA = PACKAGE / "data"
