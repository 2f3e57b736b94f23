"""Renderers, one per output, in a name → renderer table."""

from __future__ import annotations

from octavo.renderers.base import Renderer
from octavo.renderers.epub import EpubRenderer
from octavo.renderers.imscc import CartridgeRenderer
from octavo.renderers.manuscript import ManuscriptRenderer
from octavo.renderers.pdf import PdfRenderer
from octavo.renderers.scorm12 import ScormRenderer
from octavo.renderers.web import WebRenderer

RENDERERS: dict[str, type[Renderer]] = {
    "manuscript": ManuscriptRenderer,
    "epub": EpubRenderer,
    "pdf": PdfRenderer,
    "web": WebRenderer,
    "imscc": CartridgeRenderer,
    "scorm12": ScormRenderer,
}
