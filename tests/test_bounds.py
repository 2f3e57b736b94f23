"""Small files that would take the machine are refused in bounded memory and time, naming the file.

Each build runs as a user would, in its own process under an address-space limit (a safety net, so a regression
fails here instead of waking the out-of-memory killer), and its peak resident memory is read with wait4: the build
and every process it waited for, pandoc included.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from octavo.core import pandoc
from octavo.core.pandoc import pandoc_warnings, run_pandoc
from octavo.errors import BookError
from octavo.sources.sourcetext import check_archive

SAFETY_NET = 6 * 1024**3  # address space for the build and pandoc: far above the bound, far below the machine
PEAK_BOUND_MIB = 1536  # pandoc's heap limit for a small input is 512 MiB (its RSS reaches about twice that); the
# bomb .bib took 24 GB without it
BUILD_TIME_BOUND = 600  # seconds; these builds take a few


def build(book: Path, out: Path) -> tuple[int, str, float]:
    """Build the book: its exit status, its standard error and its peak resident memory in MiB."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), SOURCE_DATE_EPOCH="1790000000")
    errors = out.parent / f"{out.name}.stderr"

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (SAFETY_NET, SAFETY_NET))

    with errors.open("w") as stderr:
        process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--book", str(book), "--out", str(out),
                                    "--formats", "manuscript", "-q"], stdout=subprocess.DEVNULL, stderr=stderr,
                                   env=env, cwd=ROOT, preexec_fn=limit)
        timer = threading.Timer(BUILD_TIME_BOUND, process.kill)
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, errors.read_text(encoding="utf-8"), usage.ru_maxrss / 1024


def small_book(folder: Path, source: str, extra: str = "") -> Path:
    """A one-source book; `extra` adds lines to book.yaml."""
    (folder / "sources").mkdir(parents=True)
    (folder / "book.yaml").write_text(f"title: Small\n{extra}contents:\n  - file: sources/{source}\n", encoding="utf-8")
    return folder


def macro_chain(levels: int, joined: str) -> str:
    """BibTeX whose @string macros each repeat the one before (`joined` holds `{m}` where the previous goes)."""
    lines = ['@string{m0 = "ab"}']
    lines += [f"@string{{m{i} = {joined.format(m=f'm{i - 1}')}}}" for i in range(1, levels + 1)]
    lines.append(f"@book{{bomb, title = m{levels}, author = {{A. Writer}}, year = 2020}}")
    return "\n".join(lines) + "\n"


MACRO_SHAPES = {
    "doubled 40 times (the report)": macro_chain(40, "{m} # {m}"),
    "tripled 26 times": macro_chain(26, "{m} # {m} # {m}"),
    "doubled with text between, 40 times": macro_chain(40, '{m} # " and " # {m}'),
}


@pytest.mark.parametrize("bib", MACRO_SHAPES.values(), ids=MACRO_SHAPES.keys())
def test_a_bib_whose_macros_multiply_is_refused_in_bounded_memory(tmp_path: Path, bib: str) -> None:
    book = small_book(tmp_path / "book", "a.md", "bibliography: refs.bib\n")
    (book / "sources" / "a.md").write_text("# A\n\nText [@bomb].\n", encoding="utf-8")
    (book / "refs.bib").write_text(bib, encoding="utf-8")
    assert len(bib) < 2048
    code, err, peak = build(book, tmp_path / "out")
    assert code == 1, err
    assert "Traceback" not in err
    assert "refs.bib: is too big to convert: pandoc needed more than 512 MiB of memory" in err
    assert "@string macros" in err
    assert peak < PEAK_BOUND_MIB, f"peak {peak:.0f} MiB"


def write_docx(path: Path, document_bytes: int, declared: int | None = None) -> None:
    """A Word file whose document.xml unpacks to `document_bytes` of empty paragraphs, packed about 700 to 1.

    With `declared`, the zip states that size for document.xml instead of the real one (in its local header and its
    central directory), as a crafted bomb would.
    """
    paragraph = b"<w:p/>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats'
                         '.org/package/2006/content-types"/>')
        with archive.open("word/document.xml", "w") as member:
            chunk = paragraph * (1024 * 1024 // len(paragraph))
            written = 0
            while written < document_bytes:
                member.write(chunk[: document_bytes - written])
                written += len(chunk)
    if declared is not None:
        data = bytearray(path.read_bytes())
        real = document_bytes.to_bytes(4, "little")
        for header, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            at = data.find(header)
            while at != -1:
                if data[at + offset: at + offset + 4] == real:
                    data[at + offset: at + offset + 4] = declared.to_bytes(4, "little")
                at = data.find(header, at + 4)
        path.write_bytes(bytes(data))


DOCX_SHAPES = {
    "1 GB document.xml (the report)": (1024**3, None, "unpacks to 1024 MiB, over the 256 MiB limit"),
    "40 MiB packed 1000 to 1": (40 * 1024**2, None, "unpacks to 40 MiB, packed"),
    "a size the zip understates": (64 * 1024**2, 1024**2, "misstates its sizes"),
}


@pytest.mark.parametrize("size, declared, said", DOCX_SHAPES.values(), ids=DOCX_SHAPES.keys())
def test_an_inflating_docx_is_refused_before_pandoc_reads_it(tmp_path: Path, size: int, declared: int | None,
                                                             said: str) -> None:
    book = small_book(tmp_path / "book", "big.docx")
    write_docx(book / "sources" / "big.docx", size, declared)
    assert (book / "sources" / "big.docx").stat().st_size < 2 * 1024**2
    code, err, peak = build(book, tmp_path / "out")
    assert code == 1, err
    assert "Traceback" not in err
    assert "sources/big.docx: " in err and said in err
    assert peak < 600, f"peak {peak:.0f} MiB"


def test_every_pandoc_run_has_a_heap_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pandoc, "heap_limit", lambda size: 8 * pandoc.MIB)
    text = "Some *words* and [a link](https://example.org).\n\n" * 20_000
    with pytest.raises(BookError, match="^sources/a.md: is too big to convert: pandoc needed more than 8 MiB"):
        run_pandoc(["--from", "markdown", "--to", "json"], stdin=text, shown_as="sources/a.md")
    with pytest.raises(BookError, match="^the book's text .* is too big to convert: pandoc needed more than 8 MiB"):
        pandoc_warnings(["--from", "markdown", "--to", "html5"], text)


def test_every_pandoc_run_has_a_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pandoc, "time_limit", lambda size: 0.05)
    text = "Some *words* and [a link](https://example.org).\n\n" * 50_000
    with pytest.raises(BookError, match=r"^sources/a.md: took pandoc longer than 0.05 s to convert, its time limit"):
        run_pandoc(["--from", "markdown", "--to", "json"], stdin=text, shown_as="sources/a.md")
    with pytest.raises(BookError, match=r"^the book's text .* took pandoc longer than 0.05 s"):
        pandoc_warnings(["--from", "markdown", "--to", "html5"], text)


def test_a_file_named_like_an_rts_option_cannot_lift_the_limit(tmp_path: Path) -> None:
    (tmp_path / "+RTS").write_text("words\n", encoding="utf-8")
    assert run_pandoc(["--from", "markdown", "--to", "plain", "+RTS"], cwd=tmp_path).strip() == "words"


def test_limits_grow_with_the_input_and_stop() -> None:
    assert pandoc.heap_limit(1000) == pandoc.HEAP_FLOOR
    assert pandoc.heap_limit(20 * pandoc.MIB) == 20 * pandoc.MIB * pandoc.HEAP_PER_INPUT_BYTE
    assert pandoc.heap_limit(10**12) == pandoc.HEAP_CEILING
    assert pandoc.time_limit(0) == pandoc.PANDOC_TIMEOUT < pandoc.time_limit(20 * pandoc.MIB)


def test_the_docx_check_passes_a_document_of_ordinary_size(tmp_path: Path) -> None:
    write_docx(tmp_path / "ok.docx", 2 * 1024**2)
    parts = zipfile.ZipFile(tmp_path / "ok.docx").infolist()
    assert check_archive(tmp_path / "ok.docx", "ok.docx") == sum(part.file_size for part in parts)


def _peak_kib(command: list[str]) -> int:
    """The peak resident memory of one process running `command` on a short chapter."""
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    assert process.stdin is not None
    process.stdin.write(("A short chapter with *a few* words.\n\n" * 200).encode())
    process.stdin.close()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.returncode == 0
    return usage.ru_maxrss


def test_a_small_run_does_not_take_the_big_heap_pandoc_asks_for() -> None:
    """Measured as memory, not time: pandoc's own -H64m suggestion makes every small run touch 64 MiB."""
    args = ["--from", "markdown", "--to", "json"]
    ours = pandoc.pandoc_command(args, pandoc.HEAP_FLOOR)
    shipped = [part for part in ours if part != pandoc.HEAP_SUGGESTION]
    assert len(shipped) == len(ours) - 1
    assert _peak_kib(ours) < _peak_kib(shipped) - 30 * 1024
