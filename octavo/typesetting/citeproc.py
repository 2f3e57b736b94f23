"""Citations and bibliography through pandoc's citeproc, with the book's CSL style."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from lxml import etree, html

from octavo.core.pandoc import pandoc_warnings
from octavo.core.xhtml import SAFE_XML
from octavo.errors import BookError
from octavo.labels import labels_of
from octavo.manuscript import Book
from octavo.sources.references import references_json
from octavo.typesetting.bookmarkdown import front_matter

MISSING = re.compile(r"citation (\S+) not found")
CSL = "{http://purl.org/net/xbiblio/csl}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _where_cited(book: Book, key: str) -> tuple[str | None, int | None]:
    """The source file and line of the first block or note that cites a key."""
    for chapter in book.chapters():
        for block in chapter.blocks:
            if f"@{key}" in block.text:
                return block.provenance.file, block.provenance.line
        for note in chapter.notes:
            if f"@{key}" in note.text:
                return note.provenance.file, note.provenance.line
    return None, None


def run_citeproc(book: Book, style: Path, markdown: str, to: str, extra: list[str] | None = None) -> str:
    """Run pandoc --citeproc on Markdown; a citation of an unknown reference is an error."""
    with tempfile.TemporaryDirectory(prefix="octavo-refs-") as folder:
        refs = Path(folder) / "references.json"
        refs.write_text(references_json(book.references), encoding="utf-8")
        args = ["--from", "markdown", "--to", to, "--wrap=none", "--citeproc",
                "--csl", str(style), "--bibliography", str(refs), *(extra or [])]
        output, warnings = pandoc_warnings(args, markdown)
    for line in warnings:
        missing = MISSING.search(line)
        if missing:
            key = missing.group(1)
            file, number = _where_cited(book, key)
            raise BookError(f"cites {key!r}, which is not in the bibliography",
                            "add the reference or correct the key", file, number)
    return output


def bibliography_markdown(book: Book, style: Path) -> str:
    """The bibliography formatted by the book's style, as plain Markdown paragraphs."""
    heading = labels_of(book.metadata).text("bibliography")
    document = front_matter({"nocite": "@*", "lang": book.metadata.language}) + f"\n# {heading}\n\n::: {{#refs}}\n:::\n"
    # Without `smart`, pandoc's writer keeps curly quotes and dashes as the characters they are.
    output = run_citeproc(book, style, document,
                          "markdown-smart-fenced_divs-bracketed_spans-native_divs-native_spans-raw_html")
    return output


def punctuation_in_quote(style: Path | str, language: str) -> bool:
    """Whether the style's locale sets commas and periods inside closing quotation marks (`punctuation-in-quote`)."""
    language = (language or "en-US").lower()
    primary = language.split("-")[0]
    try:
        locales = etree.parse(str(style), SAFE_XML).getroot().findall(f"{CSL}locale")
    except (OSError, etree.XMLSyntaxError):
        locales = []
    for wanted in (language, primary, ""):
        for locale in locales:
            option = locale.find(f"{CSL}style-options")
            if (locale.get(XML_LANG) or "").lower() == wanted and option is not None \
                    and option.get("punctuation-in-quote") is not None:
                return option.get("punctuation-in-quote") == "true"
    # CSL's own locales: en-US (which pandoc also uses for plain "en" and other English) says yes, en-GB no.
    return primary == "en" and not language.startswith("en-gb")


def _last_text(element: html.HtmlElement) -> tuple[html.HtmlElement, str] | None:
    """The element and attribute ("text" or "tail") holding the last characters inside `element`."""
    for child in reversed(element):
        if child.tail:
            return child, "tail"
        found = _last_text(child)
        if found:
            return found
    return (element, "text") if element.text else None


def punctuation_inside_quotes(root: html.HtmlElement) -> None:
    """Move a comma or period that follows a citation's link to the bibliography inside its closing quotation mark."""
    # With link-citations, citeproc links the formatted citation and its suffix (", at 45:42") follows the link,
    # out of reach of the locale's punctuation-in-quote: short notes read `“…Power”, at`; CMOS 6.9 wants `,”`,
    # and after a closing question or exclamation mark no comma at all (`“…Come to Power?” at`).
    for link in root.xpath("//span[contains(concat(' ', @class, ' '), ' citation ')]//a[@role='doc-biblioref']"):
        tail = link.tail or ""
        found = _last_text(link)
        if tail[:1] not in (",", ".") or found is None:
            continue
        holder, where = found
        text = getattr(holder, where)
        if text.endswith("\u201d"):
            mark = "" if text[-2:-1] in ("?", "!") else tail[0]
            setattr(holder, where, f"{text[:-1]}{mark}\u201d")
            link.tail = tail[1:]
