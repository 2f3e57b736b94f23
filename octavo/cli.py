"""The command line (`build.py`, `octavo`, `python -m octavo`): build a book, or `init DIR SOURCE...` to start one."""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from octavo.build import DEFAULT_FORMATS, Machinery, build_book, parse_formats
from octavo.catalogue import build_catalogue
from octavo.check.buildlog import KeepWarnings
from octavo.check.command import FORMATS as CHECK_FORMATS
from octavo.check.command import check_command
from octavo.editions import RENDERERS
from octavo.errors import BookError, Warnings
from octavo.init import init_book
from octavo.lint.command import FORMATS as LINT_FORMATS
from octavo.lint.command import lint_command
from octavo.outputs import Interrupted, stop_signals
from octavo.progress import Progress
from octavo.serve import serve
from octavo.settings import BuildOptions

EXIT_USER_ERROR = 1
EXIT_INTERNAL_ERROR = 2


def _program() -> str:
    """The command as the user typed it: `build.py`, `octavo` or `python -m octavo`."""
    name = Path(sys.argv[0]).name
    return "python -m octavo" if name == "__main__.py" else name or "octavo"


def _shown(path: Path) -> str:
    """A path as the user would type it here: relative to the current folder when it lies inside it."""
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _how_to_run() -> str:
    """How to run this command again: `octavo`, or `.venv/bin/python build.py` in a checkout."""
    if Path(sys.argv[0]).suffix == ".py" and _program() != "python -m octavo":
        return f"{_shown(Path(sys.executable))} {_shown(Path(sys.argv[0]))}"
    return _program()


def _version() -> str:
    """Octavo's version, as installed (a checkout without an install says so)."""
    try:
        return metadata.version("octavo")
    except metadata.PackageNotFoundError:
        return "(not installed)"


def _parser(command: str, description: str) -> argparse.ArgumentParser:
    """A command's parser, named as the user typed it, with --quiet and --verbose."""
    parser = argparse.ArgumentParser(prog=f"{_program()} {command}".rstrip(), description=description)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", action="store_true", help="print only errors and warnings")
    group.add_argument("-v", "--verbose", action="store_true", help="print every stage and editorial change")
    return parser


def _build_parser() -> argparse.ArgumentParser:
    """Options of the build command."""
    parser = _parser(
        "",
        f"Build a book into its editions. Other commands: `{_program()} init DIR SOURCE...` makes a new "
        "book folder; `serve` previews it as you edit; `lint` reports editorial findings; `check` runs "
        "the validators on every edition; `catalogue` builds many books at once (each has its own --help).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    _book_and_editions(parser)
    parser.add_argument("--profile", choices=["handout", "trade"],
                        help="print profile (default: book.yaml's print: profile, else handout)")
    parser.add_argument("--paper", choices=["a4", "letter"],
                        help="handout paper (default: book.yaml's print: paper, else a4)")
    parser.add_argument("--no-cache", action="store_true",
                        help="make everything again, ignoring and not filling the content cache (OUT/.octavo-cache)")
    parser.add_argument("--scheduler", default="", metavar="ADDRESS",
                        help="lay out the print editions on the Dask cluster at ADDRESS (e.g. tcp://10.0.0.5:8786); "
                             "its workers must see the book folder at the same path")
    return parser


def _init_parser() -> argparse.ArgumentParser:
    """Options of the init command."""
    parser = _parser("init", "Make a new book folder from raw sources, ready to build.")
    parser.add_argument("folder", type=Path, help="the new book folder")
    parser.add_argument("sources", type=Path, nargs="+", help="source files, in chapter order")
    return parser


def _lint_parser() -> argparse.ArgumentParser:
    """Options of the lint command."""
    parser = _parser(
        "lint",
        "Report editorial findings on the book's manuscript (read as a build reads it; nothing is built).",
    )
    parser.add_argument("--book", type=Path, default=Path("book"), help="the book folder (default: book)")
    parser.add_argument("--format", choices=LINT_FORMATS, default="text",
                        help="text lines `file:line: CODE message — what to do`, or a JSON list (default: text)")
    parser.add_argument("--fix", action="store_true",
                        help="propose the safe fixes (misspelt names, doubled words) as new entries at the end of "
                             "the book's corrections file, for the editor to review; sources are never changed")
    return parser


def _serve_parser() -> argparse.ArgumentParser:
    """Options of the serve command."""
    parser = _parser(
        "serve",
        "Build the book, serve its web edition and files on 127.0.0.1, and build again on every save.",
    )
    _book_and_editions(parser, "web,epub,pdf")
    parser.add_argument("--port", type=int, default=8000,
                        help="the port on 127.0.0.1 (default: 8000; 0 takes a free one)")
    return parser


def _check_parser() -> argparse.ArgumentParser:
    """Options of the check command."""
    parser = _parser(
        "check",
        "Build the book (through the content cache) and run the validators on every edition: "
        "EPUBCheck, Ace, PDF/UA, the CC 1.1 and SCORM 1.2 schemas, link checks and Octavo's own rules.",
    )
    _book_and_editions(parser)
    parser.add_argument("--format", choices=CHECK_FORMATS, default="text",
                        help="the report: text grouped by edition, or a JSON list for CI (default: text)")
    return parser


def _catalogue_parser() -> argparse.ArgumentParser:
    """Options of the catalogue command."""
    parser = _parser(
        "catalogue",
        "Build several books at once, each into OUT/<its folder name>/ with its own content cache: one after "
        "another here, or side by side as jobs on a Dask cluster.",
    )
    parser.add_argument("books", type=Path, nargs="+", help="the book folders (each with its book.yaml)")
    parser.add_argument("--out", type=Path, default=Path("build"), help="where the books' folders go (default: build)")
    parser.add_argument("--formats", default=None,
                        help=f"comma list of: {', '.join(RENDERERS)} (default: {', '.join(DEFAULT_FORMATS)})")
    parser.add_argument("--scheduler", default="", metavar="ADDRESS",
                        help="build each book as a job on the Dask cluster at ADDRESS; its workers must see the "
                             "book folders and OUT at the same paths")
    return parser


def _catalogue(argv: list[str]) -> int:
    """`catalogue`: many books, each a job; exit 1 if any book was not built."""
    args = _catalogue_parser().parse_args(argv)
    progress = Progress(args.quiet, args.verbose)
    began = time.monotonic()
    results = build_catalogue(args.books, args.out, parse_formats(args.formats), BuildOptions(), progress,
                              args.scheduler)
    failed = [result.book.name for result in results if result.error]
    built = len(results) - len(failed)
    progress.say(f"Built {built} of {len(results)} books into {args.out}/ in {time.monotonic() - began:.1f} s")
    if failed:
        raise BookError(f"{len(failed)} book(s) not built: {', '.join(failed)}", "see each book's error above")
    return 0


def _serve(argv: list[str]) -> int:
    """`serve`: a preview that rebuilds on save, only ever on the loopback interface."""
    args = _serve_parser().parse_args(argv)
    progress = Progress(args.quiet, args.verbose)
    formats = parse_formats(args.formats)

    def build(some: list[str]) -> Callable[[], None]:
        def run() -> None:
            began = time.monotonic()
            build_book(args.book, args.out, some, Progress(quiet=True))  # warnings still show
            progress.say(f"Built {', '.join(some)} into {args.out}/ in {time.monotonic() - began:.1f} s")
        return run

    # The web edition first, so the open page shows a save at once; then the other editions, from the cache.
    first = ["web"] if "web" in formats and len(formats) > 1 else formats
    rest = [name for name in formats if name not in first]
    return serve(args.book, args.out, args.port, progress, [build(first), *([build(rest)] if rest else [])])


def _book_and_editions(parser: argparse.ArgumentParser, formats: str = "") -> None:
    """--book, --out and --formats, as every command that builds a book takes them."""
    parser.add_argument("--book", type=Path, default=Path("book"), help="the book folder (default: book)")
    parser.add_argument("--out", type=Path, default=Path("build"), help="where outputs go (default: build)")
    default = formats or ", ".join(DEFAULT_FORMATS)
    parser.add_argument("--formats", default=formats or None,
                        help=f"comma list of: {', '.join(RENDERERS)} (default: {default})")



def _init(argv: list[str]) -> int:
    """`init`: a new book folder from raw sources."""
    args = _init_parser().parse_args(argv)
    progress = Progress(args.quiet, args.verbose)
    warnings = Warnings()
    folder = init_book(args.folder, args.sources, warnings)
    for warning in warnings:
        progress.warn(warning)
    progress.say(f"Made {folder}/ with book.yaml and {len(args.sources)} source(s).")
    progress.say(f"Build it with: {_how_to_run()} --book {folder}")
    return 0


def _lint(argv: list[str]) -> int:
    """`lint`: editorial findings on the manuscript."""
    args = _lint_parser().parse_args(argv)
    return lint_command(args.book, args.format, args.fix, Progress(args.quiet, args.verbose))


def _check(argv: list[str]) -> int:
    """`check`: the validators on every edition of a build."""
    args = _check_parser().parse_args(argv)
    return check_command(args.book, args.out, parse_formats(args.formats), args.format,
                         KeepWarnings(args.quiet, args.verbose))


def _build(argv: list[str]) -> int:
    """The build itself: every edition asked for, switched in together."""
    args = _build_parser().parse_args(argv)
    progress = Progress(args.quiet, args.verbose)
    formats = parse_formats(args.formats)
    written = build_book(args.book, args.out, formats, progress, BuildOptions(args.profile or "", args.paper or ""),
                         Machinery(cache=not args.no_cache, scheduler=args.scheduler))
    try:
        for path in written:
            progress.detail(f"wrote {path}")
        progress.done(f"Built {', '.join(formats)} into {args.out}/")
    except Interrupted as stop:
        stop.out, stop.switched = args.out, True
        raise
    return 0


COMMANDS: dict[str, Callable[[list[str]], int]] = {"init": _init, "serve": _serve, "lint": _lint, "check": _check,
                                                    "catalogue": _catalogue}


def _run(argv: list[str]) -> int:
    """Run the command the first argument names, else a build."""
    if argv and argv[0] in COMMANDS:
        return COMMANDS[argv[0]](argv[1:])
    return _build(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the command; user errors exit 1 without a traceback, internal errors exit 2, signals 128 + number."""
    argv = list(sys.argv[1:] if argv is None else argv)
    verbose = "-v" in argv or "--verbose" in argv
    try:
        with stop_signals():
            return _run(argv)
    except BookError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except Interrupted as stop:
        print(f"error: {stop.message()}", file=sys.stderr)
        return stop.exit_status()
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # noqa: BLE001 - the last guard: a short report instead of a traceback
        print(f"internal error: {type(error).__name__}: {error}", file=sys.stderr)
        print("This is a bug in Octavo, not in your book. Please report it with the command you ran"
              " (add --verbose for the traceback).", file=sys.stderr)
        if verbose:
            traceback.print_exc()
        return EXIT_INTERNAL_ERROR
