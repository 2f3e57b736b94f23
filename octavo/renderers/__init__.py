"""Renderers, one per output, in a name → renderer table."""

from __future__ import annotations

from octavo.renderers.base import Renderer
from octavo.renderers.epub import EpubRenderer
from octavo.renderers.manuscript import ManuscriptRenderer
from octavo.renderers.pdf import PdfRenderer

RENDERERS: dict[str, type[Renderer]] = {
    "manuscript": ManuscriptRenderer,
    "epub": EpubRenderer,
    "pdf": PdfRenderer,
}
