"""The editions of one build, each made once when first asked for: the renderers share them through this object."""

from __future__ import annotations

from octavo.editions.base import RenderContext
from octavo.editions.epub.edition import epub_bytes
from octavo.editions.print.edition import PrintEdition, lay_out
from octavo.editions.print.profiles import Profile, chosen_profile, page_list_profile
from octavo.editions.web.pages import WebBuilder, WebEdition, web_files
from octavo.typesetting.pagination import PageMap


class Editions:
    """Print editions by profile, their PDFs, the EPUB and the web pages, made on demand and kept for the build."""

    def __init__(self, context: RenderContext) -> None:
        self.context = context
        self._print: dict[Profile, PrintEdition] = {}
        self._pdf: dict[Profile, bytes] = {}
        self._epub: bytes | None = None
        self._web: dict[bool, tuple[WebEdition, list[tuple[str, bytes]]]] = {}

    def profile(self, name: str = "") -> Profile:
        """The print profile `name`, else the one the command line or book.yaml chose, on the chosen paper."""
        return chosen_profile(self.context.settings.print, self.context.options, name)

    def page_list_profile(self) -> Profile | None:
        """The print edition whose pages the EPUB's page list follows (book.yaml's `epub: page_list:`), if any."""
        return page_list_profile(self.context.settings, self.context.options)

    def print_edition(self, profile: Profile) -> PrintEdition:
        """The profile's print edition, laid out once."""
        if profile not in self._print:
            self._print[profile] = lay_out(self.context, profile)
        return self._print[profile]

    def pdf(self, profile: Profile) -> bytes:
        """The profile's PDF, written once (the cartridge carries the handout too)."""
        if profile not in self._pdf:
            self._pdf[profile] = self.print_edition(profile).pdf(self.context.identifier, self.context.warnings)
        return self._pdf[profile]

    def page_map(self) -> PageMap | None:
        """Where the pages of the print edition the EPUB follows begin."""
        profile = self.page_list_profile()
        return None if profile is None else self.print_edition(profile).page_map()

    def epub(self) -> bytes:
        """The EPUB, made once (the cartridge carries it too)."""
        if self._epub is None:
            self._epub = epub_bytes(self.context, self.page_map())
        return self._epub

    def web(self, scorm: bool = False) -> tuple[WebEdition, list[tuple[str, bytes]]]:
        """The web pages (for SCORM: without the contents and part pages) and every file they need, by path."""
        if scorm not in self._web:
            edition = WebBuilder(self.context.book, self.context.typeset, scorm=scorm).build()
            self._web[scorm] = edition, web_files(self.context.folder, edition)
        return self._web[scorm]
