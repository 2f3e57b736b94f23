"""Print-page numbers in the web edition, the cartridge and the SCORM package: the EPUB's page list, page for page."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from browser_checks import run_go_to_page
from conftest import BOOK, run_cli
from lxml import etree, html

from octavo.check.links import broken_links, html_pages
from octavo.editions.web.pagebreaks import WebPageBreaks
from octavo.labels import book_labels
from octavo.typesetting.pagination import PageMap, PageStart

SLUG = "how-did-joseph-stalin-come-to-power"
CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
OPF = "{http://www.idpf.org/2007/opf}"
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
# The printed imprint is the web contents page's "About this edition", after the contents: its folio comes after
# theirs on the web, and in print order everywhere else.
IMPRINT = "imprint.xhtml"
SNIPPET = 24


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The EPUB, the web edition, the cartridge and the SCORM package of the example book, from one build, unpacked."""
    out = tmp_path_factory.mktemp("page-numbers")
    done = run_cli("--book", str(BOOK), "--out", str(out), "--formats", "epub,web,imscc,scorm12", "-q")
    assert done.returncode == 0, done.stderr
    for archive, folder in ((f"{SLUG}.epub", "epub"), (f"{SLUG}.imscc", "cc"), (f"{SLUG}-scorm12.zip", "scorm")):
        with zipfile.ZipFile(out / archive) as package:
            package.extractall(out / folder)
    return out


def epub_nav(epub: Path) -> tuple[Path, etree._Element]:
    """The EPUB's navigation document, found through its container and package, and its parsed root."""
    container = etree.parse(str(epub / "META-INF" / "container.xml"))
    opf = epub / container.find(f".//{CONTAINER}rootfile").get("full-path")
    nav = next(item for item in etree.parse(str(opf)).iter(f"{OPF}item") if "nav" in item.get("properties", ""))
    path = opf.parent / nav.get("href")
    return path, etree.parse(str(path)).getroot()


def epub_page_list(epub: Path) -> list[tuple[str, str, str]]:
    """(folio, document file name, anchor) of each entry of the EPUB's page list, in order."""
    _, nav = epub_nav(epub)
    [page_list] = [n for n in nav.iter(f"{XHTML}nav") if n.get(EPUB_TYPE) == "page-list"]
    entries = []
    for link in page_list.iter(f"{XHTML}a"):
        document, anchor = link.get("href").split("#")
        entries.append((link.text, PurePosixPath(document).name, anchor))
    return entries


def documents_to_web_pages(epub: Path, web: Path) -> dict[str, str]:
    """EPUB document → web page: both contents in reading order, chapters matched by their ids."""
    path, nav = epub_nav(epub)
    [toc] = [n for n in nav.iter(f"{XHTML}nav") if n.get(EPUB_TYPE) == "toc"]
    documents = [PurePosixPath(a.get("href")).name for a in toc.iter(f"{XHTML}a")]
    contents = html.parse(str(web / "00-contents.html")).getroot()
    pages = [a.get("href") for a in contents.xpath("//nav[contains(@class, 'contents')]//a")]
    on_the_web = [document for document in documents if document != IMPRINT]
    assert len(on_the_web) == len(pages), (on_the_web, pages)
    mapping = dict(zip(on_the_web, pages, strict=True))
    for document, page in mapping.items():
        epub_section = etree.parse(str(path.parent / document)).getroot().find(f".//{XHTML}section")
        web_sections = html.parse(str(web / page)).getroot().xpath("//section[contains(@class, 'chapter')]")
        if web_sections:  # a chapter: the same chapter id in both
            assert web_sections[0].get("id") == epub_section.get("id"), (document, page)
    mapping.update({"titlepage.xhtml": "00-contents.html", PurePosixPath(path).name: "00-contents.html",
                    IMPRINT: "00-contents.html"})
    return mapping


def markers(page: Path) -> list[html.HtmlElement]:
    """A web page's print-page markers in document order."""
    return html.parse(str(page)).getroot().xpath("//*[@role='doc-pagebreak']")


def folios(folder: Path) -> list[str]:
    """The folios of every marker of a folder's pages, in reading order (the pages' names sort in reading order)."""
    return [marker.get("id").removeprefix("page-") for page in html_pages(folder) for marker in markers(page)]


def text_after(element: etree._Element) -> str:
    """The first letters of text after an element in its document, spaces squeezed out."""
    following = "".join(element.xpath("following::text()"))  # the element's own tail is the first of them
    return re.sub(r"\s+", "", following)[:SNIPPET]


def test_every_page_of_the_epub_page_list_is_marked_on_its_chapters_web_page(built: Path) -> None:
    web = built / "web"
    mapping = documents_to_web_pages(built / "epub", web)
    entries = epub_page_list(built / "epub")
    assert len(entries) > 15
    for label, document, anchor in entries:
        root = html.parse(str(web / mapping[document])).getroot()
        [marker] = root.xpath(f"//*[@id='{anchor}']")
        assert marker.get("role") == "doc-pagebreak" and marker.get("title") == f"page {label}", (label, document)
        assert marker.get("class") == "page-break" and not marker.text_content(), "the folio is the stylesheet's"
    assert sorted(folios(web)) == sorted(label for label, _, _ in entries), "every printed page is on the web"


def test_the_web_markers_follow_the_epub_page_list_in_order_at_the_same_letters(built: Path) -> None:
    web = built / "web"
    entries = epub_page_list(built / "epub")
    imprint = {label for label, document, _ in entries if document == IMPRINT}
    assert imprint and [folio for folio in folios(web) if folio not in imprint] == \
        [label for label, _, _ in entries if label not in imprint]
    mapping = documents_to_web_pages(built / "epub", web)
    epub_text = built / "epub" / "EPUB" / "text"
    for label, document, anchor in entries:
        if mapping[document] == "00-contents.html":
            continue
        [in_epub] = etree.parse(str(epub_text / document)).getroot().xpath(f"//*[@id='{anchor}']")
        page = html.parse(str(web / mapping[document])).getroot()
        if page.find("body").get("class") == "part":
            continue  # a part's title reads "Part I: …" on the web, "Part I …" in the EPUB
        [on_web] = page.xpath(f"//*[@id='{anchor}']")
        assert text_after(on_web) == text_after(in_epub), label
    page = next(web.glob("05-*.html")).read_text(encoding="utf-8")
    assert 'strangle<span class="page-break" role="doc-pagebreak" id="page-8" title="page 8"></span>hold' in page


def test_the_cartridge_and_scorm_pages_carry_the_same_markers(built: Path) -> None:
    web = {page.name: [m.get("id") for m in markers(page)] for page in html_pages(built / "web")}
    cartridge = {page.name: [m.get("id") for m in markers(page)] for page in html_pages(built / "cc")}
    scorm = {page.name: [m.get("id") for m in markers(page)] for page in html_pages(built / "scorm")}
    assert cartridge == web
    assert scorm == {name: ids for name, ids in web.items() if name in scorm}
    assert set(web) - set(scorm) == {"00-contents.html", "02-part-expert-answers.html",
                                     "08-part-notes-on-a-conversation.html"}
    assert sum(map(len, scorm.values())) == len(folios(built / "web")) - 6  # i, iii, iv, v, the parts' 1 and 13
    for folder in ("web", "cc", "scorm"):
        assert "data-page-key" not in "".join(p.read_text(encoding="utf-8") for p in html_pages(built / folder))


def page_table(contents: Path) -> dict[str, str]:
    """The contents page's go-to-page table, folio → page#anchor."""
    [table] = html.parse(str(contents)).getroot().xpath("//script[@id='page-table'][@type='application/json']")
    places: dict[str, str] = json.loads(table.text)
    return places


def test_the_go_to_page_table_maps_every_marked_page_and_the_links_hold(built: Path) -> None:
    for folder in ("web", "cc"):
        table = page_table(built / folder / "00-contents.html")
        assert sorted(table) == sorted(folios(built / folder))  # the table in print order, iv before v
        for label, place in table.items():
            page, anchor = place.split("#")
            assert anchor == f"page-{label}" and anchor in [m.get("id") for m in markers(built / folder / page)]
        assert (built / folder / "web_resources" / "go-to-page.js").is_file()
    for folder in ("web", "cc", "scorm"):
        assert broken_links(built / folder) == [], folder
    assert not (built / "scorm" / "web_resources" / "go-to-page.js").exists(), "no contents page, no box"
    contents = html.parse(str(built / "web" / "00-contents.html")).getroot()
    [form] = contents.xpath("//form[@id='go-to-page']")
    assert form.get("hidden") is not None, "hidden until its script runs: without JavaScript nothing shows"
    [field] = form.xpath(".//input")
    assert form.xpath(f".//label[@for='{field.get('id')}']")[0].text_content().strip()


def test_the_links_check_reads_the_page_table(built: Path, tmp_path: Path) -> None:
    web = tmp_path / "web"
    web.mkdir()
    text = (built / "web" / "00-contents.html").read_text(encoding="utf-8")
    (web / "00-contents.html").write_text(text.replace("#page-vii", "#page-77"), encoding="utf-8")
    assert any("#page-77" in problem for problem in broken_links(web))


def test_the_go_to_page_box_takes_a_reader_to_the_page_in_chromium(built: Path, tmp_path: Path) -> None:
    report = run_go_to_page(built / "web", "00-contents.html", ["8", "vii", " 21 ", "23", "xl"], tmp_path / "work")
    assert report["shown"] and report["errors"] == []
    asked = {entry["folio"]: entry for entry in report["asked"]}
    assert all(entry["errors"] == [] for entry in asked.values())
    assert asked["8"]["url"].startswith("05-") and asked["8"]["url"].endswith(".html#page-8")
    assert asked["vii"]["url"] == "01-quick-answer.html#page-vii"
    assert asked[" 21 "]["url"] == "11-whos-who.html#page-21"
    assert asked["23"]["url"].endswith("-index.html#page-23")
    assert asked["xl"]["status"] == "There is no page xl in this edition."


def test_a_page_that_starts_at_a_link_is_marked_before_the_link() -> None:
    breaks = WebPageBreaks(PageMap("trade", [PageStart("vi", "toc-ch", 0), PageStart("vii", "toc-ch", 5)]),
                           book_labels("en", {}))
    page = ('<!DOCTYPE html>\n<html><body><ol><li><a href="ch.html" data-page-key="toc-ch">Chapter <i>One</i></a>'
            "</li></ol></body></html>")
    placed = breaks.place(page, "00-contents.html")
    assert ('<li><span class="page-break" role="doc-pagebreak" id="page-vi" title="page vi"></span>'
            '<a href="ch.html">Chapt<span class="page-break" role="doc-pagebreak" id="page-vii" title="page vii">'
            "</span>er <i>One</i></a></li>") in placed
    assert breaks.page_list() == [{"label": "vi", "href": "00-contents.html#page-vi"},
                                  {"label": "vii", "href": "00-contents.html#page-vii"}]


def test_without_a_page_list_there_are_no_markers_and_no_box(book_copy: Path, tmp_path: Path) -> None:
    settings = book_copy / "book.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "epub:\n  page_list: none\n", encoding="utf-8")
    done = run_cli("--book", str(book_copy), "--out", str(tmp_path / "out"), "--formats", "web,scorm12,epub", "-q")
    assert done.returncode == 0, done.stderr
    web = tmp_path / "out" / "web"
    # Without pages, each mention is named by its chapter, the same on the web as in the EPUB ("intro.", "ch. 1").
    with zipfile.ZipFile(tmp_path / "out" / f"{SLUG}.epub") as archive:
        epub_index = etree.fromstring(archive.read("EPUB/text/index.xhtml"))
    web_index = next(html.parse(str(page)).getroot() for page in html_pages(web) if page.name.endswith("-index.html"))

    def chapter_names(root: etree._Element) -> dict[str, list[str]]:
        return {item.get("id"): [(a.text or "") for a in item.iter("{*}a", "a") if "#" in (a.get("href") or "")
                                 and not (a.get("href") or "").startswith("#")]
                for item in root.iter("{*}li", "li") if (item.get("id") or "").startswith("index-")}

    from_epub, from_web = chapter_names(epub_index), chapter_names(web_index)
    assert from_epub == from_web and any("intro." in names for names in from_web.values())
    assert any("ch. 1" in names for names in from_web.values())
    for page in html_pages(web):
        text = page.read_text(encoding="utf-8")
        assert "doc-pagebreak" not in text and "go-to-page" not in text and "<script" not in text, page.name
        assert "data-page-key" not in text, page.name
    assert not (web / "web_resources" / "go-to-page.js").exists()
    assert not list((tmp_path / "out").glob("*.pdf"))
    with zipfile.ZipFile(tmp_path / "out" / f"{SLUG}-scorm12.zip") as package:
        assert not any("doc-pagebreak" in package.read(name).decode("utf-8")
                       for name in package.namelist() if name.endswith(".html"))
