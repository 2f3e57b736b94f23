"""Link checks: every link, stylesheet, script, picture and page-table place in a folder of web pages resolves in it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html


@dataclass(frozen=True)
class LinkProblem:
    """A link or resource that does not resolve: the page, its line there, the address and what is wrong."""

    page: str
    line: int | None
    value: str
    problem: str

    def __str__(self) -> str:
        return f"{self.page}: {self.value} {self.problem}"


def html_pages(folder: Path) -> list[Path]:
    """The folder's pages, in name order (which is reading order)."""
    return sorted(folder.glob("*.html"))


def link_problems(folder: Path) -> list[LinkProblem]:
    """Every relative link, stylesheet, script or image in the folder's pages that does not resolve inside it."""
    problems = []
    ids = {page.name: {el.get("id") for el in html.parse(str(page)).iter() if el.get("id")}
           for page in html_pages(folder)}
    for page in html_pages(folder):
        root = html.parse(str(page)).getroot()
        for element, value in _addresses(root):
            if value is None:
                continue
            if not value.strip():
                problems.append(LinkProblem(page.name, element.sourceline, repr(value), "is empty"))
                continue
            parts = urlsplit(value)
            if parts.scheme in ("http", "https") and element.tag == "a":
                continue  # a link out (a cited video) is fine; a resource from outside is not
            if parts.scheme or parts.netloc:
                problems.append(LinkProblem(page.name, element.sourceline, value, "is not inside the package"))
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
            if folder.resolve() not in target.parents or not target.exists():
                problems.append(LinkProblem(page.name, element.sourceline, value, "is missing"))
            elif parts.fragment and parts.fragment not in ids.get(target.name, set()):
                problems.append(LinkProblem(page.name, element.sourceline, value, "has no such id"))
    return problems


def _addresses(root: html.HtmlElement) -> list[tuple[html.HtmlElement, str | None]]:
    """Each address a page uses, with its element: links, stylesheets, pictures, scripts and the page table's places."""
    found = [(el, el.get("href")) for el in root.iter("a", "link")] + [
        (el, el.get("src")) for el in root.iter("img", "script")]
    for table in root.xpath("//script[@id='page-table'][@type='application/json']"):
        try:
            places = json.loads(table.text or "{}")
        except ValueError:
            places = None
        if isinstance(places, dict):
            found.extend((table, str(place)) for place in places.values())
        else:
            found.append((table, ""))  # a table that is not folio → place: reported as an empty address
    return found


def broken_links(folder: Path) -> list[str]:
    """Each link problem as `page: address what is wrong`."""
    return [str(problem) for problem in link_problems(folder)]
