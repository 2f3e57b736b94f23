"""Fidelity: every sentence of the seeds' prose is in the manuscript; no boilerplate is."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from conftest import BOOK, SEEDS
from manuscript_text import manuscript_plain, normalise, sentences

# The captured page's site furniture, listed by hand from the seed (not from Octavo's rules).
SEED_BOILERPLATE = {
    "Quick answer:",
    "Expert Answers",
    "An illustration of the letter 'A' in a speech bubbles",
    "Approved by eNotes Editorial",
    "Last Updated on",
    "See eNotes Ad-Free",
    "Start your 48-hour free trial to get access to more than 30,000 additional guides and more than "
    "350,000 Homework Help questions answered by our experts.",
    "Get 48 Hours Free Access",
}


def corrected(text: str) -> str:
    """Apply the book's declared corrections, as an editor would by hand."""
    for entry in yaml.safe_load((BOOK / "corrections.yaml").read_text(encoding="utf-8")):
        text = re.sub(rf"(?<!\w){re.escape(entry['find'])}(?!\w)", entry["replace"], text)
    return text


def qa_prose() -> list[str]:
    lines = SEEDS[0].read_text(encoding="utf-8").splitlines()
    prose = [line for line in lines[1:] if line.strip() and line.strip() not in SEED_BOILERPLATE]
    return [s for line in prose for s in sentences(corrected(line))]


def note_prose() -> list[str]:
    text = SEEDS[1].read_text(encoding="utf-8").split("---", 2)[2]
    text = re.sub(r"\s*<a class=\"yt-timestamp\"[^>]*>\[[^\]]*\]</a>", "", text)
    text = re.sub(r"\[\[[^\]|]*\|\s*([^\]]*)\]\]", r"\1", text)
    text = re.sub(r"^From: \[\[[^\]]*\]\] <br/>\s*$", "", text, flags=re.MULTILINE)
    text = re.sub(r"^> ?(\[!quote\] )?", "", text, flags=re.MULTILINE)
    text = re.sub(r"^#+ ", "", text, flags=re.MULTILINE)
    found = []
    for block in re.split(r"\n\s*\n", text):
        found.extend(sentences(block))
    return found


def test_every_qa_sentence_is_kept(example_build: Path) -> None:
    text = manuscript_plain(example_build)
    missing = [s for s in qa_prose() if normalise(s) not in text]
    assert len(qa_prose()) > 60
    assert missing == []


def test_every_note_sentence_is_kept(example_build: Path) -> None:
    text = manuscript_plain(example_build)
    missing = [s for s in note_prose() if normalise(s) not in text]
    assert len(note_prose()) > 20
    assert missing == []


def test_no_boilerplate_line_survives(example_build: Path) -> None:
    text = manuscript_plain(example_build)
    for line in SEED_BOILERPLATE - {"Expert Answers"}:
        assert normalise(line) not in text, line
    for leftover in ("speech bubble", "Ad-Free", "free trial", "Last Updated", "<br", "yt-timestamp", "[["):
        assert leftover not in text, leftover


def test_corrections_are_applied_and_recorded(example_build: Path) -> None:
    text = manuscript_plain(example_build)
    for wrong, right in [("Begag", "Sebag"), ("Kaminev", "Kamenev"), ("Dugashviliwas", "Dzhugashvili was"),
                         ("Lavrentia", "Lavrentiy")]:
        assert wrong not in text
        assert right in text
    log = yaml.safe_load((example_build / "manuscript.yaml").read_text(encoding="utf-8"))["editorial_log"]
    details = [entry["detail"] for entry in log if entry["action"] == "correction"]
    assert any(d.startswith("Kaminev → Kamenev (2×)") for d in details)
    assert all(entry["where"].startswith("sources/000_7f47a321802d7970.txt:") for entry in log
               if entry["action"] == "correction")
