"""Markup in a source line that is not the author's prose: tags (and scripts), code, link targets, addresses."""

from __future__ import annotations

import re

# Each alternative stops at the next character that could open another, so no line is scanned once for each mark.
MARKUP = re.compile("|".join((
    r"<(?:script|style)\b[^<>\n]*>[^<\n]*</(?:script|style)\s*>",  # a script's or style's text is not prose
    r"<[^<>\n]*>",                    # tags
    r"`[^`\n]*`",                     # code
    r"\]\([^()\[\]\n]*\)",            # a link's target
    r"\{[^{}\n]*\}",                  # attributes
    r"\[\[[^\[\]|\n]*\|",             # a wiki-link's target
    r"\[![\w-]+\]",                   # a callout's kind
    r"\b(?:https?|ftp|mailto):[^\s<>()\[\]]+",
)), re.IGNORECASE)


def clean(line: str) -> str:
    """The line with its markup turned into a space, so only the author's quotes are left."""
    return MARKUP.sub(" ", line)


def mask(line: str) -> str:
    """The line with each piece of markup turned into as many `x`, so the spaces around it stay as they are."""
    return MARKUP.sub(lambda match: "x" * len(match.group(0)), line)
