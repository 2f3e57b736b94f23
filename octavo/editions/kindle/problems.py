"""What a Kindle rule finds: the file, what is wrong for Send to Kindle, and what to do; and where links lead."""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import urlsplit

from lxml import etree

from octavo.editions.epub.archive import XHTML_NS, EpubArchive

EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
NCX_NS = "http://www.daisy.org/z3986/2005/ncx/"
NCX_TYPE = "application/x-dtbncx+xml"


class Problem(NamedTuple):
    """One thing a rule found in one file of the EPUB."""

    file: str
    what: str
    todo: str


def types(element: etree._Element) -> set[str]:
    """An element's epub:type values."""
    return set(element.get(EPUB_TYPE, "").split())


def is_xhtml(element: etree._Element, name: str) -> bool:
    """Whether the element is the XHTML element `name`."""
    return isinstance(element.tag, str) and element.tag == f"{{{XHTML_NS}}}{name}"


def target(archive: EpubArchive, document: str, href: str) -> tuple[str, str] | None:
    """(file, fragment) a link inside `document` leads to, or None for a link out of the book."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    path = archive.path_of(parts.path, base=document) if parts.path else document
    return path, parts.fragment


def ncx_path(archive: EpubArchive) -> str | None:
    """The NCX's path, if the EPUB has one."""
    return next((item.path for item in archive.manifest() if item.media_type == NCX_TYPE), None)
