"""A finished EPUB read back from its bytes, changed file by file, and written again as Octavo writes EPUBs.

The Kobo and Kindle editions are made from the EPUB the build already wrote: nothing is laid out twice.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import unquote

from lxml import etree

from octavo.core.xhtml import SAFE_XML
from octavo.core.zipfiles import write_zip
from octavo.editions.epub.package import MIMETYPE

CONTAINER = "META-INF/container.xml"
CONTAINER_NS = "urn:oasis:names:tc:opendocument:xmlns:container"
OPF_NS = "http://www.idpf.org/2007/opf"
DC_NS = "http://purl.org/dc/elements/1.1/"
XHTML_NS = "http://www.w3.org/1999/xhtml"
XHTML_TYPE = "application/xhtml+xml"
DOCTYPE = "<!DOCTYPE html>"


@dataclass(frozen=True)
class Item:
    """One manifest item: its id, its path inside the zip, media type and properties."""

    id: str
    path: str
    media_type: str
    properties: frozenset[str]


class EpubArchive:
    """The files of an EPUB by path, in zip order, with its package document at hand."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        container = etree.fromstring(files[CONTAINER], parser=SAFE_XML)
        rootfile = container.find(f".//{{{CONTAINER_NS}}}rootfile")
        if rootfile is None:  # Octavo's EPUBs always name their package document
            raise ValueError("the EPUB's container names no package document")
        self.package_path = rootfile.get("full-path", "")

    @classmethod
    def read(cls, data: bytes) -> EpubArchive:
        """An EPUB from its bytes."""
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return cls({name: archive.read(name) for name in archive.namelist()})

    def package(self) -> etree._Element:
        """The package document, parsed (a fresh tree each time: change it, then `set_package`)."""
        return etree.fromstring(self.files[self.package_path], parser=SAFE_XML)

    def set_package(self, root: etree._Element) -> None:
        """Keep a changed package document."""
        self.files[self.package_path] = etree.tostring(root, xml_declaration=True, encoding="utf-8")

    def path_of(self, href: str, base: str | None = None) -> str:
        """The zip path a relative reference (without its fragment) names, from the file `base` (the package)."""
        folder = posixpath.dirname(base if base is not None else self.package_path)
        return posixpath.normpath(posixpath.join(folder, unquote(href)))

    def manifest(self) -> list[Item]:
        """Every manifest item, in manifest order."""
        return [Item(item.get("id", ""), self.path_of(item.get("href", "")), item.get("media-type", ""),
                     frozenset(item.get("properties", "").split()))
                for item in self.package().iter(f"{{{OPF_NS}}}item")]

    def documents(self) -> list[str]:
        """The XHTML documents of the manifest, the navigation document among them."""
        return [item.path for item in self.manifest() if item.media_type == XHTML_TYPE]

    def navigation(self) -> str:
        """The navigation document's path."""
        return next(item.path for item in self.manifest() if "nav" in item.properties)

    def parse(self, path: str) -> etree._Element:
        """An XML file of the EPUB, parsed."""
        return etree.fromstring(self.files[path], parser=SAFE_XML)

    def put_document(self, path: str, root: etree._Element) -> None:
        """Keep a changed XHTML document, written as the EPUB edition writes them."""
        self.files[path] = etree.tostring(root, xml_declaration=True, encoding="utf-8", doctype=DOCTYPE)

    def put_xml(self, path: str, root: etree._Element) -> None:
        """Keep a changed XML file that is not XHTML (the NCX)."""
        self.files[path] = etree.tostring(root, xml_declaration=True, encoding="utf-8")

    def write(self, when: datetime) -> bytes:
        """The EPUB's bytes: `mimetype` first and stored, every entry with the build's time."""
        names = [MIMETYPE, *(name for name in self.files if name != MIMETYPE)]
        return write_zip([(name, self.files[name]) for name in names], when, stored=(MIMETYPE,))
