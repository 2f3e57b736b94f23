"""The editions stage: each format package (epub, kobo, kindle, print, web, lms, review) owns its renderer."""

from __future__ import annotations

from octavo.editions.base import Output, Renderer
from octavo.editions.epub.renderer import EpubRenderer
from octavo.editions.kindle.renderer import KindleRenderer
from octavo.editions.kobo.renderer import KepubRenderer
from octavo.editions.lms.cartridge import CartridgeRenderer
from octavo.editions.lms.scorm import ScormRenderer
from octavo.editions.print.renderer import HandoutsRenderer, PdfRenderer
from octavo.editions.review.renderer import ManuscriptRenderer
from octavo.editions.web.renderer import WebRenderer
from octavo.settings import BookSettings, BuildOptions

RENDERERS: dict[str, type[Renderer]] = {
    "manuscript": ManuscriptRenderer,
    "epub": EpubRenderer,
    "kepub": KepubRenderer,
    "kindle": KindleRenderer,
    "pdf": PdfRenderer,
    "handouts": HandoutsRenderer,
    "web": WebRenderer,
    "imscc": CartridgeRenderer,
    "scorm12": ScormRenderer,
}


def planned_outputs(formats: list[str], settings: BookSettings, options: BuildOptions) -> list[Output]:
    """Every output a build of `formats` writes, in order, planned (and its profiles checked) before any reading."""
    return [output for name in formats for output in RENDERERS[name].outputs(settings, options, formats)]
