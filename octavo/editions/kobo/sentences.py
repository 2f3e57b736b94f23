"""Where a run of text divides into sentences, for Kobo's segments: after . ! ? or … and the space that follows.

Kobo's own conversion cuts at every such mark; this one leaves out the common false ends, so a segment is a
sentence more often: an abbreviation (`Mr.`, `e.g.`, `p.`), a single initial (`J. Stalin`), and any mark
followed by a lower-case word or a digit (`the 2.5 km`, `e.g. this`). A segment keeps its trailing space, so
the segments of a text always join back into the text.
"""

from __future__ import annotations

import re

# A sentence mark (or several: `?!`, `...`), then closing quotes or brackets, then the space after it (or the end).
_END = re.compile(r"[.!?\u2026]+[\"'\u2019\u201d\u00bb)\]]*(?:\s+|$)")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "st", "prof", "rev", "gen", "col", "lt", "sgt", "capt", "jr", "sr", "vs", "cf",
    "e.g", "i.e", "viz", "ca", "c", "p", "pp", "no", "nos", "vol", "vols", "ch", "fig", "figs", "ed", "eds",
    "trans", "approx", "dept", "est", "op", "cit", "ibid", "al",
})


def _false_end(text: str, start: int, end: int) -> bool:
    """Whether the mark at `start` only looks like a sentence end: an abbreviation, an initial, a lower-case next."""
    rest = text[end:]
    if rest and (rest[0].islower() or rest[0].isdigit()):
        return True
    if text[start] != ".":
        return False
    before = _WORD_BEFORE.search(text[:start])
    if before is None:
        return False
    word = before.group(1).lower().rstrip(".")
    return (len(word) == 1 and word.isalpha()) or word in ABBREVIATIONS


def sentences(text: str) -> list[str]:
    """The text cut after each sentence end; the pieces join back into `text` (one piece when there is no end)."""
    pieces: list[str] = []
    begin = 0
    for end in _END.finditer(text):
        if end.end() == end.start() or _false_end(text, end.start(), end.end()):
            continue
        if end.end() > begin:
            pieces.append(text[begin:end.end()])
            begin = end.end()
    if begin < len(text):
        pieces.append(text[begin:])
    return pieces
