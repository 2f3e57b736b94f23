"""The web edition: build/web/, one HTML page per chapter, and the same as a zip that Moodle imports as a Book."""

from __future__ import annotations

from pathlib import Path

from octavo.core.identity import modified_time
from octavo.core.images import SCREEN_PIXELS, edition_picture, packaged_name
from octavo.core.resources import STYLES
from octavo.core.zipfiles import write_zip
from octavo.editions.base import Renderer
from octavo.editions.epub.renderer import book_slug
from octavo.editions.web.pages import RESOURCES, WebBuilder, WebEdition

STYLESHEET = STYLES / "web.css"


def web_files(book_folder: str, edition: WebEdition) -> list[tuple[str, bytes]]:
    """Every file of the web pages: the pages, the stylesheet and the book's images, by path in the package."""
    files = [(page.name, page.html.encode("utf-8")) for page in edition.pages]
    files.append((f"{RESOURCES}/web.css", STYLESHEET.read_bytes()))
    folder = Path(book_folder)
    files.extend((f"{RESOURCES}/images/{packaged_name(src)}", edition_picture(folder, src, SCREEN_PIXELS))
                 for src in edition.images)
    return files


class WebRenderer(Renderer):
    """Writes the pages into a folder, and the same files as a zip beside it."""

    name = "web"

    def output_name(self) -> str:
        """The folder of the web edition."""
        return "web"

    def write(self, target: Path) -> None:
        """Write the pages, the stylesheet and the images into the folder."""
        files = web_files(self.book.folder, WebBuilder(self.book, self.typeset_book).build())
        for name, data in files:
            path = target / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        self.files = files

    def finish(self, target: Path) -> list[Path]:
        """The zip beside the folder, for Moodle's Book import or any web server."""
        archive = target.parent / f"{book_slug(self.book.metadata.title)}-web.zip"
        archive.write_bytes(write_zip(self.files, modified_time()))
        return [archive]
