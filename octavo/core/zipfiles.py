"""Reproducible zip packages: entries in the order given, one time stamp, fixed permissions."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime


def write_zip(files: list[tuple[str, bytes]], when: datetime, stored: tuple[str, ...] = ()) -> bytes:
    """A zip of (name, bytes) in order; names in `stored` are not compressed (an EPUB's mimetype)."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=None if name in stored else 9)
    return out.getvalue()
