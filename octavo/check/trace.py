"""From an edition back to the source: each chapter's `file:line`, read from the review manuscript's chapter headers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

PROVENANCE = re.compile(r"^<!-- (?P<file>.+?):(?P<line>[0-9]+) -->")
SOURCE = re.compile(r"^(?P<file>.+?):(?P<line>[0-9]+)$")
SRC = re.compile(r"""\bsrc=["']([^"']+)["']""")


@dataclass(frozen=True)
class ChapterSource:
    """A chapter of the review manuscript: its id, title, where its source begins, and its Markdown file."""

    id: str
    title: str
    file: str | None
    line: int | None
    markdown: Path


def _header(path: Path) -> dict[str, object]:
    """The YAML header at the top of a review manuscript chapter file."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    end = text.find("\n---\n", 4)
    loaded = yaml.safe_load(text[4:end]) if end > 0 else None
    return loaded if isinstance(loaded, dict) else {}


def chapter_sources(manuscript: Path) -> dict[str, ChapterSource]:
    """Each chapter of a built review manuscript (OUT/manuscript), by its id."""
    found: dict[str, ChapterSource] = {}
    for path in sorted(manuscript.glob("[0-9][0-9]*-*.md")):
        header = _header(path)
        source = SOURCE.match(str(header.get("source", "")))
        chapter_id = str(header.get("id", ""))
        if chapter_id:
            found[chapter_id] = ChapterSource(chapter_id, str(header.get("title", "")),
                                              source["file"] if source else None,
                                              int(source["line"]) if source else None, path)
    return found


def image_source(chapter: ChapterSource, snippet: str) -> tuple[str, int] | None:
    """The source `file:line` of the block showing the picture an element's `src` names, if the chapter has it."""
    names = {PurePosixPath(value).name for value in SRC.findall(snippet)}
    if not names:
        return None
    where = None
    for line in chapter.markdown.read_text(encoding="utf-8").splitlines():
        marker = PROVENANCE.match(line)
        if marker:
            where = (marker["file"], int(marker["line"]))
        elif where and any(f"/{name})" in line or f"({name})" in line for name in names):
            return where
    return None


def document_chapter(chapters: dict[str, ChapterSource], document: str) -> ChapterSource | None:
    """The chapter an edition's document is made from (EPUB/text/<chapter-id>.xhtml), if any."""
    return chapters.get(PurePosixPath(document).stem)
