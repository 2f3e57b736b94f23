"""The Kobo edition and the Kindle-safe EPUB: made from the build's EPUB, valid, with page list and notes intact."""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import BOOK, FIXTURES, run_cli
from epub_checks import run_epubcheck
from lxml import etree
from PIL import Image

from octavo.editions.epub.archive import EpubArchive
from octavo.editions.kindle.edition import kindle_epub
from octavo.editions.kindle.rules import RULES, Rule, apply_rules
from octavo.editions.kobo.sentences import sentences
from octavo.errors import Warnings

X = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
SLUG = "how-did-joseph-stalin-come-to-power"
SMALL_CHAPTER = "EPUB/text/why-bells-ring-at-noon.xhtml"
WHEN = datetime(2026, 9, 21, 14, 13, 20, tzinfo=UTC)


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example book built once as EPUB, Kobo edition and Kindle EPUB."""
    out = tmp_path_factory.mktemp("ereaders")
    done = run_cli("--book", str(BOOK), "--out", str(out), "--formats", "epub,kepub,kindle", "-q")
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", "the example book needs nothing the Kindle rules cannot fix"
    return {"epub": out / f"{SLUG}.epub", "kepub": out / f"{SLUG}.kepub.epub", "kindle": out / f"{SLUG}-kindle.epub"}


@pytest.fixture(scope="module")
def small_epub(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The small fixture book's EPUB, for breaking one Kindle rule at a time."""
    out = tmp_path_factory.mktemp("small")
    done = run_cli("--book", str(FIXTURES / "small-book"), "--out", str(out), "--formats", "epub", "-q")
    assert done.returncode == 0, done.stderr
    return next(out.glob("*.epub")).read_bytes()


def documents(epub: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(epub) as archive:
        return {name: etree.fromstring(archive.read(name)) for name in archive.namelist() if name.endswith(".xhtml")}


def page_list(epub: Path) -> list[tuple[str, str]]:
    nav = documents(epub)["EPUB/text/toc.xhtml"]
    [pages] = [el for el in nav.iter(f"{X}nav") if el.get(EPUB_TYPE) == "page-list"]
    return [(a.get("href"), a.text) for a in pages.iter(f"{X}a")]


def ids(docs: dict[str, etree._Element]) -> set[str]:
    return {f"{name.rsplit('/', 1)[1]}#{el.get('id')}" for name, root in docs.items() for el in root.iter()
            if isinstance(el.tag, str) and el.get("id")}


def assert_clean_epubcheck(epub: Path, report: Path) -> None:
    result = run_epubcheck(epub, report)
    assert result["messages"] == [], result["messages"]
    assert result["publication"]["ePubVersion"].startswith("3")


def assert_notes_resolve(epub: Path) -> int:
    docs = documents(epub)
    found = ids(docs)
    calls = 0
    for name, root in docs.items():
        short = name.rsplit("/", 1)[1]
        by_id = {el.get("id"): el for el in root.iter() if isinstance(el.tag, str) and el.get("id")}
        for call in root.iter(f"{X}a"):
            if call.get(EPUB_TYPE) != "noteref":
                continue
            calls += 1
            note = by_id[call.get("href").lstrip("#")]
            assert note.tag == f"{X}aside" and note.get(EPUB_TYPE) == "footnote"
            backs = [a.get("href") for a in note.iter(f"{X}a") if a.get("href") == f"#{call.get('id')}"]
            assert backs and f"{short}#{call.get('id')}" in found
    return calls


# The Kobo edition


def test_kobo_edition_passes_epubcheck(editions: dict[str, Path], tmp_path: Path) -> None:
    assert_clean_epubcheck(editions["kepub"], tmp_path / "epubcheck.json")


def test_every_paragraph_carries_kobo_spans(editions: dict[str, Path]) -> None:
    paragraphs = 0
    for name, root in documents(editions["kepub"]).items():
        body = root.find(f"{X}body")
        [columns] = body
        assert columns.get("id") == "book-columns" and [el.get("id") for el in columns] == ["book-inner"], name
        spans = [el.get("id") for el in root.iter(f"{X}span") if el.get("class") == "koboSpan"]
        assert len(spans) == len(set(spans)) and all(re.fullmatch(r"kobo\.\d+\.\d+", s) for s in spans), name
        for paragraph in body.iter(f"{X}p"):
            if not "".join(paragraph.itertext()).strip():
                continue
            paragraphs += 1
            for element in paragraph.iter():
                runs = [(element.text, element), (element.tail if element is not paragraph else None,
                                                  element.getparent())]
                for text, holder in runs:
                    if not text or not text.strip():
                        continue
                    inside = [a for a in [holder, *holder.iterancestors()] if a.get("class") == "koboSpan"]
                    assert inside, (name, text)
    assert paragraphs >= 40


def test_kobo_edition_keeps_every_word_and_id(editions: dict[str, Path]) -> None:
    before, after = documents(editions["epub"]), documents(editions["kepub"])
    assert before.keys() == after.keys()
    for name in before:
        words = ["".join(docs[name].find(f"{X}body").itertext()).split() for docs in (before, after)]
        assert words[0] == words[1], name  # every word, in order (the wrappers add only line breaks)
    kobo = {i for i in ids(after) if re.search(r"#(kobo\.|book-)", i)}
    assert ids(after) - kobo == ids(before)


def test_kobo_page_list_and_notes_survive(editions: dict[str, Path]) -> None:
    pages = page_list(editions["kepub"])
    assert pages == page_list(editions["epub"]) and len(pages) >= 10
    found = ids(documents(editions["kepub"]))
    assert all(href in found for href, _ in pages)
    assert assert_notes_resolve(editions["kepub"]) == assert_notes_resolve(editions["epub"]) >= 13


@pytest.mark.parametrize(("text", "wanted"), [
    ("One. Two! Three? Four", ["One. ", "Two! ", "Three? ", "Four"]),
    ("Mr. Smith met J. Stalin. Then he left.", ["Mr. Smith met J. Stalin. ", "Then he left."]),
    ("See e.g. this, p. 12. “Quoted.” Next…", ["See e.g. this, p. 12. ", "“Quoted.” ", "Next…"]),
    ("It cost 2.5 roubles. no capital after this. Done", ["It cost 2.5 roubles. no capital after this. ", "Done"]),
    ("   ", ["   "]),
    ("Wait... What?! Yes.", ["Wait... ", "What?! ", "Yes."]),
])
def test_sentences_join_back_and_cut_at_sentence_ends(text: str, wanted: list[str]) -> None:
    assert sentences(text) == wanted and "".join(sentences(text)) == text


# The Kindle-safe EPUB


def test_kindle_epub_passes_epubcheck_and_keeps_pages_and_notes(editions: dict[str, Path], tmp_path: Path) -> None:
    assert_clean_epubcheck(editions["kindle"], tmp_path / "epubcheck.json")
    assert page_list(editions["kindle"]) == page_list(editions["epub"])
    assert assert_notes_resolve(editions["kindle"]) == assert_notes_resolve(editions["epub"])
    archive = EpubArchive.read(editions["kindle"].read_bytes())
    assert {rule.name: rule.check(archive) for rule in RULES} == {rule.name: [] for rule in RULES}


def rule(name: str) -> Rule:
    return next(rule for rule in RULES if rule.name == name)


def broken(epub: bytes, change: Callable[[EpubArchive], None]) -> EpubArchive:
    archive = EpubArchive.read(epub)
    change(archive)
    return archive


def fixed(archive: EpubArchive) -> tuple[EpubArchive, list[str]]:
    warnings = Warnings()
    made = kindle_epub(archive.write(WHEN), WHEN, warnings, "book-kindle.epub")
    return EpubArchive.read(made), list(warnings)


def edit_text(archive: EpubArchive, path: str, change: Callable[[str], str]) -> None:
    archive.files[path] = change(archive.files[path].decode("utf-8")).encode("utf-8")


def edit_tree(archive: EpubArchive, path: str, change: Callable[[etree._Element], None]) -> None:
    root = archive.parse(path)
    change(root)
    archive.put_document(path, root)


def caught_and_fixed(epub: bytes, name: str, change: Callable[[EpubArchive], None]) -> EpubArchive:
    archive = broken(epub, change)
    assert rule(name).check(archive), f"{name} did not see the problem"
    result, warnings = fixed(archive)
    assert rule(name).check(result) == [] and warnings == []
    return result


def test_rule_utf8_declaration(small_epub: bytes) -> None:
    result = caught_and_fixed(small_epub, "utf8-declaration", lambda a: edit_text(
        a, SMALL_CHAPTER, lambda text: re.sub(r"^<\?xml[^>]*>\s*", "", text)))
    assert result.files[SMALL_CHAPTER].startswith(b"<?xml version='1.0' encoding='utf-8'?>")


def test_rule_language(small_epub: bytes) -> None:
    def drop(archive: EpubArchive) -> None:
        archive.files[archive.package_path] = re.sub(rb"<dc:language>[^<]*</dc:language>", b"",
                                                     archive.files[archive.package_path])
    result = caught_and_fixed(small_epub, "language", drop)
    assert b"<dc:language>en</dc:language>" in result.files[result.package_path]

    def unknowable(archive: EpubArchive) -> None:
        drop(archive)
        archive.files[archive.package_path] = archive.files[archive.package_path].replace(b'xml:lang="en"', b"")
    _, warnings = fixed(broken(small_epub, unknowable))
    assert warnings and "book-kindle.epub/EPUB/content.opf" in warnings[0] and "language: in book.yaml" in warnings[0]


def test_rule_body_id_links(small_epub: bytes) -> None:
    def link_to_body(archive: EpubArchive) -> None:
        edit_tree(archive, SMALL_CHAPTER, lambda root: root.find(f"{X}body").set("id", "top"))
        edit_text(archive, "EPUB/text/imprint.xhtml", lambda text: text.replace(
            "</body>", '<p><a href="why-bells-ring-at-noon.xhtml#top">Bells</a></p></body>'))
    result = caught_and_fixed(small_epub, "body-id-links", link_to_body)
    assert b'href="why-bells-ring-at-noon.xhtml"' in result.files["EPUB/text/imprint.xhtml"]


def transparent_bell(archive: EpubArchive) -> None:
    path = "EPUB/images/book/images/bell.png"
    with Image.open(io.BytesIO(archive.files[path])) as picture:
        clear = picture.convert("RGBA")
    clear.putpixel((0, 0), (0, 0, 0, 0))
    out = io.BytesIO()
    clear.save(out, "PNG")
    archive.files[path] = out.getvalue()


def test_rule_opaque_pictures(small_epub: bytes) -> None:
    result = caught_and_fixed(small_epub, "opaque-pictures", transparent_bell)
    with Image.open(io.BytesIO(result.files["EPUB/images/book/images/bell.png"])) as picture:
        assert picture.mode == "RGB" and picture.getpixel((0, 0)) == (255, 255, 255)


def test_rule_contents_depth(editions: dict[str, Path]) -> None:
    def nest(root: etree._Element) -> None:
        [contents] = [nav for nav in root.iter(f"{X}nav") if nav.get(EPUB_TYPE) == "toc"]
        first, second = contents.find(f"{X}ol/{X}li[2]/{X}ol").findall(f"{X}li")[:2]
        etree.SubElement(first, f"{X}ol").append(second)
    result = caught_and_fixed(editions["epub"].read_bytes(), "contents-depth",
                              lambda a: edit_tree(a, "EPUB/text/toc.xhtml", nest))
    before = [a.get("href") for a in documents(editions["epub"])["EPUB/text/toc.xhtml"].iter(f"{X}a")]
    after = [a.get("href") for a in result.parse("EPUB/text/toc.xhtml").iter(f"{X}a")]
    assert after == before  # the same entries, in the same order, two levels deep


def test_rule_zero_width_spaces(small_epub: bytes) -> None:
    result = caught_and_fixed(small_epub, "zero-width-spaces", lambda a: edit_text(
        a, SMALL_CHAPTER, lambda text: text.replace("Church bells", "Church\u200bbells")))
    assert "Churchbells" in result.files[SMALL_CHAPTER].decode("utf-8")


def test_rule_pop_up_notes(small_epub: bytes) -> None:
    def note_in_a_div(root: etree._Element) -> None:
        note = next(el for el in root.iter(f"{X}aside") if el.get(EPUB_TYPE) == "footnote")
        note.tag = f"{X}div"
    result = caught_and_fixed(small_epub, "pop-up-notes", lambda a: edit_tree(a, SMALL_CHAPTER, note_in_a_div))
    assert len([el for el in result.parse(SMALL_CHAPTER).iter(f"{X}aside")]) == 2

    def no_way_back(root: etree._Element) -> None:
        note = next(el for el in root.iter(f"{X}aside") if el.get(EPUB_TYPE) == "footnote")
        for link in list(note.iter(f"{X}a")):
            if link.get("href", "").startswith("#"):
                link.getparent().remove(link)
    _, warnings = fixed(broken(small_epub, lambda a: edit_tree(a, SMALL_CHAPTER, no_way_back)))
    assert len(warnings) == 1 and f"book-kindle.epub/{SMALL_CHAPTER}" in warnings[0] and "link back" in warnings[0]


def test_rule_guide(small_epub: bytes) -> None:
    result = caught_and_fixed(small_epub, "guide", lambda archive: None)
    package = result.package()
    hrefs = [ref.get("href") for ref in package.iter("{http://www.idpf.org/2007/opf}reference")]
    assert hrefs and all(result.path_of(href.partition("#")[0]) in result.files for href in hrefs)


def test_rule_file_size(small_epub: bytes) -> None:
    def swell(archive: EpubArchive) -> None:
        archive.files["EPUB/images/book/noise.bin"] = os.urandom(51 * 1024 * 1024)
    archive = broken(small_epub, swell)
    [(_, left)] = apply_rules(archive, (rule("file-size"),))  # nothing can fix it: it is reported
    assert "50 MB" in left.what and "Send to Kindle web page" in left.todo
    assert rule("file-size").check(EpubArchive.read(small_epub)) == []


def test_rule_picture_formats_on_a_real_build(tmp_path: Path) -> None:
    book = tmp_path / "book"
    shutil.copytree(FIXTURES / "small-book", book)
    with Image.open(book / "images" / "bell.png") as picture:
        picture.convert("RGB").save(book / "images" / "bell.webp", "WEBP")
    (book / "images" / "mark.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40"/></svg>',
        encoding="utf-8")
    source = book / "sources" / "bells.md"
    text = source.read_text(encoding="utf-8").replace("images/bell.png", "images/bell.webp")
    source.write_text(text + "\n\n![A black square.](images/mark.svg)\n", encoding="utf-8")
    done = run_cli("--book", str(book), "--out", str(tmp_path / "out"), "--formats", "epub,kindle", "-q")
    assert done.returncode == 0, done.stderr
    [epub] = [path for path in (tmp_path / "out").glob("*.epub") if not path.name.endswith("-kindle.epub")]
    assert rule("picture-formats").check(EpubArchive.read(epub.read_bytes()))
    [kindle] = (tmp_path / "out").glob("*-kindle.epub")
    result = EpubArchive.read(kindle.read_bytes())
    kinds = {item.path: item.media_type for item in result.manifest() if item.media_type.startswith("image/")}
    assert kinds["EPUB/images/book/images/bell.jpg"] == "image/jpeg"
    assert "EPUB/images/book/images/bell.webp" not in kinds
    assert b'src="../images/book/images/bell.jpg"' in result.files[SMALL_CHAPTER]
    [left] = rule("picture-formats").check(result)
    assert left.file == "EPUB/images/book/images/mark.svg"
    warning = [line for line in done.stderr.splitlines() if "mark.svg" in line]
    assert warning and "-kindle.epub/EPUB/images/book/images/mark.svg" in warning[0] and "PNG or JPEG" in warning[0]
    assert_clean_epubcheck(kindle, tmp_path / "epubcheck.json")
