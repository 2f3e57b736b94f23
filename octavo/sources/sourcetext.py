"""Read a source file's text: detect its encoding, normalise line ends, enforce size limits (inflated ones too)."""

from __future__ import annotations

import codecs
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from octavo.core.sanitise import without_controls
from octavo.errors import BookError, Warnings

MIB = 1024 * 1024
MAX_SOURCE_BYTES = 20 * MIB
# A zipped source (a Word file) is limited by what it unpacks to, and a large part may not be packed more tightly
# than real documents are (Word's XML packs about 10:1; a zip bomb, 1000:1).
MAX_INFLATED_BYTES = 256 * MIB
MAX_RATIO = 100
RATIO_FROM_BYTES = 16 * MIB


@dataclass(frozen=True)
class SourceText:
    """The decoded text of one source file, with the name it is shown under in messages."""

    path: Path
    shown_as: str
    text: str
    encoding: str

    @property
    def lines(self) -> list[str]:
        """The text split into lines (without line ends)."""
        return self.text.split("\n")


def _first_bad_line(data: bytes) -> int:
    """Return the 1-based line of the first byte sequence that is not UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return data[: exc.start].count(b"\n") + 1
    return 1


def decode(data: bytes, shown_as: str, warnings: Warnings) -> tuple[str, str]:
    """Decode bytes to text, returning (text, encoding name)."""
    boms = [
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ]
    for bom, name in boms:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise BookError(
                    f"starts with a {name} byte-order mark but is not valid {name}",
                    "save the file again as UTF-8",
                    shown_as,
                ) from exc
    if b"\x00" in data:
        raise BookError(
            "looks like a binary file, not text",
            "give a text, Markdown, HTML or DOCX source",
            shown_as,
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        line = _first_bad_line(data)
        warnings.add(
            "is not UTF-8; read as Windows-1252 (a guess) — check the accents and "
            "save the file as UTF-8 to silence this warning",
            shown_as,
            line,
        )
        return data.decode("cp1252", errors="replace"), "cp1252"


def read_source(path: Path, shown_as: str, warnings: Warnings, binary: bool = False) -> SourceText:
    """Read and decode one source file, or raise a BookError that says what to do."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BookError("cannot be read", "check that the file exists", shown_as) from exc
    if size > MAX_SOURCE_BYTES:
        raise BookError(
            f"is {size // (1024 * 1024)} MiB, over the {MAX_SOURCE_BYTES // (1024 * 1024)} MiB "
            "limit for one source",
            "split it into several sources",
            shown_as,
        )
    data = path.read_bytes()
    if not data.strip():
        raise BookError("is empty", "put the chapter's text in it or remove it from book.yaml", shown_as)
    if binary:
        return SourceText(path, shown_as, "", "binary")
    text, encoding = decode(data, shown_as, warnings)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = without_controls(text)
    if cleaned != text:
        bad = next(i for i, (a, b) in enumerate(zip(text, cleaned + "\0", strict=False)) if a != b)
        line = text[:bad].count("\n") + 1
        warnings.add("has control characters; removed", shown_as, line)
        text = cleaned
    if not text.strip():
        raise BookError("is empty", "put the chapter's text in it or remove it from book.yaml", shown_as)
    return SourceText(path, shown_as, text, encoding)


def check_archive(path: Path, shown_as: str) -> int:
    """Check what a zipped source unpacks to before anything unpacks it; return that size in bytes.

    The sizes the zip declares are checked first (total and packing ratio), then every part is unpacked and thrown
    away, so a zip that understates a part's size fails its checksum here instead of inflating in a reader.
    """
    refuse = "split the document into several files, or save it again from Word (a file packed this tightly " \
             "is a zip bomb, not a document)"
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            total = sum(part.file_size for part in parts)
            if total > MAX_INFLATED_BYTES:
                raise BookError(f"unpacks to {total // MIB} MiB, over the {MAX_INFLATED_BYTES // MIB} MiB limit for "
                                f"one source (it is {path.stat().st_size / MIB:.1f} MiB packed)", refuse, shown_as)
            for part in parts:
                ratio = part.file_size / max(part.compress_size, 1)
                if part.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO:
                    raise BookError(f"its part {part.filename!r} unpacks to {part.file_size // MIB} MiB, packed "
                                    f"{ratio:.0f} to 1 (over the {MAX_RATIO} to 1 a real document reaches)",
                                    refuse, shown_as)
            for part in parts:
                with archive.open(part) as member:
                    while member.read(MIB):
                        pass
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, NotImplementedError,
            RuntimeError, ValueError) as exc:
        raise BookError(f"is not a readable Word file: its zip is damaged or misstates its sizes ({exc})",
                        "save it again from Word", shown_as) from exc
    return total
