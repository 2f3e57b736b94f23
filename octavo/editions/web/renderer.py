"""The web edition: build/web/, one HTML page per chapter, and the same as a zip that Moodle imports as a Book."""

from __future__ import annotations

from pathlib import Path

from octavo.core.zipfiles import write_zip
from octavo.editions.base import Renderer
from octavo.editions.print.profiles import Profile


class WebRenderer(Renderer):
    """Writes the pages into a folder, and the same files as a zip beside it."""

    name = "web"

    def print_needed(self) -> list[Profile]:
        """The print edition whose page starts the pages mark (the EPUB's page list follows it too), if any."""
        followed = self.editions.page_list_profile()
        return [] if followed is None else [followed]

    def output_name(self) -> str:
        """The folder of the web edition."""
        return "web"

    def write(self, target: Path) -> list[Path]:
        """The pages, the stylesheet and the images in the folder; the zip beside it, for Moodle or any web server."""
        _, files = self.editions.web()
        for name, data in files:
            path = target / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        archive = target.parent / f"{self.context.slug}-web.zip"
        archive.write_bytes(write_zip(files, self.context.modified))
        return [archive]
