"""`init` makes a book folder that builds as it stands, from the seeds and from unseen sources."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import yaml
from conftest import FIXTURES, SEEDS, run_cli
from manuscript_text import chapter_files, manuscript_plain, normalise, plain

UNSEEN = FIXTURES / "unseen"


def chapters(manuscript: Path) -> list[tuple[str, str]]:
    """(title, plain text without note calls and citations) of each chapter."""
    found = []
    for path in chapter_files(manuscript):
        text = path.read_text(encoding="utf-8")
        header = yaml.safe_load(text.split("---")[1])
        body = re.sub(r"^\[\^n\d+\]: .*$", "", text, flags=re.MULTILINE)  # notes are compared elsewhere
        body = re.sub(r"\[\^n\d+\]", "", body)
        body = re.sub(r"::: \{\.attribution\}\n.*?\n:::", "", body)  # canonicalised by the names authority
        found.append((header["title"], plain(body)))
    return found


def init_and_build(tmp_path: Path, sources: list[Path]) -> Path:
    copies = tmp_path / "incoming"
    copies.mkdir()
    for source in sources:
        shutil.copy(source, copies / source.name)
    book = tmp_path / "newbook"
    done = run_cli("init", str(book), *[str(copies / s.name) for s in sources])
    assert done.returncode == 0, done.stderr
    for source in sources:
        assert (book / "sources" / source.name).read_bytes() == source.read_bytes()
    done = run_cli("--book", str(book), "--out", str(tmp_path / "out"), "-q")
    assert done.returncode == 0, done.stderr
    return tmp_path / "out" / "manuscript"


def test_init_on_the_seeds_gives_the_same_chapters(tmp_path: Path, example_build: Path) -> None:
    built = init_and_build(tmp_path, SEEDS)
    config = yaml.safe_load((tmp_path / "newbook" / "book.yaml").read_text(encoding="utf-8"))
    assert config["title"] == "How did Joseph Stalin come to power?"
    assert [entry["kind"] for entry in config["contents"]] == ["qa-page", "wiki-note"]
    ours, theirs = chapters(built), chapters(example_build)
    assert [t for t, _ in ours] == [t for t, _ in theirs]
    # The example book adds corrections and editorial notes; undo them to compare the rest.
    corrections = yaml.safe_load((SEEDS[0].parent.parent / "corrections.yaml").read_text(encoding="utf-8"))
    for (title, mine), (_, example) in zip(ours, theirs, strict=True):
        for entry in corrections:
            mine = re.sub(rf"(?<!\w){re.escape(entry['find'])}(?!\w)", entry["replace"], mine)
        assert normalise(mine) == normalise(example), title


def test_init_on_unseen_sources(tmp_path: Path) -> None:
    expected = json.loads((UNSEEN / "expected.json").read_text(encoding="utf-8"))
    sources = [UNSEEN / "qa_capture.txt", UNSEEN / "wiki_note.md", UNSEEN / "own_chapter.md"]
    built = init_and_build(tmp_path, sources)
    text = manuscript_plain(built)
    titles = [t for t, _ in chapters(built)]
    qa, note, own = expected["qa_capture.txt"], expected["wiki_note.md"], expected["own_chapter.md"]
    assert len(titles) == 1 + qa["answer_count"] + 1 + 1
    for wanted in qa["answer_titles"]:
        assert (wanted or qa["question"]) in titles
    for sentence in qa["prose_sentences"] + own["sentences"]:
        assert normalise(sentence) in text
    for line in qa["boilerplate_lines"]:
        assert normalise(line) not in text
    assert note["title"] in titles and own["title"] in titles
    for label in note["wiki_labels"]:
        assert normalise(label) in text
    for section in note["section_titles"]:
        assert normalise(section) in text
    for callout in note["callout_titles"]:
        assert normalise(callout) in text
    note_file = next(p for p in chapter_files(built) if yaml.safe_load(p.read_text().split("---")[1])["title"]
                     == note["title"])
    links = re.findall(r"\(https://www\.youtube\.com/watch\?v=([\w-]+)&t=(\d+)\)", note_file.read_text())
    assert len(links) == len(note["timestamps"])
    assert {v for v, _ in links} == {note["video_id"]}
    assert "\\@" in own_markdown(built, own["title"]) or "@" in text
    references = json.loads((built / "references.json").read_text(encoding="utf-8"))
    assert len(references) >= 2


def own_markdown(built: Path, title: str) -> str:
    for path in chapter_files(built):
        if title in path.read_text(encoding="utf-8"):
            return path.read_text(encoding="utf-8")
    raise AssertionError(title)


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    done = run_cli("init", str(tmp_path / "full"), str(SEEDS[0]))
    assert done.returncode == 1
    assert "is not empty" in done.stderr and "Traceback" not in done.stderr
