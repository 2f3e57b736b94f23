"""Time the naive path (pandoc EPUB, pandoc → HTML → WeasyPrint) beside Octavo's cold, no-op and one-edit builds."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from importlib import metadata
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

POLL_SECONDS = 0.05
EDIT_SENTENCE = "The benchmark appended this one sentence to the chapter after the book's first build."
NAIVE_ROWS = ("naive: pandoc EPUB writer", "naive: pandoc → HTML", "naive: WeasyPrint on pandoc's HTML")


@dataclass(frozen=True)
class Run:
    """One measured command: wall seconds, the largest single-process peak RSS in MiB, its standard output."""

    wall: float
    peak_mib: float
    output: str = ""


@dataclass
class Size:
    """Everything measured for one book size."""

    chapters: int
    rows: dict[str, Run]
    handout_pages: int
    naive_pages: int
    notes: list[str]


def children_of(pid: int) -> list[int]:
    """The direct children of a process, from /proc/PID/task/*/children; empty when the kernel lacks that file."""
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(child) for child in (task / "children").read_text().split()]
    except OSError:
        return []
    return found


def parents() -> dict[int, int]:
    """Every visible process's parent id, from /proc/*/stat (the fallback when children files are missing)."""
    table: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            table[int(entry.name)] = int(stat[stat.rindex(")") + 2:].split()[1])
    return table


def process_tree(root: int, children_files: bool) -> list[int]:
    """The root process and all its living descendants."""
    if children_files:
        tree, index = [root], 0
        while index < len(tree):
            tree += children_of(tree[index])
            index += 1
        return tree
    by_parent: dict[int, list[int]] = {}
    for pid, parent in parents().items():
        by_parent.setdefault(parent, []).append(pid)
    tree, index = [root], 0
    while index < len(tree):
        tree += by_parent.get(tree[index], [])
        index += 1
    return tree


def peak_kib(pid: int) -> int:
    """A process's resident peak so far in KiB (VmHWM, else VmRSS, from /proc/PID/status); 0 once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    for key in ("VmHWM", "VmRSS"):
        if key in fields:
            return int(fields[key].split()[0])
    return 0


def has_children_files() -> bool:
    """Whether this kernel offers /proc/PID/task/TID/children."""
    return (Path("/proc/self/task") / str(os.getpid()) / "children").exists()


def measure(command: list[str], cwd: Path) -> Run:
    """Run a command as a child, polling its process tree every 50 ms; wall time and largest one-process RSS."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), SOURCE_DATE_EPOCH="1790000000")
    children_files = has_children_files()
    peaks: dict[int, int] = {}
    with tempfile.TemporaryFile(dir=cwd) as out, tempfile.TemporaryFile(dir=cwd) as err:
        began = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err)
        while True:
            for pid in process_tree(process.pid, children_files):
                peaks[pid] = max(peaks.get(pid, 0), peak_kib(pid))
            if process.poll() is not None:
                break
            time.sleep(POLL_SECONDS)
        wall = time.perf_counter() - began
        out.seek(0)
        err.seek(0)
        output, errors = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{errors[-4000:]}")
    return Run(wall, max(peaks.values(), default=0) / 1024, output)


def pages(pdf: Path) -> int:
    """The page count of a PDF (pdfinfo, else pikepdf)."""
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    import pikepdf

    with pikepdf.open(pdf) as document:
        return len(document.pages)


def handout_pdf(out: Path) -> Path:
    """The handout PDF of a build folder: the one PDF that is neither the trade edition nor its cover."""
    found = sorted(path for path in out.glob("*.pdf") if not path.stem.endswith(("-trade", "-cover")))
    if len(found) != 1:
        raise SystemExit(f"expected one handout PDF in {out}, found {[path.name for path in found]}")
    return found[0]


def digest(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def no_cache_flag() -> bool:
    """Whether build.py accepts --no-cache (the content cache may not exist yet)."""
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--help"], capture_output=True, text=True,
                          cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), check=True)
    return "--no-cache" in done.stdout


def cache_filled(out: Path) -> bool:
    """Whether a build left anything in OUT/.octavo-cache/."""
    cache = out / ".octavo-cache"
    return cache.is_dir() and any(path.is_file() for path in cache.rglob("*"))


def code_stamp() -> str:
    """A digest of the names, sizes and times of Octavo's own files (the content cache keys on their bytes)."""
    files = sorted(path for path in (ROOT / "octavo").rglob("*") if path.is_file() and "__pycache__" not in path.parts)
    return digest_text("\n".join(f"{path} {path.stat().st_size} {path.stat().st_mtime_ns}" for path in files))


def digest_text(text: str) -> str:
    """The SHA-256 of a text."""
    return hashlib.sha256(text.encode()).hexdigest()


def edit_chapter(book: Path, chapters: int) -> Path:
    """Append one sentence, as a paragraph of its own, to the middle chapter's source file; returns the file."""
    source = book / "sources" / f"chapter-{(chapters + 1) // 2:03d}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.rstrip("\n") + f"\n\n{EDIT_SENTENCE}\n", encoding="utf-8")
    return source


def naive(book: Path, work: Path) -> tuple[dict[str, Run], int]:
    """Pandoc's EPUB writer, then pandoc → standalone HTML → WeasyPrint, on the book as one Markdown file."""
    settings = load_settings(book)
    manuscript = edited_manuscript(settings, Warnings())
    (work / "book.md").write_text(book_markdown(manuscript), encoding="utf-8")
    (work / "refs.json").write_text(references_json(manuscript.references), encoding="utf-8")
    cite = ["--citeproc", "--csl", str(settings.citation_style), "--bibliography", "refs.json"]
    commands = ([pandoc_path(), "book.md", *cite, "-o", "pandoc.epub"],
                [pandoc_path(), "book.md", *cite, "-s", "-t", "html5", "-o", "pandoc.html"],
                [sys.executable, "-m", "weasyprint", "pandoc.html", "pandoc.pdf"])
    rows = {name: measure(command, work) for name, command in zip(NAIVE_ROWS, commands, strict=True)}
    return rows, pages(work / "pandoc.pdf")


def octavo_build(book: Path, out: Path) -> list[str]:
    """Octavo's `--formats epub,pdf` build of the book into `out`."""
    return [sys.executable, str(ROOT / "build.py"), "--book", str(book), "--out", str(out), "--formats", "epub,pdf",
            "-q"]


def alternating(book: Path, work: Path, flag: bool, rounds: int) -> tuple[list[float], list[float]]:
    """The naive path's total and Octavo's cold build, one after the other, `rounds` times: their wall seconds."""
    naive_walls, cold_walls = [], []
    for _ in range(rounds):
        rows, _ = naive(book, work)
        naive_walls.append(sum(run.wall for run in rows.values()))
        out = work / "cold-again"
        shutil.rmtree(out, ignore_errors=True)
        cold_walls.append(measure(octavo_build(book, out) + (["--no-cache"] if flag else []), work).wall)
        shutil.rmtree(out, ignore_errors=True)
    return naive_walls, cold_walls


def octavo(book: Path, out: Path, chapters: int, work: Path, flag: bool) -> tuple[dict[str, Run], int, list[str]]:
    """Octavo cold into a fresh folder, again with nothing changed, again after a one-chapter edit."""
    build = octavo_build(book, out)
    rows, notes, stamp = {}, [], code_stamp()
    rows["octavo cold"] = measure(build + (["--no-cache"] if flag else []), work)
    handout = pages(handout_pdf(out))
    if flag and not cache_filled(out):
        rows["octavo cold, cache on (fills the cache)"] = measure(build, work)
        notes.append("--no-cache left OUT/.octavo-cache/ empty, so one build with the cache on filled it before "
                     "the no-op (its row above).")
    epub = next(out.glob("*.epub"))
    before = digest(epub)
    rows["octavo no-op"] = measure(build, work)
    if digest(epub) != before:
        notes.append("the no-op build changed the EPUB's bytes.")
    edited = edit_chapter(book, chapters)
    rows["octavo one-chapter edit"] = measure(build, work)
    if digest(epub) == before:
        notes.append(f"the edit of {edited.name} left the EPUB's bytes unchanged.")
    if code_stamp() != stamp:
        notes.append("Octavo's own files changed during these builds; the content cache keys on them, so the no-op "
                     "and edit figures are not to be trusted. Measure again on a quiet checkout.")
    return rows, handout, notes


def stages(book: Path, work: Path) -> dict[str, Run]:
    """Each build stage in its own process through bench/stage.py (the stage's own seconds in Run.output)."""
    out = work / "stages-out"
    return {f"octavo stage: {stage}": measure([sys.executable, str(ROOT / "bench" / "stage.py"), stage, str(book),
                                               str(out)], work)
            for stage in ("assemble", "typeset", "manuscript", "epub", "pdf")}


def measure_size(chapters: int, paragraphs: int, flag: bool, with_stages: bool, repeat: int = 1) -> Size:
    """Make a synthetic book of this many chapters in a temporary folder and measure both paths on it.

    With `repeat` above 1, the naive path and the cold build run that many times, one after the other, and their
    rows give the medians (the no-op and the edit follow the last cold build).
    """
    with tempfile.TemporaryDirectory(prefix=f"octavo-bench-{chapters}-") as folder:
        work = Path(folder)
        book = make_book(work / "book", chapters, paragraphs)
        naive_walls, cold_walls = alternating(book, work, flag, repeat - 1)
        rows, naive_pages = naive(book, work)
        rows["naive total"] = Run(sum(run.wall for run in rows.values()), max(run.peak_mib for run in rows.values()))
        built, handout, notes = octavo(book, work / "out", chapters, work, flag)
        if repeat > 1:
            naive_walls.append(rows["naive total"].wall)
            cold_walls.append(built["octavo cold"].wall)
            rows["naive total"] = replace(rows["naive total"], wall=statistics.median(naive_walls))
            built["octavo cold"] = replace(built["octavo cold"], wall=statistics.median(cold_walls))
            notes.append(f"naive total and octavo cold are the medians of {repeat} runs of each, one after the other: "
                         f"naive {', '.join(f'{wall:.2f}' for wall in naive_walls)} s; cold "
                         f"{', '.join(f'{wall:.2f}' for wall in cold_walls)} s (the naive rows above are the last "
                         "run's).")
        rows.update(built)
        if with_stages:
            rows.update(stages(make_book(work / "stages-book", chapters, paragraphs), work))
        return Size(chapters, rows, handout, naive_pages, notes)


def size_table(size: Size) -> str:
    """The Markdown table of one book size."""
    lines = [f"### {size.chapters} chapters: handout PDF {size.handout_pages} pages "
             f"(pandoc → WeasyPrint PDF {size.naive_pages} pages)", "",
             "| run | wall (s) | peak MiB (one process) |", "|---|---:|---:|"]
    for name, run in size.rows.items():
        stage = ""
        if name.startswith("octavo stage: "):
            inner = json.loads(run.output)
            stage = f" (stage itself {inner['assemble'] if 'assemble' in name else inner['seconds']:.2f})"
        lines.append(f"| {name} | {run.wall:.2f}{stage} | {run.peak_mib:.0f} |")
    cold = size.rows["octavo cold"].wall
    lines += ["", f"Pages per second, handout pages ÷ octavo cold wall: {size.handout_pages / cold:.1f}."]
    lines += [f"Note: {note}" for note in size.notes]
    return "\n".join(lines)


def summary_table(sizes: list[Size]) -> str:
    """The ratios tracked across sizes, one row per size."""
    lines = ["### Summary", "",
             "| chapters | handout pages | naive total (s) | octavo cold (s) | cold ÷ naive | pages/s (cold) "
             "| no-op (s) | edit (s) | edit ÷ cold | peak MiB octavo | peak MiB naive | chapters ÷ previous "
             "| cold ÷ previous cold |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    previous: Size | None = None
    for size in sizes:
        rows = size.rows
        cold, total = rows["octavo cold"].wall, rows["naive total"].wall
        octavo_peak = max(run.peak_mib for name, run in rows.items() if name.startswith("octavo ")
                          and not name.startswith("octavo stage"))
        growth = ("–", "–") if previous is None else (
            f"{size.chapters / previous.chapters:.2f}", f"{cold / previous.rows['octavo cold'].wall:.2f}")
        lines.append(f"| {size.chapters} | {size.handout_pages} | {total:.2f} | {cold:.2f} | {cold / total:.2f} "
                     f"| {size.handout_pages / cold:.1f} | {rows['octavo no-op'].wall:.2f} "
                     f"| {rows['octavo one-chapter edit'].wall:.2f} "
                     f"| {rows['octavo one-chapter edit'].wall / cold:.2f} | {octavo_peak:.0f} "
                     f"| {rows['naive total'].peak_mib:.0f} | {growth[0]} | {growth[1]} |")
        previous = size
    return "\n".join(lines)


def environment(flag: bool) -> str:
    """One line naming the machine, the tools and the commit measured."""
    pandoc = subprocess.run([pandoc_path(), "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip() or "unknown"
    return (f"{time.strftime('%Y-%m-%d')}, commit {commit}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, {pandoc}, WeasyPrint {metadata.version('weasyprint')}; "
            f"build.py --no-cache "
            f"{'exists (used for the cold build)' if flag else 'does not exist'}; peak memory polled every "
            f"{POLL_SECONDS * 1000:.0f} ms over each command's process tree.")


def main() -> None:
    """Measure each size and print its table, then the summary."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chapters", default="30,90", help="comma list of book sizes in chapters (default: 30,90)")
    parser.add_argument("--paragraphs", type=int, default=48, help="paragraphs per chapter (default: 48)")
    parser.add_argument("--stages", action="store_true", help="also time each stage alone through bench/stage.py")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the naive path and the cold build this many times each, alternately, and give "
                             "the medians (default: 1)")
    args = parser.parse_args()
    counts = [int(part) for part in args.chapters.split(",") if part.strip()]
    if not counts or min(counts) < 1:
        parser.error("--chapters takes a comma list of positive numbers")
    if args.repeat < 1:
        parser.error("--repeat takes a positive number")
    flag = no_cache_flag()
    print(environment(flag) + "\n", flush=True)
    sizes = []
    for chapters in counts:
        sizes.append(measure_size(chapters, args.paragraphs, flag, args.stages, args.repeat))
        print(size_table(sizes[-1]) + "\n", flush=True)
    print(summary_table(sizes))


if __name__ == "__main__":
    main()
