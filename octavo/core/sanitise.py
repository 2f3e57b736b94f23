"""Keep hostile markup out of every output: raw HTML in sources, unsafe links and remote resources."""

from __future__ import annotations

import html as htmllib
import re
from typing import Any
from urllib.parse import urlsplit

from lxml import html

from octavo.core.confine import relative_path
from octavo.core.xhtml import inner, parse_fragment

DANGEROUS = ("script", "style", "iframe", "object", "embed", "form", "textarea", "select", "button", "input",
             "template", "noscript", "svg", "math", "frame", "frameset", "applet", "link", "meta", "base")
# strip_markup finds elements by scanning, in linear time: a pattern with `.*?` up to a closing tag rescans the rest of
# the text from every opening that has none (512 KB of `<!--` never finished). It removes what these did:
# `<(script|…)\b[^>]*>.*?</\1\s*>` (ignoring case, across lines), then
# `</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>|<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![^>]*>`.
DANGEROUS_BLOCK = re.compile("<(?:" + "|".join(f"(?P<{tag}>{tag})" for tag in DANGEROUS) + r")\b", re.IGNORECASE)
DANGEROUS_END = {tag: re.compile(rf"</{tag}\s*>", re.IGNORECASE) for tag in DANGEROUS}
ANY_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")  # no match crosses a `<`, so none is scanned twice
DECLARATIONS = (("<!--", "-->"), ("<![CDATA[", "]]>"), ("<!", ">"))
# A character reference, named or numeric (the name is bounded, so the pattern cannot backtrack far).
ENTITY = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9A-Fa-f]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});?")
MARKUP_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
LINK_SCHEMES = {"http", "https", "mailto"}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
ALLOWED_TAGS = {
    "a", "abbr", "aside", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dfn", "div", "dl",
    "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "q", "s", "samp", "section", "small", "span", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var", "wbr", "header", "footer", "nav",
}
ALLOWED_ATTRIBUTES = {"id", "class", "href", "src", "alt", "title", "lang", "role", "colspan", "rowspan", "start",
                      "type", "reversed", "data-cites", "data-term", "aria-label", "aria-labelledby", "aria-hidden",
                      "dir"}


def safe_link(url: str) -> bool:
    """A link a reader may follow: web, mail, or a place inside the book."""
    url = url.strip()
    if not url or url.startswith("#"):
        return True
    scheme = urlsplit(url).scheme.lower()
    if scheme:
        return scheme in LINK_SCHEMES
    return relative_path(url) is not None


def safe_resource(url: str) -> bool:
    """A resource the build may load: a relative path inside the book (as confine.py reads it), never remote."""
    return relative_path(url) is not None


def safe_picture_reference(url: str) -> bool:
    """A picture a source may name: a relative path (resolved and confined to the book when the book is read)."""
    return relative_path(url, may_leave=True) is not None


class _Finder:
    """str.find for searches that only move forward: a search is reused while its answer still lies ahead."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[str, int] = {}

    def find(self, needle: str, start: int) -> int:
        """The first place of `needle` at or after `start`, or -1."""
        known = self.found.get(needle)
        if known is None or -1 < known < start:
            known = self.found[needle] = self.text.find(needle, start)
        return known


def _without_dangerous(text: str) -> str:
    """The text without script, style, iframe and the other dangerous elements, their content included."""
    kept, done, at, tag_end = [], 0, 0, -1
    unclosed: dict[str, int] = {}  # per element: the place from which no closing tag follows
    while opened := DANGEROUS_BLOCK.search(text, at):
        if tag_end < opened.end():
            tag_end = text.find(">", opened.end())
            if tag_end == -1:
                break
        tag = str(opened.lastgroup)
        closing = None
        if tag_end < unclosed.get(tag, len(text)):
            closing = DANGEROUS_END[tag].search(text, tag_end + 1)
            if closing is None:
                unclosed[tag] = tag_end
        if closing is None:
            at = opened.start() + 1
            continue
        kept.append(text[done:opened.start()])
        done = at = closing.end()
    return "".join(kept) + text[done:]


def _without_tags(text: str) -> str:
    """The text without tags, comments, CDATA sections and declarations (the words between tags stay)."""
    kept, done, at = [], 0, 0
    finder = _Finder(text)
    while (start := text.find("<", at)) != -1:
        end = -1
        tag = ANY_TAG.match(text, start)
        if tag:
            end = tag.end()
        else:
            for opening, closing in DECLARATIONS:
                found = finder.find(closing, start + len(opening)) if text.startswith(opening, start) else -1
                if found != -1:
                    end = found + len(closing)
                    break
        if end == -1:
            at = start + 1
            continue
        kept.append(text[done:start])
        done = at = end
    return "".join(kept) + text[done:]


def strip_markup(text: str) -> tuple[str, bool]:
    """Plain text from a source line: dangerous elements go with their content, other tags go (in linear time)."""
    if "<" not in text:
        return text, False
    cleaned = _without_tags(_without_dangerous(text))
    return cleaned, cleaned != text


def unescape_entities(text: str) -> str:
    """Character references as characters; `<`, `>` and `&` stay references, so an escaped tag stays text."""
    if "&" not in text:
        return text
    return ENTITY.sub(lambda m: MARKUP_ENTITIES.get(htmllib.unescape(m.group(0)), htmllib.unescape(m.group(0))), text)


def clean_fragment(root: html.HtmlElement) -> None:
    """Reduce a parsed XHTML fragment to the allow-list, in place."""
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            element.drop_tree() if element.getparent() is not None else None
            continue
        tag = element.tag.lower()
        if element is root:
            pass
        elif tag in DANGEROUS:
            element.drop_tree()
            continue
        elif tag not in ALLOWED_TAGS:
            element.drop_tag()
            continue
        for name in list(element.attrib):
            if name.lower() not in ALLOWED_ATTRIBUTES and not name.startswith("data-epub"):
                del element.attrib[name]
        if tag == "a" and not safe_link(element.get("href", "")):
            element.drop_tag()
        elif tag == "img" and not safe_resource(element.get("src", "")):
            replacement = html.Element("span")
            replacement.text = element.get("alt", "")
            replacement.tail = element.tail
            element.getparent().replace(element, replacement)
        elif "href" in element.attrib and tag != "a" or "src" in element.attrib and tag != "img":
            element.attrib.pop("href", None)
            element.attrib.pop("src", None)


def without_controls(text: str) -> str:
    """Text without control characters (XML cannot carry them)."""
    return CONTROL.sub("", text)


def clean_xhtml(text: str) -> str:
    """An XHTML fragment reduced to the allow-list."""
    root = parse_fragment(without_controls(text))
    clean_fragment(root)
    return inner(root)


def clean_pandoc_ast(document: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """A pandoc JSON AST without raw HTML, unsafe links or remote/absolute images; and how many were removed."""
    removed = 0

    def walk(value: object) -> object:
        nonlocal removed
        if isinstance(value, list):
            result = []
            for item in value:
                if isinstance(item, dict) and item.get("t") in ("RawBlock", "RawInline"):
                    removed += 1
                    continue
                result.append(walk(item))
            return result
        if not isinstance(value, dict):
            return value
        kind = value.get("t")
        if kind == "Link" and not safe_link(value["c"][2][0]):
            removed += 1
            return {"t": "Span", "c": [["", [], []], walk(value["c"][1])]}
        if kind == "Image" and not safe_picture_reference(value["c"][2][0]):
            removed += 1
            return {"t": "Span", "c": [["", [], []], walk(value["c"][1])]}
        return {key: walk(item) for key, item in value.items()}

    cleaned = walk(document)
    assert isinstance(cleaned, dict), "a map is walked into a map"
    return cleaned, removed


# The address stops at the next `[`, so a line of `[a](<[a](<…` is scanned once, not once per bracket.
MARKDOWN_LINK = re.compile(r"(!?)\[([^\[\]]*)\]\(\s*<?([^)\s>\[]*)>?(?:\s+\"[^\"]*\")?\s*\)")


def clean_markdown_links(text: str) -> tuple[str, bool]:
    """Plain words for Markdown links and images whose targets are unsafe or remote."""
    def replace(match: re.Match[str]) -> str:
        image, words, target = match.group(1), match.group(2), match.group(3)
        if target.startswith("#wiki:"):
            return match.group(0)
        keep = safe_picture_reference(target) if image else safe_link(target)
        return match.group(0) if keep else words

    cleaned = MARKDOWN_LINK.sub(replace, text)
    return cleaned, cleaned != text
