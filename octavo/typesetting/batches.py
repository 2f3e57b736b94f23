"""The book typeset by pandoc and citeproc in batches of chapters, each kept in the content cache, joined as one run.

Every chapter restarts citation positions (`reset-citation-positions`: a chapter's first citation of a work is in
full, "ibid." never reaches back into the chapter before), and every run cites the whole bibliography (`nocite`), so
a chapter's citations read the same whichever chapters share its run. An edit then runs pandoc on one batch, not on
the book. The joined HTML is what one run gives: notes numbered through the book, every id distinct (a repeated one
gets pandoc's `-1`, `-2`), the bibliography once. A style that numbers citations through the document (numeric
styles, `first-reference-note-number`) reads the book in one run.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lxml import html

from octavo.core.cache import Cache, digest, file_digest
from octavo.core.sanitise import without_controls
from octavo.manuscript import Book, Chapter
from octavo.sources.references import references_json
from octavo.typesetting.bookmarkdown import book_markdown
from octavo.typesetting.citeproc import run_citeproc

# Chapters per pandoc run: a run costs about 0.12 s before its first chapter and 0.08 s for each.
BATCH = 5
NUMBERED = re.compile(rb"citation-number|first-reference-note-number")
NOTE_ID = re.compile(r"(fn|fnref)(\d+)")


def chapter_batches(book: Book, style: Path) -> list[list[Chapter]]:
    """The chapters in runs of BATCH, in reading order; all in one when the style numbers through the book."""
    chapters = book.chapters()
    if NUMBERED.search(style.read_bytes()):
        return [chapters]
    return [chapters[start:start + BATCH] for start in range(0, len(chapters), BATCH)]


def batch_outputs(book: Book, style: Path, cache: Cache) -> list[str]:
    """Pandoc's HTML for each batch, side by side (each run is its own process), or from the cache."""
    common = digest(file_digest(style), references_json(book.references))

    def run(chapters: list[Chapter]) -> str:
        markdown = book_markdown(book, chapters)
        key = cache.key("typeset-batch", common, markdown)
        return cache.made("typeset-batch", key, str,
                          lambda: run_citeproc(book, style, markdown, "html5", ["--section-divs"]))

    batches = chapter_batches(book, style)
    with ThreadPoolExecutor(max_workers=max(1, min(len(batches), os.cpu_count() or 1))) as pool:
        running = [pool.submit(run, chapters) for chapters in batches]
        return [outcome.result() for outcome in running]  # the first batch in reading order that fails is named


def joined(outputs: list[str]) -> html.HtmlElement:
    """The batches' HTML as one document: their sections, the bibliography once, then every note, numbered on."""
    root = html.fragment_fromstring("<div></div>")
    notes = html.fragment_fromstring('<section id="footnotes" class="footnotes footnotes-end-of-document" '
                                     'role="doc-endnotes"><hr /><ol></ol></section>')
    batches = [html.fragment_fromstring(without_controls(output), create_parent="div") for output in outputs]
    bibliography = None
    counted = 0
    for batch in batches:
        for refs in batch.xpath('//div[@id="refs"]'):
            container = refs.getparent()
            holder = container if container.tag == "section" else refs
            holder.getparent().remove(holder)
            if bibliography is None:
                bibliography = holder
        own_notes = batch.xpath('./section[@role="doc-endnotes"]')
        items = [item for section in own_notes for item in section.xpath("./ol/li")]
        for section in own_notes:
            batch.remove(section)
        _number_notes(batch, items, counted)
        counted += len(items)
        root.extend(list(batch))
        notes.find("ol").extend(items)
    _distinct(root)
    if bibliography is not None:
        root.append(bibliography)
    if counted:
        root.append(notes)
    return root


def _number_notes(batch: html.HtmlElement, items: list[html.HtmlElement], before: int) -> None:
    """Number a batch's notes on from `before`: their ids, the calls' links and figures, the back links."""
    if not before:
        return

    def moved(value: str) -> str:
        found = NOTE_ID.fullmatch(value)
        return f"{found.group(1)}{int(found.group(2)) + before}" if found else value

    for element in [*batch.iter(), *(element for item in items for element in item.iter())]:
        if element.get("id"):
            element.set("id", moved(element.get("id")))
        href, classes = element.get("href") or "", element.get("class") or ""
        if href.startswith("#") and ("footnote-ref" in classes or "footnote-back" in classes):
            element.set("href", "#" + moved(href[1:]))
            for figure in element.xpath("./sup") if "footnote-ref" in classes else []:
                figure.text = str(int(figure.text) + before)


def _distinct(root: html.HtmlElement) -> None:
    """Make every id in the joined chapters distinct, numbering a repeat with the first free `-1`, `-2`, ….

    A part's or chapter's own id (its top-level section's) stays: the manuscript made those distinct. An id inside
    a chapter is numbered when an earlier place used it (a repeat across batches: within one, pandoc numbered it)
    or when it is a part's or chapter's id anywhere in the book.
    """
    tops = set(root.iterchildren())
    top_ids = {element.get("id") for element in tops if element.get("id")}
    everywhere = {element.get("id") for element in root.iter() if element.get("id")}
    taken: set[str] = set(top_ids)
    for element in root.iter():
        name = element.get("id")
        if not name or NOTE_ID.fullmatch(name) or element in tops:
            continue
        if name in taken:
            number = 1
            while f"{name}-{number}" in taken or f"{name}-{number}" in everywhere:
                number += 1
            name = f"{name}-{number}"
            element.set("id", name)
            everywhere.add(name)
        taken.add(name)
