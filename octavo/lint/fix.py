"""`lint --fix`: the safe findings proposed as new entries at the end of the book's corrections.yaml."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import yaml

from octavo.core.yamlfile import parse_yaml
from octavo.errors import BookError
from octavo.lint.findings import Finding, Fix
from octavo.settings import BookSettings
from octavo.transforms.corrections import load_corrections

EMPTY_LIST = re.compile(r"^[ \t]*\[[ \t]*\][ \t]*(?:#.*)?$\n?", re.MULTILINE)


def _entry(finding: Finding, fix: Fix) -> str:
    """One proposed correction, with the comment that says lint proposed it."""
    reason = f"{finding.code}: {finding.message} (proposed by lint)"
    entry = {"find": fix.find, "replace": fix.replace, "reason": reason}
    comment = f"# Proposed by `lint --fix` for {finding.code} at {finding.where}: review it, then keep or delete it.\n"
    return comment + yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=10_000)


def _write(path: Path, text: str) -> None:
    """Replace a file's text in one rename, so an interrupted write leaves the old file whole."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def propose_corrections(settings: BookSettings, findings: list[Finding]) -> list[Finding]:
    """Append a correction for each fixable finding whose word the file does not correct yet; the findings fixed.

    Existing entries and comments are kept as they are; an empty `[]` (as `init` writes it) gives way to the list.
    """
    corrections = settings.data_file("corrections")
    if corrections is None:
        raise BookError("names no corrections file, so `lint --fix` has nowhere to propose corrections",
                        "add `corrections: corrections.yaml` to book.yaml (an empty file will do), then run it again",
                        "book.yaml")
    path, shown_as = corrections.path, corrections.shown_as
    text = path.read_text(encoding="utf-8-sig") if path.exists() else ""
    existing = load_corrections(path, shown_as) if text.strip() else []
    have = {correction.find for correction in existing}
    chosen: dict[str, tuple[Finding, Fix]] = {}
    for finding in findings:
        if finding.fix is not None and finding.fix.find not in have:
            chosen.setdefault(finding.fix.find, (finding, finding.fix))
    if not chosen:
        return []
    body = EMPTY_LIST.sub("", text, count=1) if not existing else text
    if body.strip() and not body.endswith("\n"):
        body += "\n"
    new_text = body + ("\n" if body.strip() else "") + "\n".join(_entry(*pair) for pair in chosen.values())
    wanted = [(c.find, c.replace) for c in existing] + [(fix.find, fix.replace) for _, fix in chosen.values()]
    if _pairs(new_text, shown_as) != wanted:
        raise BookError("is not a list of `- find:` entries that lint can add to",
                        "write its corrections one per `- find: ...` line (not in [ ] brackets), then run it again",
                        shown_as, 1)
    _write(path, new_text)
    return [finding for finding in findings if finding.fix is not None and finding.fix.find in chosen]


def _pairs(text: str, shown_as: str) -> list[tuple[str, str]] | None:
    """The (find, replace) pairs a corrections file's text holds, or None if it is not a list of them."""
    try:
        parsed = parse_yaml(text, shown_as) or []
    except BookError:
        return None
    if not isinstance(parsed, list) or not all(isinstance(entry, dict) for entry in parsed):
        return None
    return [(str(entry.get("find")), str(entry.get("replace"))) for entry in parsed]
