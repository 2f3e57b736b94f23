"""A catalogue of books built at once: each like its own build, the same on a Dask cluster, one bad book reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import BOOK, FIXTURES, run_cli
from test_cache import outputs

SMALL = FIXTURES / "small-book"
FORMATS = "epub,pdf,web"


def _books(tmp_path: Path) -> list[Path]:
    books = [tmp_path / "shelf" / "stalin", tmp_path / "shelf" / "bells"]
    shutil.copytree(BOOK, books[0])
    shutil.copytree(SMALL, books[1])
    return books


def test_each_book_of_a_catalogue_is_built_as_on_its_own(tmp_path: Path) -> None:
    books = _books(tmp_path)
    done = run_cli("catalogue", *map(str, books), "--out", str(tmp_path / "out"), "--formats", FORMATS)
    assert done.returncode == 0, done.stderr
    assert "Built 2 of 2 books" in done.stdout + done.stderr
    for book in books:
        alone = tmp_path / f"alone-{book.name}"
        assert run_cli("--book", str(book), "--out", str(alone), "--formats", FORMATS, "-q").returncode == 0
        built = outputs(tmp_path / "out" / book.name)
        assert built and built == outputs(alone), f"{book.name} differs from its own build"


def test_a_catalogue_on_a_dask_cluster_is_the_local_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    distributed = pytest.importorskip("distributed")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # the workers' own build time, as run_cli sets it
    books = _books(tmp_path)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        done = run_cli("catalogue", *map(str, books), "--out", str(tmp_path / "cluster"), "--formats", FORMATS,
                       "--scheduler", cluster.scheduler_address)
        assert done.returncode == 0, done.stderr
        with distributed.Client(cluster) as client:
            jobs = client.run_on_scheduler(lambda dask_scheduler: sorted(dask_scheduler.task_prefixes))
    assert jobs == ["build_one"], "the books were not built on the cluster"
    done = run_cli("catalogue", *map(str, books), "--out", str(tmp_path / "local"), "--formats", FORMATS)
    assert done.returncode == 0, done.stderr
    for book in books:
        built = outputs(tmp_path / "cluster" / book.name)
        assert built and built == outputs(tmp_path / "local" / book.name)


def test_a_bad_book_is_reported_and_the_others_are_built(tmp_path: Path) -> None:
    books = _books(tmp_path)
    (books[0] / "book.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    done = run_cli("catalogue", *map(str, books), "--out", str(tmp_path / "out"), "--formats", "epub")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "stalin: not built:" in done.stderr and "book.yaml" in done.stderr
    assert "1 book(s) not built: stalin" in done.stderr
    assert list((tmp_path / "out" / "bells").glob("*.epub"))


def test_two_books_of_one_name_are_refused(tmp_path: Path) -> None:
    books = _books(tmp_path)
    twin = tmp_path / "other" / "stalin"
    shutil.copytree(SMALL, twin)
    done = run_cli("catalogue", str(books[0]), str(twin), "--out", str(tmp_path / "out"))
    assert done.returncode == 1 and "two books are called 'stalin'" in done.stderr
