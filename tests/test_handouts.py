"""Chapter handouts: a tagged PDF per chapter with its notes and only its references, numbered as the book."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pikepdf
import pytest
from conftest import BOOK, NOTE, run_cli
from pdf_pages import contents_entries, flat, page_texts, text_start

from octavo.check.pdf import pdfua_findings
from octavo.check.tags import tag_tree_faults

CHAPTERS = 7  # the example book: a front-matter answer, five expert answers and the podcast note


def _build(book: Path, out: Path, formats: str = "handouts,pdf") -> Path:
    done = run_cli("--book", str(book), "--out", str(out), "--formats", formats, "-q")
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(BOOK, tmp_path_factory.mktemp("handouts"))


def _handouts(out: Path) -> list[Path]:
    return sorted(next(out.glob("*-handouts")).glob("*.pdf"))


def _label(pdf: Path) -> tuple[str, int]:
    with pikepdf.open(pdf) as handout:
        style = handout.Root.PageLabels.Nums[1]
        return str(style.S), int(style.get("/St", 1))


def test_a_handout_per_chapter_and_a_zip_of_them_all(built: Path) -> None:
    handouts = _handouts(built)
    assert [path.name[:3] for path in handouts] == [f"{n:02d}-" for n in range(1, CHAPTERS + 1)]
    with zipfile.ZipFile(next(built.glob("*-handouts.zip"))) as archive:
        assert {name: archive.read(name) for name in archive.namelist()} == \
            {path.name: path.read_bytes() for path in handouts}


def test_each_handout_passes_the_pdf_ua_checks(built: Path) -> None:
    for handout in _handouts(built):
        assert pdfua_findings(handout, "handout") == [], handout.name
        assert tag_tree_faults(handout) == [], handout.name
        with pikepdf.open(handout) as pdf:
            assert " — How Did Joseph Stalin Come to Power?" in str(pdf.docinfo["/Title"])


def test_a_handout_has_its_notes_and_only_its_references(built: Path) -> None:
    by_name = {path.name: flat("\n".join(page_texts(path))) for path in _handouts(built)}
    note = next(text for name, text in by_name.items() if "stalin-and-his-rise-to-power" in name)
    montefiore = [name for name, text in by_name.items() if "The Court of the Red Tsar" in text]
    assert "Stephen Kotkin: Stalin, Putin, and the Nature of Power" in note  # its notes cite the podcast
    assert "Bibliography Fridman, Lex." in note and "Sebag Montefiore, Simon." not in note
    assert len(montefiore) == 1  # the one answer that recommends the book lists it, and no other handout
    assert "Bibliography Sebag Montefiore, Simon. Stalin: The Court of the Red Tsar" in by_name[montefiore[0]]
    assert all(text.startswith("How Did Joseph Stalin Come to Power?") for text in by_name.values())


def test_the_pages_are_the_book_s_pages(built: Path) -> None:
    book_pages = page_texts(next(path for path in built.glob("*.pdf")))
    entries = contents_entries(book_pages)  # two answers share a title: taken in order
    start = text_start(book_pages)
    for handout in _handouts(built)[1:]:  # the first is in the roman front matter
        pages = page_texts(handout)
        with pikepdf.open(handout) as pdf:
            title = str(pdf.docinfo["/Title"]).split(" — ")[0]
        listed = next(folio for entry, folio in entries if flat(entry).startswith(flat(title)[:40]))
        entries.remove(next(e for e in entries if flat(e[0]).startswith(flat(title)[:40])))
        style, first = _label(handout)
        assert style == "/D" and str(first) == listed
        for number, page in enumerate(pages):
            if flat(page).startswith("Bibliography"):
                break
            book_page = book_pages[start + first - 1 + number]
            assert all(line in page for line in book_page.splitlines() if line.strip()), (handout.name, number)
    assert _label(_handouts(built)[0])[0] == "/r"


def test_handouts_may_restart_their_pages(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(BOOK, book)
    (book / "book.yaml").write_text((book / "book.yaml").read_text(encoding="utf-8") +
                                    "print:\n  handout_pages: restart\n", encoding="utf-8")
    out = _build(book, tmp_path / "out")
    for handout in _handouts(out):
        assert _label(handout)[1] == 1
        folio = page_texts(handout)[0].strip().splitlines()[-1].strip()
        assert folio in ("1", "i")


def test_the_web_edition_and_the_lms_packages_carry_each_chapter_s_handout(tmp_path: Path) -> None:
    out = _build(BOOK, tmp_path / "out", "handouts,web,imscc,scorm12")
    handouts = {path.name: path.read_bytes() for path in _handouts(out)}
    chapters = sorted(path for path in (out / "web").glob("*.html") if "chapter-handout" in path.read_text("utf-8"))
    assert len(chapters) == CHAPTERS
    for page in chapters:
        [href] = re.findall(r'<p class="chapter-handout"><a href="([^"]+)"', page.read_text(encoding="utf-8"))
        assert (out / "web" / href).read_bytes() == handouts[Path(href).name]
    for package in (next(out.glob("*.imscc")), next(out.glob("*-scorm12.zip"))):
        with zipfile.ZipFile(package) as archive:
            carried = {Path(name).name: archive.read(name) for name in archive.namelist() if "/handouts/" in name}
            manifest = archive.read("imsmanifest.xml").decode("utf-8")
        assert carried == handouts, package.name
        assert all(name in manifest for name in handouts), package.name
    with zipfile.ZipFile(next(out.glob("*.imscc"))) as archive:
        manifest = archive.read("imsmanifest.xml").decode("utf-8")
    assert manifest.count("(PDF handout)</title>") == CHAPTERS  # an item beside each chapter's
    done = run_cli("check", "--book", str(BOOK), "--out", str(out), "--formats", "handouts,web,imscc,scorm12")
    assert done.returncode == 0, done.stdout + done.stderr  # schemas, link checks, PDF/UA on every handout


def test_without_handouts_no_page_links_to_one(tmp_path: Path) -> None:
    out = _build(BOOK, tmp_path / "out", "web")
    assert not any("chapter-handout" in page.read_text(encoding="utf-8") for page in (out / "web").glob("*.html"))


def _dates(pdf: Path) -> tuple[str, str]:
    with pikepdf.open(pdf) as opened, opened.open_metadata() as xmp:
        return str(opened.docinfo["/CreationDate"]), str(xmp["xmp:CreateDate"])


def test_an_edit_lays_out_only_its_own_chapter_s_handout_again_and_every_handout_is_dated(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(BOOK, book)
    out = tmp_path / "out"
    pieces = out / ".octavo-cache" / "print-piece"
    done = run_cli("--book", str(book), "--out", str(out), "--formats", "handouts,pdf", "-q", epoch=None)
    assert done.returncode == 0, done.stderr
    before = set(pieces.iterdir())
    note = book / NOTE
    text = note.read_text(encoding="utf-8")
    assert "backdrop of significant historical events" in text
    note.write_text(text.replace("significant historical", "momentous historical", 1), encoding="utf-8")
    done = run_cli("--book", str(book), "--out", str(out), "--formats", "handouts,pdf", "-q", epoch=None)
    assert done.returncode == 0, done.stderr
    # Built at another time: the book's edited chapter and the one chapter's handout. A handout (and the book's
    # front matter) carried the build time in its HTML before, so every handout was laid out again.
    assert len(set(pieces.iterdir()) - before) == 2
    book_created, book_xmp = _dates(next(out.glob("*.pdf")))
    assert book_created.startswith("D:20") and book_xmp.startswith("20")
    handouts = _handouts(out)
    assert len(handouts) == CHAPTERS
    for handout in handouts:  # kept or laid out again, each is dated as this build, as the book is
        assert _dates(handout) == (book_created, book_xmp), handout.name
        assert pdfua_findings(handout, "handout") == [], handout.name
    edited = next(path for path in handouts if "stalin-and-his-rise-to-power" in path.name)
    assert "momentous historical" in flat("\n".join(page_texts(edited)))
