"""Kindle rules on the XHTML documents: the UTF-8 declaration, zero-width spaces, links to a body, pop-up notes."""

from __future__ import annotations

import re

from lxml import etree

from octavo.editions.epub.archive import XHTML_NS, EpubArchive
from octavo.editions.kindle.problems import NCX_NS, Problem, is_xhtml, ncx_path, target, types

UTF8_DECLARATION = re.compile(rb"^\s*<\?xml\s[^>]*encoding\s*=\s*[\"']utf-8[\"']", re.IGNORECASE)
ZERO_WIDTH_SPACE = "\u200b".encode()
NOTE_TYPES = {"footnote", "endnote", "rearnote", "note"}
# Elements a note may be renamed from: `aside` takes the same content, and the place they stand allows it.
RENAMEABLE = {"div", "section", "p"}


def undeclared(archive: EpubArchive) -> list[Problem]:
    """Documents that do not declare UTF-8 (Send to Kindle then reads them as ISO-8859-1)."""
    return [Problem(path, "the document does not declare its UTF-8 encoding, so Send to Kindle reads it as "
                    "ISO-8859-1", "write it with an XML declaration naming UTF-8")
            for path in archive.documents() if not UTF8_DECLARATION.match(archive.files[path])]


def declare(archive: EpubArchive) -> None:
    """Write every undeclared document again with its XML declaration."""
    for problem in undeclared(archive):
        archive.put_document(problem.file, archive.parse(problem.file))


def zero_width(archive: EpubArchive) -> list[Problem]:
    """Documents with zero-width spaces, which Kindle shows as spaces or boxes."""
    return [Problem(path, "the document has zero-width spaces, which Kindle does not recognise",
                    "remove them from the source")
            for path in archive.documents() if ZERO_WIDTH_SPACE in archive.files[path]]


def remove_zero_width(archive: EpubArchive) -> None:
    """Take the zero-width spaces out (a break opportunity is lost, never a character)."""
    for problem in zero_width(archive):
        archive.files[problem.file] = archive.files[problem.file].replace(ZERO_WIDTH_SPACE, b"")


def _body_ids(archive: EpubArchive) -> set[tuple[str, str]]:
    """(document, id) of every document whose body has an id."""
    found = set()
    for path in archive.documents():
        body = archive.parse(path).find(f"{{{XHTML_NS}}}body")
        if body is not None and body.get("id"):
            found.add((path, body.get("id", "")))
    return found


def _links(archive: EpubArchive) -> list[tuple[str, etree._Element, etree._Element, str]]:
    """(file, root, element, attribute) of every link in the documents and the NCX."""
    found = []
    for path in archive.documents():
        root = archive.parse(path)
        found += [(path, root, link, "href") for link in root.iter(f"{{{XHTML_NS}}}a") if link.get("href")]
    ncx = ncx_path(archive)
    if ncx is not None:
        root = archive.parse(ncx)
        found += [(ncx, root, content, "src") for content in root.iter(f"{{{NCX_NS}}}content")]
    return found


def body_links(archive: EpubArchive) -> list[Problem]:
    """Links to a body's id, which Kindle shows as unresolved."""
    bodies = _body_ids(archive)
    return [Problem(path, f"the link {link.get(attribute)!r} leads to a body's id, which Kindle shows as a broken "
                    "link", "link to the document itself")
            for path, _, link, attribute in _links(archive)
            if target(archive, path, link.get(attribute, "")) in bodies]


def unlink_bodies(archive: EpubArchive) -> None:
    """Point links to a body's id at the document instead."""
    bodies = _body_ids(archive)
    changed: dict[str, etree._Element] = {}
    for path, root, link, attribute in _links(archive):
        if target(archive, path, link.get(attribute, "")) in bodies:
            link.set(attribute, link.get(attribute, "").partition("#")[0] or "#")
            changed[path] = root
    for path, root in changed.items():
        if path.endswith(".ncx"):
            archive.put_xml(path, root)
        else:
            archive.put_document(path, root)


def _note(element: etree._Element | None) -> etree._Element | None:
    """The note an element belongs to (itself or an ancestor marked as a note), if any."""
    while element is not None and not types(element) & NOTE_TYPES:
        element = element.getparent()
    return element


def _calls(archive: EpubArchive) -> list[tuple[str, etree._Element, str, etree._Element, etree._Element | None]]:
    """(document, call, note document, note root, note) for every note call that leads inside the book."""
    roots = {path: archive.parse(path) for path in archive.documents()}
    found = []
    for path, root in roots.items():
        for call in root.iter(f"{{{XHTML_NS}}}a"):
            place = target(archive, path, call.get("href", "")) if "noteref" in types(call) else None
            if place is None or place[0] not in roots:
                continue
            ids = {element.get("id"): element for element in roots[place[0]].iter() if isinstance(element.tag, str)}
            found.append((path, call, place[0], roots[place[0]], _note(ids.get(place[1]))))
    return found


def _links_back(archive: EpubArchive, note_path: str, note: etree._Element, call_path: str,
                call: etree._Element) -> bool:
    """Whether the note has a link back to its call."""
    return bool(call.get("id")) and any(
        target(archive, note_path, link.get("href", "")) == (call_path, call.get("id"))
        for link in note.iter(f"{{{XHTML_NS}}}a"))


def note_problems(archive: EpubArchive) -> list[Problem]:
    """Note calls whose notes Kindle cannot pop up: not an `aside` marked as a note, or with no link back."""
    problems = []
    for path, call, note_path, _, note in _calls(archive):
        shown = call.get("href")
        if note is None:
            problems.append(Problem(path, f"the note call {shown!r} leads to text not marked as a note",
                                    "mark the note with epub:type=\"footnote\" in an aside"))
        elif not is_xhtml(note, "aside"):
            problems.append(Problem(note_path, f"the note {shown!r} is a <{etree.QName(note).localname}>, not an "
                                    "<aside>, so Kindle shows no pop-up", "make the note an aside"))
        elif not _links_back(archive, note_path, note, path, call):
            problems.append(Problem(note_path, f"the note {shown!r} has no link back to its call",
                                    "give the note a link back to the call's id"))
    return problems


def notes_as_asides(archive: EpubArchive) -> None:
    """Make a note kept in a div, section or paragraph an aside (the other note problems are the source's)."""
    changed: dict[str, etree._Element] = {}
    for _, _, note_path, root, note in _calls(archive):
        if note is not None and not is_xhtml(note, "aside") and etree.QName(note).localname in RENAMEABLE \
                and etree.QName(note).namespace == XHTML_NS:
            note.tag = f"{{{XHTML_NS}}}aside"
            changed[note_path] = root
    for path, root in changed.items():
        archive.put_document(path, root)
