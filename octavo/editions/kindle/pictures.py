"""Kindle rules on pictures: JPEG, PNG or GIF only (WebP converted, SVG reported), and nothing transparent."""

from __future__ import annotations

import io
import posixpath
import re

from PIL import Image

from octavo.editions.epub.archive import OPF_NS, XHTML_TYPE, EpubArchive, Item
from octavo.editions.kindle.problems import XLINK_HREF, Problem, ncx_path, target

SHOWN = {"image/jpeg", "image/png", "image/gif"}
CONVERTED = {"image/webp"}
LINKING = ("src", "href", "poster", XLINK_HREF)
CSS_URL = re.compile(r"url\(\s*([\"']?)([^\"')]+)\1\s*\)")
WHITE = (255, 255, 255)


def format_problems(archive: EpubArchive) -> list[Problem]:
    """Pictures Kindle does not show: WebP (converted) and SVG, as files or inside a document."""
    problems = []
    for item in archive.manifest():
        if item.media_type.startswith("image/") and item.media_type not in SHOWN:
            todo = ("convert it to JPEG" if item.media_type in CONVERTED
                    else "give the picture to the book as PNG or JPEG too, and show that one")
            problems.append(Problem(item.path, f"the picture is {item.media_type}, which Kindle's Enhanced "
                                    "Typesetting does not show", todo))
        elif "svg" in item.properties and item.media_type == XHTML_TYPE:
            problems.append(Problem(item.path, "the document draws an SVG picture, which Kindle's Enhanced "
                                    "Typesetting does not show", "use a PNG or JPEG picture instead"))
    return problems


def _opaque(data: bytes) -> Image.Image:
    """The picture's first frame on white, without transparency."""
    with Image.open(io.BytesIO(data)) as picture:
        picture.seek(0)
        rgba = picture.convert("RGBA")
    flat = Image.new("RGB", rgba.size, WHITE)
    flat.paste(rgba, mask=rgba.getchannel("A"))
    return flat


def _encoded(picture: Image.Image, kind: str) -> bytes:
    """A picture written as PNG or JPEG."""
    out = io.BytesIO()
    picture.save(out, kind, **({"quality": 90} if kind == "JPEG" else {"optimize": True}))
    return out.getvalue()


def _free_name(archive: EpubArchive, path: str, suffix: str) -> str:
    """A new path for a converted picture, beside the old one, that no file has yet."""
    stem = posixpath.splitext(path)[0]
    name, number = f"{stem}{suffix}", 1
    while name in archive.files:
        number += 1
        name = f"{stem}-{number}{suffix}"
    return name


def _relink(archive: EpubArchive, old: str, new: str) -> None:
    """Every link to `old` (documents, NCX, stylesheets) leads to `new`, keeping its fragment."""
    ncx = ncx_path(archive)
    for path in [*archive.documents(), *([ncx] if ncx else [])]:
        root, changed = archive.parse(path), False
        for element in root.iter():
            for attribute in LINKING if isinstance(element.tag, str) else ():
                value = element.get(attribute)
                place = target(archive, path, value) if value else None
                if place is not None and place[0] == old:
                    element.set(attribute, posixpath.relpath(new, posixpath.dirname(path)))
                    changed = True
        if changed:
            (archive.put_xml if path == ncx else archive.put_document)(path, root)
    for item in archive.manifest():
        if item.media_type == "text/css":
            css = archive.files[item.path].decode("utf-8")

            def moved(match: re.Match[str], base: str = item.path) -> str:
                place = target(archive, base, match.group(2))
                if place is None or place[0] != old:
                    return match.group(0)
                return f"url({match.group(1)}{posixpath.relpath(new, posixpath.dirname(base))}{match.group(1)})"

            archive.files[item.path] = CSS_URL.sub(moved, css).encode("utf-8")


def _replace(archive: EpubArchive, item: Item, data: bytes, suffix: str, media_type: str) -> None:
    """Put a converted picture in the old one's place: file, manifest entry and every link."""
    new = _free_name(archive, item.path, suffix)
    archive.files = {(new if name == item.path else name): (data if name == item.path else content)
                     for name, content in archive.files.items()}
    root = archive.package()
    for element in root.iter(f"{{{OPF_NS}}}item"):
        if element.get("id") == item.id:
            element.set("href", posixpath.relpath(new, posixpath.dirname(archive.package_path)))
            element.set("media-type", media_type)
    archive.set_package(root)
    _relink(archive, item.path, new)


def convert_pictures(archive: EpubArchive) -> None:
    """WebP pictures become JPEG, on white; SVG stays, reported."""
    for item in archive.manifest():
        if item.media_type in CONVERTED:
            _replace(archive, item, _encoded(_opaque(archive.files[item.path]), "JPEG"), ".jpg", "image/jpeg")


def _transparent(data: bytes) -> bool:
    """Whether a picture has transparent pixels or more than one frame."""
    with Image.open(io.BytesIO(data)) as picture:
        if getattr(picture, "n_frames", 1) > 1:
            return True
        if picture.mode not in ("RGBA", "LA", "PA") and "transparency" not in picture.info:
            return False
        low, _ = picture.convert("RGBA").getchannel("A").getextrema()
        return bool(low < 255)


def transparency_problems(archive: EpubArchive) -> list[Problem]:
    """PNG and GIF pictures with transparency (Kindle shows none) or several frames (Kindle shows one)."""
    return [Problem(item.path, "the picture is transparent or animated, which Kindle does not support",
                    "flatten it onto white, as one frame")
            for item in archive.manifest() if item.media_type in ("image/png", "image/gif")
            and _transparent(archive.files[item.path])]


def flatten_pictures(archive: EpubArchive) -> None:
    """Transparent or animated pictures flattened onto white: a PNG in place, a GIF as a new PNG."""
    for item in archive.manifest():
        if item.media_type in ("image/png", "image/gif") and _transparent(archive.files[item.path]):
            data = _encoded(_opaque(archive.files[item.path]), "PNG")
            if item.media_type == "image/png":
                archive.files[item.path] = data
            else:
                _replace(archive, item, data, ".png", "image/png")
