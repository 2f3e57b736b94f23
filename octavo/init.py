"""`init`: make a new book folder from raw sources, with a book.yaml that builds as it stands."""

from __future__ import annotations

import json
import posixpath
import shutil
from pathlib import Path
from typing import Any

from octavo.core.images import WORD_SUFFIX
from octavo.core.templates import template
from octavo.core.text import slugify
from octavo.errors import BookError, Warnings
from octavo.manuscript import Chapter
from octavo.schemas import install_schemas
from octavo.sources.readers import BINARY_KINDS, READERS, ReaderOptions, detect_kind
from octavo.sources.readers.boilerplate import load_boilerplate
from octavo.sources.references import references_json
from octavo.sources.sourcetext import read_source
from octavo.transforms.pictures import local_pictures


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


def _unique_key(base: str, taken: set[str]) -> str:
    """A reference key not used yet."""
    key, number = base, 2
    while key in taken:
        key, number = f"{base}-{number}", number + 1
    taken.add(key)
    return key


def pictures_to_copy(source: Path, chapters: list[Chapter], warnings: Warnings) -> dict[str, Path]:
    """Each local picture a source shows: its place in the book (relative to the copied source) and its file."""
    found: dict[str, Path] = {}
    if source.suffix.lower() == WORD_SUFFIX:
        return found  # a Word file keeps its pictures inside
    for written in dict.fromkeys(p for c in chapters for b in c.blocks for p in local_pictures(b.text)):
        original, place = source.parent / written, posixpath.normpath(posixpath.join("sources", written))
        if not original.is_file():
            warnings.add(f"image {written!r} is not beside the source; the book will need it", str(source))
        elif place.startswith("../") or place == "..":
            warnings.add(f"image {written!r} lies outside the folders Octavo copies; not copied — move it beside "
                         "the source", str(source))
        else:
            found[place] = original
    return found


def _same_file(one: Path, other: Path) -> bool:
    """Whether two files hold the same bytes."""
    return one.resolve() == other.resolve() or one.read_bytes() == other.read_bytes()


def plan_pictures(planned: list[tuple[Path, dict[str, Path]]]) -> dict[str, Path]:
    """All the pictures to copy; two sources that show different pictures under the same path are an error."""
    plan: dict[str, Path] = {}
    owners: dict[str, Path] = {}
    for source, pictures in planned:
        for place, original in pictures.items():
            if place in plan and not _same_file(plan[place], original):
                raise BookError(f"shows a different picture at {place.removeprefix('sources/')!r} than "
                                f"{owners[place].name} does", "rename one of the two pictures (and the path in its "
                                "source) so that each keeps its own name", str(source))
            plan.setdefault(place, original)
            owners.setdefault(place, source)
    return plan


def init_book(folder: Path, sources: list[Path], warnings: Warnings) -> Path:
    """Copy the sources into `folder/sources/`, write a book.yaml and its data files, and the schemas they name."""
    if folder.exists() and any(folder.iterdir()):
        raise BookError(f"the folder {str(folder)!r} is not empty", "give init a new folder name")
    names = [source.name for source in sources]
    for source in sources:
        if not source.is_file():
            raise BookError("is not a file", "check the path", str(source))
        if names.count(source.name) > 1:
            raise BookError("two sources have the same file name", "rename one of them", str(source))
    rules = load_boilerplate()
    entries: list[dict[str, object]] = []
    references: list[dict[str, Any]] = []
    taken: set[str] = set()
    pictures: list[tuple[Path, dict[str, Path]]] = []
    title = ""
    for source in sources:
        kind = detect_kind(source, source.read_bytes()[:262_144], rules)
        key = ""
        text = read_source(source, str(source), warnings, binary=kind in BINARY_KINDS)
        document = READERS[kind](text, ReaderOptions(warnings, reference_key="placeholder", boilerplate=rules))
        title = title or document.title
        if document.reference:
            key = _unique_key(slugify(document.title, "source")[:40].rstrip("-"), taken)
            references.append({"id": key, **document.reference})
        pictures.append((source, pictures_to_copy(source, document.chapters, warnings)))
        entries.append({"file": _quoted(f"sources/{source.name}"), "kind": kind, "reference": key,
                        "chapters": len(document.chapters)})
    plan = plan_pictures(pictures)
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    for source in sources:
        shutil.copyfile(source, folder / "sources" / source.name)
    for place, original in plan.items():
        (folder / place).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(original, folder / place)
    context = {"title": _quoted(title), "entries": entries}
    for name in ("book.yaml", "corrections.yaml", "citations.yaml", "editorial-notes.yaml", "names.yaml"):
        (folder / name).write_text(template(f"init/{name}.j2").render(context) + "\n", encoding="utf-8")
    install_schemas(folder)  # the `# yaml-language-server: $schema=.octavo/...` line of each file names one
    (folder / "references.json").write_text(references_json(references), encoding="utf-8")
    return folder
