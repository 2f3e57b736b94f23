"""Assemble the EPUB package with ebooklib, then rewrite the zip so the same input gives the same bytes."""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from ebooklib import epub
from lxml import etree

from octavo.core.xhtml import SAFE_XML
from octavo.core.zipfiles import write_zip

MIMETYPE = "mimetype"
PACKAGE_FILE = "EPUB/content.opf"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class Credit(NamedTuple):
    """A name in the package metadata: `creator` or `contributor`, and its MARC relator ("" for none)."""

    element: str
    name: str
    role: str


@dataclass
class Document:
    """One XHTML document of the EPUB, in reading order."""

    uid: str
    file_name: str
    title: str
    content: bytes
    properties: list[str] = field(default_factory=list)
    linear: bool = True


@dataclass
class TocEntry:
    """An entry of the NCX table of contents (parts hold chapters)."""

    title: str
    href: str
    uid: str
    children: list[TocEntry] = field(default_factory=list)


@dataclass
class Package:
    """Everything the package file needs: metadata, resources and documents."""

    identifier: str
    title: str
    language: str
    modified: datetime
    creators: list[Credit]
    dc: list[tuple[str, str]]
    meta: list[tuple[str, str]]
    stylesheet: bytes
    cover: bytes
    cover_file: str
    cover_type: str
    documents: list[Document]
    toc: list[TocEntry]
    images: list[tuple[str, str, bytes]] = field(default_factory=list)
    print_source: str = ""


class _Xhtml(epub.EpubItem):
    """An XHTML document written as given (ebooklib's EpubHtml would re-parse and rebuild it)."""

    def __init__(self, document: Document) -> None:
        super().__init__(uid=document.uid, file_name=document.file_name, media_type="application/xhtml+xml",
                         content=document.content)
        self.properties = document.properties
        self.is_linear = document.linear


class _Resource(epub.EpubItem):
    """A stylesheet or image, with manifest properties."""

    def __init__(self, uid: str, file_name: str, media_type: str, content: bytes, properties: list[str]) -> None:
        super().__init__(uid=uid, file_name=file_name, media_type=media_type, content=content)
        self.properties = properties


def _toc(entries: list[TocEntry]) -> list:
    """The NCX table of contents in ebooklib's form."""
    items: list = []
    for entry in entries:
        link = epub.Link(entry.href, entry.title, entry.uid)
        items.append((epub.Section(entry.title, entry.href), _toc(entry.children)) if entry.children else link)
    return items


def _book(package: Package) -> epub.EpubBook:
    """The ebooklib book."""
    book = epub.EpubBook()
    book.set_identifier(package.identifier)
    book.set_title(package.title)
    book.set_language(package.language)
    for number, credit in enumerate(package.creators, start=1):
        uid = f"{credit.element}-{number}"
        book.add_metadata("DC", credit.element, credit.name, {"id": uid})
        if credit.role:
            book.add_metadata(None, "meta", credit.role, {"refines": f"#{uid}", "property": "role",
                                                          "scheme": "marc:relators"})
    for name, value in package.dc:
        book.add_metadata("DC", name, value)
    if package.print_source:
        book.add_metadata("DC", "source", package.print_source, {"id": "print-source"})
        book.add_metadata(None, "meta", "pagination", {"property": "source-of", "refines": "#print-source"})
    for prop, value in package.meta:
        book.add_metadata(None, "meta", value, {"property": prop})
    book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
    book.add_item(_Resource("style", "css/epub.css", "text/css", package.stylesheet, []))
    book.add_item(_Resource("cover-image", package.cover_file, package.cover_type, package.cover, ["cover-image"]))
    for number, (file_name, media_type, data) in enumerate(package.images, start=1):
        book.add_item(_Resource(f"image-{number}", file_name, media_type, data, []))
    items = [_Xhtml(document) for document in package.documents]
    for item in items:
        book.add_item(item)
    book.add_item(epub.EpubNcx())
    book.toc = _toc(package.toc)
    book.spine = items
    return book


def _package_language(opf: bytes, language: str) -> bytes:
    """Set xml:lang on the package element (ebooklib leaves it out; Ace requires it)."""
    root = etree.fromstring(opf, parser=SAFE_XML)
    root.set(XML_LANG, language)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def normalise_zip(raw: bytes, when: datetime, language: str) -> bytes:
    """`mimetype` first and stored, every entry with the same time and permissions."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    names = [MIMETYPE] + [name for name in source.namelist() if name != MIMETYPE]
    files = [(name, _package_language(source.read(name), language) if name == PACKAGE_FILE else source.read(name))
             for name in names]
    return write_zip(files, when, stored=(MIMETYPE,))


def write_package(package: Package) -> bytes:
    """The finished EPUB as bytes."""
    with tempfile.TemporaryDirectory(prefix="octavo-epub-") as folder:
        path = Path(folder) / "book.epub"
        epub.write_epub(str(path), _book(package), {"mtime": package.modified, "epub3_pages": False,
                                                    "epub3_landmark": False, "raise_exceptions": True,
                                                    "spine_direction": False})
        return normalise_zip(path.read_bytes(), package.modified, package.language)
