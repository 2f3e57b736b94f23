"""Read a built PDF back: text page by page (poppler), folios, and the contents page's entries (from octavo.check)."""

from __future__ import annotations

from octavo.check.folios import contents_entries, flat, folio, page_texts, text_start

__all__ = ["contents_entries", "flat", "folio", "page_texts", "text_start"]
