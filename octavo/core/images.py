"""The book's pictures: read from the book folder (or from inside a Word file) and fitted to an edition."""

from __future__ import annotations

import base64
import hashlib
import io
import posixpath
import re
import warnings as pywarnings
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from lxml import etree
from PIL import Image, ImageOps

from octavo.core.confine import inside_book, relative_path
from octavo.core.svg import clean_svg
from octavo.core.xhtml import SAFE_XML
from octavo.errors import BookError

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".svg": "image/svg+xml", ".webp": "image/webp"}
PILLOW_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}
WORD_SUFFIX = ".docx"
WORD_MEDIA = "word/"
WORD_DOCUMENT = "word/document.xml"
WORD_RELATIONSHIPS = "word/_rels/document.xml.rels"
MAX_WORD_XML_BYTES = 64 * 1024 * 1024
WORDPROCESSING_DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
# Longest side in pixels each edition needs. Print: about 300 ppi across the widest text block (6.5 in);
# screens: enough for a tablet held upright or a wide browser column.
PRINT_PIXELS = 2000
SCREEN_PIXELS = 1600
MAX_PICTURE_BYTES = 50 * 1024 * 1024
MAX_PICTURE_PIXELS = 120_000_000
PACKAGE_SAFE = re.compile(r"[^A-Za-z0-9._/-]")


def media_type(src: str) -> str | None:
    """The media type of a picture by its suffix, or None for a kind no edition can show."""
    return IMAGE_TYPES.get(PurePosixPath(src).suffix.lower())


def word_member(src: str) -> tuple[str, str] | None:
    """(Word file, member) for a picture kept inside a .docx of the book, like `sources/a.docx/media/image1.png`."""
    parts = PurePosixPath(src).parts
    for at, part in enumerate(parts[:-1]):
        if part.lower().endswith(WORD_SUFFIX):
            return posixpath.join(*parts[: at + 1]), WORD_MEDIA + posixpath.join(*parts[at + 1:])
    return None


def _read_member(archive: Path, member: str, src: str) -> bytes | None:
    """A picture from inside a Word file, bounded in size; None if the file has no such member."""
    try:
        with zipfile.ZipFile(archive) as word:
            info = word.getinfo(member)
            if info.file_size > MAX_PICTURE_BYTES:
                raise BookError(f"the picture {src!r} is larger than {MAX_PICTURE_BYTES // 2**20} MiB unpacked",
                                "make it smaller in the Word file")
            return word.read(info)
    except KeyError:
        return None
    except (zipfile.BadZipFile, OSError) as error:
        raise BookError(f"the picture {src!r} cannot be read from the Word file ({error})",
                        "save the Word file again") from None


def decorative_word_pictures(archive: Path) -> set[str]:
    """The pictures a Word file marks as decorative (Word's 'Mark as decorative'), by their path inside `word/`."""
    try:
        with zipfile.ZipFile(archive) as word:
            parts = {name: word.getinfo(name) for name in (WORD_DOCUMENT, WORD_RELATIONSHIPS)}
            if any(info.file_size > MAX_WORD_XML_BYTES for info in parts.values()):
                return set()
            document = etree.fromstring(word.read(parts[WORD_DOCUMENT]), parser=SAFE_XML)
            relationships = etree.fromstring(word.read(parts[WORD_RELATIONSHIPS]), parser=SAFE_XML)
    except (KeyError, OSError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return set()
    targets = {r.get("Id"): r.get("Target", "") for r in relationships}
    found: set[str] = set()
    for frame in document.iter(f"{{{WORDPROCESSING_DRAWING}}}inline", f"{{{WORDPROCESSING_DRAWING}}}anchor"):
        marks = frame.iter(f"{{{DECORATIVE_NS}}}decorative")
        if any(mark.get("val") in ("1", "true") for mark in marks):
            found.update(targets.get(blip.get(f"{{{RELATIONSHIPS_NS}}}embed"), "")
                         for blip in frame.iter(f"{{{DRAWING_NS}}}blip"))
    return found - {""}


def picture_exists(folder: Path, src: str) -> bool:
    """Whether a book-relative picture path names a file of the book (or a picture inside one of its Word files)."""
    try:
        return _exists(folder, src)
    except BookError:  # a link that leads out of the book: not a picture of the book
        return False


def _exists(folder: Path, src: str) -> bool:
    """`picture_exists`, letting an escape from the book raise."""
    inside = word_member(src)
    if inside:
        archive = inside_book(folder, inside[0])
        if not archive.is_file():
            return False
        try:
            with zipfile.ZipFile(archive) as word:
                return inside[1] in word.namelist()
        except (zipfile.BadZipFile, OSError):
            return False
    return inside_book(folder, src).is_file()


def book_image(folder: Path, src: str) -> bytes:
    """The bytes of a picture the book shows, read from inside the book folder only."""
    inside = word_member(src)
    if inside:
        data = _read_member(inside_book(folder, inside[0]), inside[1], src)
        if data is None:
            raise BookError(f"the picture {src!r} is not in the Word file", "save the Word file again")
        return data
    path = inside_book(folder, src)
    if not path.is_file():
        raise BookError(f"the image {src!r} is missing", "put the file in the book folder")
    return path.read_bytes()


def fitted(data: bytes, src: str, longest: int) -> bytes:
    """A raster picture scaled down so its longest side is at most `longest` pixels; others as they are."""
    kind = PILLOW_FORMATS.get(PurePosixPath(src).suffix.lower())
    if kind is None:
        return data
    try:
        with pywarnings.catch_warnings():
            pywarnings.simplefilter("error", Image.DecompressionBombWarning)
            Image.MAX_IMAGE_PIXELS = MAX_PICTURE_PIXELS
            picture = Image.open(io.BytesIO(data))
            if max(picture.size) <= longest:
                return data
            if getattr(picture, "n_frames", 1) > 1:
                return data
            picture = ImageOps.exif_transpose(picture)
            picture.thumbnail((longest, longest), Image.Resampling.LANCZOS)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise BookError(f"the picture {src!r} has more than {MAX_PICTURE_PIXELS:,} pixels",
                        "scale it down before adding it to the book") from None
    except (OSError, ValueError) as error:
        raise BookError(f"the picture {src!r} cannot be read ({error})", "save it again as PNG or JPEG") from None
    out = io.BytesIO()
    options: dict = {"icc_profile": picture.info.get("icc_profile")} if picture.info.get("icc_profile") else {}
    if kind == "JPEG":
        options.update(quality=90, optimize=False, progressive=False)
        if picture.mode not in ("RGB", "L", "CMYK"):
            picture = picture.convert("RGB")
    picture.save(out, kind, **options)
    return out.getvalue()


def picture_path(reference: str) -> str:
    """The book-relative path an edition's picture reference names (decoded once, as the print fetcher reads it)."""
    path = relative_path(reference)
    if path is None:
        raise BookError(f"the picture reference {reference!r} does not name a file inside the book",
                        "put the picture in the book folder and name it from there")
    return path


def packaged_name(path: str) -> str:
    """Where a package keeps a book picture: its path, characters a URL must escape replaced, plus a short hash."""
    safe = PACKAGE_SAFE.sub("-", path)
    if safe == path:
        return path
    stem, suffix = posixpath.splitext(safe)
    return f"{stem}-{hashlib.sha256(path.encode('utf-8')).hexdigest()[:8]}{suffix}"


def _svg_inliner(folder: Path, src: str, longest: int) -> Callable[[str], str | None]:
    """How an SVG picture's own image references become data: URLs: raster pictures of the book only, bounded."""
    inlined: dict[str, str] = {}
    spent = 0

    def inline(reference: str) -> str | None:
        nonlocal spent
        path = relative_path(reference, may_leave=True)
        if path is None or word_member(src):
            return None
        path = posixpath.normpath(posixpath.join(posixpath.dirname(src), path))
        kind = media_type(path)
        if kind in (None, IMAGE_TYPES[".svg"]) or path == ".." or path.startswith("../") \
                or not picture_exists(folder, path):
            return None
        if path not in inlined:
            data = base64.b64encode(fitted(book_image(folder, path), path, longest)).decode()
            inlined[path] = f"data:{kind};base64,{data}"
        spent += len(inlined[path])
        if spent > MAX_PICTURE_BYTES:
            raise BookError(f"the SVG picture {src!r} draws more than {MAX_PICTURE_BYTES // 2**20} MiB of pictures",
                            "draw each picture once, or convert the drawing to PNG")
        return inlined[path]
    return inline


def edition_picture(folder: Path, src: str, longest: int) -> bytes:
    """A picture of the book (by its book-relative path), fitted to an edition's pixel budget; SVG sanitised."""
    data = book_image(folder, src)
    if media_type(src) == IMAGE_TYPES[".svg"]:
        return clean_svg(data, src, _svg_inliner(folder, src, longest))
    return fitted(data, src, longest)

