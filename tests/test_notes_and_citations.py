"""Video time notes, the bibliography, and the Montefiore citation, checked through citeproc."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pypandoc
import yaml
from conftest import BOOK, SEEDS
from manuscript_text import unindexed

NOTE_DEF = re.compile(r"^\[\^(n\d+)\]: (.*)$", re.MULTILINE)
CSL = BOOK.parent / "octavo" / "data" / "csl" / "chicago-notes-bibliography.csl"


def seconds(stamp: str) -> int:
    parts = [int(p) for p in stamp.split(":")]
    return sum(value * 60**power for power, value in enumerate(reversed(parts)))


def note_chapter(manuscript: Path) -> str:
    [path] = [p for p in manuscript.glob("*.md") if "stalin-and-his-rise-to-power" in p.name]
    return path.read_text(encoding="utf-8")


def citeproc(markdown: str, manuscript: Path) -> str:
    return pypandoc.convert_text(markdown, "plain", format="markdown", sandbox=True, verify_format=False,
                                 extra_args=["--citeproc", "--csl", str(CSL), "--wrap=none",
                                             "--bibliography", str(manuscript / "references.json")])


def test_all_thirteen_timestamps_are_notes_with_time_links(example_build: Path) -> None:
    stamps = re.findall(r'data-t="([\d:]+)"', SEEDS[1].read_text(encoding="utf-8"))
    assert len(stamps) == 13
    notes = NOTE_DEF.findall(note_chapter(example_build))
    assert len(notes) == 13
    for stamp, (_, text) in zip(stamps, notes, strict=True):
        assert text.startswith("[@fridman2020kotkin, at ")
        url = re.search(r"\((https://[^)]+)\)", text).group(1)
        query = parse_qs(urlsplit(url).query)
        assert query["v"] == ["oCkkjnpS2f8"]
        assert query["t"] == [str(seconds(stamp))]


def test_every_note_call_has_its_note_in_order(example_build: Path) -> None:
    for path in example_build.glob("[0-9]*.md"):
        text = path.read_text(encoding="utf-8")
        body = NOTE_DEF.sub("", text)
        calls = re.findall(r"\[\^(n\d+)\]", body)
        assert calls == [f"n{i}" for i in range(1, len(calls) + 1)], path.name
        assert [n for n, _ in NOTE_DEF.findall(text)] == calls


def test_attribution_and_titled_quotation(example_build: Path) -> None:
    text = note_chapter(example_build)
    header = yaml.safe_load(text.split("---")[1])
    assert header["attribution"] == "Lex Fridman"
    assert "::: {.quotation}\n[Stalin on Power]{.title}\n\n> \"I consider it" in text
    assert "[Tsarist regime]" not in text and "Tsarist regime" in text


def test_bibliography_has_the_three_references(example_build: Path) -> None:
    ids = {entry["id"] for entry in json.loads((example_build / "references.json").read_text(encoding="utf-8"))}
    assert ids == {"montefiore2003", "fridman2020kotkin", "enotes-stalin-power"}
    bibliography = (example_build / "bibliography.md").read_text(encoding="utf-8")
    entries = [p for p in bibliography.split("\n\n") if p.strip() and not p.startswith("#")]
    assert len(entries) == 3
    assert any("*Stalin: The Court of the Red Tsar*" in e and e.startswith("Sebag Montefiore, Simon.") for e in entries)
    assert any("Fridman, Lex." in e and "youtube.com/watch?v=oCkkjnpS2f8" in e for e in entries)
    assert any("How Did Joseph Stalin Come to Power?" in e for e in entries)


def test_montefiore_mention_is_a_chicago_citation_note(example_build: Path) -> None:
    [path] = [p for p in example_build.glob("*.md") if "[@montefiore2003]" in p.read_text(encoding="utf-8")]
    text = path.read_text(encoding="utf-8")
    assert "Simon Sebag Montefiore: Stalin, at the Court of the Red Tsar [@montefiore2003]." in unindexed(text)
    rendered = citeproc(text, example_build)
    note = re.search(r"^\[\d+\] Simon Sebag Montefiore, Stalin: The Court of the Red Tsar \(.*2003\)\.$", rendered,
                     re.MULTILINE)
    assert note, rendered[-800:]


def test_time_notes_render_as_citations_of_the_video(example_build: Path) -> None:
    rendered = citeproc(note_chapter(example_build), example_build)
    assert "Lex Fridman, “Stephen Kotkin: Stalin, Putin, and the Nature of Power,”" in rendered
    assert rendered.count("Fridman, “Stephen Kotkin") >= 12
    assert "oCkkjnpS2f8, at 45:42." in rendered and "Power,” at 1:36:58." in rendered


def test_editorial_note_on_the_secret_police(example_build: Path) -> None:
    text = unindexed("\n".join(p.read_text(encoding="utf-8") for p in example_build.glob("*.md")))
    assert "should the KGB appear in the middle of the night,[^n" in text
    assert re.search(r"^\[\^n\d+\]: In the 1930s the Soviet secret police was the NKVD", text, re.MULTILINE)
