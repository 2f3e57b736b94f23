"""The SCORM 1.2 package: each chapter a SCO that reports itself completed when read to the end."""

from __future__ import annotations

from pathlib import Path

from octavo.core.resources import DATA
from octavo.core.zipfiles import write_zip
from octavo.editions.base import Renderer
from octavo.editions.lms.manifest import manifest_id, outline
from octavo.editions.lms.scorm_manifest import scorm_manifest
from octavo.editions.print.profiles import Profile
from octavo.editions.web.pages import RESOURCES

RUNTIME = DATA / "scorm" / "sco.js"


class ScormRenderer(Renderer):
    """Writes build/<book-slug>-scorm12.zip with imsmanifest.xml at its root."""

    name = "scorm12"

    def print_needed(self) -> list[Profile]:
        """The print edition whose page starts the chapter pages mark, if any."""
        followed = self.editions.page_list_profile()
        return [] if followed is None else [followed]

    def output_name(self) -> str:
        """The package's file name."""
        return f"{self.context.slug}-scorm12.zip"

    def write(self, target: Path) -> list[Path]:
        """Write the package: the manifest, the chapter pages with the runtime, the stylesheet and images."""
        edition, pages = self.editions.web(scorm=True)
        files = [*pages, (f"{RESOURCES}/sco.js", RUNTIME.read_bytes())]
        meta = self.context.book.metadata
        manifest = scorm_manifest(manifest_id(self.context.identifier, "scorm"), meta.title, outline(edition),
                                  [page.name for page in edition.pages],
                                  [name for name, _ in files if name.startswith(f"{RESOURCES}/")])
        target.write_bytes(write_zip([("imsmanifest.xml", manifest), *files], self.context.modified))
        return []
