"""Citations and editorial notes that the editor anchors to words of the text, from data files."""

from __future__ import annotations

from pathlib import Path

from octavo.core.keys import check_keys
from octavo.core.yamlfile import line_of, load_yaml
from octavo.errors import BookError
from octavo.manuscript import Book, EditorialRecord, Note, Provenance
from octavo.transforms.anchors import after_closing, find_anchor, insert_at

CITATION_KEYS = {"anchor", "cite", "locator"}
NOTE_KEYS = {"anchor", "note"}


def _entries(path: Path, shown_as: str, keys: set[str], required: tuple[str, ...], what: str) -> list[dict]:
    """Read a list of mappings with the given keys (`what` names one entry in messages)."""
    data = load_yaml(path, shown_as) or []
    if not isinstance(data, list):
        raise BookError("must be a list", f"write `- {required[0]}: ...` entries", shown_as, 1)
    for entry in data:
        line = line_of(entry)
        if isinstance(entry, dict):  # first, so a misspelt required key is named
            check_keys(entry, keys, shown_as, what)
        if not isinstance(entry, dict) or any(not str(entry.get(k) or "").strip() for k in required):
            raise BookError(f"each entry needs {' and '.join(required)}", "add them", shown_as, line)
    return data


def apply_citations(book: Book, path: Path, shown_as: str, known: set[str]) -> None:
    """Cite a reference right after the words that mention it (citeproc makes the note)."""
    for entry in _entries(path, shown_as, CITATION_KEYS, ("anchor", "cite"), "a citation"):
        line = line_of(entry)
        key = str(entry["cite"]).strip()
        if key not in known:
            raise BookError(f"reference {key!r} is not in the bibliography", "add it there or fix the key",
                            shown_as, line)
        spot = find_anchor(book, str(entry["anchor"]), shown_as, line)
        locator = str(entry.get("locator") or "").strip()
        citation = f" [@{key}, {locator}]" if locator else f" [@{key}]"
        insert_at(spot.block, spot.end, citation)
        book.log.append(EditorialRecord("citation", f"@{key} after {entry['anchor']!r}", spot.block.provenance,
                                        spot.chapter.id))


def apply_editorial_notes(book: Book, path: Path, shown_as: str) -> None:
    """Call an editor's note after the anchored words (and any punctuation closing them)."""
    editorial: dict[int, int] = {}  # editorial notes so far in each chapter, counted once rather than per entry
    for entry in _entries(path, shown_as, NOTE_KEYS, ("anchor", "note"), "an editorial note"):
        line = line_of(entry)
        spot = find_anchor(book, str(entry["anchor"]), shown_as, line)
        key = id(spot.chapter)
        if key not in editorial:
            editorial[key] = sum(1 for n in spot.chapter.notes if n.kind == "editorial")
        editorial[key] += 1
        note_id = f"e{editorial[key]}"
        insert_at(spot.block, after_closing(spot.block.text, spot.end), f"[^{note_id}]")
        spot.chapter.notes.append(Note(note_id, "editorial", str(entry["note"]).strip(), Provenance(shown_as, line)))
        book.log.append(EditorialRecord("editorial note", f"after {entry['anchor']!r}", spot.block.provenance,
                                        spot.chapter.id))
