"""Build a book with two revisions of Octavo and the same SOURCE_DATE_EPOCH; report every output whose bytes differ.

A refactoring should change no output: `bench/same_bytes.py --before REV [--after REV] [--book DIR]`.
Each revision's build.py, package, templates and styles are exported with `git archive` (the working tree when
`--after` is not given) and run on the same book with every format.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1767225600"


def export(revision: str, folder: Path) -> Path:
    """The project's code as it was at `revision`, in `folder`."""
    archive = subprocess.run(["git", "archive", revision, "build.py", "octavo", "styles", "templates"], cwd=ROOT,
                             capture_output=True, check=True).stdout
    folder.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def build(code: Path, book: Path, out: Path, *options: str) -> dict[str, str]:
    """Build `book` with the code in `code`; the sha256 of every output file by its path."""
    env = dict(os.environ, PYTHONPATH=str(code), SOURCE_DATE_EPOCH=EPOCH)
    subprocess.run([sys.executable, str(code / "build.py"), "--book", str(book), "--out", str(out), "-q", *options],
                   cwd=code, env=env, check=True)
    found = {}
    for folder, folders, files in os.walk(out, followlinks=True):  # build/ holds links into its generations
        folders[:] = [name for name in folders if not name.startswith(".octavo")]
        for name in files:
            path = Path(folder) / name
            if not name.startswith(".octavo"):
                found[str(path.relative_to(out))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def main() -> int:
    """Print the outputs that differ; exit 1 if any does."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", required=True, help="git revision to compare with")
    parser.add_argument("--after", default="", help="git revision to measure (default: the working tree)")
    parser.add_argument("--book", type=Path, default=ROOT / "book", help="the book folder (default: book/)")
    args = parser.parse_args()
    differ = 0
    with tempfile.TemporaryDirectory(prefix="octavo-same-") as folder:
        work = Path(folder)
        before = export(args.before, work / "before")
        after = export(args.after, work / "after") if args.after else ROOT
        for options in ([], ["--formats", "pdf", "--profile", "trade"]):
            name = "-".join(options[1::2]) or "all"
            old = build(before, args.book.resolve(), work / f"out-before-{name}", *options)
            new = build(after, args.book.resolve(), work / f"out-after-{name}", *options)
            for path in sorted(set(old) | set(new)):
                if old.get(path) != new.get(path):
                    differ += 1
                    print(f"differs: {path} ({name})")
            print(f"{name}: {len(new)} files, {sum(old.get(p) == h for p, h in new.items())} the same bytes")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
