"""The IMS Common Cartridge 1.1: the whole book inside (web pages, the handout PDF, the EPUB), for any LMS."""

from __future__ import annotations

from pathlib import Path

from octavo.core.text import plain_text
from octavo.core.zipfiles import write_zip
from octavo.editions.base import Renderer
from octavo.editions.lms.cartridge_manifest import cartridge_manifest
from octavo.editions.lms.manifest import beside_chapters, manifest_id, outline
from octavo.editions.print.profiles import Profile
from octavo.editions.web.pages import HANDOUTS, RESOURCES, WebEdition
from octavo.labels import labels_of


class CartridgeRenderer(Renderer):
    """Writes build/<book-slug>.imscc: imsmanifest.xml first, then every file it lists."""

    name = "imscc"

    def print_needed(self) -> list[Profile]:
        """The handout it carries, and the edition its EPUB's page list follows."""
        followed = self.editions.page_list_profile()
        return [self.editions.profile("handout"), *([] if followed is None else [followed])]

    def output_name(self) -> str:
        """The cartridge's file name."""
        return f"{self.context.slug}.imscc"

    def downloads(self) -> list[tuple[str, str, bytes]]:
        """(path, label, bytes) of the handout PDF and the EPUB, the same files the build writes beside it."""
        slug = self.context.slug
        handout = self.editions.pdf(self.editions.profile("handout"))
        labels = labels_of(self.context.book.metadata)
        return [(f"{RESOURCES}/downloads/{slug}.pdf", labels.text("download_pdf"), handout),
                (f"{RESOURCES}/downloads/{slug}.epub", labels.text("download_epub"), self.editions.epub())]

    def handouts(self, edition: WebEdition) -> dict[str, tuple[str, str]]:
        """Each chapter page's handout, when the build writes them: page name → (path in the package, item title)."""
        if not self.context.options.chapter_handouts:
            return {}
        labels = labels_of(self.context.book.metadata)
        by_chapter = {handout.chapter: handout.name for handout in self.editions.handouts()}
        return {page.name: (f"{RESOURCES}/{HANDOUTS}/{by_chapter[page.id]}",
                            labels.text("chapter_handout_item", title=page.title))
                for page in edition.pages if page.kind == "chapter" and page.id in by_chapter}

    def write(self, target: Path) -> list[Path]:
        """Write the cartridge."""
        edition, files = self.editions.web()
        downloads = self.downloads()
        meta = self.context.book.metadata
        handouts = self.handouts(edition)
        manifest = cartridge_manifest(
            manifest_id(self.context.identifier, "cc"), meta.title, meta.language, plain_text(meta.description),
            beside_chapters(outline(edition), handouts),
            [page.name for page in edition.pages] + [path for path, _ in handouts.values()],
            [name for name, _ in files if name.startswith(f"{RESOURCES}/")],
            [(path, label) for path, label, _ in downloads], labels_of(meta).text("downloads"))
        entries = [("imsmanifest.xml", manifest), *files, *((path, data) for path, _, data in downloads)]
        target.write_bytes(write_zip(entries, self.context.modified))
        return []
