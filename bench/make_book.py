"""Generate a synthetic book folder of N chapters with notes and citations, for benchmarks."""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

WORDS = (
    "archive ledger harbour council river winter printer treaty lantern market village engine letter "
    "province garrison chronicle mill railway bishop merchant assembly frontier granary charter "
    "orchard tariff vessel quarry beacon parish signal courier census foundry canal rampart"
).split()
VERBS = "recorded delayed shaped carried weighed reopened divided measured followed questioned".split()


def sentence(rng: random.Random) -> str:
    """One plausible sentence of 12 to 24 words."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 22))]
    words.insert(rng.randint(2, len(words) - 2), rng.choice(VERBS))
    return " ".join(words).capitalize() + "."


def chapter(number: int, paragraphs: int, references: int, rng: random.Random) -> str:
    """A Markdown chapter with sections, footnotes and citations."""
    lines = [f"# Chapter {number}: The {rng.choice(WORDS).title()} and the {rng.choice(WORDS).title()}", ""]
    notes = []
    for index in range(paragraphs):
        if index and index % 8 == 0:
            lines += [f"## The {rng.choice(WORDS)} of {rng.choice(WORDS)}s", ""]
        text = " ".join(sentence(rng) for _ in range(rng.randint(4, 7)))
        if index % 3 == 0:
            text += f" [@ref{rng.randrange(references)}, {rng.randint(3, 300)}]"
        if index % 4 == 1:
            notes.append(f"[^n{index}]: {sentence(rng)} {sentence(rng)}")
            text += f"[^n{index}]"
        lines += [text, ""]
    return "\n".join(lines + notes) + "\n"


def make_book(folder: Path, chapters: int, paragraphs: int, seed: int = 1) -> Path:
    """Write book.yaml, references.json and the chapters; returns the folder."""
    rng = random.Random(seed)
    references = 40
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    refs = [{"id": f"ref{i}", "type": "book", "author": [{"family": rng.choice(WORDS).title(), "given": "A."}],
             "title": f"The {rng.choice(WORDS).title()} of the {rng.choice(WORDS).title()}",
             "publisher": "Synthetic Press", "issued": {"date-parts": [[1900 + i]]}} for i in range(references)]
    (folder / "references.json").write_text(json.dumps(refs, indent=1), encoding="utf-8")
    contents = []
    for number in range(1, chapters + 1):
        name = f"sources/chapter-{number:03d}.md"
        (folder / name).write_text(chapter(number, paragraphs, references, rng), encoding="utf-8")
        contents.append(f"      - file: {name}\n        kind: markdown")
    parts = [contents[i:i + 10] for i in range(0, len(contents), 10)]
    body = "".join(f"  - part: Part {n + 1}\n    sources:\n" + "\n".join(p) + "\n" for n, p in enumerate(parts))
    (folder / "book.yaml").write_text(
        f"title: A Synthetic Book of {chapters} Chapters\nlanguage: en\ncreators:\n  - name: Bench Mark\n"
        f"date: \"2026\"\nbibliography: references.json\ncontents:\n{body}", encoding="utf-8")
    return folder


def main() -> None:
    """Command line: make_book.py FOLDER --chapters N --paragraphs P."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--chapters", type=int, default=60)
    parser.add_argument("--paragraphs", type=int, default=48)
    args = parser.parse_args()
    print(make_book(args.folder, args.chapters, args.paragraphs))


if __name__ == "__main__":
    main()
