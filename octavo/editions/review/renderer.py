"""The review manuscript: one Markdown file per chapter, the book's order and metadata, references."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from octavo.core.cache import file_digest
from octavo.editions.base import Renderer
from octavo.editions.making import Editions
from octavo.editions.print.profiles import Profile
from octavo.editions.review.safemarkdown import clean_markdown_attributes, inert_markdown, markdown_is_inert
from octavo.errors import Warnings
from octavo.manuscript import Chapter, Provenance
from octavo.outputs import write_text
from octavo.sources.references import references_json
from octavo.typesetting.bookmarkdown import chapter_body, front_matter
from octavo.typesetting.citeproc import bibliography_markdown

BOOK_FILE = "manuscript.yaml"
MARKUP = set("<>{}&")
WEAK_SPOTS = set("~^`$")  # sub- and superscripts, code and math: where pandoc reads escapes otherwise


def _each_text(value: Any, change: Callable[[str], str]) -> Any:
    """A metadata value with `change` applied to every text in it."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, list):
        return [_each_text(item, change) for item in value]
    if isinstance(value, dict):
        return {key: _each_text(item, change) for key, item in value.items()}
    return value


@dataclass
class ReviewFiles:
    """The review manuscript's files by name, and the warnings made writing them, as the content cache keeps them."""

    files: dict[str, str]
    warnings: list[str]


class ManuscriptRenderer(Renderer):
    """Writes build/manuscript/: readable, diffable, the same bytes for the same input."""

    name = "manuscript"

    def output_name(self) -> str:
        """The folder build/manuscript/."""
        return "manuscript"

    def __init__(self, editions: Editions, profile: Profile | None = None) -> None:
        super().__init__(editions, profile)
        self.book = copy.deepcopy(self.context.book)  # its texts are made inert here, not in the build's manuscript
        self.warnings = self.context.warnings
        self.files: dict[str, str] = {}

    def _prepare(self) -> None:
        """Format the bibliography, make the texts inert and name each chapter's file."""
        self.bibliography = bibliography_markdown(self.book, self.context.settings.citation_style)
        for chapter in self.book.chapters():
            self._rewrite(chapter, self._cleaned)
        self.files = {
            chapter.id: f"{number:02d}-{chapter.id}.md" for number, chapter in enumerate(self.book.chapters(), start=1)
        }

    def _chapter_meta(self, chapter: Chapter) -> dict[str, Any]:
        """The YAML header of one chapter file."""
        part = self.book.part_of(chapter)
        meta: dict[str, Any] = {"id": chapter.id, "title": chapter.title, "role": chapter.role}
        if part is not None:
            meta["part"] = part.title
        if chapter.attribution:
            meta["attribution"] = chapter.attribution
        meta["source"] = str(chapter.provenance)
        meta.update({k: v for k, v in chapter.metadata.items() if k not in meta})
        meta["notes"] = {note.id: {"kind": note.kind, "source": str(note.provenance)} for note in chapter.notes}
        return meta

    def _cleaned(self, text: str, where: Provenance) -> str:
        """A text with only safe attribute lists and no raw tags; says where something was taken out."""
        cleaned, removed = clean_markdown_attributes(text)
        if removed:
            self.warnings.add(f"{removed} attribute(s) or tag(s) that pandoc would make live (event handlers, "
                              "styles, raw HTML) left out of the review manuscript", where.file, where.line)
        return cleaned

    def _rewrite(self, chapter: Chapter, change: Callable[[str, Provenance], str]) -> None:
        """Apply `change` to every text of a chapter the chapter file shows."""
        where = chapter.provenance
        chapter.title = change(chapter.title, where)
        chapter.attribution = change(chapter.attribution, where)
        chapter.metadata = {key: _each_text(value, lambda text: change(text, where))
                            for key, value in chapter.metadata.items()}
        part = self.book.part_of(chapter)
        if part is not None:
            part.title = change(part.title, where)
        for block in chapter.blocks:
            block.text, block.title = change(block.text, block.provenance), change(block.title, block.provenance)
        for note in chapter.notes:
            note.text = change(note.text, note.provenance)

    def _chapter_file(self, chapter: Chapter) -> str:
        """The chapter's file, checked by pandoc; what pandoc still reads as live markup is written with look-alikes."""
        def file_text() -> str:
            return front_matter(self._chapter_meta(chapter)) + "\n" + chapter_body(chapter, provenance=True)

        text = file_text()
        if markdown_is_inert(text):
            return text
        self.warnings.add("pandoc still read live markup in this chapter, so its < > { } & are written as look-alikes "
                          "(＜ ＞ ｛ ｝ ＆) in the review manuscript", chapter.provenance.file, chapter.provenance.line)
        for weak_spots_only in (True, False):
            # First only the texts with sub- or superscripts, code or math, then every text with markup characters.
            def look_alikes(value: str, _where: Provenance, weak: bool = weak_spots_only) -> str:
                return inert_markdown(value) if MARKUP & set(value) and (WEAK_SPOTS & set(value) or not weak) else value

            self._rewrite(chapter, look_alikes)
            text = file_text()
            if not weak_spots_only or markdown_is_inert(text):
                break
        return text

    def write(self, target: Path) -> list[Path]:
        """One Markdown file per chapter with its metadata in front, the references and the book-level file."""
        kept = self.editions.kept("manuscript", ReviewFiles, self._files, self.context.settings.citation_style.name,
                                  file_digest(self.context.settings.citation_style))
        for name, text in kept.files.items():
            write_text(target / name, text)
        return []

    def _files(self, warnings: Warnings) -> ReviewFiles:
        """Every file's name and text, made with their warnings."""
        self.warnings = warnings
        self._prepare()
        files = {self.files[chapter.id]: self._chapter_file(chapter) for chapter in self.book.chapters()}
        files["references.json"] = references_json(self.book.references)
        bibliography = self.bibliography
        if not markdown_is_inert(bibliography):
            self.warnings.add("pandoc read live markup in the formatted bibliography, so its < > { } & are written "
                              "as look-alikes in the review manuscript", "manuscript/bibliography.md")
            bibliography = inert_markdown(bibliography)
        files["bibliography.md"] = bibliography
        files[BOOK_FILE] = self._book_file()
        return ReviewFiles(files, warnings.items)

    def _contents(self) -> list[dict[str, Any]]:
        """Reading order: front matter, then parts and loose chapters."""
        def entry(chapter: Chapter) -> dict[str, Any]:
            return {"file": self.files[chapter.id], "id": chapter.id, "title": chapter.title}

        contents: list[dict[str, Any]] = [{"front_matter": [entry(c) for c in self.book.front]}]
        for item in self.book.body:
            if isinstance(item, Chapter):
                contents.append({"chapter": entry(item)})
            else:
                contents.append({"part": item.title, "id": item.id, "chapters": [entry(c) for c in item.chapters]})
        return contents

    def _book_file(self) -> str:
        """The book-level file: metadata, order, people and the editorial log."""
        data = {
            "metadata": {k: v for k, v in asdict(self.book.metadata).items() if v},
            "contents": self._contents(),
            "references": "references.json",
            "bibliography": "bibliography.md",
            "style": self.context.settings.citation_style.name,
            "people": [
                {"name": p.name, "sort_as": p.sort_as, "variants": p.variants, "description": p.description}
                for p in self.book.people
            ],
            "editorial_log": [
                {"action": r.action, "detail": r.detail, "where": str(r.where), "chapter": r.chapter}
                for r in self.book.log
            ],
        }
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
