"""A stranger's book: a saved web page, Markdown with pictures and a table, a Word handout with a picture.

The sources are written here (tests/fixtures/stranger/), the pictures drawn by the test; `init` makes the book
and one build makes every edition, which each test then reads back.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypandoc
import pytest
from conftest import FIXTURES, run_cli
from epub_checks import ace_violations, run_ace, run_epubcheck
from lxml import etree, html
from pdf_pages import flat, page_texts
from PIL import Image, ImageDraw

from octavo.check.tags import tag_tree_faults
from octavo.core.images import packaged_name

STRANGER = FIXTURES / "stranger"
XHTML = "{http://www.w3.org/1999/xhtml}"
OPF = "{http://www.idpf.org/2007/opf}"
CHROME = ["Accept all cookies", "cookie policy", "Related articles", "newsletter", "9 min read", "Share on",
          "All rights reserved", "Privacy policy", "Shop our notebooks"]
PICTURES = {  # book path: (width, height, alt text or None)
    "sources/figs/harbour.png":
        (2400, 1600, "A wide harbour mouth drawn in blue lines, with a breakwater on each side"),
    "sources/figs/stamp.png": (300, 200, None),
    "sources/figs/old rope.png": (400, 60, ""),  # a name a URL must escape
}
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)(\{[^}]*\})?")


def prose_sentences(source: Path) -> list[str]:
    """Every sentence of a Markdown source's paragraphs and quotations (not its headings, tables or captions)."""
    body = source.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
    found = []
    for paragraph in body.split("\n\n"):
        text = IMAGE.sub("", paragraph).strip().lstrip("> ")
        if not text or text.startswith(("#", "|", "Table:")):
            continue
        found.extend(re.findall(r"[^.!?]+[.!?]", " ".join(text.split())))
    return [" ".join(sentence.split()) for sentence in found]


def article_sentences(page: Path) -> list[str]:
    """Every sentence of the saved article's own paragraphs (its body, not the site around it)."""
    body = html.fromstring(page.read_bytes()).xpath('//div[@class="post-body"]')[0]
    return [" ".join(s.split()) for p in body.iter("p") for s in re.findall(r"[^.!?]+[.!?]", p.text_content())]


SENTENCES = prose_sentences(STRANGER / "harbours.md") + prose_sentences(STRANGER / "lighthouse.md") \
    + article_sentences(STRANGER / "article.html")


@dataclass
class Built:
    """The book folder, the build folder, and what the build printed."""

    book: Path
    out: Path
    stderr: str

    def edition(self, suffix: str) -> Path:
        """The one output whose name ends so."""
        [found] = [p for p in self.out.iterdir() if p.name.endswith(suffix)
                   and (suffix != ".pdf" or not p.name.endswith(("-trade.pdf", "-cover.pdf")))]
        return found


def draw(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> None:
    """A picture with a few lines on it, so scaling and placement are visible."""
    path.parent.mkdir(parents=True, exist_ok=True)
    picture = Image.new("RGB", size, "white")
    pen = ImageDraw.Draw(picture)
    for x in range(0, size[0], max(size[0] // 12, 1)):
        pen.line([(x, 0), (size[0] - x, size[1])], fill=colour, width=max(size[0] // 300, 1))
    picture.save(path)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Sources as a user has them, `init`, then a build of every edition."""
    downloads = tmp_path_factory.mktemp("downloads")
    shutil.copyfile(STRANGER / "article.html", downloads / "article.html")
    draw(downloads / "article_files" / "pencil.png", (900, 600), (60, 60, 60))
    (downloads / "article_files" / "tracker.js").write_text("track();", encoding="utf-8")
    harbours = downloads / "harbours"
    harbours.mkdir()
    shutil.copyfile(STRANGER / "harbours.md", harbours / "harbours.md")
    for place, (width, height, _) in PICTURES.items():
        draw(harbours / place.removeprefix("sources/"), (width, height), (30, 60, 120))
    word = downloads / "word"
    word.mkdir()
    draw(word / "tower.jpg", (800, 1200), (40, 140, 90))
    pypandoc.convert_file(str(STRANGER / "lighthouse.md"), "docx", outputfile=str(word / "lighthouse.docx"),
                          extra_args=[f"--resource-path={word}", "--metadata=title:Lighthouses",
                                      "--metadata=author:Ida Quay"])
    book = tmp_path_factory.mktemp("stranger") / "book"
    made = run_cli("init", str(book), str(downloads / "article.html"), str(harbours / "harbours.md"),
                   str(word / "lighthouse.docx"))
    assert made.returncode == 0, made.stderr
    out = book.parent / "build"
    done = run_cli("--book", str(book), "--out", str(out), timeout=600)
    assert done.returncode == 0, done.stderr
    return Built(book, out, done.stderr)


def test_init_copies_the_pictures_each_source_shows(built: Built) -> None:
    for place in [*PICTURES, "sources/article_files/pencil.png"]:
        assert (built.book / place).is_file(), place
    assert not (built.book / "sources" / "article_files" / "tracker.js").exists()


def test_the_originals_stay_untouched(built: Built) -> None:
    with Image.open(built.book / "sources/figs/harbour.png") as original:
        assert original.size == (2400, 1600)


def test_a_picture_without_alternative_text_gets_a_warning_with_its_line(built: Built) -> None:
    line = next(n for n, text in enumerate((STRANGER / "harbours.md").read_text().splitlines(), 1) if "stamp" in text)
    assert f"sources/harbours.md:{line}: image 'figs/stamp.png' has no alternative text — " in built.stderr
    assert "rope.png' has no alternative text" not in built.stderr  # marked decorative
    assert "tower" not in built.stderr and "pencil" not in built.stderr


def _epub_documents(epub: Path) -> dict[str, etree._Element]:
    """Every XHTML document of the EPUB, parsed."""
    with zipfile.ZipFile(epub) as archive:
        return {name: etree.fromstring(archive.read(name)) for name in archive.namelist() if name.endswith(".xhtml")}


def test_every_picture_is_in_the_epub_with_its_alternative_text(built: Built) -> None:
    epub = built.edition(".epub")
    with zipfile.ZipFile(epub) as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
        manifest = {item.get("href"): item.get("media-type") for item in opf.iter(f"{OPF}item")}
        packaged = {packaged_name(place): place for place in [*PICTURES, "sources/article_files/pencil.png"]}
        images = {packaged.get(name, name): img for doc in _epub_documents(epub).values()
                  for img in doc.iter(f"{XHTML}img") if "images/book/" in img.get("src", "")
                  for name in [img.get("src").split("images/book/")[-1]]}
        word = [src for src in images if src.startswith("sources/lighthouse.docx/media/")]
        assert len(word) == 1
        assert images.keys() == {*PICTURES, "sources/article_files/pencil.png", *word}
        for src in images:
            assert f"images/book/{packaged_name(src)}" in manifest
            assert manifest[f"images/book/{packaged_name(src)}"].startswith("image/")
        for place, (_, _, alt) in PICTURES.items():
            if alt is None:
                assert "alt" not in images[place].attrib
            else:
                assert images[place].get("alt") == alt
        assert images[word[0]].get("alt") == "A tall green tower against a pale sky"
        pencil = images["sources/article_files/pencil.png"]
        assert pencil.get("alt")
        with Image.open(io.BytesIO(archive.read("EPUB/images/book/sources/figs/harbour.png"))) as scaled:
            assert max(scaled.size) <= 1600


def test_the_accessibility_metadata_does_not_claim_what_is_missing(built: Built) -> None:
    with zipfile.ZipFile(built.edition(".epub")) as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
    metas = [(m.get("property"), m.text) for m in opf.iter(f"{OPF}meta") if m.get("property")]
    assert ("schema:accessibilityFeature", "alternativeText") not in metas
    assert not any(p == "dcterms:conformsTo" for p, _ in metas)
    [summary] = [v for p, v in metas if p == "schema:accessibilitySummary"]
    assert "One picture has no alternative text" in summary
    assert "meets WCAG" not in summary


def test_epubcheck_and_ace_report_only_the_undescribed_picture(built: Built, tmp_path: Path) -> None:
    epub = built.edition(".epub")
    report = run_epubcheck(epub, tmp_path / "epubcheck.json")
    assert report["messages"] == [], report["messages"]
    violations = ace_violations(run_ace(epub, tmp_path / "ace"))
    assert violations, "Ace should flag the picture that has no alternative text"
    assert all("alt" in v.lower() or "image" in v.lower() for v in violations), violations


def _pdf_pictures(pdf: Path) -> list[tuple[int, float, float, float, float]]:
    """(page, left, top, right, bottom) of each picture drawn, in points from the page's top-left corner."""
    xml = subprocess.run(["pdftohtml", "-xml", "-stdout", "-q", "-zoom", "1", str(pdf), str(pdf.parent / "picture")],
                         capture_output=True, check=True).stdout
    found = []
    for page in etree.fromstring(xml).iter("page"):
        for image in page.iter("image"):
            left, top = float(image.get("left")), float(image.get("top"))
            found.append((int(page.get("number")), left, top, left + float(image.get("width")),
                          top + float(image.get("height"))))
    return found


@pytest.mark.parametrize("suffix", [".pdf", "-trade.pdf"])
def test_pictures_sit_inside_each_pdf_page_s_safe_area(built: Built, suffix: str, tmp_path: Path) -> None:
    pdf = tmp_path / "book.pdf"
    shutil.copyfile(built.edition(suffix), pdf)
    pictures = _pdf_pictures(pdf)
    assert len(pictures) >= 5
    with pikepdf.open(pdf) as document:
        for number, left, top, right, bottom in pictures:
            page = document.pages[number - 1]
            media = [float(v) for v in page.mediabox]
            trim = [float(v) for v in page.get("/TrimBox", page.mediabox)]
            # the trim box in the same top-left coordinates, inset by half an inch: no margin is smaller
            safe_left, safe_right = trim[0] - media[0] + 36, trim[2] - media[0] - 36
            safe_top, safe_bottom = media[3] - trim[3] + 36, media[3] - trim[1] - 36
            where = f"page {number}: {left:.0f},{top:.0f}–{right:.0f},{bottom:.0f}"
            assert safe_left - 0.5 <= left and right <= safe_right + 0.5, where
            assert safe_top - 0.5 <= top and bottom <= safe_bottom + 0.5, where


@pytest.mark.parametrize("suffix", [".pdf", "-trade.pdf"])
def test_print_pictures_are_scaled_to_about_300_ppi(built: Built, suffix: str) -> None:
    listing = subprocess.run(["pdfimages", "-list", str(built.edition(suffix))], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    widths = [int(row.split()[3]) for row in listing]
    assert widths and max(widths) <= 2000
    assert 2000 in widths  # the 2400 px harbour, scaled down, not left out


@pytest.mark.parametrize("suffix", [".pdf", "-trade.pdf"])
def test_a_figure_s_caption_is_on_its_picture_s_page(built: Built, suffix: str) -> None:
    pdf = built.edition(suffix)
    pages = [flat(text) for text in page_texts(pdf)]
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    picture_pages = {int(row.split()[0]) for row in listing}
    for caption in ("A wide harbour mouth drawn in blue lines", "A tall green tower against a pale sky"):
        [page] = [n for n, text in enumerate(pages, 1) if caption in text]
        assert page in picture_pages, caption


def _web_text(folder: Path) -> str:
    """The words of every page of the web edition."""
    return " ".join(html.fromstring(page.read_bytes()).text_content() for page in sorted(folder.glob("*.html")))


def test_every_sentence_reaches_every_edition(built: Built) -> None:
    assert len(SENTENCES) == 29
    pdf_text = flat("\n".join(page_texts(built.edition(".pdf"))))
    epub_text = " ".join(" ".join(doc.itertext()) for doc in _epub_documents(built.edition(".epub")).values())
    web_text = _web_text(built.out / "web")
    for sentence in SENTENCES:
        assert sentence in pdf_text, sentence
        assert sentence in re.sub(r"\s+", " ", epub_text), sentence
        assert sentence in re.sub(r"\s+", " ", web_text), sentence


def test_no_site_chrome_in_any_edition(built: Built) -> None:
    texts = {"pdf": flat("\n".join(page_texts(built.edition(".pdf")))),
             "epub": " ".join(" ".join(doc.itertext()) for doc in _epub_documents(built.edition(".epub")).values()),
             "web": _web_text(built.out / "web")}
    for edition, text in texts.items():
        for phrase in CHROME:
            assert phrase.lower() not in text.lower(), f"{phrase!r} in the {edition} edition"


@pytest.mark.parametrize("package", [".imscc", "-scorm12.zip", "-web.zip"])
def test_the_lms_packages_carry_every_picture(built: Built, package: str) -> None:
    with zipfile.ZipFile(built.edition(package)) as archive:
        names = archive.namelist()
    for place in [*PICTURES, "sources/article_files/pencil.png"]:
        assert any(name.endswith(packaged_name(place)) for name in names), place
    assert any(".docx/media/" in name for name in names)


@pytest.mark.parametrize("suffix", [".pdf", "-trade.pdf"])
def test_a_table_s_caption_is_on_the_page_of_its_first_row(built: Built, suffix: str) -> None:
    pages = [flat(text) for text in page_texts(built.edition(suffix))]
    [caption] = [n for n, text in enumerate(pages) if "Old harbours and their founding" in text]
    [first_row] = [n for n, text in enumerate(pages) if "Piraeus" in text]
    assert caption == first_row


def test_titles_and_references_come_from_the_sources(built: Built) -> None:
    references = {entry["id"]: entry for entry in json.loads((built.book / "references.json").read_text())}
    titles = sorted(entry["title"] for entry in references.values())
    assert titles == ["Graphite – a short history of the pencil", "Harbours – a field guide", "Lighthouses"]
    assert all(entry.get("author") for entry in references.values())
    page = next(entry for entry in references.values() if entry["type"] == "webpage")
    assert page["container-title"] == "The Desk Drawer" and page["URL"].startswith("https://deskdrawer.example.org/")
    assert page["issued"]["date-parts"] == [[2023, 4, 18]]
    with zipfile.ZipFile(built.edition(".epub")) as archive:
        nav = etree.fromstring(archive.read("EPUB/text/toc.xhtml"))
        imprint = etree.fromstring(archive.read("EPUB/text/imprint.xhtml"))
    contents = [" ".join("".join(a.itertext()).split()) for a in nav.iter(f"{XHTML}a")]
    for title in ("Graphite – a short history of the pencil", "Harbours – a field guide", "Lighthouses"):
        assert title in contents
    sources = [" ".join("".join(item.itertext()).split()) for item in imprint.iter(f"{XHTML}li")]
    assert len(sources) == 3
    assert all(re.fullmatch(r"\S+\.(html|md|docx): .*\w.*", line) for line in sources), sources


def test_a_table_s_header_cells_say_what_they_head_in_the_tagged_handout(built: Built) -> None:
    """Each /TH carries a /Scope (the patch in patches/weasyprint-70-table-scope.diff), so PDF/UA checkers agree."""
    with pikepdf.open(built.edition(".pdf")) as pdf:
        found, pending = [], [pdf.Root.StructTreeRoot]
        while pending:
            node = pending.pop()
            if isinstance(node, pikepdf.Array):
                pending.extend(node)
            elif isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/TH":
                    found.append(str(node.A.get("/Scope")))
                if "/K" in node:
                    pending.append(node.K)
    assert found and set(found) == {"/Column"}, found


@pytest.mark.parametrize("suffix", [".pdf", "-trade.pdf"])
def test_the_bound_editions_have_one_sound_tag_tree(built: Built, suffix: str) -> None:
    """Chapters laid out apart and bound: every marked content and link is found through the one parent tree."""
    assert tag_tree_faults(built.edition(suffix)) == []
