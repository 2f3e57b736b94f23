"""Build a book: assemble the manuscript once, then run each requested renderer."""

from __future__ import annotations

import shutil
from pathlib import Path

from octavo.assemble import assemble
from octavo.errors import BookError, Warnings
from octavo.outputs import build_lock, commit, fresh_staging
from octavo.progress import Progress
from octavo.renderers import RENDERERS
from octavo.typeset import typeset

DEFAULT_FORMATS = list(RENDERERS)


def parse_formats(text: str | None) -> list[str]:
    """The comma list of --formats, checked against the renderers there are."""
    if not text:
        return list(DEFAULT_FORMATS)
    formats = [name.strip() for name in text.split(",") if name.strip()]
    for name in formats:
        if name not in RENDERERS:
            raise BookError(f"format {name!r} is not known", f"use one or more of: {', '.join(RENDERERS)}")
    return list(dict.fromkeys(formats))


def build_book(book: Path, out: Path, formats: list[str], progress: Progress,
               options: dict[str, str] | None = None) -> list[Path]:
    """Build the formats of the book in `book` into `out`; returns what was written."""
    warnings = Warnings()
    total = 2 + len(formats)
    with progress.stage(1, total, "Reading sources and editing the manuscript"):
        manuscript = assemble(book, warnings)
    progress.detail(f"{len(manuscript.chapters())} chapters, {len(manuscript.log)} editorial changes")
    for record in manuscript.log:
        progress.detail(f"{record.where}: {record.action}: {record.detail}")
    with progress.stage(2, total, "Typesetting the chapters and notes (pandoc, citeproc)"):
        typeset_book = typeset(manuscript)
    with build_lock(out):
        staging = fresh_staging(out)
        try:
            staged = []
            for number, name in enumerate(formats, start=3):
                with progress.stage(number, total, f"Writing the {name}"):
                    renderer = RENDERERS[name](manuscript, warnings, options, typeset_book)
                    staged.append(renderer.render(staging))
            written = commit(staged, out)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    for warning in warnings:
        progress.warn(warning)
    return written
