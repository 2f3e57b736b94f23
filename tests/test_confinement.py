"""Nothing outside the book is read: one meaning for every URL, checked by what the build opens (under strace)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from conftest import FIXTURES, ROOT
from PIL import Image

from octavo.core.confine import confined_file, local_path, relative_path
from octavo.core.sanitise import safe_link, safe_picture_reference, safe_resource

SECRET_SIZE = (13, 11)  # no picture of the small book has these sizes: finding one in a PDF means a leak
DECOY_SIZE = (17, 5)
TRACED = "trace=open,openat,openat2,connect,sendto,sendmsg,sendmmsg"
ENCODED_CLIMBS = ["%2e%2e/%2e%2e/outside/secret.png", "%2E%2E/%2E%2E/outside/secret.png",
                  "..%2f..%2foutside/secret.png", "%2e%2e%2F%2e%2E%2foutside%2fsecret.png"]


@dataclass
class World:
    """A book folder with a secret beside it: tmp/BOOK and tmp/outside/secret.*."""

    book: Path
    outside: Path
    secret: bytes


def _png(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)
    return path.read_bytes()


@pytest.fixture()
def world(tmp_path: Path) -> World:
    outside = tmp_path / "outside"
    secret = _png(outside / "secret.png", SECRET_SIZE, (201, 13, 77))
    (outside / "secret.css").write_text("p { color: rgb(201, 13, 77); } /* OUTSIDE */\n", encoding="utf-8")
    shutil.copy(outside / "secret.png", outside / "secret.ttf")
    book = tmp_path / "BOOK"
    shutil.copytree(FIXTURES / "small-book", book)
    return World(book, outside, secret)


def add_text(book: Path, text: str) -> None:
    chapter = book / "sources" / "bells.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


def use_print_sheet(book: Path, css: str) -> None:
    (book / "print.css").write_text(css, encoding="utf-8")
    config = (book / "book.yaml").read_text(encoding="utf-8")
    (book / "book.yaml").write_text(config + "print:\n  stylesheet: print.css\n", encoding="utf-8")


def strace_works() -> bool:
    if not shutil.which("strace"):
        return False
    return subprocess.run(["strace", "-f", "-qq", "-o", os.devnull, "true"], capture_output=True,
                          check=False).returncode == 0


def traced_build(book: str, out: Path, *args: str, cwd: Path = ROOT) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run build.py under strace; returns the run and strace's log of opens and connections."""
    if not strace_works():
        pytest.skip("strace is missing or may not trace here (`make setup` installs it): the opens cannot be seen")
    log = out.parent / f"{out.name}.strace"
    env = dict(os.environ, PYTHONPATH=str(ROOT), SOURCE_DATE_EPOCH="1790000000")
    done = subprocess.run(["strace", "-f", "-qq", "-s", "4096", "-e", TRACED, "-o", str(log), sys.executable,
                           str(ROOT / "build.py"), "--book", book, "--out", str(out), "-q", *args],
                          capture_output=True, text=True, cwd=cwd, env=env, timeout=300, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    return done, log.read_text(encoding="utf-8", errors="replace")


def assert_never_opened(log: str, outside: Path) -> None:
    """No open of anything in the outside folder, and no connection or datagram at all (so no DNS query)."""
    calls = [line for line in log.splitlines() if "(" in line]
    assert calls, "strace logged nothing"
    for line in calls:
        # Each path opened, with `..` taken out as the kernel would: a file inside the book whose own name merely
        # repeats the outside folder's path (a decoy the attacks are checked against) is not outside.
        for opened in re.findall(r'"(/[^"]*)"', line):
            path = os.path.normpath(opened)
            assert path != str(outside) and not path.startswith(f"{outside}/"), line
        assert not any(f" {call}(" in line for call in ("connect", "sendto", "sendmsg", "sendmmsg")), line


def pdf_picture_sizes(data: bytes) -> set[tuple[int, int]]:
    """The pixel sizes of every image in a PDF, wherever it is drawn (page, pattern or form)."""
    sizes = set()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for item in pdf.objects:
            if isinstance(item, pikepdf.Stream) and item.get("/Subtype") == "/Image":
                sizes.add((int(item.Width), int(item.Height)))
    return sizes


def output_files(out: Path) -> dict[str, bytes]:
    """Every output file, and every member of every package, by name."""
    found: dict[str, bytes] = {}
    paths = [Path(folder) / name for folder, _, names in os.walk(out, followlinks=True) for name in names]
    for path in paths:
        if not path.is_file() or path.suffix == ".strace":
            continue
        found[str(path)] = path.read_bytes()
        if path.suffix in (".epub", ".zip", ".imscc"):
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    found[f"{path}!{member}"] = archive.read(member)
                    if member.endswith((".zip", ".epub")):
                        with zipfile.ZipFile(io.BytesIO(found[f"{path}!{member}"])) as inner:
                            found.update({f"{path}!{member}!{m}": inner.read(m) for m in inner.namelist()})
    return found


def assert_secret_nowhere(out: Path, secret: bytes) -> list[str]:
    """The secret's bytes in no output and its picture in no PDF; returns the PDFs looked into."""
    pdfs = []
    for name, data in output_files(out).items():
        assert secret not in data, name
        if name.endswith(".pdf"):
            pdfs.append(name)
            assert SECRET_SIZE not in pdf_picture_sizes(data), name
    return pdfs


def test_one_meaning_for_a_url() -> None:
    for climb in ENCODED_CLIMBS:
        assert local_path(climb) == "../../outside/secret.png"
        assert relative_path(climb) is None and not safe_resource(climb) and not safe_link(climb)
        assert safe_picture_reference(climb)  # a source may climb to the book folder; the book read confines it
    assert local_path("%252e%252e/x.png") == "%2e%2e/x.png"  # decoded once: a folder named %2e%2e
    assert local_path("file:///b/x.png?v=1#/../../y") == "/b/x.png"
    for hosted in ("file://localhost/etc/passwd", "file://some.host.name/etc/passwd", "//host/x.png",
                   "file:////etc/passwd", "http://127.0.0.1/x.png"):
        assert local_path(hosted) is None, hosted
        assert not safe_resource(hosted) and not safe_picture_reference(hosted), hosted
    for unclear in ("a\\b.png", "a%5cb.png", "a%00.png", "a\t/../b.png", "%ff.png"):
        assert local_path(unclear) is None, unclear
    assert relative_path("images/./a/../bell.png") == "images/bell.png"
    assert relative_path("images/../../x.png") is None and relative_path("/x.png") is None


def test_confined_file_resolves_symlinks_and_touches_nothing_outside(tmp_path: Path) -> None:
    book, outside = tmp_path / "BOOK", tmp_path / "outside"
    (book / "%2e%2e").mkdir(parents=True)
    outside.mkdir()
    (outside / "x.png").write_bytes(b"secret")
    (book / "%2e%2e" / "x.png").write_bytes(b"decoy")
    (book / "link.png").symlink_to(outside / "x.png")
    (book / "inner.png").symlink_to(book / "%2e%2e" / "x.png")
    base = book / "sub"
    assert confined_file("%2e%2e/%2e%2e/outside/x.png", [book], base) is None
    assert confined_file("%252e%252e/x.png", [book], book) == (book / "%2e%2e" / "x.png").resolve()
    assert confined_file("link.png", [book], book) is None
    assert confined_file("inner.png", [book], book) == (book / "%2e%2e" / "x.png").resolve()
    assert confined_file(f"file://{outside}/x.png#/../../BOOK/inner.png", [book]) is None
    assert confined_file(f"file://localhost{book}/inner.png", [book]) is None
    assert confined_file(f"file://{book}/inner.png?x#y", [book]) == (book / "%2e%2e" / "x.png").resolve()


@pytest.mark.parametrize("climb", ENCODED_CLIMBS)
def test_an_encoded_climb_in_a_markdown_image_is_never_opened(climb: str, world: World, tmp_path: Path) -> None:
    _png(world.book / "sources" / climb, DECOY_SIZE, (0, 90, 0))  # the literal name exists inside the book
    add_text(world.book, f"![A picture]({climb})")
    done, log = traced_build(str(world.book), tmp_path / "out")
    assert_never_opened(log, world.outside)
    assert done.returncode == 1 and "is missing" in done.stderr, done.stderr
    assert_secret_nowhere(tmp_path / "out", world.secret)


def test_a_double_encoded_climb_names_the_folder_inside_the_book(world: World, tmp_path: Path) -> None:
    _png(world.book / "sources" / "%2e%2e" / "%2e%2e" / "outside" / "secret.png", DECOY_SIZE, (0, 90, 0))
    add_text(world.book, "![A picture](%252e%252e/%252e%252e/outside/secret.png)")
    done, log = traced_build(str(world.book), tmp_path / "out", "--formats", "pdf")
    assert_never_opened(log, world.outside)
    assert done.returncode == 0, done.stderr
    assert_secret_nowhere(tmp_path / "out", world.secret)
    pdf = next((tmp_path / "out").glob("*.pdf"))
    assert DECOY_SIZE in pdf_picture_sizes(pdf.read_bytes())  # the print edition opened the decoy itself
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--book", str(world.book), "--out",
                           str(tmp_path / "epub"), "--formats", "epub"], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=300, check=False)
    assert done.returncode == 0, done.stderr  # the EPUB packages the same decoy under a name that needs no escaping
    assert_secret_nowhere(tmp_path / "epub", world.secret)
    with zipfile.ZipFile(next((tmp_path / "epub").glob("*.epub"))) as epub:
        pictures = [name for name in epub.namelist() if name.startswith("EPUB/images/book/sources/")]
        assert len(pictures) == 1 and "%" not in pictures[0]
        with Image.open(io.BytesIO(epub.read(pictures[0]))) as picture:
            assert picture.size == DECOY_SIZE


SHEET_ATTACKS = {
    "import-encoded": '@import url("%2e%2e/outside/secret.css");',
    "import-upper": '@import "%2E%2E/outside/secret.css";',
    "url-mixed": 'p { background-image: url("..%2foutside/secret.png"); }',
    "url-all-encoded": 'p { background-image: url("%2e%2e%2Foutside%2Fsecret.png"); }',
    "fragment": 'p { background-image: url("file://OUTSIDE/secret.png#/../../BOOK/print.css"); }',
    "localhost": 'p { background-image: url("file://localhostOUTSIDE/secret.png"); }',
    "host-name": 'p { background-image: url("file://some.host.nameOUTSIDE/secret.png"); }',
    "font": '@font-face { font-family: "Leak"; src: url("%2e%2e/outside/secret.ttf"); } p { font-family: "Leak"; }',
}


@pytest.mark.parametrize("name", sorted(SHEET_ATTACKS))
def test_the_book_s_print_stylesheet_cannot_reach_outside(name: str, world: World, tmp_path: Path) -> None:
    # Decoys: each attack's URL, read as a plain path from the book folder, names a file inside the book.
    for decoy in ("%2e%2e/outside", "%2E%2E/outside", "..%2foutside", f"localhost{world.outside}",
                  f"some.host.name{world.outside}"):
        (world.book / decoy).mkdir(parents=True, exist_ok=True)
        _png(world.book / decoy / "secret.png", DECOY_SIZE, (0, 90, 0))
        (world.book / decoy / "secret.css").write_text("p { color: green; }\n", encoding="utf-8")
    _png(world.book / "%2e%2e%2Foutside%2Fsecret.png", DECOY_SIZE, (0, 90, 0))
    use_print_sheet(world.book, SHEET_ATTACKS[name].replace("OUTSIDE", str(world.outside)))
    done, log = traced_build(".", tmp_path / "out", "--formats", "pdf", cwd=world.book)  # --book . as in the report
    assert_never_opened(log, world.outside)
    assert done.returncode == 1, done.stderr
    assert "the print edition needs" in done.stderr and "outside the book" in done.stderr, done.stderr
    assert_secret_nowhere(tmp_path / "out", world.secret)


def test_a_print_stylesheet_still_loads_what_is_in_the_book(world: World, tmp_path: Path) -> None:
    (world.book / "more.css").write_text("h1 { background-image: url(images/bell.png); }\n", encoding="utf-8")
    use_print_sheet(world.book, '@import "more.css";\np { background-image: url("images/%62ell.png"); }\n')
    done, log = traced_build(str(world.book), tmp_path / "out", "--formats", "pdf")
    assert_never_opened(log, world.outside)
    assert done.returncode == 0, done.stderr
    assert f'{(world.book / "more.css").resolve()}"' in log


def test_an_svg_image_reference_cannot_reach_outside(world: World, tmp_path: Path) -> None:
    _png(world.book / "images" / "%2e%2e" / "%2e%2e" / "outside" / "secret.png", DECOY_SIZE, (0, 90, 0))
    hrefs = [*ENCODED_CLIMBS, f"file://{world.outside}/secret.png", f"file://localhost{world.outside}/secret.png",
             f"file://some.host.name{world.outside}/secret.png", f"{world.outside}/secret.png",
             "bell.png", "bell.png#/../../../outside/secret.png"]
    images = "".join(f'<image x="0" y="{10 * at}" width="13" height="11" href="{href}"/>'
                     for at, href in enumerate(hrefs))
    (world.book / "images" / "drawing.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="60" height="200" viewBox="0 0 60 200">{images}</svg>',
        encoding="utf-8")
    add_text(world.book, "![A drawing of bells](images/drawing.svg)")
    done, log = traced_build(str(world.book), tmp_path / "out")
    assert_never_opened(log, world.outside)
    assert done.returncode == 0, done.stderr
    assert len(assert_secret_nowhere(tmp_path / "out", world.secret)) >= 3  # handout, trade, the cartridge's
    epub = next((tmp_path / "out").glob("*.epub"))
    with zipfile.ZipFile(epub) as archive:
        drawing = archive.read("EPUB/images/book/images/drawing.svg").decode("utf-8")
    assert drawing.count("data:image/png;base64,") == 2  # only the bell (twice), the one picture inside the book


def test_a_font_file_in_the_book_loads_through_the_fetcher(world: World, tmp_path: Path) -> None:
    system = subprocess.run(["fc-match", "-f", "%{file}", "DejaVu Sans Mono"], capture_output=True, text=True,
                            check=False).stdout
    if not system or not Path(system).is_file():
        pytest.skip("no DejaVu Sans Mono to copy into the book (Debian's fonts-dejavu-core)")
    font = world.book / "fonts" / "face.ttf"
    font.parent.mkdir()
    shutil.copy(system, font)
    use_print_sheet(world.book, '@font-face { font-family: "Octavo Test Face"; src: url("fonts/face.ttf"); }\n'
                                'body, p, h1, h2 { font-family: "Octavo Test Face"; }\n')
    done, log = traced_build(str(world.book), tmp_path / "out", "--formats", "pdf")
    assert_never_opened(log, world.outside)
    assert done.returncode == 0, done.stderr
    assert f'"{font.resolve()}"' in log  # read by the fetcher, from the book
    fonts = subprocess.run(["pdffonts", str(next((tmp_path / "out").glob("*.pdf")))], capture_output=True,
                           text=True, check=True).stdout
    # WeasyPrint names an @font-face font after its family; the copy of DejaVu is TrueType, Libertine is not.
    assert re.search(r"^[A-Z]{6}\+Octavo-Test-Face +CID TrueType +Identity-H +yes", fonts, re.MULTILINE), fonts
