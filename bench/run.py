"""Benchmark the build of a synthetic book stage by stage, beside pandoc's own EPUB and pandoc → WeasyPrint."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_book import make_book  # noqa: E402

from octavo.core.pandoc import pandoc_path  # noqa: E402
from octavo.errors import Warnings  # noqa: E402
from octavo.settings import load_settings  # noqa: E402
from octavo.sources.references import references_json  # noqa: E402
from octavo.transforms.editing import edited_manuscript  # noqa: E402
from octavo.typesetting.bookmarkdown import book_markdown  # noqa: E402


def measure(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """(wall seconds, peak resident MiB, standard output) of a command in its own process."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), SOURCE_DATE_EPOCH="1790000000")
    began = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    output = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - began
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return wall, usage.ru_maxrss / 1024, output


def pages(pdf: Path) -> int:
    """The page count of a PDF."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def main() -> None:
    """Print a Markdown table of stages and baselines."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chapters", type=int, default=90)
    parser.add_argument("--paragraphs", type=int, default=48)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="octavo-bench-") as folder:
        work = Path(folder)
        book = make_book(work / "book", args.chapters, args.paragraphs)
        out = work / "out"
        rows = []
        for stage in ("assemble", "typeset", "manuscript", "epub", "pdf"):
            wall, peak, output = measure([sys.executable, str(ROOT / "bench" / "stage.py"), stage, str(book),
                                          str(out)], work)
            inner = json.loads(output)
            rows.append((f"octavo: {stage}", inner["seconds"] if stage != "assemble" else inner["assemble"],
                         wall, peak))
        settings = load_settings(book)
        manuscript = edited_manuscript(settings, Warnings())
        (work / "book.md").write_text(book_markdown(manuscript), encoding="utf-8")
        (work / "refs.json").write_text(references_json(manuscript.references), encoding="utf-8")
        cite = ["--citeproc", "--csl", str(settings.citation_style), "--bibliography", "refs.json"]
        pandoc_epub = measure([pandoc_path(), "book.md", *cite, "-o", "pandoc.epub"], work)
        pandoc_html = measure([pandoc_path(), "book.md", *cite, "-s", "-t", "html5", "-o", "pandoc.html"], work)
        weasy = measure([sys.executable, "-m", "weasyprint", "pandoc.html", "pandoc.pdf"], work)
        rows += [("pandoc: EPUB writer", pandoc_epub[0], pandoc_epub[0], pandoc_epub[1]),
                 ("pandoc → HTML", pandoc_html[0], pandoc_html[0], pandoc_html[1]),
                 ("WeasyPrint on pandoc's HTML", weasy[0], weasy[0], weasy[1])]
        ours_pdf = next(p for p in out.glob("*.pdf"))
        print(f"Synthetic book: {args.chapters} chapters, {pages(ours_pdf)} pages in our handout PDF, "
              f"{pages(work / 'pandoc.pdf')} pages through pandoc → WeasyPrint.\n")
        print("| stage | stage time (s) | process wall (s) | peak memory (MiB) |")
        print("|---|---:|---:|---:|")
        for name, seconds, wall, peak in rows:
            print(f"| {name} | {seconds:.1f} | {wall:.1f} | {peak:.0f} |")
        print(f"\nWall-time ratios, ours ÷ theirs, each from sources to file: EPUB "
              f"{rows[3][2] / pandoc_epub[0]:.2f} (octavo epub process ÷ pandoc's EPUB writer); PDF "
              f"{rows[4][2] / (pandoc_html[0] + weasy[0]):.2f} (octavo pdf process ÷ pandoc → HTML + WeasyPrint).")


if __name__ == "__main__":
    main()
