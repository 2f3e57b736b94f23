"""Write chapters of the manuscript as Pandoc Markdown: one file each, or one document for pandoc."""

from __future__ import annotations

import re

import yaml

from octavo.labels import labels_of
from octavo.manuscript import Block, Book, Chapter

NOTE_CALL = re.compile(r"\[\^([\w-]+)\]")


def block_markdown(block: Block) -> str:
    """One block as Pandoc Markdown."""
    if block.kind == "heading":
        return f"{'#' * max(block.level, 2)} {block.text}"
    if block.kind in ("quotation", "callout"):
        quoted = "\n>\n".join("> " + para for para in block.text.split("\n\n"))
        classes = ".quotation" if block.kind == "quotation" else f".callout .callout-{block.style or 'note'}"
        title = f"[{block.title}]{{.title}}\n\n" if block.title else ""
        return f"::: {{{classes}}}\n{title}{quoted}\n:::"
    return block.text


def _renumber(text: str, prefix: str) -> str:
    """Prefix note calls so labels stay unique when chapters are joined."""
    return NOTE_CALL.sub(lambda m: f"[^{prefix}{m.group(1)}]", text) if prefix else text


def chapter_body(chapter: Chapter, note_prefix: str = "", provenance: bool = False) -> str:
    """The chapter's heading, blocks and note definitions."""
    classes = "" if chapter.role == "chapter" else f" .{chapter.role}"
    parts = [f"# {chapter.title} {{#{chapter.id}{classes} .reset-citation-positions}}"]
    if chapter.attribution:
        parts.append(f"::: {{.attribution}}\n{chapter.attribution}\n:::")
    for block in chapter.blocks:
        text = _renumber(block_markdown(block), note_prefix)
        parts.append(f"<!-- {block.provenance} -->\n{text}" if provenance else text)
    for note in chapter.notes:
        parts.append(f"[^{note_prefix}{note.id}]: {note.text}")
    return "\n\n".join(parts) + "\n"


def front_matter(data: dict) -> str:
    """A YAML metadata block."""
    dumped = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{dumped}---\n"


def book_markdown(book: Book, chapters: list[Chapter] | None = None) -> str:
    """The book (or these of its chapters) as one Pandoc Markdown document, for a citeproc run."""
    meta = {
        "title": book.metadata.title,
        "lang": book.metadata.language,
        "nocite": "@*",
        "reference-section-title": labels_of(book.metadata).text("bibliography"),
        "link-citations": True,
    }
    parts = [front_matter(meta)]
    for chapter in book.chapters() if chapters is None else chapters:
        part = book.part_of(chapter)
        if part is not None and part.chapters[0] is chapter:
            parts.append(f"# {part.title} {{#{part.id} .part}}\n")
        parts.append(chapter_body(chapter, note_prefix=f"{chapter.id}-"))
    return "\n".join(parts)
