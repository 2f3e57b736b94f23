"""Read a built PDF back (poppler's pdftotext): text page by page, folios, and the contents page's entries."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from octavo.check.tools import command

LEADER = re.compile(r"^\s*(?P<title>\S.*?)\s*(?:\.\s*){3,}\s*(?P<folio>[0-9]+|[ivxlc]+)\s*$")
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]
FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def page_texts(pdf: Path) -> list[str]:
    """The text of each page, in layout order."""
    pdftotext = command("pdftotext", "pdftotext", "poppler-utils")
    pages = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def flat(text: str) -> str:
    """Page text as one line, with line-end hyphens joined up."""
    text = re.sub(r"[\u2010-](\s*\n\s*)", "", text)
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def folio(text: str) -> str:
    """The number printed at the foot of a page, if any."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines and re.fullmatch(r"[0-9]+|[ivxlc]+", lines[-1]) else ""


def contents_entries(pages: list[str]) -> list[tuple[str, str]]:
    """(title, folio) of each entry of the contents page, titles joined across wrapped lines."""
    [page] = [p for p in pages if p.strip().startswith("Contents")]
    entries, pending = [], ""
    for line in page.splitlines()[1:]:
        match = LEADER.match(line)
        if match:
            entries.append((f"{pending} {match['title']}".strip().rstrip(". "), match["folio"]))
            pending = ""
        elif line.strip() and not re.fullmatch(r"\s*[ivxlc]+\s*", line):
            pending = f"{pending} {line.strip()}".strip()
    return entries


def text_start(pages: list[str]) -> int:
    """The index of page 1 of the text, worked out from the first arabic folio printed."""
    index, number = next((i, int(folio(p))) for i, p in enumerate(pages) if folio(p).isdigit())
    return index - (number - 1)


def _folded(text: str) -> str:
    """Quotes, dashes and white space folded, so a contents entry and a page's heading compare."""
    return re.sub(r"\s+", " ", text.translate(FOLD)).strip().casefold()


def contents_problems(pages: list[str]) -> list[tuple[str, str]]:
    """(title, what is wrong) for each contents entry whose folio is not the page where that title begins."""
    if not any(page.strip().startswith("Contents") for page in pages):
        return [("", "the PDF has no contents page")]
    problems = []
    first_arabic = text_start(pages)
    for title, number in contents_entries(pages):
        if not number.isdigit():
            index = ROMAN.index(number) if number in ROMAN else -1
            if index < 0 or index >= len(pages) or folio(pages[index]) != number:
                problems.append((title, f"the contents give page {number}, but no page {number} is there"))
            continue
        index = first_arabic + int(number) - 1
        part = re.match(r"(Part [IVX]+): (.*)", title)
        expected = f"{part[1]} {part[2]}" if part else title
        if index >= len(pages) or not _folded(flat(pages[index])).startswith(_folded(expected)):
            opening = flat(pages[index])[:60] if index < len(pages) else "nothing (the book is shorter)"
            problems.append((title, f"the contents give page {number}, but page {number} begins with {opening!r}"))
    return problems
