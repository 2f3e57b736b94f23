"""The content cache and the workers: a kept build is byte for byte a cold one, a bad entry is never trusted."""

from __future__ import annotations

import datetime
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import msgspec
import pytest
from conftest import FIXTURES, run_cli

from octavo.core.cache import CACHE_NAME, FORMAT, Cache, Envelope

SMALL = FIXTURES / "small-book"


def outputs(out: Path) -> dict[str, bytes]:
    """Every output file's bytes by its path, through build/'s links, leaving out the cache and generations."""
    found = {}
    for folder, folders, files in os.walk(out, followlinks=True):
        folders[:] = [name for name in folders if not name.startswith(".octavo")]
        for name in files:
            if not name.startswith(".octavo"):
                path = Path(folder) / name
                found[str(path.relative_to(out))] = path.read_bytes()
    return found


def build(book: Path, out: Path, *extra: str) -> tuple[int, int]:
    """Build every format; returns how many results the cache kept and made again."""
    done = run_cli("--book", str(book), "--out", str(out), "-v", *extra)
    assert done.returncode == 0, done.stderr
    counts = re.search(r"content cache .*: (\d+) kept, (\d+) made again", done.stderr)
    return (int(counts[1]), int(counts[2])) if counts else (0, 0)


def test_a_kept_build_is_a_cold_build_after_an_edit_a_setting_and_a_style(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(SMALL, book)
    warm = tmp_path / "warm"
    _, made = build(book, warm)
    assert made > 0
    kept, made = build(book, warm)
    assert made == 0 and kept >= 4, "a build with nothing changed made something again"
    chapter = next(path for path in sorted((book / "sources").iterdir()) if path.suffix == ".md")
    settings = (book / "book.yaml").read_text(encoding="utf-8")
    changes = [
        (chapter, chapter.read_text(encoding="utf-8") + "\nA sentence added by the editor.\n"),
        (book / "book.yaml", settings.replace("title:", "subtitle: Kept\ntitle:", 1)),
        (book / "print.css", "p { text-indent: 2em; }\n"),
    ]
    for number, (path, text) in enumerate(changes):
        path.write_text(text, encoding="utf-8")
        if path.name == "print.css":
            settings = (book / "book.yaml").read_text(encoding="utf-8")
            (book / "book.yaml").write_text(settings + "print:\n  stylesheet: print.css\n", encoding="utf-8")
        kept, made = build(book, warm)
        assert made > 0, f"change {number} was not noticed"
        cold = tmp_path / f"cold-{number}"
        build(book, cold, "--no-cache")
        assert not (cold / CACHE_NAME).exists()
        assert outputs(warm) == outputs(cold), f"after change {number} the kept build differs from a cold one"


def test_the_same_book_in_two_folders_builds_the_same(tmp_path: Path) -> None:
    first, second = tmp_path / "one" / "book", tmp_path / "two" / "deeper" / "book"
    shutil.copytree(SMALL, first)
    shutil.copytree(SMALL, second)
    build(first, tmp_path / "out-one")
    build(second, tmp_path / "out-two")
    assert outputs(tmp_path / "out-one") == outputs(tmp_path / "out-two")


def test_a_tampered_or_foreign_entry_is_made_again(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(SMALL, out)
    cold = outputs(out)
    entries = sorted(path for path in (out / CACHE_NAME).glob("*/*"))
    kinds = {path.parent.name for path in entries}
    assert {"source", "typeset", "print", "epub", "manuscript"} <= kinds
    print_entry = next(path for path in entries if path.parent.name == "print")
    epub_entry = next(path for path in entries if path.parent.name == "epub")
    typeset_entry = next(path for path in entries if path.parent.name == "typeset")
    manuscript_entry = next(path for path in entries if path.parent.name == "manuscript")
    data = bytearray(print_entry.read_bytes())
    data[len(data) // 2] ^= 0xFF  # a damaged PDF inside: its digest no longer matches
    print_entry.write_bytes(bytes(data))
    shutil.copyfile(typeset_entry, epub_entry)  # a whole, valid entry of another kind and key
    typeset_entry.write_bytes(typeset_entry.read_bytes()[:100])  # cut short
    old = msgspec.msgpack.decode(manuscript_entry.read_bytes(), type=Envelope)  # an entry of another cache format
    manuscript_entry.write_bytes(msgspec.msgpack.encode(Envelope(FORMAT + 1, old.kind, old.key, old.digest,
                                                                 old.payload)))
    kept, made = build(SMALL, out)
    assert made == 4
    assert outputs(out) == cold
    # Each made again and kept. The typesetting's batches are looked up only when the typesetting itself is made
    # (as it was after the damage), so the next build keeps one result fewer than the two numbers above add up to.
    assert build(SMALL, out) == (kept + made - 1, 0)


@dataclass
class Sample:
    """A value for the cache."""

    name: str
    when: object


def test_the_cache_keeps_only_what_comes_back_the_same(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    key = cache.key("sample", "a")
    cache.store("sample", key, Sample("plain", "2020-01-01"))
    assert cache.load("sample", key, Sample) == Sample("plain", "2020-01-01")
    other = cache.key("sample", "b")
    cache.store("sample", other, Sample("dated", datetime.date(2020, 1, 1)))  # would come back as text
    assert cache.load("sample", other, Sample) is None
    assert cache.load("sample", key, str) is None  # asked as the wrong type: refused, not coerced
    off = Cache(None)
    off.store("sample", key, Sample("plain", "x"))
    assert off.load("sample", key, Sample) is None


def test_a_build_on_a_dask_cluster_is_a_local_build(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        build(SMALL, tmp_path / "cluster", "--no-cache", "--scheduler", cluster.scheduler_address)
        with distributed.Client(cluster) as client:
            jobs = client.run_on_scheduler(lambda dask_scheduler: sorted(dask_scheduler.task_prefixes))
    build(SMALL, tmp_path / "local", "--no-cache")
    # Dask names a job by its function, without the leading _: the editions, the binding of the one the EPUB follows,
    # and the trade edition's cover wrap.
    assert jobs == ["bound_edition", "laid_out_wrap", "printed_edition"], "the print editions were not made there"
    assert outputs(tmp_path / "cluster") == outputs(tmp_path / "local")


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    done = run_cli("--book", str(SMALL), "--out", str(tmp_path / "out"), "--formats", "pdf", "--scheduler",
                   "tcp://127.0.0.1:9")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "no Dask scheduler answers at tcp://127.0.0.1:9" in done.stderr


def test_weasyprint_loads_beside_typesetting_only_when_a_source_changed(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(SMALL, book)
    out = tmp_path / "out"

    def loads(*formats: str) -> bool:
        done = run_cli("--book", str(book), "--out", str(out), "-v", "--formats", ",".join(formats or ("pdf",)))
        assert done.returncode == 0, done.stderr
        return "WeasyPrint loads beside typesetting" in done.stderr

    assert loads()  # the first build: nothing kept
    assert not loads()  # nothing changed: nothing to lay out, and WeasyPrint is not even loaded
    chapter = next(path for path in sorted((book / "sources").iterdir()) if path.suffix == ".md")
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA sentence added by the editor.\n", encoding="utf-8")
    assert loads()
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nAnd another.\n", encoding="utf-8")
    assert not loads("manuscript")  # the review manuscript lays nothing out
