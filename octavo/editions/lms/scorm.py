"""The SCORM 1.2 package: each chapter a SCO that reports itself completed when read to the end."""

from __future__ import annotations

from pathlib import Path

from octavo.core.identity import identifier, modified_time
from octavo.core.resources import DATA
from octavo.core.zipfiles import write_zip
from octavo.editions.base import Renderer
from octavo.editions.epub.renderer import book_slug
from octavo.editions.lms.manifest import manifest_id, outline
from octavo.editions.lms.scorm_manifest import scorm_manifest
from octavo.editions.web.pages import RESOURCES, WebBuilder
from octavo.editions.web.renderer import web_files

RUNTIME = DATA / "scorm" / "sco.js"


class ScormRenderer(Renderer):
    """Writes build/<book-slug>-scorm12.zip with imsmanifest.xml at its root."""

    name = "scorm12"

    def output_name(self) -> str:
        """The package's file name."""
        return f"{book_slug(self.book.metadata.title)}-scorm12.zip"

    def write(self, target: Path) -> None:
        """Write the package: the manifest, the chapter pages with the runtime, the stylesheet and images."""
        edition = WebBuilder(self.book, self.typeset_book, scorm=True).build()
        files = [*web_files(self.book.folder, edition), (f"{RESOURCES}/sco.js", RUNTIME.read_bytes())]
        meta = self.book.metadata
        manifest = scorm_manifest(manifest_id(identifier(meta), "scorm"), meta.title, outline(edition),
                                  [page.name for page in edition.pages],
                                  [name for name, _ in files if name.startswith(f"{RESOURCES}/")])
        target.write_bytes(write_zip([("imsmanifest.xml", manifest), *files], modified_time()))
