"""Build a book: settings, the edited manuscript and its typesetting once, then every planned output."""

from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from octavo.core.cache import CACHE_NAME, Cache
from octavo.core.workers import Workers, workers_for
from octavo.editions import RENDERERS, planned_outputs
from octavo.editions.base import Output, RenderContext, Renderer
from octavo.editions.making import Editions, load_layout
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
from octavo.typesetting.typeset import typeset_kept

DEFAULT_FORMATS = [name for name, renderer in RENDERERS.items() if renderer.by_default]


def parse_formats(text: str | None) -> list[str]:
    """The comma list of --formats, checked against the renderers there are."""
    if not text:
        return list(DEFAULT_FORMATS)
    formats = [name.strip() for name in text.split(",") if name.strip()]
    for name in formats:
        if name not in RENDERERS:
            raise BookError(f"format {name!r} is not known", f"use one or more of: {', '.join(RENDERERS)}")
    return list(dict.fromkeys(formats))


@dataclass(frozen=True)
class Machinery:
    """How a build runs, not what it makes: the content cache (on unless --no-cache) and a Dask scheduler."""

    cache: bool = True
    scheduler: str = ""
    # Lay out the print editions in this process: a catalogue's book job on a cluster worker, which may not fork.
    in_process: bool = False


def build_book(book: Path, out: Path, formats: list[str], progress: Progress, options: BuildOptions | None = None,
               machinery: Machinery | None = None) -> list[Path]:
    """Build the formats of the book in `book` into `out`; returns what was written."""
    state = SwitchState()
    try:
        return _build(book, out, formats, progress, options or BuildOptions(), machinery or Machinery(), state)
    except Interrupted as stop:
        stop.out, stop.switched = out, state.switched
        raise
    except KeyboardInterrupt:
        raise Interrupted("SIGINT", out, state.switched) from None


def _may_lay_out(outputs: list[Output]) -> bool:
    """Whether a planned output may ask for a print edition (its renderer says which once the book is typeset)."""
    return any(output.renderer.print_needed is not Renderer.print_needed for output in outputs)


def _build(book: Path, out: Path, formats: list[str], progress: Progress, options: BuildOptions,
           machinery: Machinery, state: SwitchState) -> list[Path]:
    """Read, typeset, then write every edition into staging and switch them in together."""
    warnings = Warnings()
    settings = load_settings(book)
    check_out_folder(book, out)
    options = replace(options, chapter_handouts="handouts" in formats)
    outputs = planned_outputs(formats, settings, options)
    cache = Cache(out / CACHE_NAME if machinery.cache else None)
    total = 2 + len(outputs)
    with progress.stage(1, total, "Reading sources and editing the manuscript"):
        manuscript = edited_manuscript(settings, warnings, cache)
    progress.detail(f"{len(manuscript.chapters())} chapters, {len(manuscript.log)} editorial changes")
    for record in manuscript.log:
        progress.detail(f"{record.where}: {record.action}: {record.detail}")
    loading = None
    if (cache.folder is None or "source" in cache.misses) and _may_lay_out(outputs):
        # A source changed (or nothing is kept): a print edition will most likely be laid out. WeasyPrint loads
        # beside typesetting (pandoc's own processes), so the worker processes forked after it start with it.
        loading = threading.Thread(target=load_layout, name="octavo-load-layout")
        loading.start()
        progress.detail("WeasyPrint loads beside typesetting")
    with progress.stage(2, total, "Typesetting the chapters and notes (pandoc, citeproc)"):
        try:
            typeset_book = typeset_kept(manuscript, settings.citation_style, cache)
        finally:
            if loading is not None:
                loading.join()
    context = RenderContext(manuscript, typeset_book, settings, warnings, options)
    try:
        with build_lock(out):
            recover(out)
            staging = fresh_staging(out)
            editions = Editions(context, cache)
            renderers = [output.renderer_for(editions) for output in outputs]
            printed = list(dict.fromkeys(profile for renderer in renderers for profile in renderer.print_needed()))
            editions.workers = Workers() if machinery.in_process else workers_for(len(printed), machinery.scheduler)
            try:
                editions.start(printed)
                staged = []
                for number, (output, renderer) in enumerate(zip(outputs, renderers, strict=True), start=3):
                    with progress.stage(number, total, f"Writing {output.label}"):
                        staged.extend(renderer.render(staging))
                editions.finish()  # an edition only its page map was asked for is bound and kept all the same
                written = commit(staged, out, state)
            finally:
                editions.workers.close()
                shutil.rmtree(staging, ignore_errors=True)
            cache.clean()
    except OSError as error:
        problem = write_problem(error, out)
        if problem is None:
            raise
        raise problem from error
    if cache.folder is not None:
        progress.detail(f"content cache {cache.folder}: {len(cache.hits)} kept, {len(cache.misses)} made again")
    for warning in warnings:
        progress.warn(warning)
    return written
