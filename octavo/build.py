"""Build a book: assemble the manuscript once, then run each requested renderer."""

from __future__ import annotations

import shutil
from pathlib import Path

from octavo.editions import RENDERERS
from octavo.editions.print.profiles import chosen_profile
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
from octavo.settings import load_config
from octavo.sources.assemble import assemble
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


def renderer_jobs(formats: list[str], options: dict[str, str], print_settings: dict[str, str],
                  page_list: str) -> list[tuple[str, dict[str, str]]]:
    """Each renderer to run with its options; with the EPUB, the print edition its page list follows too."""
    jobs = []
    for name in formats:
        job = dict(options)
        if name == "pdf":
            job["profile"] = chosen_profile(print_settings, options).name
        jobs.append((name, job))
    if "epub" in formats and "pdf" in formats and page_list != "none":
        if all(job.get("profile") != page_list for name, job in jobs if name == "pdf"):
            at = max(i for i, (name, _) in enumerate(jobs) if name == "pdf") + 1
            jobs.insert(at, ("pdf", {**options, "profile": page_list}))
    return jobs


def build_book(book: Path, out: Path, formats: list[str], progress: Progress,
               options: dict[str, str] | None = None) -> list[Path]:
    """Build the formats of the book in `book` into `out`; returns what was written."""
    state = SwitchState()
    try:
        return _build(book, out, formats, progress, options or {}, state)
    except Interrupted as stop:
        stop.out, stop.switched = out, state.switched
        raise
    except KeyboardInterrupt:
        raise Interrupted("SIGINT", out, state.switched) from None


def _build(book: Path, out: Path, formats: list[str], progress: Progress, options: dict[str, str],
           state: SwitchState) -> list[Path]:
    """Read, typeset, then write every edition into staging and switch them in together."""
    warnings = Warnings()
    config = load_config(book)
    check_out_folder(book, out)
    jobs = renderer_jobs(formats, options, config.print_settings(), config.page_list())
    total = 2 + len(jobs)
    with progress.stage(1, total, "Reading sources and editing the manuscript"):
        manuscript = assemble(book, warnings)
    progress.detail(f"{len(manuscript.chapters())} chapters, {len(manuscript.log)} editorial changes")
    for record in manuscript.log:
        progress.detail(f"{record.where}: {record.action}: {record.detail}")
    with progress.stage(2, total, "Typesetting the chapters and notes (pandoc, citeproc)"):
        typeset_book = typeset(manuscript)
    shared: dict = {}
    try:
        with build_lock(out):
            recover(out)
            staging = fresh_staging(out)
            try:
                staged = []
                for number, (name, job_options) in enumerate(jobs, start=3):
                    label = f"the {name} ({job_options['profile']})" if name == "pdf" else f"the {name}"
                    with progress.stage(number, total, f"Writing {label}"):
                        renderer = RENDERERS[name](manuscript, warnings, job_options, typeset_book, shared)
                        staged.extend(renderer.render(staging))
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
