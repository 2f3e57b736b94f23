"""Pandoc Markdown a reviewer's pandoc cannot turn into live markup: safe attribute lists, no raw HTML.

The review manuscript is Markdown that people read back with pandoc. Attribute lists there become HTML attributes
(`[x]{onclick=…}`), `{=html}` passes raw output on and tags are raw HTML. Each text is made inert here by one linear
scan; then pandoc itself reads each written file, and whatever it still finds live is replaced by a form that pandoc
cannot read as markup (pandoc unescapes sub- and superscripts twice, so escapes alone are not enough).
"""

from __future__ import annotations

import bisect
import json
import re

from octavo.core.pandoc import run_pandoc
from octavo.errors import BookError

# Attribute lists of Pandoc Markdown ({#id .class key=value}, {=html}) as the review manuscript keeps them: ids,
# classes and the few keys Octavo writes or that only describe (term=, width=…), never handlers, styles or raw output.
SAFE_ATTRIBUTE_KEYS = {"id", "class", "term", "width", "height", "alt", "lang", "dir"}
_ATTRIBUTE = re.compile(
    r"[ \t\r\n]*(?:#(?P<id>[^\s{}\"'\\=<>]+)|\.(?P<cls>[^\s{}\"'\\=<>]+)|(?P<dash>-)(?=[\s}])"
    r"|=(?P<raw>[^\s{}\"'\\=<>]+)|(?P<key>[^\s{}\"'\\=<>#.-][^\s{}\"'\\=<>]*)="
    r"(?P<value>(?:\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|[^\s{}\"'<>])+))")
_ATTRIBUTES_END = re.compile(r"[ \t\r\n]*\}")
_QUOTED = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'((?:[^'\\]|\\.)*)'")
_MARKDOWN_SPECIAL = re.compile(r"[\\`${<]")
_BACKTICKS = re.compile(r"`+")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@\\]+@[^\s<>@\\]+)>")
_DESTINATION = re.compile(r"<[^<>\n]*>")
_LINE_ENDS = re.compile(r"[ \t\r]*(?:\n|\Z)")
# Lines that end with attributes: headings, link definitions, captions; and the underline of a setext heading.
_ENDS_WITH_ATTRIBUTES = re.compile(r"[ \t>]*(?:#|\[[^\]\n]{0,999}\]:|:[ \t]|Table:)")
_SETEXT = re.compile(r"[ \t>]*(?:=+|-+)[ \t]*(?:\n|\Z)")
_FENCE = re.compile(r"(`{3,}|~{3,})[^\n]*\n")
# What may stand before a div's colons or a fence on their line: indentation, quotation marks, list markers.
_OPENER = re.compile(r"[ \t>]*(?:(?:[-*+]|[0-9]{1,9}[.)])[ \t][ \t>]*)*(?::{3,}|`{3,}|~{3,})[ \t]*")
_LONGEST_ATTRIBUTES = 1000


def _attribute_list(text: str, start: int) -> tuple[str, int, int] | None:
    """The attribute list opening at text[start] with its safe items only, how many went, and its end; or None."""
    kept: list[str] = []
    unsafe = 0
    at = start + 1
    limit = min(len(text), start + _LONGEST_ATTRIBUTES)
    while match := _ATTRIBUTE.match(text, at, limit):
        at = match.end()
        if match["id"] is not None:
            kept.append("#" + match["id"])
        elif match["cls"] is not None:
            kept.append("." + match["cls"])
        elif match["dash"] is not None:
            kept.append("-")
        elif match["raw"] is not None or match["key"].lower() not in SAFE_ATTRIBUTE_KEYS:
            unsafe += 1
        else:
            value = _QUOTED.sub(lambda m: re.sub(r"\\(.)", r"\1", m[1] if m[1] is not None else m[2]), match["value"])
            if "<" in value or ">" in value:
                unsafe += 1
            else:
                kept.append(match["key"] + '="' + value.replace("\\", "\\\\").replace('"', '\\"') + '"')
    end = _ATTRIBUTES_END.match(text, at, limit)
    return ("{" + " ".join(kept) + "}", unsafe, end.end()) if end else None


class _MarkdownScan:
    """One pass over Pandoc Markdown that makes its attribute lists safe and its raw tags plain text."""

    def __init__(self, text: str, skip_code: bool) -> None:
        self.text = text
        self.skip_code = skip_code
        self.pieces: list[str] = []
        self.copied = 0
        self.removed = 0
        self.runs: dict[int, list[int]] = {}
        for run in _BACKTICKS.finditer(text):
            self.runs.setdefault(len(run[0]), []).append(run.start())
        self.closers = [m.start() for m in re.finditer(r"(?<=[^\s\\$])\$(?![\d$])", text)]
        self.lines = [0, *(m.end() for m in re.finditer("\n", text))]
        self.found: dict[str, tuple[int, int]] = {}

    def after(self, needle: str, at: int) -> int:
        """The next `needle` at or after `at`, or -1 (remembered, so a forward scan stays linear)."""
        since, where = self.found.get(needle, (len(self.text) + 1, -1))
        if not (since <= at and (where < 0 or at <= where)):
            where = self.text.find(needle, at)
            self.found[needle] = (at, where)
        return where

    def line_end(self, at: int) -> int:
        """Where the line holding `at` ends."""
        end = self.after("\n", at)
        return len(self.text) if end < 0 else end

    def replace(self, start: int, end: int, by: str) -> None:
        """Put `by` in place of text[start:end]."""
        self.pieces.append(self.text[self.copied:start] + by)
        self.copied = end

    def code_end(self, at: int, length: int) -> int:
        """The end of the code span opened by the backtick run at `at` (on its line), or -1."""
        runs = self.runs.get(length, [])
        index = bisect.bisect_right(runs, at)
        return runs[index] + length if index < len(runs) and runs[index] < self.line_end(at) else -1

    def math_end(self, at: int) -> int:
        """The end of TeX math opened by the dollar at `at` (on its line, no other dollar inside), or -1."""
        text = self.text
        if text.startswith("$$", at) or at + 1 >= len(text) or text[at + 1].isspace():
            return -1
        index = bisect.bisect_right(self.closers, at)
        closer = self.closers[index] if index < len(self.closers) else -1
        return closer + 1 if 0 <= closer < self.line_end(at) and self.after("$", at + 1) == closer else -1

    def place(self, start: int, end: int) -> bool:
        """Whether pandoc reads attributes here: after a span, link, code or opening marks, or ending a heading."""
        text = self.text
        if start and text[start - 1] in "])`>":
            return True
        line = self.lines[bisect.bisect_right(self.lines, start) - 1]
        if start - line <= 200 and _OPENER.fullmatch(text, line, start):
            return True
        return bool(_LINE_ENDS.match(text, end)) and bool(
            _ENDS_WITH_ATTRIBUTES.match(text, line) or _SETEXT.match(text, self.line_end(end) + 1))

    def brace(self, at: int) -> int:
        """Make the `{` at `at` safe; returns where to go on."""
        found = _attribute_list(self.text, at)
        if found is not None:
            safe, unsafe, end = found
            if safe == self.text[at:end]:
                return end
            if self.place(at, end):
                self.replace(at, end, safe)
            elif unsafe:
                self.replace(at, at + 1, "&#123;")  # no attributes here: the words stay, as plain text
            self.removed += unsafe
            return end
        close = self.after("}", at)
        if close >= 0 and any(0 <= self.after(mark, at) < close for mark in "=\"'"):
            # Not an attribute list as read here, but pandoc might read one: make it plain text.
            self.replace(at, at + 1, "&#123;")
            self.removed += 1
        return at + 1

    def tag(self, at: int) -> int:
        """Make a tag at `at` plain text (pandoc would pass it on as raw HTML); returns where to go on."""
        link = _AUTOLINK.match(self.text, at)
        if link is not None:
            return link.end()
        if self.text[max(at - 2, 0):at] == "](" and (destination := _DESTINATION.match(self.text, at)):
            return destination.end()  # a link or picture address in <…> (it may hold spaces), not a tag
        following = self.text[at + 1:at + 2]
        if following.isalpha() or following in ("/", "!", "?"):
            self.replace(at, at + 1, "&lt;")
            self.removed += 1
        return at + 1

    def run(self) -> str:
        """The rewritten text."""
        text, at = self.text, 0
        while found := _MARKDOWN_SPECIAL.search(text, at):
            at, char = found.start(), found[0]
            if char == "\\":
                at += 2
            elif char == "`":
                backticks = _BACKTICKS.match(text, at)
                assert backticks is not None, "a backtick stands here"
                length = len(backticks[0])
                end = self.code_end(at, length) if self.skip_code else -1
                at = end if end >= 0 else at + length
            elif char == "$":
                end = self.math_end(at) if self.skip_code else -1
                at = end if end >= 0 else at + 1
            elif char == "<":
                at = self.tag(at)
            else:
                at = self.brace(at)
        self.pieces.append(text[self.copied:])
        return "".join(self.pieces)


def _code_block_body(text: str) -> int:
    """Where the code of a text that is one fenced code block begins (after its opening line), or -1."""
    opening = _FENCE.match(text)
    if opening is None:
        return -1
    fence = opening[1]
    lines = text[opening.end():].rstrip("\n").split("\n")
    closing = re.compile(re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*")
    if not closing.fullmatch(lines[-1]) or any(closing.fullmatch(line.lstrip(" ")) for line in lines[:-1]):
        return -1
    return opening.end()


def clean_markdown_attributes(text: str, skip_code: bool = True) -> tuple[str, int]:
    """Markdown with only safe attribute lists and with tags as plain text (code and math kept if `skip_code`)."""
    if "{" not in text and "<" not in text:
        return text, 0
    body = _code_block_body(text)
    markdown, code = (text[:body], text[body:]) if body >= 0 else (text, "")  # a fenced block: its opening line
    scan = _MarkdownScan(markdown, skip_code)
    return scan.run() + code, scan.removed


_COMMENT = re.compile(r"<!--[^<>]*-->\s*")
# Characters that cannot start markup, in place of those that can (tags, attribute lists, entities).
_INERT = str.maketrans({"<": "\uff1c", ">": "\uff1e", "{": "\uff5b", "}": "\uff5d", "&": "\uff06"})


def _unsafe_attributes(node: list) -> bool:
    """Whether a JSON list is pandoc's attribute triple (id, classes, key-value pairs) with a key that is not safe."""
    if len(node) != 3 or not isinstance(node[0], str) or not isinstance(node[1], list) \
            or not isinstance(node[2], list):
        return False
    pairs = node[2]
    return all(isinstance(pair, list) and len(pair) == 2 for pair in pairs) \
        and any(str(pair[0]).lower() not in SAFE_ATTRIBUTE_KEYS for pair in pairs)


def _live(tree: object) -> bool:
    """Whether a pandoc JSON tree holds raw output (other than TeX or a comment) or an attribute not safe."""
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            if node.get("t") in ("RawBlock", "RawInline"):
                fmt, raw = node["c"]
                if fmt not in ("tex", "latex") and not (fmt == "html" and _COMMENT.fullmatch(raw)):
                    return True
            pending.extend(node.values())
        elif isinstance(node, list):
            if _unsafe_attributes(node):
                return True
            pending.extend(node)
    return False


def markdown_is_inert(markdown: str) -> bool:
    """Whether pandoc, reading the Markdown (metadata included), finds no raw output and no attribute but safe ones."""
    try:
        tree = json.loads(run_pandoc(["--from", "markdown", "--to", "json"], stdin=markdown))
    except (BookError, ValueError, RecursionError):
        return False
    return not _live([tree.get("meta"), tree.get("blocks")])


def inert_markdown(text: str) -> str:
    """The text with every character that can start markup replaced by a look-alike that cannot (the last resort)."""
    return text.translate(_INERT)
