"""The EPUB's page list and page-break markers follow the print edition's pages, read back from the PDF."""

from __future__ import annotations

import re
import sys
import unicodedata
import zipfile
from pathlib import Path

import pikepdf
import pytest
from conftest import BOOK, ROOT, run_cli
from lxml import etree
from manuscript_text import index_words, normalise
from pdf_pages import flat, folio, page_texts

from octavo.editions.epub.pagebreaks import insert_markers

XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
SLUG = "how-did-joseph-stalin-come-to-power"
SNIPPET = 14
BLOCKS = {"p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "blockquote", "section"}


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The EPUB with the handout and the trade PDF, from one build (the trade edition comes with the EPUB)."""
    out = tmp_path_factory.mktemp("paged")
    done = run_cli("--book", str(BOOK), "--out", str(out), "--formats", "epub,pdf", "-q")
    assert done.returncode == 0, done.stderr
    assert (out / f"{SLUG}.pdf").exists() and (out / f"{SLUG}-trade.pdf").exists()
    return out


def squash(text: str) -> str:
    """Text as the letters a line break cannot change: no spaces, hyphens or soft hyphens; quotes folded."""
    text = normalise(unicodedata.normalize("NFKC", text))
    return re.sub(r"[\s\-\u2010\u00ad]", "", text)


def stream(root: etree._Element) -> list[tuple[str, str]]:
    """A document's body as text, page markers, block starts and index locators in reading order, without note calls."""
    items: list[tuple[str, str]] = []

    def walk(element: etree._Element) -> None:
        kind = element.get(EPUB_TYPE)
        if kind == "pagebreak":
            items.append(("page", element.get("aria-label")))
        elif kind == "index-locator":
            items.append(("locator", ""))
        elif kind != "noteref":
            if etree.QName(element).localname in BLOCKS:
                items.append(("block", ""))
            items.append(("text", element.text or ""))
            for child in element:
                if isinstance(child.tag, str):
                    walk(child)
                items.append(("text", child.tail or ""))

    walk(root.find(f"{XHTML}body"))
    return items


def around(items: list[tuple[str, str]], at: int) -> tuple[str, str]:
    """The squashed text just before the marker at `at` (back to another marker) and just after it."""
    after = ""
    for kind, text in items[at + 1:]:
        if kind == "locator" or len(after) >= SNIPPET:
            break
        after += squash(text) if kind == "text" else ""  # across blocks and markers at the same spot
    before = ""
    for kind, text in reversed(items[:at]):
        if kind != "text" or len(before) >= SNIPPET:  # only within the marker's paragraph
            break
        before = squash(text) + before
    return before[-SNIPPET:], after[:SNIPPET]


def epub_documents(epub: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(epub) as archive:
        return {Path(name).name: etree.fromstring(archive.read(name)) for name in archive.namelist()
                if name.endswith(".xhtml")}


def page_list(docs: dict[str, etree._Element]) -> list[tuple[str, str]]:
    [nav] = [el for el in docs["toc.xhtml"].iter(f"{XHTML}nav") if el.get(EPUB_TYPE) == "page-list"]
    return [(a.text, a.get("href")) for a in nav.iter(f"{XHTML}a")]


def physical_pages(pdf: Path) -> dict[str, int]:
    """Each page label of the PDF and the 0-based page that carries it."""
    with pikepdf.open(pdf) as document:
        return {page.label: number for number, page in enumerate(document.pages)}


def test_pdf_page_labels_are_the_printed_folios(editions: Path) -> None:
    for name in (f"{SLUG}.pdf", f"{SLUG}-trade.pdf"):
        pdf = editions / name
        pages = page_texts(pdf)
        labels = list(physical_pages(pdf))
        assert len(labels) == len(pages)
        assert labels[:3] == ["i", "ii", "iii"] and "1" in labels
        printed = [(labels[n], folio(text)) for n, text in enumerate(pages) if folio(text)]
        assert len(printed) >= 10
        assert all(label == shown for label, shown in printed), printed


def check_markers(epub: Path, pdf: Path) -> tuple[int, int]:
    """Each marker's following text is on its page (mid-paragraph, the text before it on the page before)."""
    texts = [squash(flat(text)) for text in page_texts(pdf)]
    where = physical_pages(pdf)
    docs = epub_documents(epub)
    checked = mid_paragraph = 0
    for name, root in docs.items():
        items = stream(root)
        for at, (kind, label) in enumerate(items):
            if kind != "page":
                continue
            page = where[label]
            before, after = around(items, at)
            assert after and after in texts[page], (name, label, after)
            if before:
                assert before in texts[page - 1], (name, label, before)
                mid_paragraph += 1
            checked += 1
    return checked, mid_paragraph


def test_every_marker_begins_its_page_in_the_trade_pdf(editions: Path) -> None:
    checked, mid_paragraph = check_markers(editions / f"{SLUG}.epub", editions / f"{SLUG}-trade.pdf")
    assert checked >= 15
    assert mid_paragraph >= 1


EXTRA = """
Some of the *records* were kept in lists:

- the harbour ledger, **recorded** weekly by the clerk of the market and carried to the council in winter;
- the census of the parish, which the bishop questioned and reopened after the frontier moved;
- the railway charter, signed and sealed.

> The printer measured every line twice, and the courier carried the proofs across the canal before dawn,
> so that the assembly could read them while the foundry was still cold.
"""


def test_markers_in_a_longer_book_with_notes_lists_and_quotations(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from make_book import make_book

    book = make_book(tmp_path / "book", chapters=3, paragraphs=16, seed=6)
    for chapter in sorted((book / "sources").glob("*.md")):
        text = chapter.read_text(encoding="utf-8")
        cut = text.index("\n\n", len(text) // 2)
        chapter.write_text(text[:cut] + "\n" + EXTRA + text[cut:], encoding="utf-8")
    done = run_cli("--book", str(book), "--out", str(tmp_path / "out"), "--formats", "epub,pdf", "-q")
    assert done.returncode == 0, done.stderr
    [epub] = (tmp_path / "out").glob("*.epub")
    [trade] = (tmp_path / "out").glob("*-trade.pdf")
    checked, mid_paragraph = check_markers(epub, trade)
    pages = page_texts(trade)
    assert checked == sum(1 for text in pages if text.strip()) >= 25
    assert mid_paragraph >= 10


def test_page_list_covers_every_page_with_text(editions: Path) -> None:
    pdf = editions / f"{SLUG}-trade.pdf"
    texts = page_texts(pdf)
    labels = list(physical_pages(pdf))
    with_text = [labels[n] for n, text in enumerate(texts) if text.strip()]
    docs = epub_documents(editions / f"{SLUG}.epub")
    listed = page_list(docs)
    assert [label for label, _ in listed] == with_text
    ids = {(name, el.get("id")) for name, root in docs.items() for el in root.iter() if el.get("id")}
    for label, href in listed:
        document, _, anchor = href.partition("#")
        assert (document, anchor) in ids and anchor == f"page-{label}"
    markers = [el for root in docs.values() for el in root.iter(f"{XHTML}span") if el.get(EPUB_TYPE) == "pagebreak"]
    assert len(markers) == len(listed)
    assert all(m.get("role") == "doc-pagebreak" and m.get("aria-label") and len(m) == 0 for m in markers)
    assert not any(el.get("data-page-key") for root in docs.values() for el in root.iter())


def test_package_names_the_print_edition(editions: Path) -> None:
    with zipfile.ZipFile(editions / f"{SLUG}.epub") as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
    [source] = opf.iter(f"{DC}source")
    assert "trade edition" in source.text and "How Did Joseph Stalin Come to Power?" in source.text
    refines = [m for m in opf.iter(f"{OPF}meta") if m.get("refines") == f"#{source.get('id')}"]
    assert [(m.get("property"), m.text) for m in refines] == [("source-of", "pagination")]
    features = {m.text for m in opf.iter(f"{OPF}meta") if m.get("property") == "schema:accessibilityFeature"}
    assert {"printPageNumbers", "pageBreakMarkers", "pageNavigation"} <= features


def test_epub_index_locators_are_print_pages_with_the_term(editions: Path) -> None:
    pdf = editions / f"{SLUG}-trade.pdf"
    texts = [normalise(flat(text)) for text in page_texts(pdf)]
    where = physical_pages(pdf)
    words = index_words(BOOK)
    index = epub_documents(editions / f"{SLUG}.epub")["index.xhtml"]
    checked = 0
    for entry in index.iter(f"{XHTML}li"):
        term = next(el for el in entry if el.get(EPUB_TYPE) == "index-term").text
        labels = [a.text for a in entry.findall(f"{XHTML}a") if a.get(EPUB_TYPE) == "index-locator"]
        assert len(labels) == len(set(labels)), term
        for label in labels:
            assert any(word in texts[where[label]] for word in words[term]), (term, label)
            checked += 1
    assert checked >= 30


def test_page_list_can_follow_the_handout_or_nothing(book_copy: Path, tmp_path: Path) -> None:
    settings = book_copy / "book.yaml"
    original = settings.read_text(encoding="utf-8")
    settings.write_text(original + "epub:\n  page_list: handout\n", encoding="utf-8")
    done = run_cli("--book", str(book_copy), "--out", str(tmp_path / "handout"), "--formats", "epub,pdf", "-q")
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "handout" / f"{SLUG}-trade.pdf").exists()
    docs = epub_documents(tmp_path / "handout" / f"{SLUG}.epub")
    texts = page_texts(tmp_path / "handout" / f"{SLUG}.pdf")
    labels = list(physical_pages(tmp_path / "handout" / f"{SLUG}.pdf"))
    assert [label for label, _ in page_list(docs)] == [labels[n] for n, text in enumerate(texts) if text.strip()]

    settings.write_text(original + "epub:\n  page_list: none\n", encoding="utf-8")
    done = run_cli("--book", str(book_copy), "--out", str(tmp_path / "none"), "--formats", "epub", "-q")
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(tmp_path / "none" / f"{SLUG}.epub") as archive:
        assert b"pagebreak" not in b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".xhtml"))
        assert b"dc:source" not in archive.read("EPUB/content.opf")
    index = epub_documents(tmp_path / "none" / f"{SLUG}.epub")["index.xhtml"]
    assert any((a.text or "").startswith("ch. ") for a in index.iter(f"{XHTML}a"))

    settings.write_text(original + "epub:\n  page_list: paperback\n", encoding="utf-8")
    done = run_cli("--book", str(book_copy), "--out", str(tmp_path / "bad"), "--formats", "epub")
    assert done.returncode == 1
    assert "book.yaml:" in done.stderr and "paperback" in done.stderr and "trade" in done.stderr
    assert "Traceback" not in done.stderr


def bare(element: etree._Element) -> str:
    """An element's markup with no attributes but ids, to compare where markers went."""
    return re.sub(r'\s(?!id=)[\w:-]+="[^"]*"', "", etree.tostring(element, encoding="unicode", with_tail=False))


def test_several_pages_in_one_block_keep_their_order() -> None:
    root = etree.fromstring('<div xmlns="http://www.w3.org/1999/xhtml"><section><h1 data-page-key="t">Title</h1>'
                            '<p data-page-key="p">One <b>two</b> three four</p></section></div>')
    heading, paragraph = root.iter("{*}h1", "{*}p")
    insert_markers(heading, [(0, "i"), (0, "iii")])
    insert_markers(paragraph, [(11, "5"), (3, "3"), (3, "4"), (0, "2")])
    order = [el.get("id") for el in root.iter() if el.get("id")]
    assert order == ["page-i", "page-iii", "page-2", "page-3", "page-4", "page-5"]
    assert bare(paragraph) == ('<p><span id="page-2"/>One <b><span id="page-3"/><span id="page-4"/>two</b> three '
                               '<span id="page-5"/>four</p>')


@pytest.mark.parametrize(("markup", "offset", "expected"), [
    ("<p>Stalin rose to power.</p>", 0, '<p><span id="page-7"/>Stalin rose to power.</p>'),
    ("<p>Stalin <em>rose</em> to power.</p>", 8, '<p>Stalin <em>ro<span id="page-7"/>se</em> to power.</p>'),
    ("<p>Stalin <em>rose</em> to power.</p>", 10, '<p>Stalin <em>rose</em> <span id="page-7"/>to power.</p>'),
    ("<p>Stalin <em>rose</em> to power.</p>", 6, '<p>Stalin <em><span id="page-7"/>rose</em> to power.</p>'),
    ('<p>Lenin<a epub:type="noteref">1</a> died.</p>', 5, '<p>Lenin<a>1</a> <span id="page-7"/>died.</p>'),
    ('<section><h1>Title</h1></section>', 0, '<section><span id="page-7"/><h1>Title</h1></section>'),
])
def test_marker_goes_before_the_first_letter_of_the_page(markup: str, offset: int, expected: str) -> None:
    wrapped = markup.replace("<p>", '<p data-page-key="k">').replace("<h1>", '<h1 data-page-key="k">')
    root = etree.fromstring(f'<div xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
                            f"{wrapped}</div>")
    [block] = [el for el in root.iter() if el.get("data-page-key")]
    insert_markers(block, [(offset, "7")])
    assert bare(root[0]) == expected


def test_a_page_that_starts_in_hidden_text_is_marked_before_it() -> None:
    from octavo.editions.epub.pagebreaks import insert_markers

    figure = etree.fromstring('<figure xmlns="http://www.w3.org/1999/xhtml"><img src="a.png" alt="Bees"/>'
                              '<figcaption aria-hidden="true">Bees <em>at work</em></figcaption></figure>')
    insert_markers(figure, [(2, "4"), (6, "5")])
    children = [etree.QName(child).localname for child in figure]
    assert children == ["img", "span", "span", "figcaption"]  # both pages announced, neither inside the caption
    assert [span.get("aria-label") for span in figure.iter("{http://www.w3.org/1999/xhtml}span")] == ["4", "5"]
    assert "".join(figure[3].itertext()) == "Bees at work"
