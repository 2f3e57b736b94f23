"""Unknown keys in the book's YAML files: one error for all of them, naming the closest known key."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from octavo.core.yamlfile import line_of
from octavo.errors import BookError


def key_hint(key: object, allowed: Collection[str]) -> str:
    """What to do about an unknown key: the closest known key if one is close, and every known key."""
    keys = sorted(allowed)
    by_lower = {known.lower(): known for known in keys}
    close = difflib.get_close_matches(str(key).lower(), list(by_lower), n=1, cutoff=0.6)
    if close:
        return f"did you mean {by_lower[close[0]]!r}? (keys: {', '.join(keys)})"
    return f"use one of: {', '.join(keys)}"


def check_keys(mapping: Mapping[Any, Any], allowed: Collection[str], shown_as: Path | str, what: str) -> None:
    """Refuse the first key (in the file's order) that `allowed` does not hold, at its own line."""
    for key in mapping:
        if key not in allowed:
            raise BookError(f"unknown key {key!r} in {what}", key_hint(key, allowed), shown_as, line_of(mapping, key))
