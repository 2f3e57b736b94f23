"""Run the field's own EPUB checkers, EPUBCheck and Ace by DAISY, and read their reports (from octavo.check.epub)."""

from __future__ import annotations

from octavo.check.epub import ace_violations, run_ace, run_epubcheck

__all__ = ["ace_violations", "run_ace", "run_epubcheck"]
