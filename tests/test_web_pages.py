"""Saved web pages, sources' own titles and references, and typography kept from source to every output."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import zipfile
from pathlib import Path

import pypandoc
import pytest
import yaml
from conftest import FIXTURES, run_cli
from lxml import html
from manuscript_text import chapter_files, manuscript_plain, normalise, sentences
from PIL import Image

from octavo.core.text import plain_text
from octavo.errors import Warnings
from octavo.sources.readers import READERS, ReaderOptions, SourceDocument, detect_kind
from octavo.sources.readers.boilerplate import load_boilerplate
from octavo.sources.references import csl_date, csl_names
from octavo.sources.sourcetext import read_source

ARTICLE = FIXTURES / "stranger" / "article.html"
TITLE = "Graphite – a short history of the pencil"
# The page's furniture, listed by hand from the fixture: none of it may reach the book's text.
CHROME = [
    "We use cookies", "Accept all cookies", "Manage preferences", "The Desk Drawer home", "Stationery reviews",
    "Shop our notebooks", "Subscribe", "By Margaret Ellery", "9 min read", "Share on Facebook", "Share on X",
    "Email this article", "Copy link", "Tags:", "Enjoyed this article", "Related articles",
    "Why the fountain pen leaked", "Bread, rubber and the first erasers", "twelve pencil sharpeners",
    "Sign up to our newsletter", "in your inbox every Friday", "Email address", "About us", "Privacy policy",
    "Terms of use", "Advertise with us", "All rights reserved", "analytics", "18 April 2023",
]
WEB_REFERENCE = {
    "type": "webpage",
    "title": TITLE,
    "author": [{"family": "Ellery", "given": "Margaret"}],
    "container-title": "The Desk Drawer",
    "issued": {"date-parts": [[2023, 4, 18]]},
    "URL": "https://deskdrawer.example.org/history/graphite-pencil",
}


def article_prose() -> list[str]:
    """Every sentence of the article's own text (paragraphs, list items, quotation, caption, cells)."""
    body = html.fromstring(ARTICLE.read_bytes()).xpath("//div[@class='post-body']")[0]
    found: list[str] = []
    for element in body.xpath(".//p | .//li | .//figcaption | .//caption | .//td | .//th | .//h2"):
        found.extend(sentences(element.text_content()))
    return found


def read(path: Path, kind: str | None = None) -> tuple[SourceDocument, Warnings]:
    """Read one source with the reader for its (detected) kind."""
    warnings = Warnings()
    kind = kind or detect_kind(path, path.read_bytes(), load_boilerplate())
    source = read_source(path, path.name, warnings, binary=kind == "docx")
    return READERS[kind](source, ReaderOptions(warnings)), warnings


def text_of(document: SourceDocument) -> str:
    """All the blocks of a document as normalised plain text."""
    return normalise(" ".join(plain_text(block.text) for c in document.chapters for block in c.blocks))


@pytest.fixture()
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a network connection fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a reader tried to use the network: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("article.html", ARTICLE.read_bytes(), "web-page"),
        ("page.htm", b"<!-- saved from url=(0023)https://example.org/ -->\n<html><body><p>x</p></body></html>",
         "web-page"),
        ("fragment.html", b"<p>A fragment.</p><nav>menu</nav>", "html"),
        ("simple.html", b"<html><head><title>Bells</title><link rel='stylesheet' href='s.css'></head>"
                        b"<body><h1>Bells</h1><p>Ring.</p></body></html>", "html"),
        ("x.xhtml", b"<?xml version='1.0'?><html><head><link rel='canonical' href='https://e.org/'/></head>"
                    b"<body><p>Ring.</p></body></html>", "web-page"),
    ],
)
def test_saved_pages_are_told_from_plain_html(name: str, data: bytes, kind: str) -> None:
    assert detect_kind(Path(name), data, load_boilerplate()) == kind


def test_saved_page_gives_one_chapter_with_the_article_only(offline: None) -> None:
    document, warnings = read(ARTICLE)
    assert document.kind == "web-page" and list(warnings) == []
    [chapter] = document.chapters
    assert chapter.title == TITLE == document.title
    text = text_of(document)
    for phrase in CHROME:
        assert normalise(phrase).lower() not in text.lower(), phrase
    missing = [s for s in article_prose() if normalise(s) not in text]
    assert len(article_prose()) > 30 and missing == []
    blocks = [block.text for block in chapter.blocks]
    assert [b for b in blocks if b.startswith("#")] == ["## A black stone from Borrowdale", "## The modern lead"]
    assert any(b.startswith("> The wad is of so much value") for b in blocks)
    assert any(b.startswith("- The first pencils were sticks") for b in blocks)


def test_saved_page_keeps_pictures_tables_and_quotations(offline: None) -> None:
    [chapter] = read(ARTICLE)[0].chapters
    [picture] = [b.text for b in chapter.blocks if "pencil.png" in b.text]
    assert "](article_files/pencil.png)" in picture
    assert "A hexagonal yellow pencil lying beside a lump of raw graphite" in picture
    assert "A modern pencil beside a piece of the mineral that gave it its name." in picture
    [table] = [b.text for b in chapter.blocks if "Typical use" in b.text]
    rendered = pypandoc.convert_text(table, "html", format="markdown", extra_args=["--sandbox"])
    root = html.fragment_fromstring(rendered, create_parent="div")
    assert normalise(root.xpath("string(//table/caption)")) == "Common pencil grades and their uses"
    assert [normalise(th.text_content()) for th in root.xpath("//table/thead//th")] == ["Grade", "Line",
                                                                                         "Typical use"]
    assert len(root.xpath("//table/tbody/tr")) == 3


def test_saved_page_reference_carries_its_metadata(offline: None) -> None:
    assert read(ARTICLE)[0].reference == WEB_REFERENCE


def test_saved_page_title_from_its_title_element_keeps_its_dash(tmp_path: Path, offline: None) -> None:
    page = ARTICLE.read_text(encoding="utf-8")
    page = re.sub(r'<meta property="og:title"[^>]*>', "", page)
    page = re.sub(r"<h1 [^>]*>.*?</h1>", "", page)
    path = tmp_path / "no-heading.html"
    path.write_text(page, encoding="utf-8")
    document, _ = read(path)
    assert [c.title for c in document.chapters] == [TITLE]


def test_plain_html_document_keeps_working(tmp_path: Path) -> None:
    path = tmp_path / "bells.html"
    path.write_text("<html><head><title>On Bells – a note</title><meta name='author' content='Ann Smith'></head>"
                    "<body><p>Bells ring at noon.</p><h1>Ringing</h1><p>Ropes are pulled.</p></body></html>",
                    encoding="utf-8")
    document, warnings = read(path)
    assert document.kind == "html" and list(warnings) == []
    assert [c.title for c in document.chapters] == ["On Bells – a note", "Ringing"]
    assert document.reference == {"type": "document", "title": "On Bells – a note",
                                  "author": [{"family": "Smith", "given": "Ann"}]}


def test_markdown_front_matter_makes_the_reference_and_keeps_typography(tmp_path: Path) -> None:
    path = tmp_path / "grades.md"
    path.write_text('---\ntitle: "Pencil grades – a handout"\nauthor: [Ann O’Neil, The Pencil Society]\n'
                    "date: 2021-05-02\nurl: https://example.org/grades\n---\n\n"
                    'Soft leads -- the "B" grades -- smudge...\n\n## Hard leads\n\nThey don\'t.\n',
                    encoding="utf-8")
    document, warnings = read(path)
    assert list(warnings) == []
    [chapter] = document.chapters
    assert chapter.title == "Pencil grades – a handout"
    assert chapter.blocks[0].text == "Soft leads – the “B” grades – smudge…"
    assert [b.provenance.line for b in chapter.blocks] == [8, 10, 12]
    assert chapter.blocks[2].text == "They don’t."
    assert document.reference == {
        "type": "document", "title": "Pencil grades – a handout",
        "author": [{"family": "O’Neil", "given": "Ann"}, {"literal": "The Pencil Society"}],
        "issued": {"date-parts": [[2021, 5, 2]]}, "URL": "https://example.org/grades",
    }


def test_chapter_titles_come_from_the_document_before_the_file_name(tmp_path: Path) -> None:
    sections = tmp_path / "sections-only.md"
    sections.write_text("## Sharpening\n\nTurn the pencil.\n\n## Storing\n\nKeep it dry.\n", encoding="utf-8")
    document, warnings = read(sections)
    assert [c.title for c in document.chapters] == ["Sharpening"] and list(warnings) == []
    assert [b.text for b in document.chapters[0].blocks][:1] == ["Turn the pencil."]
    untitled = tmp_path / "loose_notes.html"
    untitled.write_text("<p>Nothing here says what it is called.</p>", encoding="utf-8")
    document, warnings = read(untitled)
    assert [c.title for c in document.chapters] == ["Loose notes"]
    [warning] = list(warnings)
    assert warning.startswith("loose_notes.html: has no title of its own") and "give the document a title" in warning


def make_docx(path: Path, markdown: str, core: dict[str, str] | None = None) -> None:
    """A Word file written by pandoc; `core` replaces elements of its docProps/core.xml."""
    made = path.with_suffix(".made.docx")
    subprocess.run([pypandoc.get_pandoc_path(), "-f", "markdown", "-o", str(made)], input=markdown, text=True,
                   check=True)
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                for tag, value in (core or {}).items():
                    text = re.sub(rf"<{tag}( [^>]*)?>[^<]*</{tag}>|<{tag}/>", f"<{tag}\\1>{value}</{tag}>", text)
                data = text.encode("utf-8")
            target.writestr(item, data)


def test_docx_title_block_makes_the_reference(tmp_path: Path) -> None:
    path = tmp_path / "handout.docx"
    make_docx(path, "---\ntitle: Pencils – a handout\nauthor: [Ann O’Neil, Bob Ray]\ndate: 2022-09-01\n---\n\n"
                    "Intro.\n\n# First steps\n\nText.\n")
    document, _ = read(path)
    # A document with a title of its own is one chapter; its level-one headings are its sections.
    assert [c.title for c in document.chapters] == ["Pencils – a handout"]
    assert [b.text for b in document.chapters[0].blocks] == ["Intro.", "## First steps", "Text."]
    assert document.reference == {"type": "document", "title": "Pencils – a handout",
                                  "author": [{"family": "O’Neil", "given": "Ann"}, {"family": "Ray", "given": "Bob"}],
                                  "issued": {"date-parts": [[2022, 9, 1]]}}


def test_docx_core_properties_fill_in_what_the_text_does_not_say(tmp_path: Path) -> None:
    path = tmp_path / "untitled.docx"
    make_docx(path, "Intro.\n\n# First steps\n\nText.\n",
              {"dc:title": "Cedar &amp; graphite – notes", "dc:creator": "Jane Doe",
               "dcterms:created": "2020-02-03T10:00:00Z"})
    document, warnings = read(path)
    assert list(warnings) == []
    assert [c.title for c in document.chapters] == ["Cedar & graphite – notes", "First steps"]
    assert document.reference == {"type": "document", "title": "Cedar & graphite – notes",
                                  "author": [{"family": "Doe", "given": "Jane"}],
                                  "issued": {"date-parts": [[2020, 2, 3]]}}
    placeholder = tmp_path / "placeholder.docx"
    make_docx(placeholder, "# Only heading\n\nText.\n", {"dc:creator": "Windows User"})
    assert "author" not in read(placeholder)[0].reference


def test_docx_core_properties_load_no_entities(tmp_path: Path) -> None:
    path = tmp_path / "hostile.docx"
    make_docx(path, "# Safe title\n\nText.\n")
    with zipfile.ZipFile(path) as archive:
        parts = {item.filename: archive.read(item.filename) for item in archive.infolist()}
    parts["docProps/core.xml"] = parts["docProps/core.xml"].replace(
        b"?>", b'?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>', 1).replace(
        b"<dc:title></dc:title>", b"<dc:title>&secret;</dc:title>")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    document, _ = read(path)
    assert "root:" not in json.dumps(document.reference) and document.title == "Safe title"


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ("Margaret Ellery", [{"family": "Ellery", "given": "Margaret"}]),
        ("Ellery, Margaret", [{"family": "Ellery", "given": "Margaret"}]),
        ("Ludwig van Beethoven", [{"family": "van Beethoven", "given": "Ludwig"}]),
        ("Ann Smith and Bob Ray", [{"family": "Smith", "given": "Ann"}, {"family": "Ray", "given": "Bob"}]),
        ("Ann Smith; The Desk Drawer Staff", [{"family": "Smith", "given": "Ann"},
                                              {"literal": "The Desk Drawer Staff"}]),
        ("Department of Health and Social Care", [{"literal": "Department of Health and Social Care"}]),
        (["Plato", "BBC News"], [{"literal": "Plato"}, {"literal": "BBC News"}]),
    ],
)
def test_csl_names(names: str | list[str], expected: list[dict[str, str]]) -> None:
    assert csl_names(names) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-04-18T08:30:00+01:00", {"date-parts": [[2023, 4, 18]]}),
        ("2023-04", {"date-parts": [[2023, 4]]}),
        ("2023", {"date-parts": [[2023]]}),
        ("18 April 2023", {"date-parts": [[2023, 4, 18]]}),
        ("April 18, 2023", {"date-parts": [[2023, 4, 18]]}),
        ("Spring term", {"literal": "Spring term"}),
        ("", None),
    ],
)
def test_csl_date(text: str, expected: dict | None) -> None:
    assert csl_date(text) == expected


def epub_text(epub: Path, name: str) -> str:
    """One document of the EPUB, as text."""
    with zipfile.ZipFile(epub) as archive:
        return archive.read(f"EPUB/{name}").decode("utf-8")


def test_init_and_build_a_book_from_a_saved_page(tmp_path: Path) -> None:
    downloads = tmp_path / "downloads"
    (downloads / "article_files").mkdir(parents=True)
    shutil.copyfile(ARTICLE, downloads / "article.html")
    Image.new("RGB", (300, 200), "white").save(downloads / "article_files" / "pencil.png")
    # A source that cites itself: Chicago prints no bibliography entry for an unpublished document.
    (downloads / "care.md").write_text("# Caring for pencils\n\nKeep them dry -- always [@caring-for-pencils].\n",
                                       encoding="utf-8")
    book = tmp_path / "book"
    done = run_cli("init", str(book), str(downloads / "article.html"), str(downloads / "care.md"))
    assert done.returncode == 0, done.stderr
    config = yaml.safe_load((book / "book.yaml").read_text(encoding="utf-8"))
    assert config["title"] == TITLE
    assert [entry["kind"] for entry in config["contents"]] == ["web-page", "markdown"]
    assert "Graphite – a short history" in (book / "book.yaml").read_text(encoding="utf-8")
    references = {entry["id"]: entry for entry in json.loads((book / "references.json").read_text(encoding="utf-8"))}
    key = config["contents"][0]["reference"]
    assert references[key] == {"id": key, **WEB_REFERENCE}
    assert all(entry.get("title") for entry in references.values())
    assert (book / "sources" / "article_files" / "pencil.png").is_file()

    out = tmp_path / "out"
    done = run_cli("--book", str(book), "--out", str(out), "--formats", "manuscript,epub", "-q")
    assert done.returncode == 0, done.stderr
    manuscript = out / "manuscript"
    first = chapter_files(manuscript)[0].read_text(encoding="utf-8")
    assert yaml.safe_load(first.split("---")[1])["title"] == TITLE
    text = manuscript_plain(manuscript)
    for phrase in CHROME:
        assert normalise(phrase).lower() not in text.lower(), phrase
    assert [s for s in article_prose() if normalise(s) not in text] == []
    assert "Keep them dry – always" in chapter_files(manuscript)[1].read_text(encoding="utf-8")

    [epub] = out.glob("*.epub")
    assert f"<dc:title>{TITLE}</dc:title>" in epub_text(epub, "content.opf")
    assert TITLE in epub_text(epub, "text/titlepage.xhtml")
    imprint = html.fromstring(epub_text(epub, "text/imprint.xhtml").encode("utf-8"))
    lines = [normalise(li.text_content()) for li in imprint.xpath("//*[@class='sources']/li")]
    assert lines[0].startswith("article.html: Ellery, Margaret.")
    assert normalise(TITLE).lower() in lines[0].lower() and "The Desk Drawer" in lines[0]
    assert lines[1] == normalise("care.md: “Caring for pencils”")
    bibliography = html.fromstring(epub_text(epub, "text/bibliography.xhtml").encode("utf-8"))
    entries = bibliography.xpath("//ul[@class='bibliography']/li")
    assert entries and all(normalise(entry.text_content()) for entry in entries)
    assert [entry.get("id") for entry in entries] == [f"ref-{key}"]
    with zipfile.ZipFile(epub) as archive:
        documents = {name: archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith("html")}
    assert not [name for name, text in documents.items() if "#ref-caring-for-pencils" in text]
    assert "<span>“Caring for Pencils,”</span> n.d." in documents["EPUB/text/caring-for-pencils.xhtml"]
    assert "--" not in (manuscript / "bibliography.md").read_text(encoding="utf-8")


def test_page_the_extractor_cannot_read_falls_back_to_plain_html(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *args, **kwargs: None)
    document, warnings = read(ARTICLE)
    assert document.kind == "html" and "A black stone from Borrowdale" in text_of(document)
    [warning] = list(warnings)
    assert warning.startswith("article.html: no article found in this web page; read as plain HTML")
