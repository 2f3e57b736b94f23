"""The EPUB edition: EPUBCheck and Ace at zero, semantics, typography, reproducibility, fidelity."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import BOOK, FIXTURES, ROOT
from epub_checks import ace_violations, run_ace, run_epubcheck
from lxml import etree
from manuscript_text import chapter_files, index_words, normalise, plain, sentences

EPOCH = "1790000000"
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_NS = "{http://www.idpf.org/2007/ops}"
OPF = "{http://www.idpf.org/2007/opf}"
SMALL = FIXTURES / "small-book"


def build(book: Path, out: Path, formats: str = "epub") -> Path:
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--book", str(book), "--out", str(out),
                           "--formats", formats, "-q"], capture_output=True, text=True, env=env, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr
    [epub] = out.glob("*.epub")
    return epub


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("epub")
    return build(BOOK, out, "manuscript,epub"), out / "manuscript"


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(SMALL, tmp_path_factory.mktemp("small"))


def documents(epub: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(epub) as archive:
        return {name: etree.fromstring(archive.read(name)) for name in archive.namelist()
                if name.endswith(".xhtml")}


def package(epub: Path) -> etree._Element:
    with zipfile.ZipFile(epub) as archive:
        return etree.fromstring(archive.read("EPUB/content.opf"))


def spine_files(epub: Path) -> list[str]:
    opf = package(epub)
    hrefs = {item.get("id"): item.get("href") for item in opf.iter(f"{OPF}item")}
    return [f"EPUB/{hrefs[ref.get('idref')]}" for ref in opf.iter(f"{OPF}itemref")]


@pytest.mark.parametrize("which", ["example", "small"])
def test_epubcheck_reports_nothing(which: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    epub = request.getfixturevalue(which)
    epub = epub[0] if isinstance(epub, tuple) else epub
    report = run_epubcheck(epub, tmp_path / "epubcheck.json")
    checker = report["checker"]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), report["messages"]
    assert report["publication"]["ePubVersion"].startswith("3")


@pytest.mark.parametrize("which", ["example", "small"])
def test_ace_reports_no_violation(which: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    epub = request.getfixturevalue(which)
    epub = epub[0] if isinstance(epub, tuple) else epub
    report = run_ace(epub, tmp_path / "ace")
    assert ace_violations(report) == []
    assert report["earl:result"]["earl:outcome"] == "pass"


def test_two_builds_same_bytes(example: tuple[Path, Path], tmp_path: Path) -> None:
    again = build(BOOK, tmp_path)
    assert hashlib.sha256(again.read_bytes()).hexdigest() == hashlib.sha256(example[0].read_bytes()).hexdigest()


def test_zip_layout_and_package_metadata(example: tuple[Path, Path]) -> None:
    epub = example[0]
    with zipfile.ZipFile(epub) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert {info.date_time for info in archive.infolist()} == {(2026, 9, 21, 14, 13, 20)}
    opf = package(epub)
    metas = {(m.get("property"), m.text) for m in opf.iter(f"{OPF}meta") if m.get("property")}
    assert ("dcterms:modified", "2026-09-21T14:13:20Z") in metas
    for feature in ("structuralNavigation", "tableOfContents", "readingOrder", "alternativeText"):
        assert ("schema:accessibilityFeature", feature) in metas
    assert ("schema:accessibilityHazard", "none") in metas
    assert ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.2 Level AA") in metas
    assert any(p == "schema:accessibilitySummary" for p, _ in metas)
    items = {item.get("href"): item.get("properties") for item in opf.iter(f"{OPF}item")}
    assert items["images/cover.png"] == "cover-image" and items["text/toc.xhtml"] == "nav"
    assert opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    identifier = opf.find(".//{http://purl.org/dc/elements/1.1/}identifier").text
    assert identifier.startswith("urn:uuid:")


def test_every_document_has_language_and_semantics(example: tuple[Path, Path]) -> None:
    docs = documents(example[0])
    for name, root in docs.items():
        assert root.get("lang") == "en" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en", name
    types = {el.get(f"{EPUB_NS}type") for root in docs.values() for el in root.iter() if el.get(f"{EPUB_NS}type")}
    for wanted in ("cover", "titlepage", "copyright-page", "toc", "landmarks", "part", "chapter", "introduction",
                   "noteref", "footnote", "bibliography", "frontmatter", "bodymatter", "backmatter"):
        assert wanted in types, wanted
    roles = {el.get("role") for root in docs.values() for el in root.iter() if el.get("role")}
    for wanted in ("doc-chapter", "doc-part", "doc-noteref", "doc-footnote", "doc-bibliography", "doc-toc",
                   "doc-introduction", "doc-cover"):
        assert wanted in roles, wanted
    nav = docs["EPUB/text/toc.xhtml"]
    landmarks = [a.get(f"{EPUB_NS}type") for a in nav.iter(f"{XHTML}a") if a.get(f"{EPUB_NS}type")]
    assert landmarks[:2] == ["toc", "bodymatter"] and "bibliography" in landmarks
    assert "Who’s Who" in etree.tostring(docs["EPUB/text/whos-who.xhtml"], encoding="unicode")


def test_footnotes_pop_up_and_link_back(example: tuple[Path, Path]) -> None:
    root = documents(example[0])["EPUB/text/stalin-and-his-rise-to-power.xhtml"]
    refs = [a for a in root.iter(f"{XHTML}a") if a.get(f"{EPUB_NS}type") == "noteref"]
    asides = [el for el in root.iter(f"{XHTML}aside") if el.get(f"{EPUB_NS}type") == "footnote"]
    assert len(refs) == len(asides) == 13
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    for ref, aside in zip(refs, asides, strict=True):
        assert ref.get("href") == f"#{aside.get('id')}"
        back = aside.find(f".//{XHTML}a")
        assert back.get("href") == f"#{ref.get('id')}" and ref.get("id") in ids
    times = [a.get("href") for aside in asides for a in aside.iter(f"{XHTML}a") if "youtube" in a.get("href", "")]
    assert len(times) == 13 and all("&t=" in href for href in times)


def text_of(root: etree._Element) -> str:
    for aside in list(root.iter(f"{XHTML}aside")):
        aside.getparent().remove(aside)
    for ref in root.iter(f"{XHTML}a"):
        if ref.get(f"{EPUB_NS}type") == "noteref":
            ref.text = ""
    body = root.find(f"{XHTML}body")
    return normalise("".join(body.itertext()))


def test_typography_no_straight_quotes(example: tuple[Path, Path]) -> None:
    for name, root in documents(example[0]).items():
        body = root.find(f"{XHTML}body")
        text = "".join(body.itertext())
        assert '"' not in text and "'" not in text, name
        assert " -- " not in text and "..." not in text, name


def test_chapter_text_appears_in_order(example: tuple[Path, Path]) -> None:
    epub, manuscript = example
    docs = documents(epub)
    spine = [name for name in spine_files(epub) if name in docs]
    chapter_docs = []
    for path in chapter_files(manuscript):
        chapter_id = re.search(r"^id: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE).group(1)
        chapter_docs.append(f"EPUB/text/{chapter_id}.xhtml")
    assert [name for name in spine if name in chapter_docs] == chapter_docs
    for path, name in zip(chapter_files(manuscript), chapter_docs, strict=True):
        body = re.sub(r"^\[\^n\d+\]: .*$", "", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
        body = re.sub(r"\[\^n\d+\]", "", body)
        wanted = sentences(plain(body))
        have = text_of(docs[name])
        position = 0
        for sentence in wanted:
            found = have.find(normalise(sentence), position)
            assert found >= 0, (name, sentence)
            position = found + 1


def test_imprint_names_sources_and_counts_corrections(example: tuple[Path, Path]) -> None:
    import yaml
    from conftest import SEEDS

    seed = SEEDS[0].read_text(encoding="utf-8")
    corrections = yaml.safe_load((BOOK / "corrections.yaml").read_text(encoding="utf-8"))
    expected = sum(len(re.findall(rf"(?<!\w){re.escape(c['find'])}(?!\w)", seed)) for c in corrections)
    imprint = "".join(documents(example[0])["EPUB/text/imprint.xhtml"].itertext())
    assert f"The editor corrected {expected} misspellings" in imprint
    assert "000_7f47a321802d7970.txt: eNotes." in imprint and "003_ae82088c7a1bc2a6.txt: Fridman, Lex." in imprint


def test_book_images_are_packaged(small: Path) -> None:
    opf = package(small)
    items = {item.get("href"): item.get("media-type") for item in opf.iter(f"{OPF}item")}
    assert items["images/book/images/bell.png"] == "image/png"
    with zipfile.ZipFile(small) as archive:
        assert archive.read("EPUB/images/book/images/bell.png") == (SMALL / "images" / "bell.png").read_bytes()
    chapter = documents(small)["EPUB/text/why-bells-ring-at-noon.xhtml"]
    [image] = chapter.iter(f"{XHTML}img")
    assert image.get("src") == "../images/book/images/bell.png" and image.get("alt").startswith("A bell")


def test_author_and_citation_notes_of_a_markdown_chapter(small: Path) -> None:
    chapter = documents(small)["EPUB/text/why-bells-ring-at-noon.xhtml"]
    asides = [el for el in chapter.iter(f"{XHTML}aside") if el.get(f"{EPUB_NS}type") == "footnote"]
    texts = ["".join(aside.itertext()) for aside in asides]
    assert len(asides) == 2
    assert "Clocks were rare in villages" in texts[0] and "Bells and Man" in texts[1]


def test_index_locators_resolve_to_the_term(example: tuple[Path, Path]) -> None:
    words = index_words(BOOK)
    docs = documents(example[0])
    index = docs["EPUB/text/index.xhtml"]
    entries = [li for li in index.iter(f"{XHTML}li") if li.get(f"{EPUB_NS}type") == "index-entry"]
    assert len(entries) >= 15
    checked = 0
    for entry in entries:
        term = next(el for el in entry if el.get(f"{EPUB_NS}type") == "index-term").text
        for locator in entry.findall(f"{XHTML}a"):
            if locator.get(f"{EPUB_NS}type") != "index-locator":
                continue
            document, _, anchor = locator.get("href").partition("#")
            [target] = [el for el in docs[f"EPUB/text/{document}"].iter() if el.get("id") == anchor]
            found = normalise("".join(target.itertext()))
            assert found in words[term], (term, found)
            checked += 1
    assert checked >= 40
    see = [a for a in index.iter(f"{XHTML}a") if a.get(f"{EPUB_NS}type") == "index-xref-preferred"]
    assert [a.text for a in see] == ["KGB"]
    ids = {el.get("id") for el in index.iter() if el.get("id")}
    whos_who = docs["EPUB/text/whos-who.xhtml"]
    links = [a.get("href") for a in whos_who.iter(f"{XHTML}a")]
    assert "index.xhtml#index-stalin-joseph" in links
    assert all(link.split("#")[1] in ids for link in links)
