"""OCT201, OCT202: a word written twice in a row, and runs of spaces between words."""

from __future__ import annotations

import re

from octavo.lint.findings import Finding, Fix
from octavo.lint.markup import mask
from octavo.lint.prose import prose
from octavo.lint.view import Passage

WORD = r"[^\W\d_]+(?:['’][^\W\d_]+)*"
# The same word again after spaces, in any case ("The the"); a backreference, so "to the the" is found too.
DOUBLED = re.compile(rf"(?<![\w'’-])({WORD})[ \t\n]+(\1)(?![\w'’-])", re.IGNORECASE)
# Doublings that English grammar allows: "had had", "that that".
ALLOWED = frozenset({"had", "that"})
# Two spaces after a sentence's end are a typing convention, not a slip: only runs within a sentence count.
SPACES = re.compile(r"(?<=\S)(?<![.!?:;…][\"'”’)])(?<![.!?:;…])[ \t]{2,}(?=\S)")
LEAD = re.compile(r"^[ \t>]*(?:[-*+]|\d+[.)])?[ \t]*")
TABLE = re.compile(r"\|.*\|")


def check_doubled_words(passages: list[Passage]) -> list[Finding]:
    """OCT201 in titles, headings, blocks and notes; a correction is proposed where corrections.yaml can reach it."""
    findings: list[Finding] = []
    for passage in passages:
        text = prose(passage.text)
        for match in DOUBLED.finditer(text):
            first, second = match.group(1), match.group(2)
            if first.lower() in ALLOWED:
                continue
            pair = f"{first} {second}"
            # corrections.yaml matches the text as written: propose one only where the pair stands there as is.
            literal = re.search(rf"(?<!\w){re.escape(pair)}(?!\w)", passage.text)
            fix = Fix(pair, first) if passage.correctable and literal else None
            line = passage.line_of(re.compile(rf"(?<!\w){re.escape(first)}\s+{re.escape(second)}(?!\w)"))
            findings.append(Finding("OCT201", passage.where.file, line, f'doubled word "{pair}"', "remove one", fix))
    return findings


def check_doubled_spaces(passages: list[Passage]) -> list[Finding]:
    """OCT202 on the source lines of each block and heading read from a text source (not in tables or code)."""
    findings: list[Finding] = []
    for passage in passages:
        if passage.role not in ("text", "heading"):
            continue
        for line in passage.lines:
            text = mask(line.text)
            lead = LEAD.match(text)
            text = text[lead.end() if lead else 0:].rstrip()
            if TABLE.search(text):
                continue
            for match in SPACES.finditer(text):
                before = text[:match.start()].split()[-1]
                after = text[match.end():].split()[0]
                findings.append(Finding("OCT202", passage.where.file, line.number,
                                        f'{len(match.group(0))} spaces between "{before}" and "{after}"',
                                        "one space is enough; check that no word is missing"))
    return findings
