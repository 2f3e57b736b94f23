"""The review manuscript: one Markdown file per chapter, the book's order and metadata, references."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import yaml

from octavo.bookmarkdown import chapter_body, front_matter
from octavo.citeproc import bibliography_markdown
from octavo.manuscript import Chapter
from octavo.outputs import write_text
from octavo.references import references_json
from octavo.renderers.base import Renderer

BOOK_FILE = "manuscript.yaml"


class ManuscriptRenderer(Renderer):
    """Writes build/manuscript/: readable, diffable, the same bytes for the same input."""

    name = "manuscript"

    def output_name(self) -> str:
        """The folder build/manuscript/."""
        return "manuscript"

    def prepare(self) -> None:
        """Check every citation resolves (typesetting does) and format the bibliography."""
        _ = self.typeset_book
        self.bibliography = bibliography_markdown(self.book)
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

    def write(self, target: Path) -> None:
        """One Markdown file per chapter, with its metadata in front."""
        for chapter in self.book.chapters():
            text = front_matter(self._chapter_meta(chapter)) + "\n" + chapter_body(chapter, provenance=True)
            write_text(target / self.files[chapter.id], text)
        write_text(target / "references.json", references_json(self.book.references))
        write_text(target / "bibliography.md", self.bibliography)

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

    def finish(self, target: Path) -> list[Path]:
        """The book-level file: metadata, order, people and the editorial log."""
        data = {
            "metadata": {k: v for k, v in asdict(self.book.metadata).items() if v},
            "contents": self._contents(),
            "references": "references.json",
            "bibliography": "bibliography.md",
            "style": Path(self.book.csl_style).name,
            "people": [
                {"name": p.name, "sort_as": p.sort_as, "variants": p.variants, "description": p.description}
                for p in self.book.people
            ],
            "editorial_log": [
                {"action": r.action, "detail": r.detail, "where": str(r.where), "chapter": r.chapter}
                for r in self.book.log
            ],
        }
        write_text(target / BOOK_FILE, yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))
        return []
