"""The readers, one per source kind, in a name → reader table; and detection of a source's kind."""

from __future__ import annotations

import re
from pathlib import Path

from octavo.errors import BookError
from octavo.sources.readers.base import Reader, ReaderOptions, SourceDocument
from octavo.sources.readers.boilerplate import Boilerplate
from octavo.sources.readers.pandoc_doc import read_docx, read_html, read_markdown
from octavo.sources.readers.qa_page import read_qa_page
from octavo.sources.readers.web_page import looks_like_saved_page, read_web_page
from octavo.sources.readers.wiki_note import read_wiki_note

READERS: dict[str, Reader] = {
    "qa-page": read_qa_page,
    "wiki-note": read_wiki_note,
    "markdown": read_markdown,
    "html": read_html,
    "web-page": read_web_page,
    "docx": read_docx,
}
BINARY_KINDS = {"docx"}
TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
# A wiki-link's words stop at the next `[[`, so no line of many `[[` is scanned once for each.
WIKI_SIGNS = re.compile(r"yt-timestamp|\[\[(?:(?!\[\[)[^\]\n])+\]\]|^>\s*\[!\w+\]", re.MULTILINE)
VIDEO_KEY = re.compile(r"^(videoId|video_id|youtube):", re.MULTILINE)
HTML_SIGNS = re.compile(r"<(html|body|p|div|h[1-6])\b", re.IGNORECASE)

__all__ = ["READERS", "ReaderOptions", "SourceDocument", "detect_kind", "reader_for"]


def reader_for(kind: str, shown_as: str = "", line: int | None = None) -> Reader:
    """The reader for a kind, or a BookError listing the kinds there are."""
    try:
        return READERS[kind]
    except KeyError:
        raise BookError(
            f"source kind {kind!r} is not known",
            f"use one of: {', '.join(READERS)}",
            shown_as or None,
            line,
        ) from None


def _looks_like_qa_page(text: str, rules: Boilerplate) -> bool:
    """A first line that asks a question, then page markers or answer separators."""
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 3 or not lines[0].strip().endswith("?"):
        return False
    hits = sum(
        1 for line in lines[1:] if rules.is_marker("quick-answer", line) or rules.is_marker("answers", line)
        or ((rule := rules.match(line)) is not None and rule.role == "separator")
    )
    return hits >= 1


def detect_kind(path: Path, data: bytes, rules: Boilerplate) -> str:
    """Guess a source's kind from its name and its first bytes."""
    suffix = path.suffix.lower()
    if suffix == ".docx" or data[:2] == b"PK":
        if data[:2] != b"PK":
            raise BookError("is named .docx but is not a Word file", "save it again from Word", str(path))
        return "docx"
    text = data[:200_000].decode("utf-8", errors="replace")
    if suffix in HTML_SUFFIXES:
        return "web-page" if looks_like_saved_page(text) else "html"
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BookError(
            "is not a source Octavo can read (it is not text, HTML or DOCX)",
            "convert it to Markdown, HTML or DOCX first",
            str(path),
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    if WIKI_SIGNS.search(text) or (text.startswith("---\n") and VIDEO_KEY.search(text[:4000])):
        return "wiki-note"
    if _looks_like_qa_page(text, rules):
        return "qa-page"
    if suffix in TEXT_SUFFIXES:
        return "markdown"
    if HTML_SIGNS.search(text[:2000]):
        return "web-page" if looks_like_saved_page(text) else "html"
    raise BookError(
        f"is of a kind Octavo does not know (ending {suffix!r})",
        f"convert it to Markdown, HTML or DOCX, or give it a `kind:` in book.yaml ({', '.join(READERS)})",
        str(path),
    )
