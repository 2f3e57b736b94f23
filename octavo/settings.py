"""The book's settings, read once from book.yaml and checked key by key into typed, frozen settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast, get_args

from octavo.core.confine import inside_book
from octavo.core.keys import check_keys
from octavo.core.resources import DATA
from octavo.core.yamlfile import line_of, load_yaml
from octavo.errors import BookError
from octavo.labels import check_labels
from octavo.manuscript import BookMetadata

BOOK_FILE = "book.yaml"
DEFAULT_STYLE = DATA / "csl" / "chicago-notes-bibliography.csl"
METADATA_KEYS = ("title", "subtitle", "language", "creators", "publisher", "date", "rights", "description",
                 "identifier", "subjects", "labels")
DATA_FILES = ("bibliography", "boilerplate", "names", "corrections", "citations", "editorial_notes", "index")
TOP_KEYS = {*METADATA_KEYS, *DATA_FILES, "style", "contents", "print", "epub", "cover"}
PRINT_KEYS = {"profile", "paper", "stylesheet", "handout_pages", "paper_thickness"}
COVER_KEYS = {"image", "alt"}
EPUB_KEYS = {"page_list"}
SOURCE_KEYS = {"file", "kind", "reference"}
PART_KEYS = {"part", "sources"}
CREATOR_KEYS = {"name", "role"}
CREATOR_ROLES = {"author", "editor", "compiler", "translator", "contributor"}

PageList = Literal["trade", "handout", "none"]
"""The print edition whose pages the EPUB's page list follows, or none."""
PAGE_LISTS: tuple[str, ...] = get_args(PageList)
HandoutPages = Literal["book", "restart"]
"""How a chapter handout numbers its pages: as in the book, or from 1."""
HANDOUT_PAGES: tuple[str, ...] = get_args(HandoutPages)
# One leaf (a sheet of the book block: two pages) of white 50–55 lb (80–90 g/m²) book paper, in inches: the spine
# of the cover wrap is the trade edition's leaves times this (444 pages to the inch).
PAPER_THICKNESS = 0.0045
THICKEST_PAPER = 0.05  # a board book's leaf
# The cover pictures every edition can carry, by suffix, and the bytes each kind of file starts with.
COVER_SIGNATURES = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff"}


@dataclass(frozen=True)
class DataFile:
    """A file book.yaml names: where it is in the book, and its name as the editor wrote it (for messages)."""

    path: Path
    shown_as: str


@dataclass(frozen=True)
class SourceEntry:
    """One source named in the contents: its file, kind and the reference that cites it."""

    file: str
    kind: str
    reference: str
    line: int | None


@dataclass(frozen=True)
class PartEntry:
    """A part in the contents, holding sources."""

    title: str
    sources: tuple[SourceEntry, ...]
    line: int | None


@dataclass(frozen=True)
class PrintSettings:
    """`print:` — the profile and paper (the command line may choose others) and the book's own stylesheet."""

    profile: str = ""
    paper: str = ""
    stylesheet: DataFile | None = None
    handout_pages: HandoutPages = "book"
    paper_thickness: float = PAPER_THICKNESS  # inches per leaf (two pages)


@dataclass(frozen=True)
class CoverSettings:
    """`cover:` — the book's own cover picture (PNG or JPEG, inside the book) and its alternative text."""

    image: DataFile
    alt: str


@dataclass(frozen=True)
class EpubSettings:
    """`epub:` — the print edition the page list follows."""

    page_list: PageList = "trade"


@dataclass(frozen=True)
class BookSettings:
    """Everything book.yaml says, checked: catalogue facts, contents, data files and each edition's settings."""

    folder: Path
    metadata: BookMetadata
    contents: tuple[PartEntry | SourceEntry, ...]
    citation_style: Path = DEFAULT_STYLE
    data_files: dict[str, DataFile] = field(default_factory=dict)
    print: PrintSettings = PrintSettings()
    epub: EpubSettings = EpubSettings()
    cover: CoverSettings | None = None  # None: the editions draw a cover from the title and creators

    def data_file(self, key: str) -> DataFile | None:
        """The data file named by `key` (bibliography, names, corrections, index …), if book.yaml names one."""
        return self.data_files.get(key)


@dataclass(frozen=True)
class BuildOptions:
    """What the command line chose over book.yaml: the print profile and the handout paper (empty: book.yaml's)."""

    profile: str = ""
    paper: str = ""
    # Set by the build when it writes chapter handouts: the web pages and LMS packages then carry them.
    chapter_handouts: bool = False


def _text(data: dict[str, Any], key: str, default: str = "") -> str:
    """A text setting."""
    value = data.get(key, default)
    return "" if value is None else str(value).strip()


def _unknown(mapping: dict[str, Any], allowed: set[str], what: str) -> None:
    """Reject keys a mapping of book.yaml should not have, naming the closest known key."""
    check_keys(mapping, allowed, BOOK_FILE, what)


def _mapping(data: dict[str, Any], key: str, example: str) -> dict[str, Any]:
    """A section of book.yaml that must be a mapping (absent means empty)."""
    section = data.get(key) or {}
    if not isinstance(section, dict):
        raise BookError(f"`{key}:` must be a mapping", f"write `{key}:` then `{example}`", BOOK_FILE,
                        line_of(data, key))
    return section


def _data_file(folder: Path, data: dict[str, Any], key: str) -> DataFile | None:
    """A book-relative file named by a setting, checked to lie inside the book."""
    name = _text(data, key)
    return DataFile(inside_book(folder, name, line_of(data, key)), name) if name else None


def _metadata(data: dict[str, Any]) -> BookMetadata:
    """Catalogue facts: title, creators, dates, subjects; and the book's own labels for the words editions generate."""
    if not _text(data, "title"):
        raise BookError("the book has no title", "add `title: ...` to book.yaml", BOOK_FILE, 1)
    creators = []
    for creator in data.get("creators") or []:
        if isinstance(creator, dict):  # first, so a misspelt required key is named
            _unknown(creator, CREATOR_KEYS, "a creator")
        if not isinstance(creator, dict) or not creator.get("name"):
            raise BookError("each creator needs a `name`", "write `- name: ...`", BOOK_FILE, line_of(creator))
        if creator.get("role", "author") not in CREATOR_ROLES:
            raise BookError(f"creator role {creator.get('role')!r} is not known",
                            f"use one of: {', '.join(sorted(CREATOR_ROLES))}", BOOK_FILE, line_of(creator, "role"))
        creators.append({"name": str(creator["name"]), "role": str(creator.get("role", "author"))})
    return BookMetadata(
        title=_text(data, "title"), language=_text(data, "language", "en") or "en", subtitle=_text(data, "subtitle"),
        creators=creators, publisher=_text(data, "publisher"), date=_text(data, "date"), rights=_text(data, "rights"),
        description=_text(data, "description"), identifier=_text(data, "identifier"),
        subjects=[str(s) for s in data.get("subjects") or []],
        labels=check_labels(data.get("labels"), BOOK_FILE, line_of(data, "labels")),
    )


def _source(entry: Any) -> SourceEntry:
    """Check one source entry."""
    if isinstance(entry, str):
        return SourceEntry(entry, "", "", None)
    if isinstance(entry, dict):  # first, so a misspelt required key is named
        _unknown(entry, SOURCE_KEYS, "a source")
    if not isinstance(entry, dict) or "file" not in entry:
        raise BookError("a source needs a `file:`", "write `- file: sources/NAME`", BOOK_FILE, line_of(entry))
    return SourceEntry(str(entry["file"]), str(entry.get("kind") or ""), str(entry.get("reference") or ""),
                       line_of(entry, "file"))


def parse_contents(items: Any) -> tuple[PartEntry | SourceEntry, ...]:
    """The `contents:` list: parts holding sources, or sources on their own."""
    if not isinstance(items, list) or not items:
        raise BookError("`contents:` must list the book's sources", "add `contents:` with `- file: sources/NAME` lines",
                        BOOK_FILE)
    contents: list[PartEntry | SourceEntry] = []
    for item in items:
        if isinstance(item, dict) and "part" in item:
            _unknown(item, PART_KEYS, "a part")
            sources = item.get("sources")
            if not isinstance(sources, list) or not sources:
                raise BookError(f"part {item['part']!r} has no sources", "list them under `sources:`", BOOK_FILE,
                                line_of(item, "sources"))
            contents.append(PartEntry(str(item["part"]), tuple(_source(s) for s in sources), line_of(item)))
        else:
            contents.append(_source(item))
    return tuple(contents)


def _print(folder: Path, data: dict[str, Any]) -> PrintSettings:
    """`print:`, its stylesheet checked to exist inside the book."""
    section = _mapping(data, "print", "profile: trade")
    _unknown(section, PRINT_KEYS, "`print:`")
    sheet = _data_file(folder, section, "stylesheet")
    if sheet is not None and not sheet.path.is_file():
        raise BookError(f"the print stylesheet {sheet.shown_as!r} is missing", "create it or remove `stylesheet:`",
                        BOOK_FILE, line_of(section, "stylesheet"))
    numbering = _text(section, "handout_pages") or "book"
    if numbering not in HANDOUT_PAGES:
        raise BookError(f"`handout_pages: {numbering}` is not a way to number chapter handouts",
                        f"use one of: {', '.join(HANDOUT_PAGES)}", BOOK_FILE, line_of(section, "handout_pages"))
    return PrintSettings(_text(section, "profile"), _text(section, "paper"), sheet, cast(HandoutPages, numbering),
                         _thickness(section))


def _thickness(section: dict[str, Any]) -> float:
    """`paper_thickness:`, one leaf's thickness in inches (a leaf is two pages), within what paper can be."""
    value = section.get("paper_thickness", PAPER_THICKNESS)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= THICKEST_PAPER:
        raise BookError(f"`paper_thickness: {value}` is not the thickness of a leaf of paper",
                        f"give one leaf's thickness (a leaf is two pages) in inches, more than 0 and at most "
                        f"{THICKEST_PAPER}, e.g. {PAPER_THICKNESS}; your printer's caliper or pages-per-inch "
                        "figure gives it (2 ÷ pages per inch)", BOOK_FILE, line_of(section, "paper_thickness"))
    return float(value)


def _cover(folder: Path, data: dict[str, Any]) -> CoverSettings | None:
    """`cover:`, its picture a PNG or JPEG file inside the book and its alternative text given."""
    if "cover" not in data:
        return None
    example = "image: images/cover.jpg` and `alt: \"what the cover shows\""
    section = _mapping(data, "cover", example)
    _unknown(section, COVER_KEYS, "`cover:`")
    line = line_of(section, "image") or line_of(data, "cover")
    image = _data_file(folder, section, "image")
    if image is None:
        raise BookError("`cover:` names no picture", f"write `{example}` under `cover:`, or remove `cover:` to use "
                        "the cover drawn from the title", BOOK_FILE, line)
    signature = COVER_SIGNATURES.get(image.path.suffix.lower())
    if not image.path.is_file():
        raise BookError(f"the cover image {image.shown_as!r} is missing", "put the picture in the book folder at "
                        "that path, or remove `cover:` to use the cover drawn from the title", BOOK_FILE, line)
    with image.path.open("rb") as picture:
        start = picture.read(8)
    if signature is None or not start.startswith(signature):
        raise BookError(f"the cover image {image.shown_as!r} is not a PNG or JPEG picture",
                        "save it as .png or .jpg (for print, 300 ppi at the trim size and bleed: about 1,840 × "
                        "2,775 px for 6 × 9 in)", BOOK_FILE, line)
    alt = _text(section, "alt")
    if not alt:
        raise BookError("the cover has no alternative text", "add `alt:` under `cover:`, saying what the cover "
                        "shows for readers who cannot see it, e.g. `alt: \"A harbour at dusk, the title in white "
                        "capitals\"`", BOOK_FILE, line_of(section, "alt") or line_of(data, "cover"))
    return CoverSettings(image, alt)


def _epub(data: dict[str, Any]) -> EpubSettings:
    """`epub:`, its page list one of the print editions or none."""
    section = _mapping(data, "epub", "page_list: trade")
    _unknown(section, EPUB_KEYS, "`epub:`")
    value = _text(section, "page_list") or "trade"
    if value not in PAGE_LISTS:
        raise BookError(f"`page_list: {value}` is not a print edition", f"use one of: {', '.join(PAGE_LISTS)}",
                        BOOK_FILE, line_of(section, "page_list"))
    return EpubSettings(cast(PageList, value))


def _style(folder: Path, data: dict[str, Any]) -> Path:
    """The citation style: the book's own .csl file, else Chicago notes and bibliography."""
    style = _data_file(folder, data, "style")
    if style is None:
        return DEFAULT_STYLE
    if not style.path.is_file():
        raise BookError(f"the citation style {style.shown_as!r} is missing", "name a .csl file in the book", BOOK_FILE,
                        line_of(data, "style"))
    return style.path


def load_settings(folder: Path) -> BookSettings:
    """Read and check the book folder's book.yaml, once per build."""
    if not folder.is_dir():
        raise BookError(f"the book folder {str(folder)!r} does not exist", "give --book the folder with book.yaml")
    data = load_yaml(folder / BOOK_FILE, BOOK_FILE)
    if not isinstance(data, dict):
        raise BookError("must be a mapping of settings", "start with `title: ...`", BOOK_FILE, 1)
    _unknown(data, TOP_KEYS, "book.yaml")
    metadata = _metadata(data)
    files = {key: found for key in DATA_FILES if (found := _data_file(folder, data, key)) is not None}
    return BookSettings(folder.resolve(), metadata, parse_contents(data.get("contents")), _style(folder, data), files,
                        _print(folder, data), _epub(data), _cover(folder, data))
