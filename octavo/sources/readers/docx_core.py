"""A Word file's core properties (title, creator, dates), read with a parser that loads nothing."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from octavo.core.xhtml import SAFE_XML

CORE_PART = "docProps/core.xml"
MAX_CORE_BYTES = 1024 * 1024
NAMESPACES = {"dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/"}
FIELDS = {"title": "dc:title", "creator": "dc:creator", "created": "dcterms:created", "modified": "dcterms:modified"}
# What Word and LibreOffice put in dc:creator when nobody set a name: not an author.
PLACEHOLDER_CREATORS = {"", "administrator", "admin", "author", "microsoft office user", "owner", "unknown", "user",
                        "windows user", "python-docx", "pandoc"}


def core_properties(path: Path) -> dict[str, str]:
    """The title, creator and dates a .docx declares about itself; empty where it says nothing usable."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(CORE_PART)
            if info.file_size > MAX_CORE_BYTES:
                return {}
            root = etree.fromstring(archive.read(info), parser=SAFE_XML)
    except (KeyError, OSError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return {}
    found = {}
    for name, path_in_xml in FIELDS.items():
        element = root.find(path_in_xml, NAMESPACES)
        text = " ".join((element.text or "").split()) if element is not None else ""
        if text:
            found[name] = text
    if found.get("creator", "").lower() in PLACEHOLDER_CREATORS:
        found.pop("creator", None)
    return found
