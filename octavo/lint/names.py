"""OCT401, OCT402: a proper noun used once or twice, a letter or two away from a frequent one or an authority name."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from octavo.lint.findings import Finding, Fix
from octavo.lint.prose import prose
from octavo.lint.view import Passage
from octavo.manuscript import Book, IndexSubject

TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
POSSESSIVE = re.compile(r"['’]s?$")
SENTENCE_END = frozenset(".!?…\n")
SKIPPED = frozenset(" \t\"'“‘([*_-+•")
MIN_LENGTH = 5
"""Shorter words are too close to too many others to guess at."""
RARE = 2
"""A suspect stands at most this many times in the book."""
FREQUENT = 3
"""The form it is compared with is capitalised within a sentence at least this many times (and twice as often)."""
ENDINGS = ("", "s", "es", "n", "ns", "an", "ans", "ian", "ians", "ese", "ism", "isms", "ist", "ists", "ite", "ites",
           "ic", "ics", "y", "ies", "ish", "er", "ers")
"""Endings that make another form of the same word, not a misspelling of it."""


@dataclass
class Counts:
    """How the book uses each word: in all, capitalised within a sentence, and which words it writes in lower case."""

    all: Counter[str]
    proper: Counter[str]
    lower: set[str]


def _at_sentence_start(text: str, start: int) -> bool:
    """Whether a word starts a sentence (or a line): only opening quotes, brackets and spaces stand before it."""
    index = start - 1
    while index >= 0 and text[index] in SKIPPED:
        index -= 1
    return index < 0 or text[index] in SENTENCE_END


def _words(passage: Passage) -> list[tuple[str, bool]]:
    """Each word of a passage's text (possessive ending dropped), and whether it is capitalised within a sentence."""
    text = prose(passage.text)
    found = []
    for match in TOKEN.finditer(text):
        word = POSSESSIVE.sub("", match.group(0))
        proper = word[:1].isupper() and not word.isupper() and not _at_sentence_start(text, match.start())
        found.append((word, proper))
    return found


def count_words(passages: list[Passage]) -> Counts:
    """Count the words of the book's text and notes (titles and headings are in title case, so left out)."""
    counts = Counts(Counter(), Counter(), set())
    for passage in passages:
        if passage.role in ("text", "note"):
            for word, proper in _words(passage):
                counts.all[word] += 1
                if proper:
                    counts.proper[word] += 1
                if word[:1].islower():
                    counts.lower.add(word.lower())
    return counts


def _subject_words(subjects: list[IndexSubject]) -> set[str]:
    """Every word of the editor's index terms and their matches."""
    words: set[str] = set()
    for subject in subjects:
        for text in [subject.term, *subject.match]:
            words.update(TOKEN.findall(text))
        words |= _subject_words(subject.subs)
    return words


def authority_words(book: Book) -> set[str]:
    """Every word of the names authority's names and variants."""
    return {word for person in book.people for form in [person.name, *person.variants] for word in TOKEN.findall(form)}


def _forms_of_one_word(a: str, b: str) -> bool:
    """Whether two words are one stem with different endings (Russia, Russian; Communism, Communist)."""
    for ending in ENDINGS:
        if a.endswith(ending) and any(b == a[:len(a) - len(ending)] + other for other in ENDINGS):
            return True
    return False


def nearest(word: str, forms: dict[str, int]) -> list[str]:
    """The forms (with how often each is used) nearest to a word: fewest edits, then most used; none beyond reach.

    Edits are counted by optimal string alignment, so two swapped letters are one edit: one edit is allowed up to
    eight letters, two beyond. Case is ignored, and forms of one word (Russia, Russian) are never near.
    """
    limit = 1 if len(word) <= 8 else 2
    folded = word.casefold()
    found = process.extract(folded, {form: form.casefold() for form in forms}, scorer=OSA.distance,
                            score_cutoff=limit, limit=None)
    scored = [(int(distance), -forms[form], form) for other, distance, form in found
              if distance and not _forms_of_one_word(folded, other)]
    if not scored:
        return []
    best = min(scored)[:2]
    return [form for distance, uses, form in scored if (distance, uses) == best]


def check_names(passages: list[Passage], book: Book) -> list[Finding]:
    """OCT402 for a rare name near an authority name, else OCT401 for one near a frequent proper noun."""
    counts = count_words(passages)
    authority = authority_words(book)
    known = authority | _subject_words(book.index_subjects)
    frequent = {word: uses for word, uses in counts.proper.items() if uses >= FREQUENT}
    names = {word: counts.proper[word] for word in authority if len(word) >= MIN_LENGTH}
    suspects: dict[str, tuple[str, list[str]]] = {}
    for word in counts.proper:
        if len(word) < MIN_LENGTH or counts.all[word] > RARE or word in known or word.lower() in counts.lower:
            continue
        if targets := nearest(word, names):
            suspects[word] = ("OCT402", targets)
        elif targets := nearest(word, {form: uses for form, uses in frequent.items()
                                     if uses >= 2 * counts.all[word]}):
            suspects[word] = ("OCT401", targets)
    findings: list[Finding] = []
    for passage in passages:
        if passage.role not in ("text", "note"):
            continue
        for word in dict.fromkeys(word for word, _ in _words(passage) if word in suspects):
            code, targets = suspects[word]
            findings.append(_finding(code, word, targets, passage, counts))
    return findings


def _times(number: int) -> str:
    """'once', 'twice' or 'N times'."""
    return {1: "once", 2: "twice"}.get(number, f"{number} times")


def _finding(code: str, word: str, targets: list[str], passage: Passage, counts: Counts) -> Finding:
    """The finding for one suspect in one passage, with a correction when one name is the clear choice."""
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
    shown = " or ".join(f'"{target}"' for target in targets)
    if code == "OCT402":
        message = f'"{word}" ({_times(counts.all[word])} in the book) is close to {shown} in the names authority'
        suggestion = f"write {shown}, or add \"{word}\" to that person's variants if it is right"
    else:
        uses = counts.proper[targets[0]]
        message = f'"{word}" ({_times(counts.all[word])} in the book) looks like a misspelling of {shown} ' \
                  f"({_times(uses)})"
        suggestion = f"write {shown}, or leave it if it is another name"
    fix = Fix(word, targets[0]) if len(targets) == 1 and passage.correctable and pattern.search(passage.text) else None
    return Finding(code, passage.where.file, passage.line_of(pattern), message, suggestion, fix)
