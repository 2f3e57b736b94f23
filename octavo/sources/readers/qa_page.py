"""Reader for a captured question-and-answer web page: question, quick answer, expert answers."""

from __future__ import annotations

from dataclasses import dataclass, field

from octavo.core.sanitise import strip_markup, unescape_entities
from octavo.core.text import escape_text, normalise_space
from octavo.errors import BookError
from octavo.manuscript import Block, Chapter, Provenance
from octavo.sources.readers.base import ReaderOptions, SourceDocument
from octavo.sources.readers.boilerplate import Boilerplate, load_boilerplate
from octavo.sources.sourcetext import SourceText

KIND = "qa-page"
QUICK_ANSWER_TITLE = "Quick Answer"
MAX_QUESTION_LENGTH = 250


@dataclass
class _Group:
    """Paragraph lines gathered between two separators: (line number, text)."""

    lines: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class PageParts:
    """A captured page cut into its question, quick answer and answers."""

    question: str
    question_line: int
    quick: _Group
    answers: list[_Group]
    removed: list[tuple[int, str]]


def split_page(source: SourceText, rules: Boilerplate) -> PageParts:
    """Cut the page into question, quick answer and answers, dropping boilerplate."""
    numbered = [(n, line) for n, line in enumerate(source.lines, start=1)]
    content = [(n, line) for n, line in numbered if line.strip()]
    if not content:
        raise BookError("has no text", "check the capture", source.shown_as)
    question_line, question = content[0]
    question = normalise_space(unescape_entities(strip_markup(question)[0])) or "Untitled"
    quick = _Group()
    answers: list[_Group] = []
    removed: list[tuple[int, str]] = []
    current = quick
    seen_answers = False
    for number, line in content[1:]:
        if rules.is_marker("quick-answer", line) and not seen_answers:
            removed.append((number, line))
            current = quick
            continue
        if rules.is_marker("answers", line) and not seen_answers:
            removed.append((number, line))
            seen_answers = True
            current = _Group()
            answers.append(current)
            continue
        rule = rules.match(line)
        if rule is not None:
            removed.append((number, line))
            if rule.role == "separator":
                seen_answers = True
                current = _Group()
                answers.append(current)
            continue
        current.lines.append((number, line))
    return PageParts(question, question_line, quick, [a for a in answers if a.lines], removed)


def _looks_like_question(text: str) -> bool:
    """Whether a paragraph is an answer's own question (a short line ending in '?')."""
    return text.rstrip().endswith("?") and len(text) <= MAX_QUESTION_LENGTH


def _paragraphs(lines: list[tuple[int, str]], shown_as: str, options: ReaderOptions) -> list[Block]:
    """One paragraph block per captured line, with any HTML markup removed."""
    blocks = []
    for number, text in lines:
        clean, changed = strip_markup(text)
        if changed:
            options.warnings.add("HTML markup removed from the captured text", shown_as, number)
        clean = normalise_space(unescape_entities(clean))
        if clean:
            blocks.append(Block("paragraph", escape_text(clean), Provenance(shown_as, number)))
    return blocks


def read_qa_page(source: SourceText, options: ReaderOptions) -> SourceDocument:
    """Read a captured Q&A page into an introduction and one chapter per expert answer."""
    rules = options.boilerplate or load_boilerplate()
    parts = split_page(source, rules)
    chapters: list[Chapter] = []
    if parts.quick.lines:
        first = parts.quick.lines[0][0]
        chapters.append(
            Chapter(
                QUICK_ANSWER_TITLE,
                _paragraphs(parts.quick.lines, source.shown_as, options),
                Provenance(source.shown_as, first),
                role="introduction",
                metadata={"question": parts.question},
            )
        )
    for number, group in enumerate(parts.answers, start=1):
        lines = list(group.lines)
        title = parts.question
        first_line = lines[0][0]
        if len(lines) > 1 and _looks_like_question(lines[0][1]):
            title = normalise_space(unescape_entities(strip_markup(lines[0][1])[0])) or parts.question
            lines = lines[1:]
        chapters.append(
            Chapter(
                title,
                _paragraphs(lines, source.shown_as, options),
                Provenance(source.shown_as, first_line),
                metadata={"question": parts.question, "answer": number},
            )
        )
    if not chapters:
        raise BookError(
            "has a question but no answer text",
            "check the capture, or give the source another kind in book.yaml",
            source.shown_as,
            parts.question_line,
        )
    if not parts.answers:
        options.warnings.add("found no expert answers, only a quick answer", source.shown_as)
    reference = {"type": "webpage", "title": parts.question, "genre": "Questions and answers"}
    removed = [[number, line] for number, line in parts.removed]  # plain lists, as the content cache keeps them
    return SourceDocument(KIND, parts.question, chapters, reference, {"removed": removed})
