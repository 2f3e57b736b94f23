"""One chapter of N footnotes: reading before and after a change, layout with and without the WeasyPrint patch."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORDS = "archive ledger harbour council river winter printer treaty lantern market village engine".split()


def notes_chapter(notes: int) -> str:
    """A Markdown chapter: one short paragraph per note call, the note definitions at the end."""
    lines = ["# A Chapter of Many Notes", ""]
    for number in range(1, notes + 1):
        words = " ".join(WORDS[(number + k) % len(WORDS)] for k in range(8))
        lines += [f"Paragraph {number} tells of the {words}.[^n{number}]", ""]
    lines += [f"[^n{number}]: Note {number} on the {WORDS[number % len(WORDS)]}." for number in range(1, notes + 1)]
    return "\n".join(lines) + "\n"


def make_notes_book(folder: Path, notes: int) -> Path:
    """A book folder with one chapter of `notes` footnotes; returns the folder."""
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "sources" / "notes.md").write_text(notes_chapter(notes), encoding="utf-8")
    (folder / "book.yaml").write_text(
        "title: A Book of Many Notes\ncreators:\n  - name: Bench Mark\ncontents:\n"
        "  - file: sources/notes.md\n    kind: markdown\n", encoding="utf-8")
    return folder


# Each snippet prints the CPU seconds of its own process (pandoc's, the same either way, are left out) and the wall.
READ = """
import json, sys, time
from pathlib import Path
from octavo.transforms.editing import edited_manuscript
from octavo.errors import Warnings
from octavo.settings import load_settings
cpu, wall = time.process_time(), time.perf_counter()
edited_manuscript(load_settings(Path(sys.argv[1])), Warnings())
print(json.dumps({"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall}))
"""

LAYOUT = """
import json, sys, time
from pathlib import Path
from octavo.transforms.editing import edited_manuscript
from octavo.errors import Warnings
from octavo.editions.print.edition import lay_out
from octavo.editions.print.profiles import profile
from octavo.typesetting.typeset import typeset
from octavo.editions.base import RenderContext
from octavo.settings import load_settings
settings = load_settings(Path(sys.argv[1]))
book = edited_manuscript(settings, Warnings())
context = RenderContext(book, typeset(book, settings.citation_style), settings, Warnings())
cpu, wall = time.process_time(), time.perf_counter()
edition = lay_out(context, profile("handout"))
import io, pikepdf
print(json.dumps({"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall,
                  "pages": len(pikepdf.open(io.BytesIO(edition.pdf)).pages)}))
"""


def run(code: str, book: Path, source: Path, patched: bool = True) -> dict:
    """Run a snippet on the book with the package from `source`; OCTAVO_NO_PATCHES leaves WeasyPrint as shipped."""
    env = dict(os.environ, PYTHONPATH=str(source), SOURCE_DATE_EPOCH="1790000000")
    env.pop("OCTAVO_NO_PATCHES", None)
    if not patched:
        env["OCTAVO_NO_PATCHES"] = "1"
    done = subprocess.run([sys.executable, "-c", code, str(book)], env=env, cwd=source, capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def checkout(revision: str, folder: Path) -> Path:
    """The package as it was at a git revision, exported into `folder`."""
    archive = subprocess.run(["git", "archive", revision, "octavo", "styles", "templates"], cwd=ROOT,
                             capture_output=True, check=True).stdout
    folder.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def main() -> None:
    """Print Markdown tables: reading stage before and after, handout layout patched and not."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", default="", help="git revision to compare the reading stage with")
    parser.add_argument("--after", default="", help="git revision to measure (default: the working tree)")
    parser.add_argument("--read", default="2000,5000,10000,100000", help="note counts for the reading stage")
    parser.add_argument("--before-up-to", type=int, default=10000, help="run the old reading stage up to this many")
    parser.add_argument("--layout", default="1000,2000,4000", help="note counts for the print layout")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="octavo-notes-") as folder:
        work = Path(folder)
        before = checkout(args.before, work / "before") if args.before else None
        source = checkout(args.after, work / "after") if args.after else ROOT
        print(f"Reading stage (assemble: read, edit), Octavo's own CPU seconds; before = {args.before or '-'}, "
              f"after = {args.after or 'working tree'}\n")
        print("| notes | after (s) | before (s) | before ÷ after |\n|---:|---:|---:|---:|")
        for count in (int(n) for n in args.read.split(",")):
            book = make_notes_book(work / f"read-{count}", count)
            after = run(READ, book, source)["cpu"]
            old = run(READ, book, before)["cpu"] if before and count <= args.before_up_to else None
            ratio = f"{old / after:.1f}" if old else "–"
            print(f"| {count:,} | {after:.2f} | {f'{old:.2f}' if old else 'not run'} | {ratio} |", flush=True)
        print("\nHandout layout of the chapter (body and front matter), CPU seconds\n")
        print("| notes | pages | patched (s) | as shipped (s) | shipped ÷ patched |\n|---:|---:|---:|---:|---:|")
        for count in (int(n) for n in args.layout.split(",")):
            book = make_notes_book(work / f"layout-{count}", count)
            patched, shipped = run(LAYOUT, book, source), run(LAYOUT, book, source, patched=False)
            print(f"| {count:,} | {patched['pages']} | {patched['cpu']:.1f} | {shipped['cpu']:.1f} | "
                  f"{shipped['cpu'] / patched['cpu']:.2f} |", flush=True)


if __name__ == "__main__":
    main()
