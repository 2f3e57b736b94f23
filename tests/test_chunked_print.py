"""Print editions laid out a chapter at a time and bound: the pages one layout would give, one sound tag tree, true
forward cross-references, and an edit that lays out only its own chapter again."""

from __future__ import annotations

import gc
import io
import re
import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
import pytest
from conftest import BOOK, NOTE, run_cli
from pdf_pages import flat, page_texts, text_start

from octavo.check.pdf import pdfua_findings
from octavo.check.tags import tag_tree_faults
from octavo.core.cache import Cache
from octavo.core.resources import STYLES
from octavo.core.templates import template
from octavo.core.workers import LocalWorkers, Workers
from octavo.editions.base import RenderContext
from octavo.editions.making import Editions
from octavo.editions.print import edition
from octavo.editions.print import layout as layout_module
from octavo.editions.print.context import PrintContext
from octavo.editions.print.edition import lay_out
from octavo.editions.print.layout import LAYOUT_COLLECTION, make_layout
from octavo.editions.print.profiles import profile
from octavo.errors import Warnings
from octavo.settings import load_settings
from octavo.transforms.editing import edited_manuscript
from octavo.typesetting.typeset import typeset

TIDES = """# {title}

The tide tables below were copied from the harbour office board on a wet morning.

| Port | High water | Low water |
|------|-----------:|----------:|
| Dover | 10:42 | 16:55 |
| Folkestone | 10:38 | 16:51 |

Table: Tides on the first of the month

The clerk said the board is rewritten every evening by whoever closes the office.
"""


def _render(book: Path) -> RenderContext:
    settings = load_settings(book)
    manuscript = edited_manuscript(settings, Warnings())
    return RenderContext(manuscript, typeset(manuscript, settings.citation_style), settings, Warnings())


@pytest.mark.parametrize("name", ["handout", "trade"])
def test_chunks_give_the_pages_of_one_layout(name: str, tmp_path: Path) -> None:
    render = _render(BOOK)
    chosen = profile(name)
    bound = tmp_path / "bound.pdf"
    bound.write_bytes(lay_out(render, chosen).pdf)
    # The body as one WeasyPrint document, as Octavo laid it out before chunks.
    context = PrintContext(render.book, render.typeset, chosen.name, "2026-01-01T00:00:00Z")
    layout = make_layout([STYLES / "print.css", STYLES / chosen.stylesheet], None, chosen.size, chosen.pdf_variant,
                         render.folder)
    whole = tmp_path / "whole.pdf"
    whole.write_bytes(layout.render(template("print/book.html.j2").render(context.body())).write_pdf())
    whole_pages = page_texts(whole)
    bound_pages = page_texts(bound)
    start = text_start(bound_pages)
    assert len(whole_pages) > 8
    assert bound_pages[start:start + len(whole_pages)] == whole_pages
    assert tag_tree_faults(bound) == []
    if name == "handout":
        assert pdfua_findings(bound, "PDF handout") == []


def test_tables_in_two_chapters_keep_distinct_header_ids(tmp_path: Path) -> None:
    book = tmp_path / "tides"
    (book / "sources").mkdir(parents=True)
    contents = []
    for stem, title in (("dover", "Dover Tides"), ("kent", "Kents Tides")):  # the same length: the same objects
        (book / "sources" / f"{stem}.md").write_text(TIDES.format(title=title), encoding="utf-8")
        contents.append(f"  - file: sources/{stem}.md")
    (book / "sources" / "clerk.md").write_text("# The Clerk\n\nShe closes the office and rewrites the board.\n",
                                               encoding="utf-8")
    contents.append("  - file: sources/clerk.md")
    (book / "book.yaml").write_text("title: Tide Tables\nlanguage: en\ncontents:\n" + "\n".join(contents) + "\n",
                                    encoding="utf-8")
    laid = edition.laid_out(_render(book), profile("handout"))
    # Only the two chapters with tables have header cells; the binder renames ids in those pieces alone.
    assert [sheet.table_headers for sheet in laid.sheets] == [False, True, True, False]
    pdf = tmp_path / "tides.pdf"
    pdf.write_bytes(edition.bound(laid, Warnings()).pdf)
    every = replace(laid, sheets=[replace(sheet, table_headers=True) for sheet in laid.sheets])
    assert edition.bound(every, Warnings()).pdf == pdf.read_bytes()
    with pikepdf.open(pdf) as bound:
        ids = [bytes(obj.ID) for obj in bound.objects
               if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/TH" and "/ID" in obj]
    assert len(ids) == 6 and len(set(ids)) == 6
    assert tag_tree_faults(pdf) == []
    assert pdfua_findings(pdf, "PDF handout") == []


def test_a_tag_tree_fault_is_found(tmp_path: Path) -> None:
    pdf = tmp_path / "book.pdf"
    pdf.write_bytes(lay_out(_render(BOOK), profile("handout")).pdf)
    with pikepdf.open(pdf) as broken:
        broken.pages[7].obj.StructParents = broken.pages[6].obj.StructParents
        broken.save(tmp_path / "broken.pdf")
    faults = tag_tree_faults(tmp_path / "broken.pdf")
    assert any("page 8 shares parent-tree key" in fault for fault in faults)


def _destination_page(pdf: Path, anchor: str) -> int:
    """The 0-based page a named destination leads to."""
    with pikepdf.open(pdf) as bound:
        names = list(bound.Root.Names.Dests.Names)
        found = dict(zip((bytes(name) for name in names[::2]), names[1::2], strict=True))
        return [page.objgen for page in bound.pages].index(found[anchor.encode()][0].objgen)


def test_a_forward_cross_reference_prints_and_links_its_page(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(BOOK, book)
    note = (book / NOTE).read_text(encoding="utf-8")
    (book / NOTE).write_text(note.replace(
        "[[stalins_policies_and_their_consequences | Tsarist regime]]",
        "[[How did Stalin rise from an ordinary revolutionary to be the supreme leader of the Soviet Union? | "
        "Tsarist regime]]"), encoding="utf-8")
    config = (book / "book.yaml").read_text(encoding="utf-8")
    answers, notes = config.split("  - part: Notes on a Conversation\n")
    head, answers = answers.split("contents:\n")
    (book / "book.yaml").write_text(f"{head}contents:\n  - part: Notes on a Conversation\n{notes}{answers}",
                                    encoding="utf-8")  # the note first: its link now leads forward
    out = tmp_path / "out"
    done = run_cli("--book", str(book), "--out", str(out), "--formats", "pdf", "--profile", "trade", "-q")
    assert done.returncode == 0, done.stderr
    pdf = next(out.glob("*-trade.pdf"))
    pages = page_texts(pdf)
    [calling] = [at for at, page in enumerate(pages) if "Tsarist regime (see p." in flat(page)]
    number = int(re.search(r"Tsarist regime \(see p\.\s(\d+)\)", flat(pages[calling])).group(1))
    target = text_start(pages) + number - 1
    assert flat(pages[target]).startswith("How did Stalin rise from an ordinary revolutionary")
    assert target > calling
    with pikepdf.open(pdf) as bound:
        links = [annotation for annotation in bound.pages[calling].obj.get("/Annots", [])
                 if "/Dest" in annotation and "how-did-stalin-rise" in str(annotation.Dest)]
        assert links and all("/A" not in link for link in links)
        anchor = str(links[0].Dest)
    assert _destination_page(pdf, anchor) == target
    assert tag_tree_faults(pdf) == []


def _pieces(out: Path) -> set[str]:
    return {path.name for path in (out / ".octavo-cache" / "print-piece").iterdir()}


@pytest.mark.parametrize("epoch", ["1790000000", None], ids=["reproducible", "dated-now"])
def test_an_edit_lays_out_only_its_own_chapter_again(tmp_path: Path, epoch: str | None) -> None:
    book = tmp_path / "book"
    shutil.copytree(BOOK, book)
    out = tmp_path / "out"
    done = run_cli("--book", str(book), "--out", str(out), "--formats", "pdf", "-q", epoch=epoch)
    assert done.returncode == 0, done.stderr
    before = _pieces(out)
    first = next(out.glob("*.pdf")).read_bytes()
    note = (book / NOTE).read_text(encoding="utf-8")
    assert "backdrop of significant historical events" in note
    (book / NOTE).write_text(note.replace("significant historical", "momentous historical", 1), encoding="utf-8")
    done = run_cli("--book", str(book), "--out", str(out), "--formats", "pdf", "-q", epoch=epoch)
    assert done.returncode == 0, done.stderr
    made = _pieces(out) - before
    # The note's chapter (the same pages, so no other piece changed), built at the same time or at another: no
    # piece carries the build time, which the bound PDF takes from a dated empty page.
    assert len(made) == 1
    edited = next(out.glob("*.pdf")).read_bytes()
    with pikepdf.open(io.BytesIO(first)) as old, pikepdf.open(io.BytesIO(edited)) as new:
        assert len(old.pages) == len(new.pages)
        with new.open_metadata() as xmp:
            created, xmp_created = str(new.docinfo["/CreationDate"]), str(xmp["xmp:CreateDate"])
    assert created[2:16] == re.sub(r"\D", "", xmp_created)[:14]  # the bound PDF is dated, both ways alike
    if epoch:
        assert created.startswith("D:" + datetime.fromtimestamp(int(epoch), UTC).strftime("%Y%m%d%H%M%S"))
    assert any("momentous historical" in flat(page) for page in page_texts(next(out.glob("*.pdf"))))


def test_the_edition_the_epub_follows_comes_back_unbound_and_binds_beside_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Its worker gives the page map back unbound and another binds it; the handout's binds itself; same bytes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    editions = Editions(_render(BOOK), Cache(None), LocalWorkers(2))
    trade, handout = editions.profile("trade"), editions.profile("handout")
    assert editions.page_list_profile() == trade
    try:
        editions.start([handout, trade])
        page_map = editions.page_map()
        assert page_map is not None and page_map.starts
        assert trade in editions._binding and trade not in editions._print  # a worker binds it meanwhile
        pdfs = {chosen: editions.pdf(chosen) for chosen in (handout, trade)}
        assert handout not in editions._binding  # the handout's worker bound it
        editions.finish()
        assert not editions._binding and not editions._printing
    finally:
        editions.workers.close()
    here = Editions(_render(BOOK), Cache(None))  # laid out and bound in this process, one after the other
    assert here.page_map() == page_map
    assert {chosen: here.pdf(chosen) for chosen in (handout, trade)} == pdfs


def test_an_edition_is_laid_out_with_fewer_garbage_collections(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted, not timed: the collector runs at the layout's thresholds while pieces lay out, as before after."""
    render, chosen = _render(BOOK), profile("handout")
    seen: list[tuple[int, int, int]] = []
    real = edition.lay_out_piece

    def watched(*args: object) -> object:
        seen.append(gc.get_threshold())
        return real(*args)

    def collections() -> int:
        counted = 0

        def count(phase: str, info: dict[str, int]) -> None:
            nonlocal counted
            counted += phase == "start"

        gc.callbacks.append(count)
        try:
            edition.laid_out(render, chosen)
        finally:
            gc.callbacks.remove(count)
        return counted

    before = gc.get_threshold()
    monkeypatch.setattr(edition, "lay_out_piece", watched)
    fewer = collections()
    assert gc.get_threshold() == before and seen and set(seen) == {LAYOUT_COLLECTION}
    monkeypatch.setattr(layout_module, "LAYOUT_COLLECTION", before)
    as_before = collections()
    assert as_before > 5 * fewer, (as_before, fewer)


def _garbage_left(count: int) -> int:
    """Leave `count` lists that hold themselves, uncollected, when this job ends (a job for a worker)."""
    gc.disable()
    for _ in range(count):
        looped: list[object] = []
        looped.append(looped)
    gc.enable()
    return count


def _collector_view() -> tuple[int, int]:
    """What a collection finds in this process now, and how many objects are frozen (a job for a worker)."""
    return gc.collect(), gc.get_freeze_count()


def test_a_worker_job_leaves_its_garbage_frozen_not_collected_while_its_result_is_sent() -> None:
    """Counted: the worker's process ends with the build, so what a job left is frozen, not collected; not here."""
    workers = LocalWorkers(1)
    try:
        left = workers.submit(_garbage_left, 50_000).result()
        found, frozen = workers.submit(_collector_view).result()
    finally:
        workers.close()
    assert found < 1_000 and frozen > left  # collected, they would not be frozen; unfrozen, the collection finds them
    before = gc.get_freeze_count()
    Workers().submit(_garbage_left, 1_000).result()
    assert gc.get_freeze_count() == before  # a job run in this process leaves the collector alone
    gc.collect()
