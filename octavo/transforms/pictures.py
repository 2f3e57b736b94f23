"""Pictures in the manuscript: each path made book-relative from its source's own folder, alt text checked."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from octavo.core.confine import inside_book, relative_path
from octavo.core.images import WORD_SUFFIX, decorative_word_pictures, media_type, picture_exists
from octavo.errors import BookError, Warnings
from octavo.manuscript import Book, Provenance

# A Markdown image as pandoc writes it (and authors do): ![alt](src "title"){attributes}. Every repetition
# starts with a different character, so the pattern cannot backtrack.
IMAGE = re.compile(
    r"!\[(?P<alt>(?:[^\[\]\\\n]|\\.|\[[^\[\]\n]*\])*)\]"
    r"\((?P<src><[^<>\n]*>|[^()\s<>]+)(?P<title>[ \t]+\"(?:[^\"\\\n]|\\.)*\")?[ \t]*\)"
    r"(?P<attrs>\{[^{}\n]*\})?"
)
DECORATIVE = re.compile(r"(?:^|\s)\.decorative(?:\s|$)")
ALT_ATTRIBUTE = re.compile(r"(?:^|\s)alt=\"((?:[^\"\\]|\\.)*)\"")
HEIGHT = re.compile(r"(?:(?<!\s)\s+)?height=(?:\"[^\"]*\"|\S+)")  # a run of spaces is tried from its start only
ESCAPED = re.compile(r"\\(.)")


@dataclass(frozen=True)
class Picture:
    """One picture the text shows: where it is in the book, what the source called it, its alt text."""

    src: str
    written: str
    alt: str
    decorative: bool
    provenance: Provenance


def written_path(raw: str) -> str | None:
    """The relative path a picture reference names, as `confine` reads every URL; None for anything not local."""
    raw = raw[1:-1] if raw.startswith("<") and raw.endswith(">") else raw
    return relative_path(raw.strip(), may_leave=True)


def plain_alt(alt: str) -> str:
    """The alternative text without Markdown escapes and emphasis marks."""
    return ESCAPED.sub(r"\1", alt).replace("*", "").replace("_", " ").strip()


def pictures_in(text: str) -> list[re.Match[str]]:
    """Every Markdown image in a block of text."""
    return list(IMAGE.finditer(text)) if "![" in text else []


def candidates(written: str, source_file: str) -> list[str]:
    """Where a picture may be, book-relative: beside its source first, then from the book folder."""
    if source_file.lower().endswith(WORD_SUFFIX) and written.startswith("media/"):
        return [posixpath.join(source_file, written)]
    here = posixpath.dirname(source_file)
    found = [posixpath.normpath(posixpath.join(here, written)), posixpath.normpath(written)]
    return list(dict.fromkeys(path for path in found if path != ".." and not path.startswith("../")))


def locate(folder: Path, written: str, provenance: Provenance) -> str:
    """The book-relative path of a picture a source refers to; an error naming the source if it is not there."""
    for place in candidates(written, provenance.file):
        if picture_exists(folder, place):
            return place
    near = posixpath.dirname(provenance.file) or "the book folder"
    raise BookError(f"image {written!r} is missing (looked beside the source, in {near}, and in the book folder)",
                    "put the picture beside the source, or correct the path", provenance.file, provenance.line)


def local_pictures(text: str) -> list[str]:
    """The local pictures a block of text names, as written (for `init`, which copies them into the book)."""
    return [path for path in (written_path(m.group("src")) for m in pictures_in(text)) if path]


def _todo(source_file: str) -> str:
    """What to do about a picture without alternative text, in the terms of its source's kind."""
    suffix = PurePosixPath(source_file).suffix.lower()
    if suffix == WORD_SUFFIX:
        return ("in Word, right-click the picture, choose View Alt Text and describe it, "
                "or tick 'Mark as decorative'")
    if suffix in (".html", ".htm", ".xhtml"):
        return 'describe it in the img element\'s alt="…", or write alt="" if it is only decoration'
    return "describe it between the brackets, ![A map of …](…), or mark it decorative: ![](…){.decorative}"


def _rewrite(match: re.Match[str], src: str, decorative: bool) -> str:
    """The image with its book-relative path, marked decorative where it is, without a fixed height."""
    attrs = match.group("attrs") or ""
    if decorative and not DECORATIVE.search(attrs.strip("{}")):
        attrs = "{.decorative " + attrs[1:] if attrs else "{.decorative}"
    if attrs:
        attrs = HEIGHT.sub("", attrs).replace("{ ", "{").replace(" }", "}")
        attrs = "" if attrs.strip("{} ") == "" else attrs
    # The path is a file name; in the Markdown it is a URL, read with one percent-decoding, so a % stays a %.
    src = src.replace("%", "%25")
    destination = f"<{src}>" if any(c in src for c in " ()<>") else src
    return f"![{match.group('alt')}]({destination}{match.group('title') or ''}){attrs}"


def place_pictures(book: Book, folder: Path, warnings: Warnings) -> list[Picture]:
    """Resolve every picture of the book from its source's folder; warn where alternative text is missing."""
    found: list[Picture] = []
    word_decorative: dict[str, set[str]] = {}
    for chapter in book.chapters():
        source = chapter.provenance.file
        if source.lower().endswith(WORD_SUFFIX) and source not in word_decorative:
            word_decorative[source] = decorative_word_pictures(inside_book(folder, source))
        for block in chapter.blocks:
            matches = pictures_in(block.text)
            if not matches:
                continue
            pieces, at = [], 0
            for match in matches:
                written = written_path(match.group("src"))
                pieces.append(block.text[at:match.start()])
                at = match.end()
                if written is None:
                    pieces.append(match.group(0))
                    continue
                if media_type(written) is None:
                    raise BookError(f"image {written!r} is not PNG, JPEG, GIF, SVG or WebP",
                                    "convert it to PNG or JPEG", block.provenance.file, block.provenance.line)
                src = locate(folder, written, block.provenance)
                given = ALT_ATTRIBUTE.search((match.group("attrs") or "").strip("{}"))
                alt = plain_alt(given.group(1) if given else match.group("alt"))
                decorative = bool(DECORATIVE.search((match.group("attrs") or "").strip("{}"))) \
                    or written in word_decorative.get(block.provenance.file, ())
                if not alt and not decorative:
                    warnings.add(f"image {written!r} has no alternative text — {_todo(block.provenance.file)}",
                                 block.provenance.file, block.provenance.line)
                found.append(Picture(src, written, alt, decorative, block.provenance))
                pieces.append(_rewrite(match, src, decorative))
            pieces.append(block.text[at:])
            block.text = "".join(pieces)
    return found
