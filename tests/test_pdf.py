"""The print edition: fonts, structure, folios, footnotes, trade geometry, PDF/UA and reproducibility."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from conftest import BOOK, ROOT
from lxml import html
from manuscript_text import index_words, normalise
from pdf_pages import contents_entries, flat, folio, page_texts, text_start

from octavo.errors import Warnings
from octavo.settings import DEFAULT_STYLE, load_settings
from octavo.transforms.editing import edited_manuscript
from octavo.typesetting.typeset import typeset

EPOCH = "1790000000"


def build(book: Path, out: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, PYTHONPATH=str(ROOT), **(env or {}))
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--book", str(book), "--out", str(out),
                           "--formats", "pdf", "-q", *extra], capture_output=True, text=True, env=environment,
                          timeout=300, check=False)


@pytest.fixture(scope="module")
def handout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("handout")
    done = build(BOOK, out)
    assert done.returncode == 0, done.stderr
    return out / "how-did-joseph-stalin-come-to-power.pdf"


@pytest.fixture(scope="module")
def trade(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("trade")
    done = build(BOOK, out, "--profile", "trade")
    assert done.returncode == 0, done.stderr
    return out / "how-did-joseph-stalin-come-to-power-trade.pdf"


@pytest.mark.parametrize("which", ["handout", "trade"])
def test_fonts_embedded_and_qpdf_clean(which: str, request: pytest.FixtureRequest) -> None:
    pdf = request.getfixturevalue(which)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(re.search(r"\byes\s+yes\s+yes\b", row) for row in rows), fonts
    assert all("Linux-Libertine" in row for row in rows)
    check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True, check=False)
    assert check.returncode == 0 and "No syntax or stream encoding errors" in check.stdout


@pytest.mark.parametrize("which", ["handout", "trade"])
def test_contents_folios_match_chapter_openings(which: str, request: pytest.FixtureRequest) -> None:
    pages = page_texts(request.getfixturevalue(which))
    entries = contents_entries(pages)
    titles = [title for title, _ in entries]
    assert "Stalin and his rise to power" in titles and "Bibliography" in titles and "Index" in titles
    assert len(entries) == 12
    first_arabic = text_start(pages)
    for title, number in entries:
        if not number.isdigit():
            assert folio(pages[["i", "ii", "iii", "iv", "v", "vi", "vii"].index(number)]) == number
            continue
        page = pages[first_arabic + int(number) - 1]
        heading = normalise(flat(page))
        part = re.match(r"(Part [IVX]+): (.*)", title)
        expected = f"{part[1]} {part[2]}" if part else title
        assert heading.startswith(normalise(expected)), (title, number, heading[:80])


def test_every_footnote_is_on_the_page_of_its_call(handout: Path) -> None:
    pages = [normalise(flat(p)) for p in page_texts(handout)]
    book = edited_manuscript(load_settings(BOOK), Warnings())
    checked = 0
    for chapter in typeset(book, DEFAULT_STYLE).chapters.values():
        root = html.fragment_fromstring(chapter.body, create_parent="div")
        notes = {note.id: normalise(html.fragment_fromstring(note.html, create_parent="div").text_content())
                 for note in chapter.notes}
        start = 0
        for call in root.xpath("//a[contains(@class, 'footnote-ref')]"):
            call.text = "\ue000"
            for child in list(call):
                call.remove(child)
        text = normalise(root.text_content())
        for call_number, note_id in enumerate([n.id for n in chapter.notes], start=1):
            position = text.index("\ue000")
            context = text[max(0, position - 30):position].replace("\ue000", "")
            text = text[:position] + str(call_number) + text[position + 1:]
            note_text = notes[note_id][:60]
            found = next(i for i in range(start, len(pages)) if context in pages[i].replace(str(call_number), "", 1)
                         or context in pages[i])
            assert f"{call_number}. {note_text}" in pages[found], (chapter.id, call_number, note_text)
            start = found
            checked += 1
    assert checked == 16


def test_trade_geometry(trade: Path) -> None:
    with pikepdf.open(trade) as pdf:
        for page in pdf.pages:
            trim = [float(v) for v in page.obj["/TrimBox"]]
            bleed = [float(v) for v in page.obj["/BleedBox"]]
            media = [float(v) for v in page.obj["/MediaBox"]]
            assert trim[2] - trim[0] == 432 and trim[3] - trim[1] == 648
            assert bleed[0] <= trim[0] - 9 and bleed[1] <= trim[1] - 9
            assert bleed[2] >= trim[2] + 9 and bleed[3] >= trim[3] + 9
            assert media[0] <= bleed[0] and media[2] >= bleed[2]


def test_trade_chapters_open_on_rectos_and_blank_versos_are_blank(trade: Path) -> None:
    pages = page_texts(trade)
    first_arabic = text_start(pages)
    assert first_arabic % 2 == 0, "page 1 of the text must be a recto"
    for title, number in contents_entries(pages):
        if number.isdigit():
            physical = first_arabic + int(number)
            assert physical % 2 == 1, (title, physical)
    empty = [i for i, p in enumerate(pages) if not p.strip()]
    assert empty, "the trade edition should have blank versos before rectos"
    heads = {"How Did Joseph Stalin Come to Power?"} | {title for title, _ in contents_entries(pages)}
    for index, page in enumerate(pages[1:], start=1):  # page 1 is the half title: the book title alone
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if lines and lines[-1] == folio(page):
            lines = lines[:-1]
        if lines and lines[0] in heads:
            lines = lines[1:]
        assert lines or not page.strip(), f"page {index + 1} has only a running head or folio"


def test_handout_pdfua_and_structure(handout: Path) -> None:
    done = subprocess.run([str(Path(sys.executable).parent / "pdfua"), "check", "--format", "json", str(handout)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout
    report = json.loads(done.stdout)
    assert report, done.stdout
    with pikepdf.open(handout) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root and str(root.Lang) == "en"
        assert bool(root.MarkInfo.Marked)
        assert bool(root.ViewerPreferences.DisplayDocTitle)
        assert str(pdf.docinfo["/Title"]) == "How Did Joseph Stalin Come to Power?"
        with pdf.open_outline() as outline:
            top = [item.title for item in outline.root]
        assert "Expert Answers" in "|".join(top) and "Bibliography" in top


def test_handout_is_reproducible(handout: Path, tmp_path: Path) -> None:
    done = build(BOOK, tmp_path)
    assert done.returncode == 0, done.stderr
    again = tmp_path / handout.name
    assert hashlib.sha256(again.read_bytes()).hexdigest() == hashlib.sha256(handout.read_bytes()).hexdigest()


def test_letter_paper(tmp_path: Path) -> None:
    done = build(BOOK, tmp_path, "--paper", "letter")
    assert done.returncode == 0, done.stderr
    with pikepdf.open(tmp_path / "how-did-joseph-stalin-come-to-power.pdf") as pdf:
        assert [float(v) for v in pdf.pages[0].obj["/MediaBox"]] == [0, 0, 612, 792]


ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]


@pytest.mark.parametrize("which", ["handout", "trade"])
def test_index_locators_point_to_pages_with_the_term(which: str, request: pytest.FixtureRequest) -> None:
    pages = page_texts(request.getfixturevalue(which))
    start = text_start(pages)
    [index_page] = [i for i, p in enumerate(pages) if p.strip().startswith("Index")]
    words = index_words(BOOK)
    checked = 0
    for line in pages[index_page].splitlines()[1:]:
        match = re.match(r"^\s*(?P<term>.+?)((, (?P<pages>([ivx]+|\d+(–\d+)?)(, ([ivx]+|\d+(–\d+)?))*))|, see .*)?$",
                         line)
        if not match or not match["pages"] or match["term"] not in words:
            continue
        numbers: list[int] = []
        for part in match["pages"].split(", "):
            if part in ROMAN:
                numbers.append(next(i for i, p in enumerate(pages[:start]) if folio(p) == part))
                continue
            first, _, last = part.partition("–")
            assert not last or int(last) > int(first), "a range must run forwards"
            numbers.extend(start + n - 1 for n in range(int(first), int(last or first) + 1))
        assert len(numbers) == len(set(numbers)), f"duplicate page in {line}"
        for physical in numbers:
            text = normalise(flat(pages[physical]))
            assert any(word in text for word in words[match["term"]]), (match["term"], physical)
            checked += 1
    assert checked >= 30


@pytest.mark.parametrize("which", ["handout", "trade"])
def test_a_long_contents_entry_keeps_its_leader_and_folio_on_its_last_line(which: str,
                                                                          request: pytest.FixtureRequest) -> None:
    pages = page_texts(request.getfixturevalue(which))
    [page] = [p for p in pages if p.strip().startswith("Contents")]
    orphans = [line for line in page.splitlines() if re.fullmatch(r"\s*(?:\.\s*){3,}\s*(?:[0-9]+|[ivxlc]+)\s*", line)]
    assert orphans == []
