"""Pictures: where a source's picture is found, what is said about its alternative text, how editions fit it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from octavo.core.images import book_image, fitted, packaged_name, picture_exists, word_member
from octavo.editions.epub.metadata import Content, accessibility, content_of
from octavo.errors import BookError, Warnings
from octavo.manuscript import Block, Book, BookMetadata, Chapter, Provenance
from octavo.sources.readers.pandoc_doc import mark_decorative
from octavo.transforms.pictures import local_pictures, place_pictures


def _png(path: Path, size: tuple[int, int] = (40, 30)) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (10, 20, 30)).save(path)
    return path.read_bytes()


def _book(text: str, source: str = "sources/ch/a.md", line: int = 7) -> Book:
    chapter = Chapter("A", [Block("markdown", text, Provenance(source, line))], Provenance(source, 1))
    return Book(BookMetadata("T"), body=[chapter])


def test_a_picture_is_found_beside_its_source_first(tmp_path: Path) -> None:
    _png(tmp_path / "sources/ch/img/x.png")
    _png(tmp_path / "img/x.png", (5, 5))
    book = _book("See ![A map](img/x.png) here.")
    place_pictures(book, tmp_path, Warnings())
    assert book.chapters()[0].blocks[0].text == "See ![A map](sources/ch/img/x.png) here."


def test_a_picture_named_from_the_book_folder_still_works(tmp_path: Path) -> None:
    _png(tmp_path / "images/x.png")
    book = _book("![A map](images/x.png)")
    place_pictures(book, tmp_path, Warnings())
    assert book.chapters()[0].blocks[0].text == "![A map](images/x.png)"


def test_a_picture_one_folder_up_from_the_source_is_inside_the_book(tmp_path: Path) -> None:
    _png(tmp_path / "sources/shared/x.png")
    book = _book('![A map](../shared/x.png "Title"){width="50%" height="2in"}')
    place_pictures(book, tmp_path, Warnings())
    assert book.chapters()[0].blocks[0].text == '![A map](sources/shared/x.png "Title"){width="50%"}'


def test_spaces_and_percent_escapes_in_a_path(tmp_path: Path) -> None:
    _png(tmp_path / "sources/ch/my map.png")
    book = _book("![A map](my%20map.png) and ![Again](<my map.png>)")
    place_pictures(book, tmp_path, Warnings())
    expected = "![A map](<sources/ch/my map.png>) and ![Again](<sources/ch/my map.png>)"
    assert book.chapters()[0].blocks[0].text == expected


def test_a_missing_picture_is_an_error_at_its_line(tmp_path: Path) -> None:
    with pytest.raises(BookError) as caught:
        place_pictures(_book("![A map](nowhere.png)", line=12), tmp_path, Warnings())
    assert caught.value.message().startswith("sources/ch/a.md:12: image 'nowhere.png' is missing")


def test_a_picture_outside_the_book_is_not_read(tmp_path: Path) -> None:
    book_folder = tmp_path / "book"
    _png(tmp_path / "secret.png")
    (book_folder / "sources/ch").mkdir(parents=True)
    (book_folder / "sources/ch/link.png").symlink_to(tmp_path / "secret.png")
    for text in ("![x](../../../secret.png)", "![x](link.png)", "![x](%2e%2e/%2e%2e/%2e%2e/secret.png)"):
        with pytest.raises(BookError, match="is missing"):
            place_pictures(_book(text), book_folder, Warnings())


def test_remote_pictures_are_left_to_the_sanitiser(tmp_path: Path) -> None:
    book = _book("![x](https://example.org/x.png)")
    place_pictures(book, tmp_path, Warnings())
    assert book.chapters()[0].blocks[0].text == "![x](https://example.org/x.png)"
    assert local_pictures("![a](x.png) ![b](data:image/png;base64,AAAA) ![c](/etc/x.png)") == ["x.png"]


def test_alternative_text_warnings(tmp_path: Path) -> None:
    _png(tmp_path / "sources/ch/x.png")
    warnings = Warnings()
    place_pictures(_book("![](x.png)\n\n![](x.png){.decorative}\n\n![ *Said* ](x.png)", line=3), tmp_path, warnings)
    assert list(warnings) == [
        "sources/ch/a.md:3: image 'x.png' has no alternative text — describe it between the brackets, "
        "![A map of …](…), or mark it decorative: ![](…){.decorative}"]


def test_word_advice_for_a_word_picture(tmp_path: Path) -> None:
    word = tmp_path / "sources" / "h.docx"
    word.parent.mkdir(parents=True)
    with zipfile.ZipFile(word, "w") as archive:
        archive.writestr("word/media/image1.png", _png(tmp_path / "tmp.png"))
    warnings = Warnings()
    book = _book("![](media/image1.png)", source="sources/h.docx", line=None)
    place_pictures(book, tmp_path, warnings)
    assert book.chapters()[0].blocks[0].text == "![](sources/h.docx/media/image1.png)"
    assert "View Alt Text" in list(warnings)[0]
    assert word_member("sources/h.docx/media/image1.png") == ("sources/h.docx", "word/media/image1.png")
    assert book_image(tmp_path, "sources/h.docx/media/image1.png") == (tmp_path / "tmp.png").read_bytes()
    assert not picture_exists(tmp_path, "sources/h.docx/media/image2.png")


def test_an_empty_html_alt_marks_a_picture_decorative() -> None:
    assert mark_decorative('<img src="a.png" alt="">') == '<img class="decorative" src="a.png" alt="">'
    assert mark_decorative('<img src="a.png" alt="A map">') == '<img src="a.png" alt="A map">'
    assert mark_decorative('<img src="a.png">') == '<img src="a.png">'


def test_fitting_scales_large_pictures_only(tmp_path: Path) -> None:
    big = _png(tmp_path / "big.png", (2400, 1200))
    small = _png(tmp_path / "small.png", (300, 200))
    with Image.open(io.BytesIO(fitted(big, "big.png", 1600))) as scaled:
        assert scaled.size == (1600, 800)
    assert fitted(small, "small.png", 1600) == small
    assert fitted(big, "big.png", 1600) == fitted(big, "big.png", 1600)  # the same bytes every build
    svg = b"<svg xmlns='http://www.w3.org/2000/svg'/>"
    assert fitted(svg, "x.svg", 10) == svg


def _xhtml(body: str) -> bytes:
    return f'<html xmlns="http://www.w3.org/1999/xhtml"><body>{body}</body></html>'.encode()


def test_accessibility_metadata_follows_the_content() -> None:
    described = content_of([_xhtml('<img src="a" alt="A map"/><img src="b" alt="" class="decorative"/>'
                                   '<table><tr><th>a</th></tr></table>')])
    assert described == Content(described=1, decorative=1, undescribed=0, tables=1, headed_tables=1)
    complete = dict(accessibility("", described))
    assert ("schema:accessibilityFeature", "alternativeText") in accessibility("", described)
    assert "dcterms:conformsTo" in complete
    assert "one picture (one decorative picture marked as such)" in complete["schema:accessibilitySummary"]
    missing = content_of([_xhtml('<img src="a"/><img src="b" alt=""/>')])
    assert missing.undescribed == 2
    meta = accessibility("", missing)
    assert ("schema:accessibilityFeature", "alternativeText") not in meta
    assert ("schema:accessModeSufficient", "textual,visual") in meta
    assert "dcterms:conformsTo" not in dict(meta)
    assert "2 pictures have no alternative text" in dict(meta)["schema:accessibilitySummary"]
    plain = dict(accessibility("", content_of([_xhtml("<p>Text</p>")])))
    assert "alternative text for its one image, the cover" in plain["schema:accessibilitySummary"]


def test_a_wiki_note_s_embedded_picture_becomes_an_image(tmp_path: Path) -> None:
    from octavo.sources.readers import ReaderOptions
    from octavo.sources.readers.wiki_note import read_wiki_note
    from octavo.sources.sourcetext import SourceText

    text = "---\ntitle: Tides\n---\nThe tide turns.\n\n![[img/chart.png|A chart of tides]]\n\n![[chart.png|300]]\n"
    document = read_wiki_note(SourceText(tmp_path / "n.md", "sources/n.md", text, "utf-8"), ReaderOptions(Warnings()))
    blocks = [block.text for block in document.chapters[0].blocks]
    assert "![A chart of tides](<img/chart.png>)" in blocks
    assert "![](<chart.png>)" in blocks


def test_a_picture_word_marks_decorative_is_decorative(tmp_path: Path) -> None:
    source = tmp_path / "h.md"
    _png(tmp_path / "p.png")
    source.write_text("# H\n\n![](p.png)\n\nText.\n", encoding="utf-8")
    word = tmp_path / "sources" / "h.docx"
    word.parent.mkdir()
    import pypandoc

    pypandoc.convert_file(str(source), "docx", outputfile=str(word), extra_args=[f"--resource-path={tmp_path}"])
    with zipfile.ZipFile(word) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    mark = ('<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:ext uri="{C183D7F6-B498'
            '-43B3-948B-1728B52AA6E4}"><adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/'
            'decorative" val="1"/></a:ext></a:extLst></wp:docPr>')
    document = parts["word/document.xml"].decode()
    at = document.index("<wp:docPr")
    end = document.index("/>", at)
    parts["word/document.xml"] = (document[:end] + ">" + mark + document[end + 2:]).encode()
    with zipfile.ZipFile(word, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    [picture] = [name for name in parts if name.startswith("word/media/")]
    book = _book(f"![]({picture.removeprefix('word/')})", source="sources/h.docx", line=None)
    warnings = Warnings()
    place_pictures(book, tmp_path, warnings)
    assert list(warnings) == []
    assert book.chapters()[0].blocks[0].text.endswith("){.decorative}")


def test_a_figure_s_own_alt_attribute_is_its_alternative_text(tmp_path: Path) -> None:
    _png(tmp_path / "sources/ch/x.png")
    warnings = Warnings()
    place_pictures(_book('![A caption](x.png){alt="A blue square"}\n\n![Said](x.png){alt=""}'), tmp_path, warnings)
    assert len(warnings) == 1 and "has no alternative text" in list(warnings)[0]


def test_a_picture_whose_name_a_url_must_escape_gets_a_safe_package_name() -> None:
    assert packaged_name("sources/figs/map.png") == "sources/figs/map.png"
    odd = packaged_name("sources/my pics/red 100%.png")
    assert odd.startswith("sources/my-pics/red-100--") and odd.endswith(".png")
    assert odd != packaged_name("sources/my pics/red 100-.png")


def test_a_picture_address_in_angle_brackets_stays_in_the_review_manuscript() -> None:
    from octavo.editions.review.safemarkdown import clean_markdown_attributes

    text = "![A red box](<sources/my pics/red 100%25.png>) and <b onclick=x>bold</b>"
    cleaned, removed = clean_markdown_attributes(text)
    assert cleaned.startswith("![A red box](<sources/my pics/red 100%25.png>) and &lt;b")
    assert removed == 2  # <b …> and </b>


def test_init_refuses_two_different_pictures_at_one_path(tmp_path: Path) -> None:
    from conftest import run_cli

    for folder, colour in (("a", (200, 0, 0)), ("b", (0, 0, 200))):
        (tmp_path / folder / "figs").mkdir(parents=True)
        Image.new("RGB", (8, 8), colour).save(tmp_path / folder / "figs" / "pic.png")
        (tmp_path / folder / f"{folder}.md").write_text(f"# {folder}\n\n![A box](figs/pic.png)\n", "utf-8")
    done = run_cli("init", str(tmp_path / "book"), str(tmp_path / "a" / "a.md"), str(tmp_path / "b" / "b.md"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "b.md: shows a different picture at 'figs/pic.png' than a.md does — rename one" in done.stderr
    assert not (tmp_path / "book" / "sources").exists()
    Image.new("RGB", (8, 8), (200, 0, 0)).save(tmp_path / "b" / "figs" / "pic.png")  # the same picture twice: fine
    done = run_cli("init", str(tmp_path / "book"), str(tmp_path / "a" / "a.md"), str(tmp_path / "b" / "b.md"))
    assert done.returncode == 0, done.stderr


def test_a_picture_alone_in_its_paragraph_is_marked_to_be_centred() -> None:
    from lxml import html

    from octavo.typesetting.typography import picture_paragraphs

    root = html.fragment_fromstring('<p><img src="a.png"/></p><p>Text <img src="b.png"/></p>', create_parent="div")
    picture_paragraphs(root)
    assert [p.get("class") for p in root.iter("p")] == ["picture", None]
