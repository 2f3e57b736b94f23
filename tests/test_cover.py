"""The book's own cover (book.yaml `cover:`) in the EPUB, the web edition and the LMS packages, and the trade
edition's print cover wrap: back, spine and front on one sheet, its spine as thick as the edition's leaves."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from conftest import FIXTURES, run_cli
from epub_checks import ace_violations, run_ace, run_epubcheck
from lxml import etree, html
from PIL import Image, ImageDraw

SLUG = "a-small-book-of-bells"
ALT = "A bell tower in black against an orange evening sky"
COVER = "images/cover.jpg"
PACKAGED = f"web_resources/images/{COVER}"  # where the web pages and the packages keep a book picture
THICK = 0.025  # inches a leaf: card, so that the small book's spine is wide enough to letter
THIN = 0.0045
TRIM = (6 * 72, 9 * 72)  # the trade edition, in points
BLEED = 0.125 * 72
OPF = "{http://www.idpf.org/2007/opf}"


def draw_cover(path: Path) -> None:
    """A cover picture: an evening sky, a sun and a bell tower, at the trade edition's proportions."""
    picture = Image.new("RGB", (1200, 1800), (28, 34, 70))
    draw = ImageDraw.Draw(picture)
    for y in range(900, 1800):
        draw.line((0, y, 1200, y), fill=(230, 120 + (y - 900) // 12, 40))
    draw.ellipse((700, 1000, 1000, 1300), fill=(250, 220, 120))
    draw.rectangle((350, 700, 600, 1800), fill=(15, 12, 10))
    draw.polygon([(330, 700), (475, 450), (620, 700)], fill=(15, 12, 10))
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.save(path, "JPEG", quality=90)


def small_book(folder: Path, settings: str) -> Path:
    """A copy of the small book with more settings after its own."""
    shutil.copytree(FIXTURES / "small-book", folder)
    config = folder / "book.yaml"
    config.write_text(config.read_text(encoding="utf-8") + settings, encoding="utf-8")
    return folder


COVERED = f"""description: "Bells rung, cast and listened to, in a few pages."
publisher: Octavo Test Editions
cover:
  image: {COVER}
  alt: "{ALT}"
print:
  paper_thickness: {THICK}
"""


@dataclass
class Built:
    """A build's output folder."""

    out: Path

    def path(self, name: str) -> Path:
        """An output by the book's slug and its suffix: `.epub`, `-cover.pdf`."""
        return self.out / f"{SLUG}{name}"


@pytest.fixture(scope="module")
def covered(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The small book with its own cover and card-thick leaves, built in every format."""
    work = tmp_path_factory.mktemp("covered")
    book = small_book(work / "book", COVERED)
    draw_cover(book / COVER)
    done = run_cli("--book", str(book), "--out", str(work / "out"), "-q")
    assert done.returncode == 0, done.stderr
    return Built(work / "out")


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The small book without a cover of its own, on thin paper: only the trade edition and its wrap."""
    work = tmp_path_factory.mktemp("plain")
    book = small_book(work / "book", f"print:\n  paper_thickness: {THIN}\n")
    done = run_cli("--book", str(book), "--out", str(work / "out"), "--formats", "pdf", "--profile", "trade", "-q")
    assert done.returncode == 0, done.stderr
    return Built(work / "out")


def page_xhtml(data: bytes) -> etree._Element:
    """An EPUB document or a web page, parsed as HTML."""
    return html.fromstring(data)


def cover_images(page: etree._Element) -> list[tuple[str, str]]:
    """(src, alt) of each picture of a page."""
    return [(image.get("src", ""), image.get("alt", "")) for image in page.iter("img")]


def is_jpeg(data: bytes) -> bool:
    """Whether bytes are a JPEG picture Pillow can open."""
    with Image.open(io.BytesIO(data)) as picture:
        return picture.format == "JPEG"


# The EPUB


def test_the_epub_cover_is_the_books_picture_with_its_alt_text(covered: Built) -> None:
    with zipfile.ZipFile(covered.path(".epub")) as epub:
        opf = etree.fromstring(epub.read("EPUB/content.opf"))
        [item] = [i for i in opf.iter(f"{OPF}item") if "cover-image" in (i.get("properties") or "").split()]
        assert (item.get("href"), item.get("media-type")) == ("images/cover.jpg", "image/jpeg")
        assert is_jpeg(epub.read(f"EPUB/{item.get('href')}"))
        assert "EPUB/images/cover.png" not in epub.namelist()  # the drawn cover is not carried as well
        page = page_xhtml(epub.read("EPUB/text/cover.xhtml"))
    assert cover_images(page) == [("../images/cover.jpg", ALT)]


def test_epubcheck_and_ace_pass_the_epub_with_its_cover(covered: Built, tmp_path: Path) -> None:
    report = run_epubcheck(covered.path(".epub"), tmp_path / "epubcheck.json")
    assert report["messages"] == [], report["messages"]
    assert ace_violations(run_ace(covered.path(".epub"), tmp_path / "ace")) == []


def test_without_a_cover_the_epub_keeps_the_drawn_one(tmp_path: Path) -> None:
    book = small_book(tmp_path / "book", "")
    done = run_cli("--book", str(book), "--out", str(tmp_path / "out"), "--formats", "epub", "-q")
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(tmp_path / "out" / f"{SLUG}.epub") as epub:
        page = page_xhtml(epub.read("EPUB/text/cover.xhtml"))
        assert "EPUB/images/cover.png" in epub.namelist()
    assert cover_images(page) == [("../images/cover.png", "Cover: A Small Book of Bells, by Ada Fixture.")]


# The web edition and the LMS packages


def test_the_web_edition_shows_the_cover_on_its_contents_page(covered: Built) -> None:
    web = covered.out / "web"
    contents = page_xhtml((web / "00-contents.html").read_bytes())
    assert cover_images(contents)[0] == (PACKAGED, ALT)
    assert is_jpeg((web / PACKAGED).read_bytes())
    with zipfile.ZipFile(covered.path("-web.zip")) as archive:
        assert is_jpeg(archive.read(PACKAGED))


def manifest_files(package: zipfile.ZipFile) -> set[str]:
    """Every file a package's manifest lists."""
    manifest = etree.fromstring(package.read("imsmanifest.xml"))
    return {element.get("href", "") for element in manifest.iter() if etree.QName(element).localname == "file"}


def test_the_cartridge_carries_the_cover_as_a_resource_and_shows_it(covered: Built) -> None:
    with zipfile.ZipFile(covered.path(".imscc")) as cartridge:
        assert PACKAGED in manifest_files(cartridge)
        assert is_jpeg(cartridge.read(PACKAGED))
        contents = page_xhtml(cartridge.read("00-contents.html"))
    assert (PACKAGED, ALT) in cover_images(contents)


def test_the_scorm_package_carries_the_cover_and_its_first_sco_shows_it(covered: Built) -> None:
    with zipfile.ZipFile(covered.path("-scorm12.zip")) as package:
        assert PACKAGED in manifest_files(package)
        assert is_jpeg(package.read(PACKAGED))
        manifest = etree.fromstring(package.read("imsmanifest.xml"))
        first = next(e.get("href") for e in manifest.iter() if etree.QName(e).localname == "resource"
                     and e.get("href"))
        page = page_xhtml(package.read(first))
    assert cover_images(page)[0] == (PACKAGED, ALT)


# Bad settings


def _bad(tmp_path: Path, settings: str, outside: bool = False) -> subprocess.CompletedProcess[str]:
    """Build a book whose book.yaml ends with `settings`, with a good cover, a GIF and a text file named .jpg."""
    book = small_book(tmp_path / "book", settings)
    draw_cover(book / COVER)
    Image.new("RGB", (40, 60), (200, 0, 0)).save(book / "images" / "cover.gif", "GIF")
    (book / "images" / "notes.jpg").write_text("not a picture\n", encoding="utf-8")
    if outside:
        draw_cover(tmp_path / "elsewhere" / "cover.jpg")
    return run_cli("--book", str(book), "--out", str(tmp_path / "out"), "--formats", "manuscript", "-q")


@pytest.mark.parametrize(("settings", "message"), [
    ("cover:\n  image: images/missing.jpg\n  alt: A bell\n",
     r"book\.yaml:\d+: the cover image 'images/missing\.jpg' is missing — put the picture in the book folder"),
    ("cover:\n  image: ../elsewhere/cover.jpg\n  alt: A bell\n",
     r"book\.yaml:\d+: '\.\./elsewhere/cover\.jpg' lies outside the book folder — copy the file into the book"),
    ("cover:\n  image: images/cover.gif\n  alt: A bell\n",
     r"book\.yaml:\d+: the cover image 'images/cover\.gif' is not a PNG or JPEG picture — save it as \.png or \.jpg"),
    ("cover:\n  image: images/notes.jpg\n  alt: A bell\n",
     r"book\.yaml:\d+: the cover image 'images/notes\.jpg' is not a PNG or JPEG picture"),
    (f"cover:\n  image: {COVER}\n",
     r"book\.yaml:\d+: the cover has no alternative text — add `alt:` under `cover:`"),
    (f"cover:\n  image: {COVER}\n  alt: '  '\n",
     r"book\.yaml:\d+: the cover has no alternative text — add `alt:` under `cover:`"),
    ("cover:\n  alt: A bell\n", r"book\.yaml:\d+: `cover:` names no picture — write `image: images/cover\.jpg`"),
    ("cover: images/cover.jpg\n", r"book\.yaml:\d+: `cover:` must be a mapping"),
    ("cover:\n  picture: images/cover.jpg\n  alt: A bell\n", r"book\.yaml:\d+: unknown key 'picture' in `cover:`"),
    ("print:\n  paper_thickness: thin\n",
     r"book\.yaml:\d+: `paper_thickness: thin` is not the thickness of a leaf of paper — give one leaf's thickness"),
    ("print:\n  paper_thickness: 0\n", r"book\.yaml:\d+: `paper_thickness: 0` is not the thickness of a leaf"),
])
def test_bad_cover_settings_are_refused_with_what_to_do(tmp_path: Path, settings: str, message: str) -> None:
    done = _bad(tmp_path, settings, outside="elsewhere" in settings)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert re.search(message, done.stderr), done.stderr


# The print cover wrap


def leaves(pdf: Path) -> int:
    """The leaves the trade edition is printed on: two pages a leaf."""
    with pikepdf.open(pdf) as document:
        return (len(document.pages) + 1) // 2


def boxes(pdf: Path) -> tuple[list[float], list[float], int]:
    """The wrap's MediaBox, TrimBox and page count."""
    with pikepdf.open(pdf) as document:
        page = document.pages[0]
        return [float(v) for v in page.MediaBox], [float(v) for v in page.TrimBox], len(document.pages)


def spine_of(built: Built, thickness: float) -> float:
    """The spine the trade edition's leaves make, in points."""
    return leaves(built.path("-trade.pdf")) * thickness * 72


@pytest.mark.parametrize(("which", "thickness"), [("covered", THICK), ("plain", THIN)])
def test_the_wrap_is_back_spine_and_front_with_bleed(which: str, thickness: float,
                                                     request: pytest.FixtureRequest) -> None:
    built: Built = request.getfixturevalue(which)
    media, trim, pages = boxes(built.path("-cover.pdf"))
    spine = spine_of(built, thickness)
    assert pages == 1
    assert trim[2] - trim[0] == pytest.approx(2 * TRIM[0] + spine, abs=0.01)
    assert trim[3] - trim[1] == pytest.approx(TRIM[1], abs=0.01)
    assert media[2] - media[0] == pytest.approx(2 * TRIM[0] + spine + 2 * BLEED, abs=0.01)
    assert media[3] - media[1] == pytest.approx(TRIM[1] + 2 * BLEED, abs=0.01)


def test_the_spine_follows_the_paper_thickness(covered: Built, plain: Built) -> None:
    assert leaves(covered.path("-trade.pdf")) == leaves(plain.path("-trade.pdf"))
    thick, thin = (boxes(built.path("-cover.pdf"))[1][2] for built in (covered, plain))
    assert thick - thin == pytest.approx(leaves(plain.path("-trade.pdf")) * (THICK - THIN) * 72, abs=0.01)


def words(pdf: Path) -> list[tuple[str, float, float]]:
    """Each word pdftotext reads on the wrap, with its left and right edges from the sheet's left edge, in points."""
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', bbox)
    return [(text, float(left), float(right)) for left, right, text in found]


def test_the_title_and_first_creator_run_along_the_spine(covered: Built) -> None:
    pdf = covered.path("-cover.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "A Small Book of Bells" in text
    spine = spine_of(covered, THICK)
    fold = BLEED + TRIM[0]  # the back's trim edge at the spine, from the sheet's left edge
    on_spine = [word for word, left, right in words(pdf) if fold - 0.5 <= left and right <= fold + spine + 0.5]
    assert on_spine == ["A", "Small", "Book", "of", "Bells", "Ada", "Fixture"]


def test_the_drawn_cover_is_on_the_front_of_a_book_without_a_picture(plain: Built) -> None:
    front = BLEED + TRIM[0] + spine_of(plain, THIN)
    assert [word for word, left, _ in words(plain.path("-cover.pdf")) if left > front] == \
        ["A", "Small", "Book", "of", "Bells", "Ada", "Fixture"]


def rendered(pdf: Path, folder: Path) -> Image.Image:
    """The wrap as pdftoppm draws it at 50 pixels an inch."""
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-singlefile", str(pdf), str(folder / "wrap")], check=True)
    return Image.open(folder / "wrap.png").convert("RGB")


def test_the_barcode_area_is_left_white(covered: Built, tmp_path: Path) -> None:
    picture = rendered(covered.path("-cover.pdf"), tmp_path)
    scale = 50 / 72
    right = BLEED + TRIM[0] - 0.5 * 72  # half an inch inside the back's edge at the spine
    bottom = BLEED + TRIM[1] - 0.5 * 72  # and above its foot
    area = (round((right - 2 * 72) * scale) + 1, round((bottom - 1.2 * 72) * scale) + 1,
            round(right * scale) - 1, round(bottom * scale) - 1)
    colours = picture.crop(area).getcolors(maxcolors=1 << 16)
    assert colours is not None and {colour for _, colour in colours} == {(255, 255, 255)}
    beside = picture.crop((area[0] - 12, area[1], area[0] - 2, area[3])).getcolors(maxcolors=1 << 16)
    assert beside is not None and (255, 255, 255) not in {colour for _, colour in beside}  # the back is coloured


def test_the_front_shows_the_cover_picture_into_the_bleed(covered: Built, tmp_path: Path) -> None:
    picture = rendered(covered.path("-cover.pdf"), tmp_path)
    width, height = picture.size
    # The picture's orange sky runs to the sheet's outer edge, bleed included (crop marks aside, at the corners).
    red, green, blue = picture.getpixel((width - 2, height // 2 + 40))
    assert red > 180 and blue < 100, (red, green, blue)


def test_a_description_too_long_for_the_back_is_warned_about(tmp_path: Path) -> None:
    long = " ".join(["Bells rung, cast and listened to, in a few pages."] * 60)
    book = small_book(tmp_path / "book", f'description: "{long}"\n')
    done = run_cli("--book", str(book), "--out", str(tmp_path / "out"), "--formats", "pdf", "--profile", "trade")
    assert done.returncode == 0, done.stderr
    assert "book.yaml: the description on the back of the cover wrap runs into the barcode area" in done.stderr
