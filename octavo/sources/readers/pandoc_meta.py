"""What a document says about itself in pandoc's metadata (front matter, HTML head, Word title block), as text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

QUOTE_MARKS = {"DoubleQuote": ("\u201c", "\u201d"), "SingleQuote": ("\u2018", "\u2019")}
SPACES = {"Space", "SoftBreak", "LineBreak"}


@dataclass
class DocumentFacts:
    """A source's own title, creators, date, address and container, each empty when it does not say."""

    title: str = ""
    authors: list[str] = field(default_factory=list)
    date: str = ""
    url: str = ""
    container: str = ""


def inline_text(value: Any) -> str:
    """The plain text of pandoc inlines or blocks, typography kept (curly quotes, dashes)."""
    if isinstance(value, list):
        return "".join(inline_text(item) for item in value)
    if not isinstance(value, dict):
        return ""
    kind = value.get("t")
    content: Any = value.get("c")  # pandoc JSON: its shape depends on the kind
    if kind == "Str":
        return str(content)
    if kind in SPACES:
        return " "
    if kind == "Quoted":
        left, right = QUOTE_MARKS.get(content[0].get("t", ""), ("\u201c", "\u201d"))
        return f"{left}{inline_text(content[1])}{right}"
    if kind in ("Code", "Math"):
        return str(content[1])
    if kind in ("Link", "Image", "Span", "Cite"):
        return inline_text(content[1])
    if kind in ("Note", "RawInline", "RawBlock"):
        return ""
    if kind in ("Para", "Plain"):
        return inline_text(content) + " "
    return inline_text(content)


def meta_values(value: Any) -> list[str]:
    """Each item of a metadata value as plain text (a map gives its `name`, or its `literal`)."""
    if not isinstance(value, dict):
        return []
    kind = value.get("t")
    content: Any = value.get("c")  # pandoc JSON: its shape depends on the kind
    if kind == "MetaList":
        return [text for item in content for text in meta_values(item)]
    if kind == "MetaMap":
        for key in ("name", "literal", "text"):
            if key in content:
                return meta_values(content[key])
        return []
    if kind in ("MetaString", "MetaBool"):
        text = str(content) if kind == "MetaString" else ""
    else:
        text = inline_text(content)
    text = " ".join(text.split())
    return [text] if text else []


def document_facts(meta: dict[str, Any]) -> DocumentFacts:
    """The title, authors, date, URL and container (site, journal) that pandoc found in a document's metadata."""

    def first(*keys: str) -> str:
        for key in keys:
            values = meta_values(meta.get(key))
            if values:
                return values[0]
        return ""

    return DocumentFacts(
        title=first("title"),
        authors=meta_values(meta.get("author")) or meta_values(meta.get("creator")),
        date=first("date", "issued"),
        url=first("url", "URL", "canonical"),
        container=first("sitename", "site", "container-title", "journal", "publication"),
    )
