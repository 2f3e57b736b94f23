"""Bind an edition's separately laid-out pieces into one PDF: its pages, one tag tree, destinations and outline.

WeasyPrint writes each piece (front matter, a run of chapters, a blank verso, the index) as a whole tagged PDF.
Binding keeps the first piece's catalogue (language, metadata, viewer preferences) and brings every later piece's
pages in after it. Each piece's structure elements move under the one /Document element, and its parent-tree keys
are renumbered past the ones already used. Table header ids get the piece's number so they stay unique. Named
destinations are pooled, links another piece resolves become named links, and the outline is rebuilt from
the bookmark levels the layout reported.
"""

from __future__ import annotations

import io
import warnings as warnings_module
from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from octavo.editions.print.result import PageLabels, Sheet
from octavo.errors import Warnings

# What a piece writes for a link to a page another piece holds (see chunks.foreign_links): bound as a named link.
ELSEWHERE = "octavo-anchor:"


@dataclass
class _Mark:
    """One outline entry: its level, title and destination, and the entries under it."""

    level: int
    title: pikepdf.Object
    dest: pikepdf.Object
    children: list[_Mark]


def bind(sheets: list[Sheet], labels: list[PageLabels], identity: bytes, warnings: Warnings,
         dated: bytes | None = None) -> bytes:
    """The pieces as one PDF, its pages labelled as printed.

    `dated` is a PDF laid out from the same <head> with the build time: the bound PDF takes its information
    dictionary and XMP metadata, so that the pieces, laid out without a date, are kept from one build to the next.
    """
    book = pikepdf.open(io.BytesIO(sheets[0].pdf))
    stamp = pikepdf.open(io.BytesIO(dated)) if dated is not None else None  # open until saved: copies read it
    if stamp is not None:
        book.trailer.Info = book.copy_foreign(stamp.trailer.Info)
        if "/Metadata" in stamp.Root:
            book.Root.Metadata = book.copy_foreign(stamp.Root.Metadata)
    root = book.Root.get("/StructTreeRoot")
    document = root.K[0] if root is not None else None
    nums: list[pikepdf.Object | int] = []
    next_key = 0
    dests: dict[bytes, pikepdf.Object] = {}
    marks: list[tuple[int, pikepdf.Object, pikepdf.Object]] = []
    for number, sheet in enumerate(sheets):
        piece = book if number == 0 else pikepdf.open(io.BytesIO(sheet.pdf))
        if sheet.table_headers:
            _name_headers(piece, number)
        first = len(book.pages)
        if number:
            with warnings_module.catch_warnings():  # pikepdf warns that named destinations stay behind: pooled below
                warnings_module.simplefilter("ignore", pikepdf.exceptions.PageCopyWarning)
                book.pages.extend(piece.pages)
        pages = book.pages[first:]
        if document is not None:
            next_key = _bring_tags(book, piece, document, pages, nums, next_key)
        for name, dest in _dests(piece):
            dests.setdefault(name, _copy(book, piece, dest) if number else dest)
        outline = list(_outline(piece))
        if len(outline) != len(sheet.levels):
            raise ValueError(f"piece {number} has {len(outline)} bookmarks but {len(sheet.levels)} levels")
        for level, (title, dest) in zip(sheet.levels, outline, strict=True):
            marks.append((level, title, _copy(book, piece, dest) if number else dest))
    if root is not None:
        root.ParentTree = book.make_indirect(Dictionary(Nums=Array(nums)))
        root.ParentTreeNextKey = next_key
    _link_pieces(book, dests, warnings)
    names = Array()
    for name in sorted(dests):
        names.extend([String(name), dests[name]])  # a name tree's keys are sorted as bytes
    book.Root.Names = Dictionary(Dests=book.make_indirect(Dictionary(Names=names)))
    _write_outline(book, marks)
    ranges: list[int | Dictionary] = []
    for label in labels:
        ranges += [label.first, Dictionary(S=Name.r if label.roman else Name.D, St=label.number)]
    book.Root.PageLabels = Dictionary(Nums=Array(ranges))
    book.trailer.ID = Array([String(identity), String(identity)])  # the second is made from the content
    out = io.BytesIO()
    book.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
              deterministic_id=True, fix_metadata_version=False, qdf=False, linearize=False,
              preserve_pdfa=False)
    return out.getvalue()


def _copy(book: pikepdf.Pdf, piece: pikepdf.Pdf, obj: pikepdf.Object) -> pikepdf.Object:
    """A piece's object (and all it refers to) in the book; a direct array or dictionary is copied by reference."""
    if isinstance(obj, (Array, Dictionary)) and not obj.is_indirect:
        obj = piece.make_indirect(obj)
    return book.copy_foreign(obj)


def _name_headers(piece: pikepdf.Pdf, number: int) -> None:
    """Prefix the piece's table header ids (WeasyPrint names them by object number) with the piece's number."""
    for obj in piece.objects:
        if not isinstance(obj, Dictionary) or obj.get("/Type") != Name.StructElem:
            continue
        if "/ID" in obj:
            obj.ID = String(f"p{number}-{obj.ID}")
        attributes = obj.get("/A")
        for attribute in (attributes if isinstance(attributes, Array) else [attributes] if attributes else []):
            if isinstance(attribute, Dictionary) and "/Headers" in attribute:
                attribute.Headers = Array([String(f"p{number}-{header}") for header in attribute.Headers])


def _bring_tags(book: pikepdf.Pdf, piece: pikepdf.Pdf, document: pikepdf.Object, pages: list[pikepdf.Page],
                nums: list[pikepdf.Object | int], next_key: int) -> int:
    """Move the piece's structure under `document` and its parent tree into `nums`; the next free key."""
    piece_root = piece.Root.get("/StructTreeRoot")
    if piece_root is None:
        return next_key
    flat = list(piece_root.ParentTree.Nums)
    if "/Kids" in piece_root.ParentTree or len(flat) % 2:
        raise ValueError("a piece's parent tree is not one flat number tree")
    own = piece is book
    piece_document = piece_root.K[0]
    if not own:
        del piece_document["/P"]  # copied, it would bring the piece's own structure root along
    kids = piece_document.K if own else _copy(book, piece, piece_document.K)
    moved = book.copy_foreign(piece_document) if not own else document
    highest = -1
    for at in range(0, len(flat), 2):
        key = int(flat[at])
        value = flat[at + 1] if own else _copy(book, piece, flat[at + 1])
        nums.extend([key + next_key, value])
        highest = max(highest, key)
        for element in (value if isinstance(value, Array) else [value]):
            if isinstance(element, Dictionary) and element.get("/P") == moved:
                element.P = document
    if not own:
        for kid in kids:
            if isinstance(kid, Dictionary):
                if not kid.get("/K"):
                    continue  # an element with nothing in it: a blank verso's empty block
                kid.P = document
            document.K.append(kid)
        for page in pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + next_key
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + next_key
    return next_key + highest + 1


def _dests(piece: pikepdf.Pdf) -> Iterator[tuple[bytes, pikepdf.Object]]:
    """The piece's named destinations (WeasyPrint writes them as one flat name array)."""
    names = piece.Root.get("/Names")
    flat = list(names.Dests.Names) if names is not None and "/Dests" in names else []
    for at in range(0, len(flat), 2):
        yield bytes(flat[at]), flat[at + 1]


def _outline(piece: pikepdf.Pdf) -> Iterator[tuple[pikepdf.Object, pikepdf.Object]]:
    """(title, destination) of every outline entry, in document order."""
    def walk(item: pikepdf.Object | None) -> Iterator[tuple[pikepdf.Object, pikepdf.Object]]:
        while item is not None:
            yield item.Title, item.Dest
            yield from walk(item.get("/First"))
            item = item.get("/Next")
    outlines = piece.Root.get("/Outlines")
    yield from walk(outlines.get("/First") if outlines is not None else None)


def _link_pieces(book: pikepdf.Pdf, dests: dict[bytes, pikepdf.Object], warnings: Warnings) -> None:
    """Turn each link to another piece's page into a named link; one whose target no piece holds is a warning."""
    for page in book.pages:
        for annotation in page.obj.get("/Annots", []):
            action = annotation.get("/A")
            if action is None or action.get("/S") != Name.URI:
                continue
            target = bytes(action.URI)
            if not target.startswith(ELSEWHERE.encode()):
                continue
            anchor = target[len(ELSEWHERE):]
            del annotation["/A"]
            annotation.Contents = String(anchor)
            if anchor in dests:
                annotation.Dest = String(anchor)
            else:
                warnings.add(f"the print edition links to #{anchor.decode('utf-8', 'replace')}, which no page holds "
                             "— check the cross-reference's target")


def _write_outline(book: pikepdf.Pdf, marks: list[tuple[int, pikepdf.Object, pikepdf.Object]]) -> None:
    """The outline from (level, title, destination) in order, nested by level as WeasyPrint nests bookmarks."""
    top: list[_Mark] = []
    open_marks: list[_Mark] = []
    for level, title, dest in marks:
        while open_marks and open_marks[-1].level >= level:
            open_marks.pop()
        mark = _Mark(level, title, dest, [])
        (open_marks[-1].children if open_marks else top).append(mark)
        open_marks.append(mark)
    if "/Outlines" in book.Root:
        del book.Root["/Outlines"]
    if not top:
        return
    outlines = book.make_indirect(Dictionary(Type=Name.Outlines))
    outlines.Count = _write_marks(book, top, outlines)
    book.Root.Outlines = outlines


def _write_marks(book: pikepdf.Pdf, marks: list[_Mark], parent: pikepdf.Object) -> int:
    """Write sibling entries under `parent`, open; how many entries are visible beneath it."""
    written = [book.make_indirect(Dictionary(Title=mark.title, Dest=mark.dest, Parent=parent)) for mark in marks]
    count = len(written)
    for at, (item, mark) in enumerate(zip(written, marks, strict=True)):
        if at:
            item.Prev = written[at - 1]
            written[at - 1].Next = item
        if mark.children:
            item.Count = _write_marks(book, mark.children, item)
            count += int(item.Count)
    parent.First, parent.Last = written[0], written[-1]
    return count
