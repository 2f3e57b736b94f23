"""The book's identifier and build time, the same in every edition of one build."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime

from octavo.errors import BookError
from octavo.manuscript import BookMetadata


def identifier(metadata: BookMetadata) -> str:
    """The book's identifier: given in book.yaml, else a UUID derived from its title and creators."""
    if metadata.identifier:
        return metadata.identifier
    names = "|".join(c["name"] for c in metadata.creators)
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'octavo:{metadata.title}|{names}')}"


def time_for_cache() -> str:
    """The build time as part of a cache key: SOURCE_DATE_EPOCH's, or `now` (a kept edition keeps its own time)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return modified_time().isoformat() if epoch else "now"


def modified_time() -> datetime:
    """The build time: SOURCE_DATE_EPOCH when set (for reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return datetime.now(UTC).replace(microsecond=0)
    if not epoch.isdigit():
        raise BookError(f"SOURCE_DATE_EPOCH is {epoch!r}, not a number of seconds",
                        "set it to seconds since 1970 (e.g. `git log -1 --format=%ct`)")
    return datetime.fromtimestamp(int(epoch), UTC)
