"""OCT601: lines of a chapter that look like a web site's chrome (share bars, sign-ups, cookies, footers)."""

from __future__ import annotations

import re

from octavo.lint.findings import Finding
from octavo.lint.prose import prose
from octavo.lint.view import Passage
from octavo.settings import BookSettings
from octavo.sources.readers.boilerplate import Boilerplate, load_boilerplate

LONGEST = 120
"""Longer lines are prose, whatever words they use."""
# Whole lines (case ignored) that a site puts around an article; each has an id, as the readers' rules do.
PATTERNS = (
    ("share", r"(share|tweet|pin|email)( (this|it))?( (article|post|page|story))?( (on|via|to|with) .{1,40})?"
              r"|share on .{1,40}"),
    ("sign-up", r"(subscribe|sign up|register|join)( (now|today|here|for free|free))?( (to|for) .{1,60})?[.!]?"
                r"|(log|sign) in( (to|with) .{1,40})?|create (a|an|your) (free )?account.{0,40}"
                r"|(subscribe to |sign up for )?(our|the) newsletter.{0,40}"),
    ("rights", r".{0,80}\ball rights reserved\b.{0,40}|(copyright|©) ?(©|\(c\))? ?\d{4}.{0,80}"),
    ("cookies", r".{0,100}\bcookies?\b.{0,100}\b(policy|settings|preferences|consent|accept|agree|browsing|"
                r"experience|use)\b.{0,100}|.{0,100}\b(accept|allow|use|reject)( all)? cookies\b.{0,100}"),
    ("read-time", r"(\d+|one|two|three|four|five|ten)[ -]min(ute)?s?( (read|to read|reading))"
                  r"|reading time:? .{1,20}"),
    ("related", r"(related|recommended|popular|trending|more) (articles?|posts?|stories|reading|content|videos?)"
                r"( (for you|from .{1,40}))?:?|you (may|might) also (like|enjoy):?|read (more|next)( .{1,40})?"
                r"|more from .{1,40}"),
    ("advertising", r"(advertisement|sponsored( content| post)?|ads? by .{1,30})"),
    ("navigation", r"back to top|skip to (main )?content|(print|email) this (page|article|story)|"
                   r"leave a (comment|reply)|\d+ comments?|comments \(\d+\)|follow us( on .{1,40})?|"
                   r"click here( to .{1,60})?|(previous|next) (post|article|story)|"
                   r"((privacy policy|terms (of (use|service)|and conditions)|contact us|about us|cookie policy)"
                   r"[ |•·,–-]*){1,6}"),
)
CHROME = tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in PATTERNS)
LINE_MARKS = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]*|[-*+•][ \t]+|\d+[.)][ \t]+)*")


def _rule(line: str, rules: Boilerplate) -> str:
    """The id of the chrome pattern or boilerplate rule a line matches, else ''."""
    book_rule = rules.match(line)
    if book_rule is not None:
        return book_rule.id
    return next((name for name, pattern in CHROME if pattern.fullmatch(line)), "")


def check_chrome(passages: list[Passage], settings: BookSettings) -> list[Finding]:
    """OCT601 for each short line of a heading or block matching a chrome pattern or the book's boilerplate rules."""
    own = settings.data_file("boilerplate")
    rules = load_boilerplate(own.path if own else None, own.shown_as if own else "")
    findings: list[Finding] = []
    for passage in passages:
        if passage.role not in ("text", "heading"):
            continue
        for line in prose(passage.text).split("\n"):
            line = " ".join(LINE_MARKS.sub("", line).split())
            if not line or len(line) > LONGEST:
                continue
            rule = _rule(line, rules)
            if rule:
                pattern = re.compile(re.escape(line.split()[0]))
                findings.append(Finding("OCT601", passage.where.file, passage.line_of(pattern),
                                        f'"{line}" looks like site chrome ({rule}), not the author\'s text',
                                        "leave it out of the source, or add a `drop` rule to the book's boilerplate "
                                        "file (captured Q&A pages)"))
    return findings
