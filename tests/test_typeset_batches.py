"""The book typeset in batches of chapters: the citations, notes and bibliography of one run; an edit reruns one."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from octavo.core.cache import Cache
from octavo.errors import Warnings
from octavo.settings import DEFAULT_STYLE, load_settings
from octavo.transforms.editing import edited_manuscript
from octavo.typesetting import batches
from octavo.typesetting.typeset import TypesetBook, typeset

CHAPTERS = 12
WORKS = [("Lantern", "The River of the Mill", 1901), ("Treaty", "The Courier of the Beacon", 1902),
         ("Orchard", "A Census of Harbours", 1903), ("Granary", "Charters and Their Keepers", 1904)]


def write_book(folder: Path) -> Path:
    """Twelve chapters that repeat their section headings and cite the same works, with notes of their own."""
    references = [{"id": f"w{n}", "type": "book", "author": [{"family": family, "given": "A."}], "title": title,
                   "publisher": "Test Press", "issued": {"date-parts": [[year]]}}
                  for n, (family, title, year) in enumerate(WORKS)]
    (folder / "references.json").write_text(json.dumps(references), encoding="utf-8")
    (folder / "sources").mkdir()
    contents = []
    for number in range(1, CHAPTERS + 1):
        work, other = f"w{number % 4}", f"w{(number + 1) % 4}"
        title = "Background" if number == CHAPTERS else f"Chapter {number}"  # the id of earlier chapters' sections
        (folder / "sources" / f"c{number:02d}.md").write_text(
            f"# {title}\n\n## Background\n\nChapter {number} opens.[^a] It cites [@{work}, {number}], "
            f"then the same work again [@{work}, {number + 1}], and another [@{other}].\n\n## Background\n\n"
            f"It goes on.[^b]\n\n[^a]: A note of chapter {number}, citing [@{other}, 7].\n"
            f"[^b]: A second note of chapter {number}.\n", encoding="utf-8")
        contents.append(f"  - file: sources/c{number:02d}.md\n    kind: markdown\n")
    (folder / "book.yaml").write_text("title: Batches\nlanguage: en\ncreators:\n  - name: A. Tester\n"
                                      'date: "2026"\nbibliography: references.json\ncontents:\n'
                                      + "".join(contents), encoding="utf-8")
    return folder


def without_ids(text: str) -> str:
    """HTML with its section ids blanked (a batch names a repeated heading's id its own way)."""
    return re.sub(r' id="(?!fn)[^"]*"', ' id=""', text)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory):
    return edited_manuscript(load_settings(write_book(tmp_path_factory.mktemp("batches"))), Warnings())


def test_batches_read_as_one_run(book, monkeypatch: pytest.MonkeyPatch) -> None:
    batched = typeset(book, DEFAULT_STYLE)
    assert len(batches.chapter_batches(book, DEFAULT_STYLE)) == 3
    monkeypatch.setattr(batches, "BATCH", CHAPTERS)
    assert len(batches.chapter_batches(book, DEFAULT_STYLE)) == 1
    whole = typeset(book, DEFAULT_STYLE)
    assert batched.bibliography == whole.bibliography and batched.bibliography.count("csl-entry") == len(WORKS)
    for chapter_id, chapter in whole.chapters.items():
        mine = batched.chapters[chapter_id]
        assert mine.notes == chapter.notes  # citations (in full, then short) and note numbers through the book
        assert without_ids(mine.body) == without_ids(chapter.body)
    last = batched.chapters[book.chapters()[-1].id]
    assert [note.id for note in last.notes] == [f"fn{n}" for n in range(5 * CHAPTERS - 4, 5 * CHAPTERS + 1)]
    assert '<sup>60</sup>' in last.body
    # Positions restart with the chapter: its first citation of a work is in full though earlier chapters cite it.
    assert "Test Press" in last.notes[1].html and "Test Press" not in last.notes[2].html


def test_every_id_is_distinct(book) -> None:
    result: TypesetBook = typeset(book, DEFAULT_STYLE)
    ids = [name for chapter in result.chapters.values()
           for name in re.findall(r' id="([^"]*)"', chapter.body + "".join(n.html for n in chapter.notes))]
    assert len(ids) == len(set(ids)) and sum(name.startswith("background") for name in ids) == 2 * CHAPTERS


def test_an_edit_runs_its_batch_alone(book, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    first = typeset(book, DEFAULT_STYLE, cache)
    assert cache.misses.count("typeset-batch") == 3
    book.chapters()[6].blocks[-1].text += " One sentence more."
    cache.hits.clear()
    cache.misses.clear()
    again = typeset(book, DEFAULT_STYLE, cache)
    assert cache.misses.count("typeset-batch") == 1 and cache.hits.count("typeset-batch") == 2
    changed = [cid for cid in first.chapters if first.chapters[cid] != again.chapters[cid]]
    assert changed == [book.chapters()[6].id]
    assert again == typeset(book, DEFAULT_STYLE)  # the same as without the cache


def test_a_numbering_style_reads_the_book_in_one_run(book, tmp_path: Path) -> None:
    numeric = tmp_path / "numeric.csl"
    numeric.write_text(DEFAULT_STYLE.read_text(encoding="utf-8").replace(
        "</citation>", '<!-- citation-number --></citation>', 1), encoding="utf-8")
    assert len(batches.chapter_batches(book, numeric)) == 1
