"""Read a built PDF back: text page by page (poppler), folios, and the contents page's entries."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

LEADER = re.compile(r"^\s*(?P<title>\S.*?)\s*(?:\.\s*){3,}\s*(?P<folio>[0-9]+|[ivxlc]+)\s*$")


def page_texts(pdf: Path) -> list[str]:
    """The text of each page, in layout order."""
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
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
