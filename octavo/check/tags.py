"""The tag tree of a tagged PDF read back whole: every piece of marked content and every link reachable both ways.

pdfua checks rules one at a time; this checks what binding separately laid-out pieces could get wrong. Each page's
marked content must be found through the parent tree at its own MCID, in an element that claims it on that page;
each link annotation's parent-tree entry must hold it; every element must name its parent; no key may serve two
pages; table header ids must be unique and every cell's headers must exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from octavo.check.findings import Finding


def tag_tree_faults(path: Path) -> list[str]:
    """What is wrong with the PDF's tag tree, each with its page where it has one; empty when it is sound."""
    with pikepdf.open(path) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return ["the PDF has no tag tree"]
        faults: list[str] = []
        parents = _number_tree(root.ParentTree)
        elements = list(_elements(root, faults))
        ids: dict[bytes, int] = {}
        for element in elements:
            if "/ID" in element:
                ids[bytes(element.ID)] = ids.get(bytes(element.ID), 0) + 1
        faults += [f"table header id {key.decode(errors='replace')} is used {count} times"
                   for key, count in ids.items() if count > 1]
        for element in elements:
            for header in _headers(element):
                if header not in ids:
                    faults.append(f"a table cell names header {header.decode(errors='replace')}, which no header has")
        used: set[int] = set()
        for number, page in enumerate(pdf.pages, start=1):
            faults += _page_faults(page, number, parents, used)
        return faults


def tag_findings(pdf: Path, edition: str) -> list[Finding]:
    """A finding for each fault of the edition's tag tree."""
    return [Finding(edition, "octavo", "tag-tree", "error", pdf.name, None, fault) for fault in tag_tree_faults(pdf)]


def _number_tree(node: pikepdf.Object) -> dict[int, pikepdf.Object]:
    """A number tree's entries, from its leaves."""
    entries: dict[int, pikepdf.Object] = {}
    flat = list(node.get("/Nums", []))
    for at in range(0, len(flat) - 1, 2):
        entries[int(flat[at])] = flat[at + 1]
    for kid in node.get("/Kids", []):
        entries.update(_number_tree(kid))
    return entries


def _elements(root: pikepdf.Object, faults: list[str]) -> Iterator[pikepdf.Object]:
    """Every structure element under the root, each checked to name its parent."""
    waiting: list[tuple[pikepdf.Object, pikepdf.Object]] = [(kid, root) for kid in _kids(root)]
    seen: set[tuple[int, int]] = set()
    while waiting:
        kid, parent = waiting.pop()
        if not isinstance(kid, Dictionary) or kid.get("/Type") in (Name.MCR, Name.OBJR):
            continue
        if kid.is_indirect:
            if kid.objgen in seen:
                faults.append(f"structure element {kid.get('/S')} is reached twice")
                continue
            seen.add(kid.objgen)
        if kid.get("/P") is None or not _same(kid.P, parent):
            faults.append(f"structure element {kid.get('/S')} does not name its parent")
        yield kid
        waiting.extend((child, kid) for child in _kids(kid))


def _kids(element: pikepdf.Object) -> list[pikepdf.Object]:
    """An element's /K as a list."""
    kids = element.get("/K")
    return list(kids) if isinstance(kids, Array) else [] if kids is None else [kids]


def _same(one: object, other: object) -> bool:
    """Whether two PDF objects are the same indirect object."""
    return (isinstance(one, pikepdf.Object) and isinstance(other, pikepdf.Object) and one.is_indirect
            and other.is_indirect and one.objgen == other.objgen)


def _headers(element: pikepdf.Object) -> Iterator[bytes]:
    """The header ids a table cell's attributes name."""
    attributes = element.get("/A")
    for attribute in attributes if isinstance(attributes, Array) else [attributes] if attributes else []:
        if isinstance(attribute, Dictionary):
            yield from (bytes(header) for header in attribute.get("/Headers", []))


def _page_faults(page: pikepdf.Page, number: int, parents: dict[int, pikepdf.Object], used: set[int]) -> list[str]:
    """The faults of one page: its marked content and its links against the parent tree."""
    faults: list[str] = []
    mcids = [int(instruction.operands[1].MCID) for instruction in pikepdf.parse_content_stream(page)
             if isinstance(instruction, pikepdf.ContentStreamInstruction)
             and instruction.operator == pikepdf.Operator("BDC") and isinstance(instruction.operands[1], Dictionary)
             and "/MCID" in instruction.operands[1]]
    key = page.obj.get("/StructParents")
    if key is None:
        return [f"page {number} has marked content but no parent-tree key"] if mcids else []
    if int(key) in used:
        faults.append(f"page {number} shares parent-tree key {int(key)} with another page")
    used.add(int(key))
    owners = parents.get(int(key))
    owners_list = list(owners) if isinstance(owners, Array) else []
    for mcid in mcids:
        owner = owners_list[mcid] if mcid < len(owners_list) else None
        if not isinstance(owner, Dictionary) or mcid not in [k for k in _kids(owner) if isinstance(k, int)]:
            faults.append(f"page {number}: marked content {mcid} has no element in the parent tree")
        elif not _same(_page_of(owner), page.obj):
            faults.append(f"page {number}: marked content {mcid} belongs to an element of another page")
    for annotation in page.obj.get("/Annots", []):
        if annotation.get("/Subtype") != Name.Link:
            continue
        holder = parents.get(int(annotation.StructParent)) if "/StructParent" in annotation else None
        if not isinstance(holder, Dictionary) or not any(
                isinstance(kid, Dictionary) and _same(kid.get("/Obj"), annotation) for kid in _kids(holder)):
            faults.append(f"page {number}: a link is not in the tag tree")
    return faults


def _page_of(element: pikepdf.Object | None) -> pikepdf.Object | None:
    """The page an element's content is on: its own /Pg, else its nearest ancestor's."""
    while isinstance(element, Dictionary):
        if "/Pg" in element:
            return element.Pg
        element = element.get("/P")
    return None
