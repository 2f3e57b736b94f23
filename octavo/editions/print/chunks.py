"""The body cut into chunks laid out one by one, and each piece's links to other pieces made ready for binding.

A chunk is one chapter (a part's opening page goes with the chapter after it; the bibliography and who's who
make the last chunk). Chunks always begin on a new page, so laying one out from its first folio gives exactly
the pages the whole body would, while only one chunk's boxes are in memory and an unchanged chunk is reused.
"""

from __future__ import annotations

import re
from typing import Any

from octavo.editions.print.binding import ELSEWHERE
from octavo.editions.print.crossrefs import CROSSREF

# Start tags of links, and the attributes read from them. The HTML is the print template's own output (pandoc's
# chapter bodies inside it), whose attributes are always double-quoted.
LINK = re.compile(r"<a\s[^>]*>")
INTERNAL = re.compile(r'\shref="#([^"]*)"')
ID = re.compile(r'\sid="([^"]+)"')


def body_chunks(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Each chunk's template context: a chapter (with the part page before it) each; the back matter last."""
    runs: list[list[dict[str, Any]]] = []
    waiting: list[dict[str, Any]] = []
    for item in body["body"]:
        waiting.append(item)
        if item["kind"] != "part":
            runs.append(waiting)
            waiting = []
    if waiting:
        runs.append(waiting)
    empty: dict[str, Any] = {"bibliography": [], "people": []}
    chunks = [{**body, **empty, "body": run} for run in runs]
    if body["bibliography"] or body["people"]:
        chunks.append({**body, "body": []})
    return chunks


def foreign_links(document_html: str, folios: dict[str, int], guess: int,
                  bound: bool = True) -> tuple[str, dict[str, int]]:
    """Point links to ids the HTML lacks at the binder (unbound: plain words), give cross-references folios."""
    own = set(ID.findall(document_html))
    printed: dict[str, int] = {}

    def point(match: re.Match[str]) -> str:
        tag = match.group(0)
        target = INTERNAL.search(tag)
        if target is None or target.group(1) in own:
            return tag
        anchor = target.group(1)
        tag = tag[:target.start()] + (f' href="{ELSEWHERE}{anchor}"' if bound else "") + tag[target.end():]
        if CROSSREF.fullmatch(tag):
            printed[anchor] = folios.get(anchor, guess)
            tag = tag[:-1] + f' data-folio="{printed[anchor]}">'
        return tag

    return LINK.sub(point, document_html), printed
