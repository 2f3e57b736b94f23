"""The book's settings file, book.yaml: read, checked key by key, paths kept inside the book."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from octavo.core.yamlfile import line_of, load_yaml
from octavo.errors import BookError

BOOK_FILE = "book.yaml"
TOP_KEYS = {
    "title", "subtitle", "language", "creators", "publisher", "date", "rights", "description",
    "identifier", "subjects", "bibliography", "style", "names", "corrections", "editorial_notes",
    "citations", "boilerplate", "contents", "print", "index", "epub",
}
PRINT_KEYS = {"profile", "paper", "stylesheet"}
EPUB_KEYS = {"page_list"}
PAGE_LISTS = ("trade", "handout", "none")
SOURCE_KEYS = {"file", "kind", "reference", "part"}
PART_KEYS = {"part", "sources"}
CREATOR_ROLES = {"author", "editor", "compiler", "translator", "contributor"}


@dataclass
class SourceEntry:
    """One source named in the contents: its file, kind and the reference that cites it."""

    file: str
    kind: str
    reference: str
    line: int | None


@dataclass
class PartEntry:
    """A part in the contents, holding sources."""

    title: str
    sources: list[SourceEntry]
    line: int | None


@dataclass
class BookConfig:
    """Everything book.yaml says, checked."""

    folder: Path
    data: dict[str, Any]
    contents: list[PartEntry | SourceEntry] = field(default_factory=list)

    def text(self, key: str, default: str = "") -> str:
        """A text setting."""
        value = self.data.get(key, default)
        return "" if value is None else str(value).strip()

    def path(self, key: str) -> Path | None:
        """A book-relative file named by a setting, checked to lie inside the book."""
        name = self.text(key)
        if not name:
            return None
        return inside_book(self.folder, name, line_of(self.data, key))

    def print_settings(self) -> dict[str, str]:
        """The `print:` settings as text."""
        return {str(key): str(value) for key, value in (self.data.get("print") or {}).items()}

    def page_list(self) -> str:
        """The print edition whose pages the EPUB's page list follows (`epub: page_list:`), or `none`."""
        settings = self.data.get("epub") or {}
        if not isinstance(settings, dict):
            raise BookError("`epub:` must be a mapping", "write `epub:` then `page_list: trade`", BOOK_FILE,
                            line_of(self.data, "epub"))
        _unknown(settings, EPUB_KEYS, "epub")
        value = str(settings.get("page_list") or "trade").strip()
        if value not in PAGE_LISTS:
            raise BookError(f"`page_list: {value}` is not a print edition", f"use one of: {', '.join(PAGE_LISTS)}",
                            BOOK_FILE, line_of(settings, "page_list"))
        return value

    def sources(self) -> list[SourceEntry]:
        """Every source in reading order."""
        found: list[SourceEntry] = []
        for item in self.contents:
            found.extend(item.sources if isinstance(item, PartEntry) else [item])
        return found


def inside_book(folder: Path, name: str, line: int | None = None) -> Path:
    """Resolve a book-relative path, refusing one that leads outside the book folder."""
    root = folder.resolve()
    path = (root / name).resolve()
    if path != root and root not in path.parents:
        raise BookError(
            f"{name!r} lies outside the book folder",
            "copy the file into the book folder and name it from there",
            BOOK_FILE,
            line,
        )
    return path


def _unknown(mapping: dict[str, Any], allowed: set[str], what: str) -> None:
    """Reject keys a mapping should not have."""
    for key in mapping:
        if key not in allowed:
            raise BookError(
                f"unknown key {key!r} in {what}",
                f"use one of: {', '.join(sorted(allowed))}",
                BOOK_FILE,
                line_of(mapping, key),
            )


def _source(entry: Any) -> SourceEntry:
    """Check one source entry."""
    if isinstance(entry, str):
        return SourceEntry(entry, "", "", None)
    if not isinstance(entry, dict) or "file" not in entry:
        raise BookError("a source needs a `file:`", "write `- file: sources/NAME`", BOOK_FILE, line_of(entry))
    _unknown(entry, SOURCE_KEYS, "a source")
    return SourceEntry(
        str(entry["file"]), str(entry.get("kind") or ""), str(entry.get("reference") or ""), line_of(entry, "file")
    )


def parse_contents(items: Any) -> list[PartEntry | SourceEntry]:
    """The `contents:` list: parts holding sources, or sources on their own."""
    if not isinstance(items, list) or not items:
        raise BookError(
            "`contents:` must list the book's sources",
            "add `contents:` with `- file: sources/NAME` lines",
            BOOK_FILE,
        )
    contents: list[PartEntry | SourceEntry] = []
    for item in items:
        if isinstance(item, dict) and "part" in item:
            _unknown(item, PART_KEYS, "a part")
            sources = item.get("sources")
            if not isinstance(sources, list) or not sources:
                raise BookError(
                    f"part {item['part']!r} has no sources", "list them under `sources:`", BOOK_FILE,
                    line_of(item, "sources")
                )
            contents.append(PartEntry(str(item["part"]), [_source(s) for s in sources], line_of(item)))
        else:
            contents.append(_source(item))
    return contents


def load_config(folder: Path) -> BookConfig:
    """Read and check the book folder's book.yaml."""
    if not folder.is_dir():
        raise BookError(f"the book folder {str(folder)!r} does not exist", "give --book the folder with book.yaml")
    data = load_yaml(folder / BOOK_FILE, BOOK_FILE)
    if not isinstance(data, dict):
        raise BookError("must be a mapping of settings", "start with `title: ...`", BOOK_FILE, 1)
    _unknown(data, TOP_KEYS, "book.yaml")
    if not str(data.get("title") or "").strip():
        raise BookError("the book has no title", "add `title: ...` to book.yaml", BOOK_FILE, 1)
    for creator in data.get("creators") or []:
        if not isinstance(creator, dict) or not creator.get("name"):
            raise BookError("each creator needs a `name`", "write `- name: ...`", BOOK_FILE, line_of(creator))
        if creator.get("role", "author") not in CREATOR_ROLES:
            raise BookError(
                f"creator role {creator.get('role')!r} is not known",
                f"use one of: {', '.join(sorted(CREATOR_ROLES))}",
                BOOK_FILE,
                line_of(creator, "role"),
            )
    settings = data.get("print") or {}
    if not isinstance(settings, dict):
        raise BookError("`print:` must be a mapping", "write `print:` then `profile: trade`", BOOK_FILE,
                        line_of(data, "print"))
    _unknown(settings, PRINT_KEYS, "print")
    if str(settings.get("stylesheet") or "").strip():
        inside_book(folder, str(settings["stylesheet"]).strip(), line_of(settings, "stylesheet"))
    return BookConfig(folder, data, parse_contents(data.get("contents")))
