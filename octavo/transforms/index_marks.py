"""Index marks: every mention of a person (by any variant) and of the editor's subjects, as index spans."""

from __future__ import annotations

import re
from pathlib import Path

from octavo.core.keys import check_keys
from octavo.core.yamlfile import line_of, load_yaml
from octavo.errors import BookError
from octavo.manuscript import Book, EditorialRecord, IndexSubject

KEYS = {"term", "match", "sub", "see"}
# Each part stops at the next `[` (or `<!--`), so no line of many unclosed brackets is scanned once for each.
PROTECTED = re.compile(r"\[\^[^\[\]]*\]|\[@[^\[\]]*\]|\[[^\[\]]*\]\([^)\[]*\)|\[[^\[\]]*\]\{[^}\[]*\}"
                       r"|<!--(?:(?!<!--).)*?-->|`[^`]*`")
SUB = "!"



def _subject(entry: object, shown_as: str) -> IndexSubject:
    """Check one subject entry."""
    line = line_of(entry)
    if isinstance(entry, dict):  # first, so a misspelt required key is named
        check_keys(entry, KEYS, shown_as, "an index entry")
    if not isinstance(entry, dict) or not str(entry.get("term") or "").strip():
        raise BookError("each index entry needs a `term`", "write `- term: Politburo`", shown_as, line)
    term = str(entry["term"]).strip()
    if SUB in term:
        raise BookError(f"the term {term!r} contains '!'", "give sub-entries under `sub:`", shown_as, line)
    match = [str(m) for m in entry.get("match") or [term]]
    subs = [_subject(sub, shown_as) for sub in entry.get("sub") or []]
    return IndexSubject(term, match, str(entry.get("see") or "").strip(), subs)


def load_subjects(path: Path, shown_as: str, people: list[str]) -> list[IndexSubject]:
    """Read index.yaml; a 'see' reference must name another entry."""
    data = load_yaml(path, shown_as) or []
    if not isinstance(data, list):
        raise BookError("must be a list of index entries", "write `- term: ...`", shown_as, 1)
    subjects = [_subject(entry, shown_as) for entry in data]
    terms = {subject.term for subject in subjects if not subject.see} | set(people)
    for entry, subject in zip(data, subjects, strict=True):
        if subject.see and subject.see not in terms:
            raise BookError(f"{subject.term!r} says see {subject.see!r}, which is not an entry",
                            "add that entry or correct the reference", shown_as, line_of(entry))
    return subjects


def _patterns(book: Book, subjects: list[IndexSubject]) -> list[tuple[str, str]]:
    """(words, index term) pairs, longest words first so 'Joseph Stalin' wins over 'Stalin'."""
    pairs: list[tuple[str, str]] = []
    for person in book.people:
        pairs.extend((words, person.sort_as) for words in [person.name, *person.variants])
    for subject in subjects:
        pairs.extend((words, subject.term) for words in subject.match if not subject.see)
        for sub in subject.subs:
            pairs.extend((words, f"{subject.term}{SUB}{sub.term}") for words in sub.match)
    return sorted(set(pairs), key=lambda pair: (-len(pair[0]), pair[0]))


def _mark(text: str, pattern: re.Pattern[str], terms: dict[str, str]) -> tuple[str, int]:
    """Wrap matches outside links, notes, citations and existing spans."""
    pieces, last, count = [], 0, 0
    for protected in [*PROTECTED.finditer(text), None]:
        end = protected.start() if protected else len(text)
        chunk = text[last:end]

        def wrap(match: re.Match[str]) -> str:
            nonlocal count
            count += 1
            term = terms[match.group(0).lower()].replace('"', "'")
            return f'[{match.group(0)}]{{.index term="{term}"}}'

        pieces.append(pattern.sub(wrap, chunk))
        if protected:
            pieces.append(protected.group(0))
            last = protected.end()
    return "".join(pieces), count


def mark_index(book: Book, subjects: list[IndexSubject]) -> None:
    """Mark every mention in paragraphs, quotations and author's Markdown (not headings)."""
    pairs = _patterns(book, subjects)
    if not pairs:
        return
    terms = {words.lower(): term for words, term in reversed(pairs)}
    pattern = re.compile(r"(?<![\w\[])(" + "|".join(re.escape(w) for w, _ in pairs) + r")(?![\w\]])")
    for chapter in book.chapters():
        for block in chapter.blocks:
            if block.kind == "heading":
                continue
            block.text, count = _mark(block.text, pattern, terms)
            if count:
                book.log.append(EditorialRecord("index", f"{count} index mark(s)", block.provenance, chapter.id,
                                                count))
