"""OCT101, OCT102: straight quotes in the source whose direction typography would have to guess."""

from __future__ import annotations

import re
from collections.abc import Iterator

from octavo.lint.findings import Finding
from octavo.lint.markup import clean
from octavo.lint.view import Passage, SourceLine

QUOTES = "\"'"
OPEN_BEFORE = set(" \t\n([{<*_\u2014\u2013-/\u00a0\u201c\u2018") | set(QUOTES)
CLOSE_AFTER = set(" \t\n.,;:!?)]}>*_\u2014\u2013-/\u00a0\u2026\u201d\u2019") | set(QUOTES)
DOUBLE = "straight double quote"


def _context(text: str, index: int, reach: int = 20) -> str:
    """The whole words within `reach` characters of a quote, for the message."""
    start, end = max(0, index - reach), min(len(text), index + reach + 1)
    while 0 < start < index and not text[start - 1].isspace():
        start += 1
    while index < end < len(text) and not text[end].isspace():
        end -= 1
    return " ".join(text[start:end].split())


def _sides(text: str, index: int) -> tuple[str, str]:
    """The characters before and after a position ('' at either end)."""
    return (text[index - 1] if index else ""), (text[index + 1] if index + 1 < len(text) else "")


def _doubles(text: str) -> Iterator[tuple[int, str, str]]:
    """(position, message, suggestion) for each straight double quote whose direction is a guess."""
    opened: int | None = None
    for index, character in enumerate(text):
        if character != '"':
            continue
        left, right = _sides(text, index)
        can_open = left == "" or left in OPEN_BEFORE
        can_close = right == "" or right in CLOSE_AFTER
        if left.isdigit() and can_close and opened is None:
            yield index, f'{DOUBLE} after a number in “{_context(text, index)}”', \
                "write ″ for inches or seconds, or ” if it closes a quotation"
        elif can_open == can_close:
            yield index, f'{DOUBLE} in “{_context(text, index)}” could open or close a quotation', \
                "write “ or ”, whichever is meant"
        elif can_open:
            if opened is not None:
                yield opened, f'{DOUBLE} opens a quotation in “{_context(text, opened)}” that is not closed', \
                    "close it, or write “ where the quotation runs on"
            opened = index
        elif opened is None:
            yield index, f'{DOUBLE} closes a quotation nothing opened in “{_context(text, index)}”', \
                "open the quotation, or write ” if it runs on from before"
        else:
            opened = None
    if opened is not None:
        yield opened, f'{DOUBLE} opens a quotation in “{_context(text, opened)}” that the paragraph never closes', \
            "close it, or write “ where the quotation runs on into the next paragraph"


def _singles(text: str) -> Iterator[tuple[int, str, str]]:
    """(position, message, suggestion) for each straight single quote that would be set as an opening quote."""
    pending: list[int] = []
    for index, character in enumerate(text):
        if character != "'":
            continue
        left, right = _sides(text, index)
        if left.isalnum() and right.isalnum():
            continue  # an apostrophe within a word: it's, O'Brien
        if right.isalnum() and (left == "" or left in OPEN_BEFORE):
            if not right.isdigit():  # before a year ('90s) typography already sets an apostrophe
                pending.append(index)
        elif (left == "" or left in OPEN_BEFORE) and (right == "" or right in CLOSE_AFTER):
            yield index, f'straight single quote on its own in “{_context(text, index)}”', \
                "write ‘ or ’, whichever is meant"
        elif pending:
            pending.pop()  # closes the last quotation opened (or is a plural's apostrophe: the same ’ either way)
    for index in pending:
        word = re.match(r"[\w-]*", text[index + 1:])
        shown = f"'{word.group(0) if word else ''}"
        yield index, f'straight apostrophe in “{shown}” would be set as an opening quote ‘', \
            f"write ’ if it is an apostrophe (’{shown[1:]}), or close the quotation it opens"


def _where(lines: tuple[SourceLine, ...], offsets: list[int], index: int) -> int:
    """The source line a position of the joined lines falls on."""
    number = lines[0].number
    for line, start in zip(lines, offsets, strict=True):
        if start <= index:
            number = line.number
    return number


def check_quotes(passages: list[Passage]) -> list[Finding]:
    """OCT101 and OCT102 on the source lines of each block and heading read from a text source."""
    findings: list[Finding] = []
    for passage in passages:
        if not passage.lines or passage.role not in ("text", "heading"):
            continue
        cleaned = [clean(line.text) for line in passage.lines]
        offsets, position = [], 0
        for line_text in cleaned:
            offsets.append(position)
            position += len(line_text) + 1
        text = "\n".join(cleaned)
        for code, found in (("OCT101", _doubles(text)), ("OCT102", _singles(text))):
            for index, message, suggestion in found:
                findings.append(Finding(code, passage.where.file, _where(passage.lines, offsets, index), message,
                                        suggestion))
    return findings
