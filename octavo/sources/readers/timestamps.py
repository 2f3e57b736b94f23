"""Video time stamps: parse `HH:MM:SS`, and build the link that opens the video there."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_STAMP = re.compile(r"^(?:(\d{1,2}):)?(\d{1,2}):(\d{2})$")


def parse_stamp(stamp: str) -> int | None:
    """Seconds from `H:MM:SS`, `MM:SS` (or None if it is not a time)."""
    match = _STAMP.match(stamp.strip())
    if not match:
        return None
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    if minutes > 59 or seconds > 59:
        return None
    return hours * 3600 + minutes * 60 + seconds


def display_stamp(seconds: int) -> str:
    """`1:04:41` or `45:42`: the time as a reader would say it."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def video_url(video_id: str) -> str:
    """The watch address of a YouTube video id."""
    return f"https://www.youtube.com/watch?v={video_id}"


def at_time(url: str, seconds: int) -> str:
    """The address with `t=SECONDS` set, so the video opens at that time."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "t"]
    query.append(("t", str(seconds)))
    return urlunsplit(parts._replace(query=urlencode(query)))
