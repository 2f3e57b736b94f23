"""Renderers, one per output, in a name → renderer table."""

from __future__ import annotations

from octavo.editions.base import Renderer
from octavo.editions.epub.renderer import EpubRenderer
from octavo.editions.lms.cartridge import CartridgeRenderer
from octavo.editions.lms.scorm import ScormRenderer
from octavo.editions.print.renderer import PdfRenderer
from octavo.editions.review.renderer import ManuscriptRenderer
from octavo.editions.web.renderer import WebRenderer

RENDERERS: dict[str, type[Renderer]] = {
    "manuscript": ManuscriptRenderer,
    "epub": EpubRenderer,
    "pdf": PdfRenderer,
    "web": WebRenderer,
    "imscc": CartridgeRenderer,
    "scorm12": ScormRenderer,
}
