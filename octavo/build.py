"""Build a book: settings, the edited manuscript and its typesetting once, then every planned output."""

from __future__ import annotations

import shutil
from pathlib import Path

from octavo.editions import RENDERERS, planned_outputs
from octavo.editions.base import RenderContext
from octavo.editions.making import Editions
from octavo.errors import BookError, Warnings
from octavo.outputs import (
    Interrupted,
    SwitchState,
    build_lock,
    check_out_folder,
    commit,
    fresh_staging,
    recover,
    write_problem,
)
from octavo.progress import Progress
from octavo.settings import BuildOptions, load_settings
from octavo.transforms.editing import edited_manuscript
from octavo.typesetting.typeset import typeset

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
               options: BuildOptions | None = None) -> list[Path]:
    """Build the formats of the book in `book` into `out`; returns what was written."""
    state = SwitchState()
    try:
        return _build(book, out, formats, progress, options or BuildOptions(), state)
    except Interrupted as stop:
        stop.out, stop.switched = out, state.switched
        raise
    except KeyboardInterrupt:
        raise Interrupted("SIGINT", out, state.switched) from None


def _build(book: Path, out: Path, formats: list[str], progress: Progress, options: BuildOptions,
           state: SwitchState) -> list[Path]:
    """Read, typeset, then write every edition into staging and switch them in together."""
    warnings = Warnings()
    settings = load_settings(book)
    check_out_folder(book, out)
    outputs = planned_outputs(formats, settings, options)
    total = 2 + len(outputs)
    with progress.stage(1, total, "Reading sources and editing the manuscript"):
        manuscript = edited_manuscript(settings, warnings)
    progress.detail(f"{len(manuscript.chapters())} chapters, {len(manuscript.log)} editorial changes")
    for record in manuscript.log:
        progress.detail(f"{record.where}: {record.action}: {record.detail}")
    with progress.stage(2, total, "Typesetting the chapters and notes (pandoc, citeproc)"):
        typeset_book = typeset(manuscript, settings.citation_style)
    editions = Editions(RenderContext(manuscript, typeset_book, settings, warnings, options))
    try:
        with build_lock(out):
            recover(out)
            staging = fresh_staging(out)
            try:
                staged = []
                for number, output in enumerate(outputs, start=3):
                    with progress.stage(number, total, f"Writing {output.label}"):
                        staged.extend(output.renderer_for(editions).render(staging))
                written = commit(staged, out, state)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except OSError as error:
        problem = write_problem(error, out)
        if problem is None:
            raise
        raise problem from error
    for warning in warnings:
        progress.warn(warning)
    return written
