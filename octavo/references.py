"""The book's references: CSL JSON or BibTeX, checked, and a CSL entry for each source."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from octavo.errors import BookError
from octavo.pandoc import run_pandoc


def load_references(path: Path, shown_as: str) -> list[dict[str, Any]]:
    """Read a CSL JSON (.json) or BibTeX (.bib) file into CSL JSON entries."""
    if not path.is_file():
        raise BookError("is missing", "create it or change `bibliography:` in book.yaml", shown_as)
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in (".bib", ".bibtex"):
        text = run_pandoc(["--from", "bibtex", "--to", "csljson"], stdin=text, shown_as=shown_as)
    elif path.suffix.lower() != ".json":
        raise BookError("is neither CSL JSON (.json) nor BibTeX (.bib)", "convert it to one of them", shown_as)
    try:
        entries = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BookError(f"is not valid JSON ({exc.msg})", "fix the JSON", shown_as, exc.lineno) from exc
    if not isinstance(entries, list):
        raise BookError("must be a JSON list of references", "wrap the entries in [ ]", shown_as, 1)
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not entry.get("id"):
            raise BookError(f"reference {number} has no `id`", "give it the key the book cites it by", shown_as)
        if not entry.get("type"):
            entry["type"] = "document"
        if entry["id"] in seen:
            raise BookError(f"reference id {entry['id']!r} is used twice", "give each reference its own id", shown_as)
        seen.add(str(entry["id"]))
    return entries


def reference_ids(references: list[dict[str, Any]]) -> set[str]:
    """The ids of the references."""
    return {str(entry["id"]) for entry in references}


def references_json(references: list[dict[str, Any]]) -> str:
    """The references as stable, readable CSL JSON."""
    ordered = sorted(references, key=lambda entry: str(entry["id"]))
    return json.dumps(ordered, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
