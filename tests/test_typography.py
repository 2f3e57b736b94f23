"""Tables, quotations, URLs and note calls in every edition, and what other reading systems make of the EPUB."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
import tinycss2
from browser_checks import axe_violations, run_axe
from conftest import BOOK, run_cli
from epub_checks import run_epubcheck
from lxml import etree, html
from pdf_pages import page_texts

from octavo.editions.epub.metadata import creators
from octavo.errors import Warnings
from octavo.manuscript import BookMetadata
from octavo.settings import DEFAULT_STYLE, load_settings
from octavo.transforms.editing import edited_manuscript
from octavo.typesetting.citeproc import punctuation_in_quote, punctuation_inside_quotes
from octavo.typesetting.typeset import typeset
from octavo.typesetting.typography import mark_urls

XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_NS = "{http://www.idpf.org/2007/ops}"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
MM = 72 / 25.4
# The handout's text block on A4 (styles/print-handout.css: margins 22mm 24mm 24mm).
TEXT_LEFT, TEXT_RIGHT = 24 * MM, (210 - 24) * MM
# Chapters whose tables start lower and lower down their first page: without `break-after: avoid` on the caption,
# some caption is left at the foot of a page with its table on the next.
FILLERS = range(31, 41)
CODES = ["WHITECHAPEL_FOUNDRY_CATALOGUE_0001234", "LOUGHBOROUGH_TAYLOR_LEDGER_REF_0005678",
         "MEARS_AND_STAINBANK_DAYBOOK_00091011", "GILLETT_AND_JOHNSTON_JOBBOOK_0001213"]
URLS = [f"https://bells.example.org/collections/{name}/founders-and-foundries/records" for name in
        ("whitechapel", "loughborough", "croydon", "aldgate", "gloucester", "salisbury", "norwich", "exeter")]
QUOTE = ("The bell is not rung for the living alone, nor for the dead alone, but for the town that stands between "
         "them and must be told, every day at noon and every night at curfew, that it is still a town and that "
         "someone is still keeping its hours.")


def wide_table(caption: str) -> str:
    """A Markdown pipe table wider than any page, with a caption."""
    rows = [f"| {name} | {weight:,} | {' | '.join(CODES)} |" for name, weight in
            (("Paul", 16750), ("Ben", 13760), ("George", 14985), ("Tom", 6300))]
    return "\n".join(["| Bell | Weight (kg) | Foundry | Ledger | Daybook | Job book |",
                      "|------|------------:|---------|--------|---------|----------|", *rows, "",
                      f"Table: {caption}"])


def write_book(folder: Path) -> Path:
    """A book of Markdown chapters: quotations and URLs in running text, then wide tables lower and lower down."""
    sources = folder / "sources"
    sources.mkdir(parents=True)
    opening = ["# Bells in Print", "", "The founders kept ledgers.[^1]", "", f"> {QUOTE}", "",
               "The records are online."]
    for number, url in enumerate(URLS, start=1):
        again = " and again".join([""] * number)
        opening += ["", f"Record {number} of the founders' ledgers, as transcribed by the parish volunteers "
                        f"in the winter of {1900 + number}{again}, is at {url} for anyone to read."]
    opening += ["", "[^1]: Most of them survive in the county record offices."]
    (sources / "opening.md").write_text("\n".join(opening) + "\n", encoding="utf-8")
    files = ["sources/opening.md"]
    for lines in FILLERS:
        filler = [f"Line {line} of the chapter before its table." for line in range(1, lines + 1)]
        text = [f"# Table after {lines} lines", "", *"\n\n".join(filler).split("\n"), "",
                wide_table(f"The great bells after {lines} lines"), "", "The table ends here."]
        (sources / f"table-{lines}.md").write_text("\n".join(text) + "\n", encoding="utf-8")
        files.append(f"sources/table-{lines}.md")
    contents = "\n".join(f"  - file: {name}" for name in files)
    (folder / "book.yaml").write_text(
        "title: Bells in Print\nlanguage: en\ncreators:\n  - name: Ada Fixture\n    role: compiler\n"
        f"date: \"2024-05-01\"\ncontents:\n{contents}\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    book = write_book(tmp_path_factory.mktemp("typography") / "book")
    out = book.parent / "out"
    done = run_cli("--book", str(book), "--out", str(out), "--formats", "pdf,epub,web", "-q")
    assert done.returncode == 0, done.stderr
    return out


def text_boxes(pdf: Path) -> list[tuple[int, float, float, float, str]]:
    """(page index, left, right, top, text) of each run of text, in points, as poppler places it."""
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", "-zoom", "1", str(pdf)], capture_output=True,
                         check=True).stdout
    root = etree.fromstring(xml, etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False))
    return [(int(page.get("number")) - 1, float(box.get("left")), float(box.get("left")) + float(box.get("width")),
             float(box.get("top")), "".join(box.itertext())) for page in root.iter("page") for box in page.iter("text")]


def flat_pages(built: Path) -> list[str]:
    """The handout's pages as single lines of text."""
    return [" ".join(page.split()) for page in page_texts(built / "bells-in-print.pdf")]


def epub_file(built: Path, name: str) -> bytes:
    """A file of the fixture book's EPUB."""
    with zipfile.ZipFile(built / "bells-in-print.epub") as archive:
        return archive.read(name)


def test_caption_on_the_page_of_its_tables_first_row(built: Path) -> None:
    pages = flat_pages(built)
    for lines in FILLERS:
        caption = next(i for i, page in enumerate(pages) if f"The great bells after {lines} lines".upper() in
                       page.upper())
        first_row = next(i for i, page in enumerate(pages) if i >= caption and "Paul" in page.split())
        assert first_row == caption, f"the caption of the table after {lines} lines is on page {caption + 1}, " \
                                     f"its first row on page {first_row + 1}"


def test_table_head_repeats_on_each_page_of_the_table(built: Path) -> None:
    pages = flat_pages(built)
    with_rows = [page for page in pages if {"Paul", "Ben", "George", "Tom"} & set(page.split())]
    assert len(with_rows) > len(FILLERS), "no table ran onto a second page"
    assert all({"Weight", "(kg)", "Foundry", "Daybook"} <= set(page.split()) for page in with_rows)


def test_cells_keep_short_words_and_numbers_whole(built: Path) -> None:
    texts = [text for _, _, _, _, text in text_boxes(built / "bells-in-print.pdf")]
    for word in ("Weight", "16,750", "13,760", "14,985", "6,300", "George"):
        assert any(word in text.split() for text in texts), word
    assert not any("\u2010" in text for text in texts if "_" in text), "a code in a table was hyphenated"


def test_nothing_runs_out_of_the_text_block(built: Path) -> None:
    outside = [(page + 1, round(left), round(right), text) for page, left, right, _, text in
               text_boxes(built / "bells-in-print.pdf") if left < TEXT_LEFT - 1 or right > TEXT_RIGHT + 1]
    assert outside == []


def test_block_quotation_is_set_off_on_both_sides(built: Path) -> None:
    boxes = text_boxes(built / "bells-in-print.pdf")
    page = next(box[0] for box in boxes if box[4].startswith("The founders kept"))
    boxes = [box for box in boxes if box[0] == page]
    quote = [box for box in boxes if len(box[4]) > 20 and box[4] in QUOTE]
    body = [box for box in boxes if box not in quote and len(box[4]) > 20]
    assert len(quote) >= 2 and len(body) >= 2
    left, right = min(box[1] for box in body), max(box[2] for box in body)
    assert all(box[1] >= left + 10 and box[2] <= right - 10 for box in quote), (left, right, quote)
    [before] = [box for box in boxes if box[4].startswith("The founders kept")]
    [after] = [box for box in boxes if box[4].startswith("The records are online")]
    line = min(b[3] - a[3] for a, b in zip(body, body[1:], strict=False) if b[3] > a[3])
    assert min(box[3] for box in quote) - before[3] > 1.3 * line, "no space above the quotation"
    assert after[3] - max(box[3] for box in quote) > 1.3 * line, "no space below the quotation"


def test_urls_are_never_hyphenated(built: Path) -> None:
    joined = "".join("".join(page.split()) for page in page_texts(built / "bells-in-print.pdf"))
    for url in URLS:
        assert url in joined, f"{url} is broken with a hyphen"


def test_epub_note_calls_are_styled_by_class(built: Path) -> None:
    chapter = etree.fromstring(epub_file(built, "EPUB/text/bells-in-print.xhtml"))
    calls = [a for a in chapter.iter(f"{XHTML}a") if a.get(f"{EPUB_NS}type") == "noteref"]
    assert calls and all(a.get("class") == "noteref" and a.get("role") == "doc-noteref" for a in calls)
    rules = tinycss2.parse_stylesheet(epub_file(built, "EPUB/css/epub.css").decode("utf-8"), skip_comments=True,
                                      skip_whitespace=True)
    [declarations] = [tinycss2.serialize(rule.content) for rule in rules if rule.type == "qualified-rule"
                      and tinycss2.serialize(rule.prelude).strip() == "a.noteref"]
    assert "vertical-align: super" in declarations and "font-size: 0.75em" in declarations


def test_epub_hidden_navs_are_hidden_in_conversions_too(built: Path) -> None:
    nav = etree.fromstring(epub_file(built, "EPUB/text/toc.xhtml"))
    hidden = {el.get(f"{EPUB_NS}type"): el for el in nav.iter(f"{XHTML}nav") if el.get("hidden")}
    assert set(hidden) == {"landmarks", "page-list"}
    for element in hidden.values():
        assert element.get("hidden") == "hidden"
        assert element.get("style").replace(" ", "").rstrip(";") == "display:none"


def calibre_authors(opf: etree._Element) -> list[str]:
    """The authors calibre reads from an EPUB 3 package (calibre.ebooks.metadata.opf3.read_authors)."""
    refines: dict[str, list[etree._Element]] = {}
    for meta in opf.iter(f"{OPF}meta"):
        if (meta.get("refines") or "").startswith("#"):
            refines.setdefault(meta.get("refines")[1:], []).append(meta)
    roled, unroled = [], []
    for creator in opf.iter(f"{DC}creator"):
        roles = [m for m in refines.get(creator.get("id"), []) if m.get("property") == "role" and m.text]
        if not roles:
            unroled.append(creator.text)
        elif roles[0].text == "aut" and roles[0].get("scheme") in (None, "marc:relators"):
            roled.append(creator.text)
    return roled or unroled


def test_calibre_counts_the_compiler_as_the_books_creator(built: Path) -> None:
    opf = etree.fromstring(epub_file(built, "EPUB/content.opf"))
    assert calibre_authors(opf) == ["Ada Fixture"]
    roles = {meta.get("refines"): meta.text for meta in opf.iter(f"{OPF}meta") if meta.get("property") == "role"}
    [creator] = opf.iter(f"{DC}creator")
    [contributor] = opf.iter(f"{DC}contributor")
    assert f"#{creator.get('id')}" not in roles
    assert contributor.text == "Ada Fixture" and roles[f"#{contributor.get('id')}"] == "com"


@pytest.mark.parametrize(("given", "written"), [
    ([("A", "author"), ("B", "compiler")], [("creator", "A", "aut"), ("creator", "B", "com")]),
    ([("A", "editor"), ("B", "translator")], [("creator", "A", ""), ("creator", "B", "trl"),
                                              ("contributor", "A", "edt")]),
    ([("A", "compiler")], [("creator", "A", ""), ("contributor", "A", "com")]),
    ([("A", "")], [("creator", "A", "aut")]),
])
def test_creator_roles_in_the_package(given: list[tuple[str, str]], written: list[tuple[str, str, str]]) -> None:
    people = [{"name": name, **({"role": role} if role else {})} for name, role in given]
    assert [tuple(credit) for credit in creators(BookMetadata("T", creators=people))] == written


def test_epubcheck_reports_nothing(built: Path, tmp_path: Path) -> None:
    report = run_epubcheck(built / "bells-in-print.epub", tmp_path / "epubcheck.json")
    checker = report["checker"]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"], checker["nUsage"]) == (0, 0, 0, 0), \
        report["messages"]


def test_wide_tables_never_widen_the_epub_or_web_page(built: Path) -> None:
    css = epub_file(built, "EPUB/css/epub.css").decode("utf-8")
    assert re.search(r"(?m)^table \{[^}]*max-width: 100%", css)
    assert re.search(r"td \.long-word, th \.long-word \{[^}]*overflow-wrap: anywhere", css)
    chapter = etree.fromstring(epub_file(built, "EPUB/text/table-after-31-lines.xhtml"))
    words = [span.text for span in chapter.iter(f"{XHTML}span") if span.get("class") == "long-word"]
    assert words[:4] == CODES
    page = html.fromstring((built / "web" / "02-table-after-31-lines.html").read_bytes())
    [region] = page.xpath("//div[@class='table-scroll']")
    assert region.get("role") == "region" and region.get("tabindex") == "0"
    assert region.get("aria-label") == "The great bells after 31 lines" and region[0].tag == "table"
    web_css = (built / "web" / "web_resources" / "web.css").read_text(encoding="utf-8")
    assert re.search(r"\.table-scroll \{[^}]*overflow-x: auto", web_css)


def test_axe_finds_no_violation_on_a_web_page_with_a_table(built: Path, tmp_path: Path) -> None:
    report = run_axe(built / "web", ["01-bells-in-print.html", "02-table-after-31-lines.html"], tmp_path / "work")
    assert axe_violations(report) == []


def test_titled_quotation_has_one_rule_on_the_web() -> None:
    css = (BOOK.parent / "styles" / "web.css").read_text(encoding="utf-8")
    assert re.search(r"figure\.quotation blockquote \{[^}]*border: 0", css)


def test_short_notes_set_the_comma_inside_the_quotation_marks() -> None:
    book = edited_manuscript(load_settings(BOOK), Warnings())
    notes = [note.html for note in typeset(book, DEFAULT_STYLE).chapters["stalin-and-his-rise-to-power"].notes]
    text = [html.fragment_fromstring(note, create_parent="div").text_content() for note in notes]
    assert sum("Nature of Power,\u201d at " in note for note in text) == 12
    assert not any("\u201d, at" in note for note in text)
    assert text[0].startswith("Lex Fridman, \u201cStephen Kotkin: Stalin, Putin, and the Nature of Power,\u201d Video")


@pytest.mark.parametrize(("note", "fixed"), [
    ('<a role="doc-biblioref">F, <span>\u201cPower\u201d</span></a>, at 1', "F, \u201cPower,\u201d at 1"),
    ('<a role="doc-biblioref">E, <span>\u201cCome?\u201d</span></a>, at 2', "E, \u201cCome?\u201d at 2"),
    ('<a role="doc-biblioref">M, <em>Stalin</em></a>, 33', "M, Stalin, 33"),
    ('<a role="doc-biblioref">F, <span>\u201cPower\u201d</span></a> and more', "F, \u201cPower\u201d and more"),
])
def test_quotation_closing_before_a_suffix_takes_its_comma(note: str, fixed: str) -> None:
    root = html.fragment_fromstring(f'<p><span class="citation"><span>{note}</span></span></p>', create_parent="div")
    punctuation_inside_quotes(root)
    assert root.text_content() == fixed


@pytest.mark.parametrize(("language", "inside"), [("en", True), ("en-US", True), ("en-GB", False), ("de", False)])
def test_punctuation_in_quote_follows_the_locale(language: str, inside: bool) -> None:
    assert punctuation_in_quote(str(BOOK.parent / "octavo" / "data" / "csl" / "chicago-notes-bibliography.csl"),
                                language) is inside


def test_a_style_of_its_own_decides_punctuation_in_quote(tmp_path: Path) -> None:
    style = tmp_path / "style.csl"
    style.write_text('<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><locale xml:lang="en">'
                     '<style-options punctuation-in-quote="false"/></locale></style>', encoding="utf-8")
    assert punctuation_in_quote(str(style), "en-US") is False


def test_urls_in_running_text_are_marked() -> None:
    root = html.fragment_fromstring('<p>See https://example.org/a_(b). Or <a href="https://x.org">https://x.org</a>'
                                    ' and <code>http://localhost/</code>, www.example.com.</p>', create_parent="div")
    mark_urls(root)
    assert [(el.tag, el.text) for el in root.iter() if "url" in (el.get("class") or "").split()] == [
        ("span", "https://example.org/a_(b)"), ("a", "https://x.org"), ("span", "www.example.com")]
    assert root.text_content() == "See https://example.org/a_(b). Or https://x.org and http://localhost/, " \
                                  "www.example.com."


def test_a_url_breaks_where_chicago_allows_and_never_after_its_own_hyphen() -> None:
    from octavo.editions.print.inline import breakable_urls, url_break_points

    points = url_break_points("https://a.example.org/founders-and-foundries/")
    assert points.replace("\u200b", "|").replace("\u2060", "") == "https://|a|.example|.org|/founders|-and|-foundries/"
    assert "-\u2060" in points and "\u200b-" in points  # break before a hyphen, never after it
    page = breakable_urls('<!DOCTYPE html><html><body><p>See <a class="url" href="https://x.org/a-b">'
                          "https://x.org/a-b</a> now.</p></body></html>")
    assert 'href="https://x.org/a-b"' in page and "x\u200b.org" in page and "See " in page
