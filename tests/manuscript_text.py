"""Read a built manuscript back through pandoc into plain text, for fidelity checks."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pypandoc

QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def normalise(text: str) -> str:
    """Fold quotes, dashes and white space so sources and outputs compare."""
    return re.sub(r"\s+", " ", text.translate(QUOTES)).strip()


def chapter_files(manuscript: Path) -> list[Path]:
    """The chapter files in reading order."""
    return sorted(manuscript.glob("[0-9][0-9]-*.md"))


def plain(markdown: str) -> str:
    """The text pandoc reads from Markdown, as plain text, without note calls or citations."""
    done = subprocess.run([pypandoc.get_pandoc_path(), "--sandbox", "-f", "markdown", "-t", "plain", "--wrap=none"],
                          input=markdown, capture_output=True, text=True, check=True)
    text = re.sub(r"\[\d+\]", "", done.stdout)
    text = re.sub(r"\s*\[@[^\]]*\]", "", text)
    return normalise(text)


def manuscript_plain(manuscript: Path) -> str:
    """All chapters' text as plain, normalised text."""
    return " ".join(plain(path.read_text(encoding="utf-8")) for path in chapter_files(manuscript))


def sentences(text: str) -> list[str]:
    """Split prose into sentences (good enough for checks)."""
    parts = re.split(r"(?<=[.?!])[\"']?\s+(?=[A-Z\"'])", normalise(text))
    return [p.strip() for p in parts if len(p.strip()) > 3]


def unindexed(markdown: str) -> str:
    """Markdown without index marks (`[words]{.index term="..."}` becomes `words`)."""
    return re.sub(r"\[([^\]]*)\]\{\.index[^}]*\}", r"\1", markdown)


def index_words(book: Path) -> dict[str, set[str]]:
    """For each index term of a book, the normalised words that mark it (people's names and variants too)."""
    import yaml

    words: dict[str, set[str]] = {}
    for person in yaml.safe_load((book / "names.yaml").read_text(encoding="utf-8")):
        words[person["sort_as"]] = {person["name"], *person.get("variants", [])}
    for subject in yaml.safe_load((book / "index.yaml").read_text(encoding="utf-8")):
        words[subject["term"]] = set(subject.get("match", [subject["term"]]))
        for sub in subject.get("sub", []):
            words[sub["term"]] = set(sub.get("match", [sub["term"]]))
    return {term: {normalise(w) for w in found} for term, found in words.items()}
