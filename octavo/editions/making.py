"""The editions of one build, each made once when first asked for: the renderers share them through this object.

The print editions are the costly ones. `start` sends their layouts to worker processes (or a Dask cluster) at
once, so the handout and the trade edition lay out side by side while other outputs are written. Each worker binds
its own edition, except for the edition the EPUB's page list follows: that one comes back unbound, with its page
map, so the EPUB follows the pages while another worker binds the PDF. Every result is kept in the content cache,
by a hash of all that made it, and taken from there when nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Protocol, TypeVar

from octavo.core.cache import Cache, digest, files_digest
from octavo.core.identity import time_for_cache
from octavo.core.workers import Outcome, Workers
from octavo.editions.base import RenderContext
from octavo.editions.cover import own_cover
from octavo.editions.epub.edition import epub_bytes
from octavo.editions.print.profiles import Profile, chosen_profile, page_list_profile
from octavo.editions.print.result import ChapterHandout, HandoutsResult, LaidEdition, PrintResult
from octavo.editions.web.pages import HANDOUTS, RESOURCES, WebBuilder, WebEdition, web_files
from octavo.errors import Warnings
from octavo.typesetting.pagination import PageMap

# Files of a book an edition reads while it is made (pictures, a print stylesheet and its fonts, Word files'
# pictures): their contents are part of the print and EPUB keys. A link that leads out of the book is never read.
ASSET_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".css", ".otf", ".ttf", ".woff", ".woff2",
                  ".docx"}


@dataclass
class EpubResult:
    """The EPUB and the warnings made while making it."""

    epub: bytes
    warnings: list[str]


class WithWarnings(Protocol):
    """A result the cache keeps together with the warnings its making gave."""

    warnings: list[str]


R = TypeVar("R", bound=WithWarnings)


class Editions:
    """Print editions by profile (their PDFs and page maps), the EPUB and the web pages, each made once."""

    def __init__(self, context: RenderContext, cache: Cache | None = None, workers: Workers | None = None) -> None:
        self.context = context
        self.cache = cache or Cache(None)
        self.workers = workers or Workers()
        self._printing: dict[Profile, Outcome[LaidEdition | PrintResult]] = {}
        self._binding: dict[Profile, tuple[LaidEdition, Outcome[PrintResult]]] = {}
        self._print: dict[Profile, PrintResult] = {}
        self._epub: bytes | None = None
        self._web: dict[bool, tuple[WebEdition, list[tuple[str, bytes]]]] = {}
        self._handouts: list[ChapterHandout] | None = None

    def profile(self, name: str = "") -> Profile:
        """The print profile `name`, else the one the command line or book.yaml chose, on the chosen paper."""
        return chosen_profile(self.context.settings.print, self.context.options, name)

    def page_list_profile(self) -> Profile | None:
        """The print edition whose pages the EPUB's page list follows (book.yaml's `epub: page_list:`), if any."""
        return page_list_profile(self.context.settings, self.context.options)

    @cached_property
    def _assets(self) -> str:
        """The hash of the book's pictures, stylesheets, fonts and Word files."""
        folder = self.context.folder
        return files_digest((path for path in folder.rglob("*") if path.suffix.lower() in ASSET_SUFFIXES
                             and path.is_file() and path.resolve().is_relative_to(folder)), folder)

    @cached_property
    def _content(self) -> str:
        """The hash of what every edition is made from: the manuscript, its typesetting and the book's assets."""
        return digest(self.context.book, self.context.typeset, self._assets, time_for_cache())

    def _pieces_key(self, profile: Profile) -> str:
        """What a profile's pieces are laid out with besides their HTML: the assets, profile and book stylesheet.

        Not the rest of `print:`: the paper thickness shapes only the cover wrap, and the handouts' numbering
        reaches a piece through its first folio.
        """
        return digest(self._assets, profile, self.context.settings.print.stylesheet, time_for_cache())

    def _print_job(self, profile: Profile) -> Outcome[LaidEdition | PrintResult]:
        """Lay out a profile's edition in a worker, its pieces cached by what layout reads besides their HTML.

        The worker binds it too, except the edition the EPUB's page list follows: that one comes back unbound, so
        the EPUB can follow its pages while another worker binds it.
        """
        unbound = profile == self.page_list_profile()
        return self.workers.submit(_printed_edition, self.context, profile, self.cache, self._pieces_key(profile),
                                   not unbound)

    def _print_key(self, profile: Profile) -> str:
        """The cache key of a profile's print edition."""
        return self.cache.key("print", self._content, profile, self.context.settings.print)

    def start(self, profiles: Iterable[Profile]) -> None:
        """Begin laying out these print editions now, in parallel, unless the cache has them."""
        if not self.workers.parallel:
            return
        for profile in dict.fromkeys(profiles):
            if profile in self._print or profile in self._printing or profile in self._binding:
                continue
            cached = self.cache.load("print", self._print_key(profile), PrintResult)
            if cached is not None:
                self._print[profile] = self._kept(cached)
            else:
                self._printing[profile] = self._print_job(profile)

    def _kept(self, result: PrintResult) -> PrintResult:
        """A print result taken in: its warnings join the build's."""
        self.context.warnings.items.extend(result.warnings)
        return result

    def _paged(self, profile: Profile) -> LaidEdition | PrintResult:
        """The profile's edition as soon as its pages are known: laid out and binding in a worker, or whole."""
        if profile in self._binding:
            return self._binding[profile][0]
        outcome = self._printing.pop(profile, None)
        if outcome is None:
            return self._printed(profile)
        made = outcome.result()
        if isinstance(made, PrintResult):  # bound by its worker
            self.cache.store("print", self._print_key(profile), made)
            self._print[profile] = self._kept(made)
        else:
            self._binding[profile] = made, self.workers.submit(_bound_edition, made)
        return made

    def _printed(self, profile: Profile) -> PrintResult:
        """The profile's print edition, bound: from the cache, from its workers, or laid out and bound here."""
        if profile in self._printing:
            self._paged(profile)
        if profile not in self._print:
            key = self._print_key(profile)
            binding = self._binding.pop(profile, None)
            if binding is None:  # not started early: from the cache, or laid out and bound now
                result = self.cache.made("print", key, PrintResult, lambda: self._whole(self._print_job(profile)))
            else:  # started after the cache had nothing
                result = binding[1].result()
                self.cache.store("print", key, result)
            self._print[profile] = self._kept(result)
        return self._print[profile]

    def _whole(self, outcome: Outcome[LaidEdition | PrintResult]) -> PrintResult:
        """A print job's edition, bound in a worker if it came back unbound."""
        made = outcome.result()
        return made if isinstance(made, PrintResult) else self.workers.submit(_bound_edition, made).result()

    def finish(self) -> None:
        """Wait for every edition still laying out or binding, and keep it (its warnings join the build's)."""
        for profile in [*self._printing, *self._binding]:
            self._printed(profile)

    def pdf(self, profile: Profile) -> bytes:
        """The profile's PDF (the cartridge carries the handout too)."""
        return self._printed(profile).pdf

    def page_map(self) -> PageMap | None:
        """Where the pages of the print edition the EPUB follows begin."""
        profile = self.page_list_profile()
        return None if profile is None else self._paged(profile).page_map

    def handouts(self) -> list[ChapterHandout]:
        """A handout PDF per chapter, numbered as the book's handout edition (laid out first) or from 1."""
        if self._handouts is None:
            profile = self.profile("handout")
            pages = self._paged(profile).chapter_pages
            chapters = [chapter.id for chapter in self.context.book.chapters()]
            shares = max(1, min(2, len(chapters))) if self.workers.parallel else 1
            jobs = [self.workers.submit(_chapter_handouts, self.context, profile, self.cache,
                                        self._pieces_key(profile), pages, chapters[share::shares])
                    for share in range(shares)]
            results = [job.result() for job in jobs]
            made = sorted((handout for result in results for handout in result.handouts),
                          key=lambda handout: chapters.index(handout.chapter))
            for result in results:
                self.context.warnings.items.extend(result.warnings)
            self._handouts = made
        return self._handouts

    def kept(self, kind: str, made: type[R], make: Callable[[Warnings], R], *parts: object, whole: bool = True) -> R:
        """A result of `kind` from the cache, or made now (given its own warnings) and kept; its warnings join ours.

        Its key is the whole manuscript's with `parts`; with `whole=False`, only the book's assets, the build time
        and `parts`, for a result that reads little of the book (the cover wrap: its metadata and measures).
        """
        content = self._content if whole else digest(self._assets, time_for_cache())
        result = self.cache.made(kind, self.cache.key(kind, content, *parts), made, lambda: make(Warnings()))
        self.context.warnings.items.extend(result.warnings)
        return result

    def epub(self) -> bytes:
        """The EPUB, made once (the cartridge carries it too)."""
        if self._epub is None:
            page_map = self.page_map()

            def make(warnings: Warnings) -> EpubResult:
                return EpubResult(epub_bytes(replace(self.context, warnings=warnings), page_map), warnings.items)

            self._epub = self.kept("epub", EpubResult, make, page_map, self.context.settings.cover).epub
        return self._epub

    def web(self, scorm: bool = False) -> tuple[WebEdition, list[tuple[str, bytes]]]:
        """The web pages with the print-page markers (SCORM: no contents or part pages) and every file they need."""
        if scorm not in self._web:
            handouts = self.handouts() if self.context.options.chapter_handouts else []
            edition = WebBuilder(self.context.book, self.context.typeset, scorm=scorm, page_map=self.page_map(),
                                 cover=own_cover(self.context.settings),
                                 handouts={handout.chapter: handout.name for handout in handouts}).build()
            files = web_files(self.context.folder, edition)
            files += [(f"{RESOURCES}/{HANDOUTS}/{handout.name}", handout.pdf) for handout in handouts]
            self._web[scorm] = edition, files
        return self._web[scorm]


def _chapter_handouts(context: RenderContext, profile: Profile, cache: Cache, pieces: str, pages: dict[str, int],
                      chosen: list[str]) -> HandoutsResult:
    """Lay out some chapters' handouts (a job for a worker process)."""
    from octavo.editions.print.handouts import chapter_handouts  # WeasyPrint loads only when something lays out

    return chapter_handouts(context, profile, cache, pieces, pages, chosen)


def load_layout() -> None:
    """Import WeasyPrint and Octavo's patches to it now (processes forked later inherit them); a failure waits.

    Run beside typesetting; if the import fails, nothing is said here: the layout imports it again and reports.
    """
    try:
        from octavo.editions.print import edition  # noqa: F401
    except Exception:  # noqa: BLE001, S110 - the layout's own import raises it where it can be reported
        pass


def _printed_edition(context: RenderContext, profile: Profile, cache: Cache, pieces: str,
                     bind: bool) -> LaidEdition | PrintResult:
    """Lay out and write the pieces of one print edition, and bind them if asked (a job for a worker process)."""
    # Imported here: WeasyPrint takes about a second to load, and a build whose editions are all kept never needs it.
    from octavo.editions.print.edition import bound_edition, printed

    laid = printed(context, profile, cache, pieces)
    return bound_edition(laid) if bind else laid


def _bound_edition(laid: LaidEdition) -> PrintResult:
    """Bind a laid-out print edition into one PDF (a job for a worker process)."""
    from octavo.editions.print.edition import bound_edition

    return bound_edition(laid)
