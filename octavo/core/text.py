"""Small helpers for writing Pandoc Markdown from plain text."""

from __future__ import annotations

import re
import unicodedata

_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]<>@^~$|])")
_LINE_START = re.compile(r"^(\s*)([#>+\-=:]|\d+[.)])(\s|$)")


def escape_text(text: str) -> str:
    """Escape plain prose so Pandoc Markdown reads it back as the same words."""
    escaped = _INLINE_SPECIALS.sub(r"\\\1", text)
    match = _LINE_START.match(escaped)
    if match:
        lead, mark = match.group(1), match.group(2)
        escaped = f"{lead}{mark[:-1]}\\{mark[-1]}{escaped[match.end(2):]}"
    return escaped


def normalise_space(text: str) -> str:
    """Collapse runs of white space to one space and trim the ends."""
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def slugify(text: str, fallback: str = "section") -> str:
    """A lower-case ASCII id made of words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = "-".join(slug.split("-")[:8])
    if not slug or not slug[0].isalpha():
        slug = f"{fallback}-{slug}" if slug else fallback
    return slug


def plain_text(markdown: str) -> str:
    """A rough plain-text view of Markdown, for matching and checks (not for output).

    Each bracket's words stop at the next `[`, and white space is taken from where its run starts, so no pattern
    scans a long line once for each `[` or space in it.
    """
    text = re.sub(r"\[\^[^\[\]]+\]", "", markdown)
    text = re.sub(r"(?:(?<!\s)\s+)?\[(-?@[^\[\]]+)\]", "", text)
    text = re.sub(r"\[([^\[\]]*)\]\([^)\[]*\)", r"\1", text)
    text = re.sub(r"\\(.)", r"\1", text)
    text = re.sub(r"[*_]{1,2}([^*_]+)[*_]{1,2}", r"\1", text)
    return normalise_space(text)
