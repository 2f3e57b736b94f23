"""SVG pictures are cut down to drawing before any edition gets them: the same clean bytes everywhere."""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES
from epub_checks import run_epubcheck
from lxml import etree
from PIL import Image
from test_confinement import assert_never_opened, output_files, traced_build
from test_hostile import without_own_scripts

from octavo.core import images
from octavo.core.svg import clean_svg, safe_css
from octavo.errors import BookError

EVIL = """<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet href="http://127.0.0.1:9/sheet.css"?>
<!DOCTYPE svg [
  <!ENTITY passwd SYSTEM "file:///etc/passwd">
  <!ENTITY lol "lollollollollollollollol">
]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:x="http://example.org/x" width="120" height="80" viewBox="0 0 120 80" onload="alert(1)" x:a="1">
  <title>A red square &lol; &passwd;</title>
  <script type="text/javascript">alert('svg script')</script>
  <script xlink:href="http://127.0.0.1:9/evil.js"/>
  <style>rect { fill: url(http://127.0.0.1:9/style.png); } @import url("http://127.0.0.1:9/i.css");</style>
  <style>.edge { stroke: #123456; }</style>
  <defs><linearGradient id="warm"><stop offset="0" stop-color="red"/><stop offset="1" stop-color="gold"/>
  </linearGradient></defs>
  <rect class="edge" x="10" y="10" width="50" height="50" fill="url(#warm)" onclick="alert(2)"
        style="fill: url(javascript:alert(3))" onmouseover="alert(4)"/>
  <a href="javascript:alert(5)" xlink:href="javascript:alert(6)"><circle cx="90" cy="30" r="20"/></a>
  <foreignObject width="100" height="50"><iframe xmlns="http://www.w3.org/1999/xhtml"
      src="http://127.0.0.1:9/frame"></iframe></foreignObject>
  <image href="http://127.0.0.1:9/remote.png" width="10" height="10"/>
  <image xlink:href="javascript:alert(7)" width="10" height="10"/>
  <image href="data:image/svg+xml;base64,PHN2Zy8+" width="10" height="10"/>
  <use xlink:href="http://127.0.0.1:9/other.svg#x"/>
  <use href="#warm"/>
  <set attributeName="href" to="javascript:alert(8)"/>
  <animate attributeName="fill" values="url(http://127.0.0.1:9/a.png)"/>
  <text x="5" y="75" font-family="serif" fill="url('http://127.0.0.1:9/t.png')">Bells <tspan>ring</tspan></text>
</svg>
"""
FORBIDDEN = (b"<script", b"foreignobject", b"javascript:", b"127.0.0.1", b"<iframe", b"lollol", b"root:x:0:0")


def assert_clean(where: str, data: bytes) -> None:
    lowered = without_own_scripts(data.decode("utf-8", "replace")).encode("utf-8").lower()
    for forbidden in FORBIDDEN:
        assert forbidden not in lowered, (where, forbidden)


def assert_clean_svg(where: str, data: bytes) -> None:
    assert_clean(where, data)
    assert not any(mark in data.lower() for mark in (b"<!doctype", b"<!entity", b"<?xml-stylesheet", b"<!--")), where
    root = etree.fromstring(data)
    for element in root.iter():
        assert isinstance(element.tag, str) and element.tag.startswith("{http://www.w3.org/2000/svg}"), where
        for name, value in element.attrib.items():
            assert not etree.QName(name).localname.lower().startswith("on"), (where, name)
            if etree.QName(name).localname == "href":
                assert value.startswith("#"), (where, value)


def test_a_hostile_svg_keeps_only_its_drawing() -> None:
    clean = clean_svg(EVIL.encode(), "images/evil.svg", lambda reference: None)
    assert_clean_svg("clean", clean)
    root = etree.fromstring(clean)
    kept = [etree.QName(element).localname for element in root.iter()]
    assert kept == ["svg", "title", "style", "defs", "linearGradient", "stop", "stop", "rect", "circle", "use",
                    "text", "tspan"]
    assert root.find("{http://www.w3.org/2000/svg}rect").attrib == {
        "class": "edge", "x": "10", "y": "10", "width": "50", "height": "50", "fill": "url(#warm)"}
    assert root.find("{http://www.w3.org/2000/svg}text").get("fill") is None
    assert "".join(root.itertext()).split() == ["A", "red", "square", ".edge", "{", "stroke:", "#123456;", "}",
                                                "Bells", "ring"]
    assert clean_svg(clean, "images/evil.svg", lambda reference: None) == clean  # a fixed point


def test_style_text_that_could_load_anything_is_refused() -> None:
    assert safe_css("fill: url(#a); stroke: rgb(1, 2, 3); transform: rotate(4deg)")
    for loading in ("fill: url(x.png)", "fill: url( 'http://h/x' )", "@import 'x.css'", "b: image-set('x.png' 1x)",
                    "fill: \\75rl(x)", "x: expression(alert(1))", "background: URL(//h/x)", "a: src('x')"):
        assert not safe_css(loading), loading


def test_an_svg_that_is_not_svg_is_refused_with_its_name() -> None:
    with pytest.raises(BookError, match=r"the SVG picture 'images/broken.svg' cannot be read as XML"):
        clean_svg(b"<svg xmlns='http://www.w3.org/2000/svg'><rect></svg>", "images/broken.svg", lambda r: None)
    with pytest.raises(BookError, match=r"'images/plain.svg' is not an SVG drawing"):
        clean_svg(b"<svg><rect/></svg>", "images/plain.svg", lambda r: None)
    with pytest.raises(BookError, match="cannot be read as XML"):
        clean_svg(b"\x89PNG\r\n", "images/png.svg", lambda r: None)


def test_every_edition_gets_the_same_clean_svg(tmp_path: Path) -> None:
    book = tmp_path / "BOOK"
    shutil.copytree(FIXTURES / "small-book", book)
    (book / "images" / "evil.svg").write_text(EVIL, encoding="utf-8")
    chapter = book / "sources" / "bells.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n![A red square and a circle](images/evil.svg)\n",
                       encoding="utf-8")
    out = tmp_path / "out"
    done, log = traced_build(str(book), out)
    assert_never_opened(log, Path("/etc/passwd"))  # no connection either: nothing remote was fetched
    assert done.returncode == 0, done.stderr
    files = output_files(out)
    copies = {name: data for name, data in files.items() if name.endswith("evil.svg")}
    for edition in (".epub!EPUB/", ".imscc!web_resources/", ".imscc!web_resources/downloads/", "-web.zip!",
                    "-scorm12.zip!", "/web/web_resources/"):
        assert any(edition in name for name in copies), (edition, sorted(copies))
    assert len(set(copies.values())) == 1, sorted(copies)  # the same clean bytes in every edition
    for name, data in files.items():
        if name.endswith(".svg"):
            assert_clean_svg(name, data)
        elif name.endswith((".xhtml", ".html", ".opf", ".xml", ".css", ".md", ".pdf")):
            assert_clean(name, data)
        if name.endswith(".pdf"):
            assert b"/JavaScript" not in data and b"/JS " not in data, name
    report = run_epubcheck(next(out.glob("*.epub")), tmp_path / "epubcheck.json")
    assert report["messages"] == [], report["messages"]


def test_an_svg_embeds_only_raster_pictures_of_the_book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = tmp_path / "BOOK"
    (book / "images" / "sub").mkdir(parents=True)
    Image.new("RGB", (3, 2), (1, 2, 3)).save(book / "images" / "dot.png")
    Image.new("RGB", (3, 2), (9, 9, 9)).save(tmp_path / "outside.png")
    (book / "images" / "sub" / "link.png").symlink_to(tmp_path / "outside.png")
    refs = ["dot.png", "sub/../dot.png", "%64ot.png", "../../outside.png", "sub/link.png", "drawing.svg",
            "data:image/png;base64,iVBORw0KGgo=", "data:text/html,%3Cscript%3Ealert(1)%3C/script%3E"]
    body = "".join(f'<image width="3" height="2" href="{ref}"/>' for ref in refs)
    (book / "images" / "drawing.svg").write_text(f'<svg xmlns="http://www.w3.org/2000/svg">{body}</svg>',
                                                 encoding="utf-8")
    clean = images.edition_picture(book, "images/drawing.svg", images.SCREEN_PIXELS)
    hrefs = [element.get("href") for element in etree.fromstring(clean)]
    dot = "data:image/png;base64," + base64.b64encode((book / "images" / "dot.png").read_bytes()).decode()
    assert hrefs == [dot, dot, dot, "data:image/png;base64,iVBORw0KGgo="]
    monkeypatch.setattr(images, "MAX_PICTURE_BYTES", 2 * len(dot) + 10)
    with pytest.raises(BookError, match="'images/drawing.svg' draws more than"):
        images.edition_picture(book, "images/drawing.svg", images.SCREEN_PIXELS)
