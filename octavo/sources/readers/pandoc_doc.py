"""Reader for chapters an author wrote: Markdown, HTML and DOCX through pandoc's readers."""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

from octavo.core.pandoc import run_pandoc
from octavo.core.sanitise import clean_pandoc_ast
from octavo.core.text import plain_text
from octavo.errors import BookError
from octavo.manuscript import Block, Chapter, Provenance
from octavo.sources.readers.base import ReaderOptions, SourceDocument, credit
from octavo.sources.readers.docx_core import core_properties
from octavo.sources.readers.pandoc_meta import DocumentFacts, document_facts
from octavo.sources.references import source_reference
from octavo.sources.sourcetext import SourceText, check_archive

PANDOC_FORMATS = {"markdown": "markdown", "html": "html", "docx": "docx"}
# Pandoc's Markdown without `smart`, so the writer keeps dashes and curly quotes as the characters they are.
MARKDOWN_OUT = "markdown-smart-raw_html-raw_attribute-native_divs-native_spans"
FENCE = re.compile(r"^(`{3,}|~{3,})")
# The rule that opens and closes a multiline table as pandoc writes it (indented, one run of dashes).
TABLE_EDGE = re.compile(r"^ {1,3}-{3,}\s*$")
TABLE_RULE = "table"
# Where a title the document declares in its text (front matter, Word's Title paragraph) is the author's own: such a
# document is one chapter, and its level-one headings are sections. An HTML <title> is often the site's, and Word's
# core properties are often a template's, so neither counts.
OWN_TITLE_FORMATS = ("markdown", "docx")
# An ATX heading's marks; its text and attributes are cut by _atx_heading, which never backtracks.
ATX_OPEN = re.compile(r"(#{1,6})\s+")
TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2026": "...",
                            "\u2013": "-", "\u2014": "-", "\u00a0": " "})
DASHES = re.compile(r"-{2,}")
ATTACHED = re.compile(r"^ {0,4}:\s")
IMG_TAG = re.compile(r"<img\b[^<>]*>", re.IGNORECASE)
EMPTY_ALT = re.compile(r"\salt\s*=\s*(?:\"\s*\"|'\s*')", re.IGNORECASE)
HAS_CLASS = re.compile(r"\sclass\s*=", re.IGNORECASE)
# Quotations nested deeper are flattened to this depth, which pandoc's JSON, the readers and every edition can hold.
MAX_QUOTE_DEPTH = 32
QUOTE_MARKERS = re.compile(r"(?:[ \t]*>)+")
NESTING_PREFIX = re.compile(r"[ \t>*+-]*")


def mark_decorative(html_text: str) -> str:
    """HTML pictures with an empty alt="" (decoration, by HTML's own rule) get a class pandoc's reader keeps."""
    def mark(match: re.Match[str]) -> str:
        tag = match.group(0)
        if not EMPTY_ALT.search(tag) or HAS_CLASS.search(tag):
            return tag
        return f'{tag[:4]} class="decorative"{tag[4:]}'

    return IMG_TAG.sub(mark, html_text) if "<img" in html_text.lower() else html_text


def _cap_quotations(text: str, shown_as: str, options: ReaderOptions) -> str:
    """Markdown quotations nested deeper than MAX_QUOTE_DEPTH flattened to it, with a warning at the first line."""
    lines = text.split("\n")
    flattened = []
    for index, line in enumerate(lines):
        markers = QUOTE_MARKERS.match(line) if line.lstrip(" \t").startswith(">") else None
        if markers and markers.group(0).count(">") > MAX_QUOTE_DEPTH:
            flattened.append((index + 1, markers.group(0).count(">")))
            lines[index] = ">" * MAX_QUOTE_DEPTH + line[markers.end():]
    if not flattened:
        return text
    first, depth = flattened[0]
    more = f" (and {len(flattened) - 1} more line(s))" if len(flattened) > 1 else ""
    options.warnings.add(f"a quotation nested {depth:,} levels deep is flattened to {MAX_QUOTE_DEPTH} levels{more} — "
                         "nest quotations less deeply", shown_as, first)
    return "\n".join(lines)


def _add_block(blocks: list[str], block: str) -> None:
    """Add a block; a table's caption or a definition (`: …` after a blank line) stays with what it belongs to."""
    if blocks and ATTACHED.match(block):
        blocks[-1] += "\n\n" + block
    else:
        blocks.append(block)


def _split_blocks(markdown: str) -> list[str]:
    """Top-level blocks of pandoc's Markdown, split at blank lines outside fences and multiline tables."""
    blocks: list[str] = []
    current: list[str] = []
    fence = ""
    for line in markdown.split("\n"):
        marker = FENCE.match(line)
        if fence == TABLE_RULE:
            current.append(line)
            if TABLE_EDGE.match(line):
                fence = ""
            continue
        if not current and TABLE_EDGE.match(line):
            fence = TABLE_RULE  # a multiline table: its rows are separated by blank lines, up to its closing rule
            current.append(line)
            continue
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
                _add_block(blocks, "\n".join(current))
                current = []
            continue
        current.append(line)
    if current:
        _add_block(blocks, "\n".join(current))
    return blocks


def _folded(text: str) -> str:
    """Text with typography folded to ASCII (quotes, dashes, ellipses), for matching a block to its source line."""
    return DASHES.sub("-", plain_text(text).translate(TYPOGRAPHY))


class _SourceLines:
    """The source's lines, folded, and the lines each word stands on, so finding a block never rescans the file."""

    def __init__(self, lines: list[str], raw: list[str] | None = None) -> None:
        self.lines = lines
        self.raw = raw or []
        self.rows: dict[str, list[int]] = {}
        for index, line in enumerate(lines):
            for word in set(line.split()):
                self.rows.setdefault(word, []).append(index)

    def find(self, block: str, start: int) -> int | None:
        """The source line where a block's first words stand, from `start`."""
        words = _folded(block.lstrip("#> ")).split()[:4]
        if not any(character.isalnum() for word in words for character in word):
            return self._address(block, start)
        probe = " ".join(words)
        rows: Sequence[int] = range(len(self.lines))
        if len(words) > 2:
            # Inner words stand whole on a line that holds the probe: try only the lines of the rarer one.
            found = [self.rows.get(word, []) for word in words[1:-1]]
            rows = min(found, key=lambda row: len(row) - bisect_left(row, start))
        for position in range(bisect_left(rows, start), len(rows)):
            if probe in self.lines[rows[position]]:
                return rows[position] + 1
        return None


    def _address(self, block: str, start: int) -> int | None:
        """The source line of a block with no words (a picture alone): where the address it shows stands."""
        at = block.find("](")
        end = block.find(")", at + 2) if at >= 0 else -1
        address = block[at + 2:end].strip().strip("<>").split(" ")[0] if end > 0 else ""
        address = address.rsplit("/", 1)[-1]  # the reader may have changed the folder part, never the name
        for index in range(start, len(self.raw)) if address else ():
            if address in self.raw[index]:
                return index + 1
        return None


def _atx_heading(block: str) -> tuple[int, str] | None:
    r"""A one-line heading's level and words, attributes cut: `^(#{1,6})\s+(.*?)(?:\s+\{[^}]*\})?\s*$`, linearly."""
    opened = ATX_OPEN.match(block) if "\n" not in block else None
    if not opened:
        return None
    text = block[opened.end():].rstrip()
    if text.endswith("}"):
        # The attributes open at the first `{` after white space that no `}` separates from the closing one.
        brace = text.find("{", text.rfind("}", 0, len(text) - 1) + 1)
        while brace != -1 and not (brace > 0 and text[brace - 1].isspace()):
            brace = text.find("{", brace + 1)
        if brace != -1:
            text = text[:brace].rstrip()
    return len(opened.group(1)), text


def _title(block: str) -> str | None:
    """The words of a level-one heading block (which opens a chapter); None for any other block."""
    heading = _atx_heading(block)
    return heading[1] if heading and heading[0] == 1 else None


def _heading_text(block: str) -> str:
    """The words of a Markdown heading block, without its marks and attributes."""
    heading = _atx_heading(block)
    return heading[1] if heading else ""


def _document_facts(source: SourceText, ast: dict[str, Any], fmt: str) -> DocumentFacts:
    """What the document says about itself; a Word file's core properties fill what its title block leaves out."""
    facts = document_facts(ast.get("meta") or {})
    if fmt == "docx":
        core = core_properties(source.path)
        facts.title = facts.title or core.get("title", "")
        facts.authors = facts.authors or ([core["creator"]] if core.get("creator") else [])
        facts.date = facts.date or core.get("created", "") or core.get("modified", "")
    return facts


def _sections_under(blocks: list[str], title: str) -> list[str]:
    """A titled document is one chapter: a heading repeating the title goes, the others move down a level."""
    if blocks and _title(blocks[0]) is not None and _folded(_title(blocks[0]) or "") == _folded(title):
        blocks = blocks[1:]
    if not any(_title(block) is not None for block in blocks):
        return blocks
    return [f"#{block}" if _atx_heading(block) and not block.startswith("######") else block for block in blocks]


def _lead_title(blocks: list[str], title: str, source: SourceText, options: ReaderOptions) -> str:
    """The title of the text before the first level-one heading: the document's, its first heading's, or the file's.

    A heading that opens the document and becomes the title is taken out of `blocks`.
    """
    if title or not blocks:
        return title
    first = blocks[0]
    if _title(first) is not None:
        return ""
    if _heading_text(first):
        return _heading_text(blocks.pop(0))
    if not any(_title(block) is not None for block in blocks):
        found = next((text for block in blocks if (text := _heading_text(block))), "")
        if found:
            return found
    name = source.path.stem.replace("_", " ").replace("-", " ").strip().capitalize() or "Untitled"
    options.warnings.add(f"has no title of its own, so a chapter is called {name!r} after the file name — give "
                         "the document a title (a `title:` in front matter, an HTML <title>, a Word title or a "
                         "first heading)", source.shown_as)
    return name


def _nesting_depth(line: str) -> int:
    """How many list, quotation and indent marks a line begins with."""
    prefix = NESTING_PREFIX.match(line)
    assert prefix is not None, "the pattern matches an empty prefix"
    return len(prefix.group(0))


def read_pandoc_document(source: SourceText, options: ReaderOptions, fmt: str) -> SourceDocument:
    """Convert the source with pandoc and cut it into chapters at its level-one headings."""
    args = ["--from", PANDOC_FORMATS[fmt], "--to", "json"]
    if fmt == "docx":
        inflated = check_archive(source.path, source.shown_as)
        ast_text = run_pandoc([*args, str(source.path)], shown_as=source.shown_as, input_bytes=inflated)
    else:
        text = mark_decorative(source.text) if fmt == "html" else source.text
        if fmt == "markdown":
            text = _cap_quotations(text, source.shown_as, options)
        ast_text = run_pandoc(args, stdin=text, shown_as=source.shown_as)
    try:
        ast, removed = clean_pandoc_ast(json.loads(ast_text))
        ast_json = json.dumps(ast)
    except RecursionError as exc:
        deepest = max(range(len(source.lines)), key=lambda i: _nesting_depth(source.lines[i]),
                      default=None) if fmt == "markdown" else None
        raise BookError("nests lists, quotations or other blocks too deeply to be read",
                        "nest them less deeply (a few levels are all a page can show)", source.shown_as,
                        deepest + 1 if deepest is not None else None) from exc
    if removed:
        options.warnings.add(f"{removed} raw HTML element(s), unsafe link(s) or remote image(s) removed",
                             source.shown_as)
    facts = _document_facts(source, ast, fmt)
    markdown = run_pandoc(["--from", "json", "--to", MARKDOWN_OUT, "--wrap=none", "--markdown-headings=atx",
                           "--reference-location=block"], stdin=ast_json, shown_as=source.shown_as)
    lines = _SourceLines([_folded(line) for line in source.lines] if fmt == "markdown" else [],
                         source.lines if fmt == "markdown" else [])
    blocks = _split_blocks(markdown)
    if fmt in OWN_TITLE_FORMATS and (ast.get("meta") or {}).get("title"):
        blocks = _sections_under(blocks, facts.title)
    chapters: list[Chapter] = []
    title = _lead_title(blocks, facts.title, source, options)
    current: list[Block] = []
    cursor = 0
    first_line: int | None = None

    def close() -> None:
        if current or title:
            chapters.append(Chapter(title, list(current), Provenance(source.shown_as, first_line)))

    for block in blocks:
        line = lines.find(block, cursor) if lines.lines else None
        if line and not block.startswith("[^"):
            cursor = line - 1  # a note's text stands at the file's end: finding it must not skip what follows
        heading = _title(block)
        if heading is not None:
            if current or not title:
                close()
                current = []
            title, first_line = heading, line
            continue
        current.append(Block("markdown", block, Provenance(source.shown_as, line)))
    close()
    chapters = [c for c in chapters if c.blocks or c.title]
    if not chapters or not any(c.blocks for c in chapters):
        raise BookError("has no text once converted", "check the file's contents", source.shown_as)
    name = facts.title or chapters[0].title
    reference = source_reference("document", name, facts.authors, facts.date, facts.url, facts.container)
    document = SourceDocument(fmt, name, chapters, reference)
    credit(document, facts.authors)
    return document


def read_markdown(source: SourceText, options: ReaderOptions) -> SourceDocument:
    """Read a Markdown chapter file."""
    return read_pandoc_document(source, options, "markdown")


def read_html(source: SourceText, options: ReaderOptions) -> SourceDocument:
    """Read an HTML chapter file."""
    return read_pandoc_document(source, options, "html")


def read_docx(source: SourceText, options: ReaderOptions) -> SourceDocument:
    """Read a Word (DOCX) chapter file."""
    return read_pandoc_document(source, options, "docx")
