"""Reader for chapters an author wrote: Markdown, HTML and DOCX through pandoc's readers."""

from __future__ import annotations

import json
import re

from octavo.errors import BookError
from octavo.manuscript import Block, Chapter, Provenance
from octavo.markdown import plain_text
from octavo.pandoc import run_pandoc
from octavo.readers.base import ReaderOptions, SourceDocument
from octavo.sanitise import clean_pandoc_ast
from octavo.sourcetext import SourceText

PANDOC_FORMATS = {"markdown": "markdown", "html": "html", "docx": "docx"}
FENCE = re.compile(r"^(`{3,}|~{3,})")
TITLE = re.compile(r"^#\s+(.*?)(?:\s+\{[^}]*\})?\s*$")


def _split_blocks(markdown: str) -> list[str]:
    """Top-level blocks of pandoc's Markdown, split at blank lines outside fences."""
    blocks: list[str] = []
    current: list[str] = []
    fence = ""
    for line in markdown.split("\n"):
        marker = FENCE.match(line)
        if fence:
            current.append(line)
            if marker and line.strip().startswith(fence):
                fence = ""
            continue
        if marker:
            fence = marker.group(1)
            current.append(line)
            continue
        if not line.strip():
            if current:
                blocks.append("\n".join(current))
                current = []
            continue
        current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def _find_line(block: str, source_lines: list[str], start: int) -> int | None:
    """The source line where a block's first words stand (lines given as plain text), from `start`."""
    words = plain_text(block.lstrip("#> ")).split()[:4]
    if not words:
        return None
    probe = " ".join(words)
    for index in range(start, len(source_lines)):
        if probe in source_lines[index]:
            return index + 1
    return None


def _front_matter_title(source: SourceText) -> str:
    """The `title:` of a Markdown file's YAML front matter, if it has one."""
    from octavo.readers.wiki_note import split_front_matter

    front, _ = split_front_matter(source)
    return str(front.get("title") or "").strip()


def read_pandoc_document(source: SourceText, options: ReaderOptions, fmt: str) -> SourceDocument:
    """Convert the source with pandoc and cut it into chapters at its level-one headings."""
    args = ["--from", PANDOC_FORMATS[fmt], "--to", "json"]
    if fmt == "docx":
        ast_text = run_pandoc([*args, str(source.path)], shown_as=source.shown_as)
    else:
        ast_text = run_pandoc(args, stdin=source.text, shown_as=source.shown_as)
    ast, removed = clean_pandoc_ast(json.loads(ast_text))
    if removed:
        options.warnings.add(f"{removed} raw HTML element(s), unsafe link(s) or remote image(s) removed",
                             source.shown_as)
    markdown = run_pandoc(["--from", "json", "--to", "markdown-raw_html-raw_attribute-native_divs-native_spans",
                           "--wrap=none", "--markdown-headings=atx", "--reference-location=block"],
                          stdin=json.dumps(ast), shown_as=source.shown_as)
    lines = [plain_text(line) for line in source.lines] if fmt == "markdown" else []
    chapters: list[Chapter] = []
    title = _front_matter_title(source) if fmt == "markdown" else ""
    current: list[Block] = []
    cursor = 0
    first_line: int | None = None

    def close() -> None:
        if current or title:
            name = title or source.path.stem.replace("_", " ").replace("-", " ").strip().capitalize()
            chapters.append(Chapter(name, list(current), Provenance(source.shown_as, first_line)))

    for block in _split_blocks(markdown):
        line = _find_line(block, lines, cursor) if lines else None
        if line:
            cursor = line - 1
        heading = TITLE.match(block) if "\n" not in block else None
        if heading:
            if current or not title:
                close()
                current = []
            title, first_line = heading.group(1), line
            continue
        current.append(Block("markdown", block, Provenance(source.shown_as, line)))
    close()
    chapters = [c for c in chapters if c.blocks or c.title]
    if not chapters or not any(c.blocks for c in chapters):
        raise BookError("has no text once converted", "check the file's contents", source.shown_as)
    return SourceDocument(fmt, chapters[0].title, chapters, {"type": "document", "title": chapters[0].title})


def read_markdown(source: SourceText, options: ReaderOptions) -> SourceDocument:
    """Read a Markdown chapter file."""
    return read_pandoc_document(source, options, "markdown")


def read_html(source: SourceText, options: ReaderOptions) -> SourceDocument:
    """Read an HTML chapter file."""
    return read_pandoc_document(source, options, "html")


def read_docx(source: SourceText, options: ReaderOptions) -> SourceDocument:
    """Read a Word (DOCX) chapter file."""
    return read_pandoc_document(source, options, "docx")
