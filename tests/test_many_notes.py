"""Many notes and many pages: the reading stage stays linear, and the WeasyPrint and pydyf patches apply."""

from __future__ import annotations

import builtins
import importlib
import inspect
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

import pydyf
import pytest
import weasyprint
import weasyprint.css
import weasyprint.document
import weasyprint.draw
import weasyprint.layout
import weasyprint.layout.block
import weasyprint.layout.page
import weasyprint.text.line_break
from conftest import ROOT, run_cli
from PIL import Image
from weasyprint.formatting_structure import boxes

from octavo.editions.print import patches
from octavo.manuscript import Block, Book, BookMetadata, Chapter, Note, Person, Provenance
from octavo.sources.readers.pandoc_doc import _folded, _SourceLines
from octavo.transforms.crossrefs import resolve_crossrefs
from octavo.transforms.index_marks import mark_index
from octavo.transforms.notes import number_notes
from octavo.typesetting.bookmarkdown import book_markdown

sys.path.insert(0, str(ROOT / "bench"))
from many_notes import make_notes_book, notes_chapter  # noqa: E402

# Ceilings that only a hang or a quadratic step can reach; the figures themselves are measured in bench/.
READING_CEILING = 60
PDF_CEILING = 900


@pytest.mark.parametrize("patch", patches.PATCHES, ids=lambda patch: patch.name)
def test_each_dependency_is_the_version_its_patch_knows_and_it_applied(patch: patches.Patch) -> None:
    assert metadata.version(patch.package) == patch.version, (
        f"{patch.package} is not the version of patches/{patch.diff}: check whether the new release still has "
        "the slow loop, then update or drop the patch")
    assert patches.STATUS[patch.name] == "applied"
    for change in patch.changes:
        shipped = inspect.getsource(patches.original(change))
        assert shipped.count(change.old) == 1, f"{change.module}.{change.function} no longer has {change.old!r}"
        running = vars(patches.holder(change))[change.function]
        assert running is not patches.shipped(change)
        code = (running.fget if isinstance(running, property) else running).__code__
        assert code.co_firstlineno == patches.original(change).__code__.co_firstlineno


@pytest.mark.parametrize("patch", patches.PATCHES, ids=lambda patch: patch.name)
def test_the_upstream_diff_is_the_patch_octavo_applies(patch: patches.Patch, tmp_path: Path) -> None:
    """The diff in patches/ applies cleanly to the installed package and makes exactly the run-time changes."""
    installed = Path(importlib.import_module(patch.package).__file__ or "").parent
    copy = tmp_path / patch.package
    shutil.copytree(installed, copy, ignore=shutil.ignore_patterns("__pycache__"))
    done = subprocess.run(["patch", "-p1", "--forward", "-i", str(ROOT / "patches" / patch.diff)], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    changed = {path.relative_to(copy).as_posix() for path in copy.rglob("*.py")
               if path.read_bytes() != (installed / path.relative_to(copy)).read_bytes()}
    def file_of(change: patches.Change) -> str:
        module = change.module.removeprefix(patch.package).lstrip(".").replace(".", "/")
        return f"{module}/__init__.py".lstrip("/") if (installed / module).is_dir() else f"{module}.py"

    assert changed == {file_of(change) for change in patch.changes}
    for name in changed:
        expected = (installed / name).read_text(encoding="utf-8")
        for change in (change for change in patch.changes if file_of(change) == name):
            assert expected.count(change.old) == 1
            expected = expected.replace(change.old, change.new)
        assert (copy / name).read_text(encoding="utf-8") == expected


def _comparisons(notes: int) -> int:
    """How many times boxes are compared for equality while laying out `notes` footnotes."""
    count = 0
    pending: list[int] = []

    def equal(self: object, other: object) -> bool:
        nonlocal count
        count += 1
        return self is other

    real = weasyprint.document.layout_document

    def spy(html, root_box, context, *args, **kwargs):  # noqa: ANN001, ANN202 - WeasyPrint's own signature
        pending.append(len(context.footnotes))
        return real(html, root_box, context, *args, **kwargs)

    body = "".join(f"<p>Call {n}<span style='float: footnote'>{n}</span> and more words.</p>" for n in range(notes))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(boxes.Box, "__eq__", equal)
        patch.setattr(weasyprint.document, "layout_document", spy)
        weasyprint.HTML(string=f"<style>@page {{ size: A4 }} p {{ margin: 0 }}</style>{body}").render()
    assert pending == [notes]
    return count


def test_pending_footnotes_are_found_without_scanning(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted, not timed: patched, comparisons grow with the notes; as WeasyPrint ships, with their square."""
    patched = [_comparisons(150), _comparisons(300)]
    for change in patches.FOOTNOTES.changes:
        monkeypatch.setattr(patches.holder(change), change.function, patches.shipped(change))
    shipped = [_comparisons(150), _comparisons(300)]
    assert patched[1] <= 2.2 * patched[0] and patched[1] < 30 * 300
    assert shipped[1] >= 3.5 * shipped[0] and shipped[1] > 100 * patched[1]



def _footnote_areas(monkeypatch: pytest.MonkeyPatch) -> tuple[int, int, list[list[tuple[str, float, float]]]]:
    """Footnote areas laid out, pages with notes, and each page's note lines, for a book of long and short notes."""
    made = 0
    real = weasyprint.layout.block.block_level_layout

    def counting(context: object, box: object, *args: object, **kwargs: object) -> object:
        nonlocal made
        made += isinstance(box, boxes.FootnoteAreaBox)
        return real(context, box, *args, **kwargs)

    for module in (weasyprint.layout, weasyprint.layout.page):
        monkeypatch.setattr(module, "block_level_layout", counting)
    long_note = "A note long enough to run over several lines of the foot of the page. " * 12
    body = "".join(f"<p>Paragraph {n} calls a note<span class=n>{long_note if n % 7 == 0 else f'Note {n}.'}</span>"
                   + (" and floats a box<span class=f>aside</span>" if n % 11 == 0 else "")
                   + " and goes on for a while with words." * 6 + "</p>" for n in range(120))
    style = ("@page { size: A5 } .n { float: footnote } .f { float: right; width: 4em; height: 3em } "
             "@page { @footnote { max-height: 40% } }")
    document = weasyprint.HTML(string=f"<style>{style}</style>{body}").render()
    with_notes = 0
    lines = []
    for page in document.pages:
        areas = [box for box in page._page_box.children if isinstance(box, boxes.FootnoteAreaBox)]
        with_notes += bool(areas)
        lines.append([(type(box).__name__, round(box.position_y, 3), round(box.height, 3))
                      for area in areas for box in area.descendants() if isinstance(box, boxes.LineBox)])
    return made, with_notes, lines


def test_each_page_lays_its_footnote_area_out_once_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted: the page takes the area its last note was measured in; every note line stays where it was."""
    patched = _footnote_areas(monkeypatch)
    for change in patches.FOOTNOTES.changes:
        monkeypatch.setattr(patches.holder(change), change.function, patches.shipped(change))
    shipped = _footnote_areas(monkeypatch)
    assert patched[1] == shipped[1] > 20
    assert patched[2] == shipped[2] and sum(map(len, patched[2])) > 200
    assert patched[0] == shipped[0] - patched[1]

def _page_references_built(pages: int, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many page references pydyf puts in tuples while writing a tagged PDF of `pages` pages."""
    built = 0

    def counting(items: Iterable[object] = ()) -> tuple[object, ...]:
        nonlocal built
        made = builtins.tuple(items)
        built += len(made)
        return made

    monkeypatch.setattr(pydyf, "tuple", counting, raising=False)  # the name page_references looks up
    body = "".join(f"<section><h1>Chapter {n}</h1>" + "".join(f"<p>Paragraph {k}.</p>" for k in range(8))
                   + "</section>" for n in range(pages))
    weasyprint.HTML(string=f"<html lang='en'><head><title>Pages</title><style>@page {{ size: A6 }} "
                           f"section {{ break-before: page }}</style></head><body>{body}</body></html>"
                    ).write_pdf(pdf_variant="pdf/ua-1")
    return built


def test_page_references_are_built_once_per_page_not_once_per_tag(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted, not timed: patched, the references built grow with the pages; as pydyf ships, with their square."""
    patched = [_page_references_built(20, monkeypatch), _page_references_built(40, monkeypatch)]
    for change in patches.PAGE_REFERENCES.changes:
        monkeypatch.setattr(patches.holder(change), change.function, patches.shipped(change))
    shipped = [_page_references_built(20, monkeypatch), _page_references_built(40, monkeypatch)]
    assert patched[1] <= 2.2 * patched[0] and patched[1] <= 3 * 40
    assert shipped[1] >= 3.5 * shipped[0] and shipped[1] > 100 * patched[1]



def _marks(marks: str, tmp_path: Path, name: str) -> tuple[int, set[tuple[int, int]]]:
    """SVG documents built and the dark pixels (at 100 dpi) of three pages with bleed and these marks."""
    built = 0
    svg_image = weasyprint.draw.SVGImage

    def counting(*args: object) -> object:
        nonlocal built
        built += 1
        return svg_image(*args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(weasyprint.draw, "SVGImage", counting)
        sheet = weasyprint.CSS(string=f"@page {{ size: 6in 9in; bleed: 0.125in; marks: {marks}; margin: 1in; "
                                      "background: #f4f4f4 }")
        pdf = weasyprint.HTML(string="<p>One</p><p style='break-before: page'>Two</p>"
                                     "<p style='break-before: page'>Three</p>").write_pdf(stylesheets=[sheet])
    (tmp_path / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "100", "-gray", "-png", "-f", "2", "-l", "2", str(tmp_path / f"{name}.pdf"),
                    str(tmp_path / name)], check=True)
    page = Image.open(next(tmp_path.glob(f"{name}*.png"))).convert("L")
    width, height = page.size
    pixels = page.load()
    return built, {(x, y) for y in range(height) for x in range(width) if pixels[x, y] < 128}


def test_crop_marks_are_stroked_on_the_pixels_the_svg_drew(tmp_path: Path) -> None:
    """Counted, not timed: patched, no SVG document is built for crop marks, and they cover the same pixels."""
    crop, crop_and_cross = _marks("crop", tmp_path, "crop"), _marks("crop cross", tmp_path, "both")
    change = patches.CROP_MARKS.changes[0]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(patches.holder(change), change.function, patches.shipped(change))
        shipped = _marks("crop", tmp_path, "shipped-crop"), _marks("crop cross", tmp_path, "shipped-both")
    assert crop[0] == 0 and shipped[0][0] == 3
    assert len(crop[1]) > 100 and crop[1] == shipped[0][1]
    assert crop_and_cross[0] == 3 and crop_and_cross[1] == shipped[1][1]  # crosses still go through the SVG
    assert crop[1] < crop_and_cross[1]

class _CountingPango:
    """WeasyPrint's Pango bindings as seen from its line breaker, counting the Pango contexts made."""

    def __init__(self, pango: object) -> None:
        self.pango, self.contexts = pango, 0

    def __getattr__(self, name: str) -> object:
        if name == "pango_font_map_create_context":
            self.contexts += 1
        return getattr(self.pango, name)


STYLED = ("<html lang='en'><head><title>Styles</title><style>@page { size: A6 } p { text-align: justify; "
          "hyphens: auto } .caps { font-variant: small-caps } .old { font-variant-numeric: oldstyle-nums } "
          ".u { text-decoration: underline } .tight { font-feature-settings: 'liga' 0 } .rtl { direction: rtl } "
          "</style></head><body>" + "".join(
              f"<p>Paragraph {n}: the <em>court</em> of the <strong>red tsar</strong> met in <span class='caps'>"
              f"Moscow</span> in <span class='old'>19{n:02d}</span>, <span class='u'>under</span> "
              f"<span class='tight'>official</span> <span lang='de'>Aufsicht</span> and "
              f"<span class='rtl' dir='rtl'>שלום</span>; " + "words that fill lines " * 12 + "</p>"
              for n in range(40)) + "</body></html>")


def _layouts(monkeypatch: pytest.MonkeyPatch) -> tuple[int, bytes]:
    """The Pango contexts made while laying out and writing a page of many styles, and the PDF written."""
    counting = _CountingPango(weasyprint.text.line_break.pango)
    monkeypatch.setattr(weasyprint.text.line_break, "pango", counting)
    pdf = weasyprint.HTML(string=STYLED).write_pdf(pdf_variant="pdf/ua-1")
    monkeypatch.undo()
    return counting.contexts, pdf


def test_text_layouts_share_their_pango_setup_and_write_the_same_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted, not timed: patched, a Pango context per set of font properties, not one per layout; same bytes."""
    patched = _layouts(monkeypatch)
    for change in patches.LAYOUT_SETUP.changes:
        monkeypatch.setattr(patches.holder(change), change.function, patches.shipped(change))
    shipped = _layouts(monkeypatch)
    assert 5 <= patched[0] <= 20, patched[0]  # roman, italic, bold, small caps, underlined, German, Hebrew, ...
    assert shipped[0] > 50 * patched[0]
    assert patched[1] == shipped[1] and len(patched[1]) > 10_000


PAGED = ("<html lang='en'><head><title>Pages</title><style>"
         "@page { size: A6; @bottom-center { content: counter(page) } } "
         "@page :left { @top-left { content: 'Tides' } } "
         "@page :right { @top-right { content: string(title) } } "
         "@page :first { @bottom-center { content: none } } "
         "@page wide { size: A6 landscape } "
         "h1 { string-set: title content(); break-before: right } .wide { page: wide } NTH"
         "</style></head><body>" + "".join(
             f"<h1>Chapter {n}</h1>" + "<p>The harbour board lists the tides for every day of the month. " * 60
             + (f"<div class='wide'>{'<p>A wide table of the spring tides. ' * 20}</div>" if n == 2 else "")
             for n in range(1, 4)) + "</body></html>")


def _page_styles(monkeypatch: pytest.MonkeyPatch, nth: str) -> tuple[int, bytes, int]:
    """How many pages matched their @page rules, and the PDF and its page count, for PAGED with `nth` added."""
    matched = 0
    real = weasyprint.css.StyleFor.add_page_declarations

    def counting(self: object, page_type: object) -> None:
        nonlocal matched
        matched += 1
        real(self, page_type)

    monkeypatch.setattr(weasyprint.css.StyleFor, "add_page_declarations", counting)
    document = weasyprint.HTML(string=PAGED.replace("NTH", nth)).render()
    monkeypatch.setattr(weasyprint.css.StyleFor, "add_page_declarations", real)
    return matched, document.write_pdf(), len(document.pages)


@pytest.mark.parametrize("nth", ["", "@page :nth(3) { @top-center { content: 'Third' } }"],
                         ids=["shared", "nth"])
def test_pages_of_one_kind_share_their_styles_and_write_the_same_pdf(monkeypatch: pytest.MonkeyPatch,
                                                                     nth: str) -> None:
    """Counted, not timed: patched, @page rules are matched once per kind of page, not once per page; same bytes.

    With an :nth() selector a page's index can change what it matches, so every page is matched, as shipped.
    """
    patched = _page_styles(monkeypatch, nth)
    for change in patches.SHARED_PAGE_STYLES.changes:
        monkeypatch.setattr(patches.holder(change), change.function, patches.shipped(change))
    shipped = _page_styles(monkeypatch, nth)
    pages = shipped[2]
    assert pages > 20 and shipped[0] >= pages
    if nth:
        assert patched[0] == shipped[0]
    else:  # first, right, left, blank left, and the wide pages on either side
        assert patched[0] <= 8, patched[0]
    assert patched[1:] == shipped[1:]


def test_reading_and_editing_100000_notes_stays_linear() -> None:
    """The reader's line finding and every transform on a chapter of 100,000 notes, built directly (no pandoc)."""
    count = 100_000
    source = notes_chapter(count).split("\n")
    began = time.perf_counter()
    lines = _SourceLines([_folded(line) for line in source])
    cursor, found = 0, 0
    for number in range(1, count + 1):
        for block in (f"Paragraph {number} tells of the", f"[^n{number}]: Note {number} on the"):
            line = lines.find(block, cursor)
            if line:
                cursor, found = line - 1, found + 1
    assert found == count + 1  # every definition, and the first paragraph before them
    where = Provenance("sources/notes.md", 3)
    written = Chapter("Written", [Block("markdown", f"Stalin wrote {n}.[^n{n}]", where) for n in range(count)]
                      + [Block("markdown", f"[^n{n}]: Note {n}.", where) for n in range(count)], where, id="written")
    calls = [Block("paragraph", f"At {n} s Stalin spoke.[^t{count - 1 - n}]", where) for n in range(count)]
    timed = Chapter("Timed", calls, where, id="timed",
                    notes=[Note(f"t{n}", "time", f"At {n} s.", where) for n in range(count)])
    book = Book(BookMetadata("Many Notes"), body=[written, timed],
                people=[Person("Joseph Stalin", "Stalin, Joseph", ["Stalin"], "", where)])
    resolve_crossrefs(book)
    mark_index(book, [])
    number_notes(book)
    markdown = book_markdown(book)
    elapsed = time.perf_counter() - began
    assert timed.notes[0].id == "n1" and timed.notes[-1].id == f"n{count}"
    assert timed.blocks[0].text.endswith("[^n1]") and f"[^timed-n{count}]: At 0 s." in markdown
    assert markdown.count('{.index term="Stalin, Joseph"}') == 2 * count
    assert elapsed < READING_CEILING, f"{elapsed:.0f} s for {count:,} notes: a step of the reading stage is quadratic"


def test_a_chapter_of_2000_notes_builds_its_pdf(tmp_path: Path) -> None:
    book = make_notes_book(tmp_path / "book", 2000)
    done = run_cli("--book", str(book), "--out", str(tmp_path / "out"), "--formats", "pdf", "--profile", "handout",
                   "--quiet", timeout=PDF_CEILING)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    pdf = tmp_path / "out" / "a-book-of-many-notes.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Note 1 on the" in text and "Note 2000 on the" in text and "Paragraph 2000 tells" in text
