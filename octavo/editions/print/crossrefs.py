"""Cross-references in print: each carries the words its page number follows, for the stylesheet to print."""

from __future__ import annotations

import re
from html import escape

# Start tags of links classed `crossref` in pandoc's chapter HTML, whose attributes are always double-quoted.
CROSSREF = re.compile(r'<a\s[^>]*\bclass="(?:[^"]*\s)?crossref(?:\s[^"]*)?"[^>]*>')


def see_page(body: str, words: str) -> str:
    """The chapter HTML with `data-see` on each cross-reference: the words before its page number ("see p.")."""
    attribute = f' data-see="{escape(words)}"'
    return CROSSREF.sub(lambda found: found.group(0)[:-1] + attribute + ">", body)
