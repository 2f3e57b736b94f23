"""A catalogue of books built in one go: each book a job, here one after another or side by side on a Dask cluster.

A school district or a publisher rebuilding its list gives every book folder at once. Each book is built into its
own folder under the catalogue's output, with its own content cache, exactly as `octavo --book B --out OUT/B`
would build it. On a cluster every book is one job; within a job the print editions lay out in that worker, since
the cluster already keeps its cores busy with the other books.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from octavo.build import Machinery, build_book
from octavo.check.buildlog import KeepWarnings
from octavo.core.workers import ClusterWorkers, Outcome, Workers
from octavo.errors import BookError
from octavo.progress import Progress
from octavo.settings import BuildOptions


@dataclass
class BookBuilt:
    """What one book's job gives back: the files written, or the error that stopped it; and its warnings."""

    book: Path
    written: list[Path]
    warnings: list[str]
    error: str = ""


def catalogue_folders(books: list[Path], out: Path) -> dict[Path, Path]:
    """Each book's output folder, named after its own folder; two books of one name are refused."""
    folders: dict[Path, Path] = {}
    for book in books:
        if not (book / "book.yaml").is_file():
            raise BookError(f"{book} is not a book folder (it has no book.yaml)",
                            "give the folders that hold each book's book.yaml")
        target = out / book.resolve().name
        if target in folders.values():
            raise BookError(f"two books are called {book.resolve().name!r}, so their editions would share {target}",
                            "rename one of the book folders")
        folders[book] = target
    return folders


def build_one(book: Path, out: Path, formats: list[str], options: BuildOptions, in_process: bool) -> BookBuilt:
    """Build one book of the catalogue (a job for a cluster worker), keeping its warnings and any book error."""
    progress = KeepWarnings(quiet=True)
    try:
        written = build_book(book, out, formats, progress, options, Machinery(in_process=in_process))
    except BookError as error:
        return BookBuilt(book, [], progress.warnings, str(error))
    return BookBuilt(book, written, progress.warnings)


def build_catalogue(books: list[Path], out: Path, formats: list[str], options: BuildOptions, progress: Progress,
                    scheduler: str = "") -> list[BookBuilt]:
    """Build every book into OUT/<its folder name>: on the cluster at `scheduler` if given, else here in turn."""
    folders = catalogue_folders(books, out)
    workers: Workers = ClusterWorkers(scheduler) if scheduler else Workers()
    try:
        jobs: list[Outcome[BookBuilt]] = [
            workers.submit(build_one, book.resolve(), target.resolve(), formats, options, bool(scheduler))
            for book, target in folders.items()]
        results = [job.result() for job in jobs]
    finally:
        workers.close()
    for target, result in zip(folders.values(), results, strict=True):
        for warning in result.warnings:
            progress.warn(f"{result.book.name}: {warning}")
        if result.error:
            progress.warn(f"{result.book.name}: not built: {result.error}")
        else:
            progress.detail(f"{result.book.name}: wrote {len(result.written)} file(s) into {target}")
    return results
