"""Kindle rules on the package and navigation: the language, the guide, two levels of contents, the file's size."""

from __future__ import annotations

import posixpath
import re
import zlib

from lxml import etree

from octavo.editions.epub.archive import DC_NS, OPF_NS, XHTML_NS, EpubArchive
from octavo.editions.kindle.problems import NCX_NS, Problem, ncx_path, target, types

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
MAX_BYTES = 50 * 1024 * 1024
ZIP_ENTRY_BYTES = 200  # a zip entry's headers, generously
DEPTH = 2
# Landmarks (EPUB 3) to guide references (the OPF 2 types Kindle reads).
GUIDE_TYPES = {"toc": "toc", "bodymatter": "text", "bibliography": "bibliography", "index": "index",
               "glossary": "glossary", "loi": "loi", "lot": "lot", "titlepage": "title-page",
               "acknowledgments": "acknowledgements", "cover": "cover"}


def language_problems(archive: EpubArchive) -> list[Problem]:
    """A missing or malformed dc:language: Kindle's conversion refuses the book."""
    found = [element.text or "" for element in archive.package().iter(f"{{{DC_NS}}}language")]
    if not found:
        return [Problem(archive.package_path, "the package has no dc:language, which Kindle's conversion requires",
                        "set language: in book.yaml (en, en-GB, fr…)")]
    return [Problem(archive.package_path, f"the language {value!r} is not a language tag Kindle recognises",
                    "set language: in book.yaml to a tag such as en or en-GB")
            for value in found if not LANGUAGE_TAG.match(value.strip())]


def set_language(archive: EpubArchive) -> None:
    """Take the language from the package's xml:lang when dc:language is missing or malformed."""
    root = archive.package()
    fallback = root.get(XML_LANG, "")
    if not LANGUAGE_TAG.match(fallback):
        return  # nothing to take it from: the build warns
    metadata = root.find(f"{{{OPF_NS}}}metadata")
    languages = list(root.iter(f"{{{DC_NS}}}language"))
    if metadata is None:
        return
    if not languages:
        languages = [etree.SubElement(metadata, f"{{{DC_NS}}}language")]
    for element in languages:
        if not LANGUAGE_TAG.match((element.text or "").strip()):
            element.text = fallback
    archive.set_package(root)


def _guide(root: etree._Element) -> etree._Element | None:
    """The package's guide, if it has one."""
    return root.find(f"{{{OPF_NS}}}guide")


def guide_problems(archive: EpubArchive) -> list[Problem]:
    """No guide reference: Kindle then shows a wrong current chapter."""
    guide = _guide(archive.package())
    if guide is not None and len(guide.findall(f"{{{OPF_NS}}}reference")):
        return []
    return [Problem(archive.package_path, "the package has no guide, so Kindle shows a wrong current chapter",
                    "add a guide with the landmarks")]


def add_guide(archive: EpubArchive) -> None:
    """A guide made from the navigation document's landmarks (or the first document as the text)."""
    root = archive.package()
    guide = _guide(root)
    if guide is None:
        guide = etree.SubElement(root, f"{{{OPF_NS}}}guide")
    navigation = archive.navigation()
    package_folder = posixpath.dirname(archive.package_path)
    for link in archive.parse(navigation).iter(f"{{{XHTML_NS}}}a"):
        place = target(archive, navigation, link.get("href", ""))
        kinds = [GUIDE_TYPES[kind] for kind in types(link) if kind in GUIDE_TYPES]
        if place is None or not kinds:
            continue
        href = posixpath.relpath(place[0], package_folder) + (f"#{place[1]}" if place[1] else "")
        title = "".join(str(part) for part in link.itertext())
        etree.SubElement(guide, f"{{{OPF_NS}}}reference", {"type": kinds[0], "title": title, "href": href})
    if not len(guide):
        first = archive.documents()[0]
        etree.SubElement(guide, f"{{{OPF_NS}}}reference",
                         {"type": "text", "title": "Start", "href": posixpath.relpath(first, package_folder)})
    archive.set_package(root)


def _deep_lists(nav: etree._Element) -> list[etree._Element]:
    """Lists of the contents nested deeper than Kindle shows."""
    deep = []
    for ordered in nav.iter(f"{{{XHTML_NS}}}ol"):
        depth, element = 0, ordered  # type: tuple[int, etree._Element | None]
        while element is not None and element is not nav:
            depth += element.tag == f"{{{XHTML_NS}}}ol"
            element = element.getparent()
        if depth > DEPTH:
            deep.append(ordered)
    return deep


def _deep_points(ncx: etree._Element) -> list[etree._Element]:
    """NCX points nested deeper than Kindle shows."""
    point = f"{{{NCX_NS}}}navPoint"
    return [p for p in ncx.iter(point) if sum(1 for a in p.iterancestors(point)) >= DEPTH]


def _contents(archive: EpubArchive) -> etree._Element | None:
    """The navigation document's table of contents."""
    return next((nav for nav in archive.parse(archive.navigation()).iter(f"{{{XHTML_NS}}}nav")
                 if "toc" in types(nav)), None)


def depth_problems(archive: EpubArchive) -> list[Problem]:
    """Contents nested more than two levels, which Kindle does not show."""
    problems = []
    contents = _contents(archive)
    if contents is not None and _deep_lists(contents):
        problems.append(Problem(archive.navigation(), "the contents nest more than two levels, which Kindle does "
                                "not show", "let the deeper entries join the level above"))
    ncx = ncx_path(archive)
    if ncx is not None and _deep_points(archive.parse(ncx)):
        problems.append(Problem(ncx, "the NCX nests more than two levels, which Kindle does not show",
                                "let the deeper entries join the level above"))
    return problems


def flatten_contents(archive: EpubArchive) -> None:
    """Move entries below the second level up, right after the entry that held them, in reading order."""
    navigation = archive.navigation()
    root = archive.parse(navigation)
    contents = next((nav for nav in root.iter(f"{{{XHTML_NS}}}nav") if "toc" in types(nav)), None)
    while contents is not None and (deep := _deep_lists(contents)):
        ordered = deep[0]
        holder = ordered.getparent()  # the second-level entry
        if holder is None:
            break
        for item in reversed(list(ordered)):
            holder.addnext(item)
        holder.remove(ordered)
    archive.put_document(navigation, root)
    ncx = ncx_path(archive)
    if ncx is not None:
        tree = archive.parse(ncx)
        while deep_points := _deep_points(tree):
            point = deep_points[0]
            holder = point.getparent()
            if holder is None:
                break
            for child in reversed([c for c in holder if c.tag == point.tag]):
                holder.addnext(child)
        archive.put_xml(ncx, tree)


def size_problems(archive: EpubArchive) -> list[Problem]:
    """An EPUB larger than Send to Kindle's e-mail limit."""
    if sum(len(data) for data in archive.files.values()) <= MAX_BYTES:
        return []  # a zip is never much larger than what it holds
    # Deflated quickly: close to the finished file's size (which is packed harder, so a little smaller).
    size = sum(len(zlib.compress(data, 1)) + ZIP_ENTRY_BYTES for data in archive.files.values())
    if size <= MAX_BYTES:
        return []
    return [Problem("", f"the EPUB is {size / 1024 / 1024:.0f} MB, more than the 50 MB Send to Kindle takes by "
                    "e-mail", "send it through the Send to Kindle web page or app (up to 200 MB), or use smaller "
                    "pictures")]


def nothing(archive: EpubArchive) -> None:
    """A rule that can only be reported, not fixed."""
