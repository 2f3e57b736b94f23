"""A plain view of the manuscript's Pandoc Markdown for the rules: the words, without the markup transforms add."""

from __future__ import annotations

import re

# Each bracket's words stop at the next `[`, so no pattern scans a long line once for each bracket in it.
NOTE_CALL = re.compile(r"\[\^[^\[\]]*\]")
CITATION = re.compile(r"[ \t]?\[[^\[\]]*@[^\[\]]*\]")
LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()\[\]]*\)(?:\{[^{}]*\})?")
SPAN = re.compile(r"\[([^\[\]]*)\]\{[^{}]*\}")
CODE = re.compile(r"`[^`\n]*`")
COMMENT = re.compile(r"<!--(?:(?!<!--).)*?-->", re.DOTALL)
TAG = re.compile(r"<[^<>\n]*>")
URL = re.compile(r"\b(?:https?|ftp|mailto):[^\s<>()\[\]]+")
ESCAPE = re.compile(r"\\(.)")
EMPHASIS = re.compile(r"(?<![\w*])[*_]{1,3}|[*_]{1,3}(?![\w*])")
# A neutral character for code and tags, so the words either side of them never read as one run of words.
GAP = " \u00a4 "


def prose(markdown: str) -> str:
    """The words of a block or note: index marks, links and spans reduced to their words; calls and citations gone."""
    text = COMMENT.sub(GAP, markdown)
    text = CODE.sub(GAP, text)
    text = NOTE_CALL.sub("", text)
    text = LINK.sub(r"\1", text)
    text = SPAN.sub(r"\1", text)
    text = CITATION.sub("", text)
    text = TAG.sub(GAP, text)
    text = URL.sub(GAP, text)
    text = EMPHASIS.sub("", text)
    return ESCAPE.sub(r"\1", text)


def without_code(markdown: str) -> str:
    """Markdown with code spans, comments, link targets and bare addresses blanked out (for citation keys)."""
    text = COMMENT.sub(GAP, markdown)
    text = CODE.sub(GAP, text)
    text = re.sub(r"\]\([^()\[\]]*\)", "]", text)
    text = TAG.sub(GAP, text)
    return URL.sub(GAP, text)
