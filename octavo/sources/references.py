"""The book's references: CSL JSON or BibTeX, checked, and a CSL entry for each source."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from octavo.core.pandoc import MIB, run_pandoc
from octavo.errors import BookError

MAX_REFERENCES_BYTES = 20 * MIB
# CSL JSON needs five levels at most (the list, an entry, its authors, a name; or issued, date-parts and a date).
# Deeper nesting is refused before Python's own limit (about 1,000 levels) turns it into a crash.
MAX_JSON_DEPTH = 32
# A string (valid JSON strings always close, so the scan stays linear), a bracket, or a new line.
JSON_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[\[\]{}\n]')
# A few lines of BibTeX can stand for gigabytes: `@string{b = a # a}` doubles `a`, and forty such lines make a
# terabyte. pandoc stops at its memory limit; this says where to look.
BIB_TOO_BIG = ("look for @string macros built from other macros (`@string{b = a # a}` doubles `a`) and write the "
               "text out in full, or split the file")


def _too_deep(text: str) -> int | None:
    """The line where JSON first nests deeper than MAX_JSON_DEPTH, if it does (read without recursion)."""
    depth, line = 0, 1
    for token in JSON_TOKEN.finditer(text):
        mark = token.group(0)
        if mark == "\n":
            line += 1
        elif mark in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return line
        elif mark in "]}":
            depth -= 1
    return None


def load_references(path: Path, shown_as: str) -> list[dict[str, Any]]:
    """Read a CSL JSON (.json) or BibTeX (.bib) file into CSL JSON entries."""
    if not path.is_file():
        raise BookError("is missing", "create it or change `bibliography:` in book.yaml", shown_as)
    size = path.stat().st_size
    if size > MAX_REFERENCES_BYTES:
        raise BookError(f"is {size // MIB} MiB, over the {MAX_REFERENCES_BYTES // MIB} MiB limit for the references",
                        "keep only the works the book cites", shown_as)
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in (".bib", ".bibtex"):
        text = run_pandoc(["--from", "bibtex", "--to", "csljson"], stdin=text, shown_as=shown_as, too_big=BIB_TOO_BIG)
    elif path.suffix.lower() != ".json":
        raise BookError("is neither CSL JSON (.json) nor BibTeX (.bib)", "convert it to one of them", shown_as)
    try:
        entries = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BookError(f"is not valid JSON ({exc.msg})", "fix the JSON", shown_as, exc.lineno) from exc
    except RecursionError:
        entries = None  # nested past Python's limit: _too_deep finds where
    deep = _too_deep(text)
    if deep is not None:
        raise BookError(f"nests its values more than {MAX_JSON_DEPTH} levels deep",
                        "a reference needs only a few (the list, an entry, its authors, a name): flatten it",
                        shown_as, deep)
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


ORGANISATION_WORDS = {
    "agency", "association", "board", "college", "committee", "company", "corporation", "council", "department",
    "editorial", "editors", "foundation", "group", "inc", "inc.", "institute", "library", "limited", "ltd",
    "ltd.", "media", "ministry", "museum", "news", "office", "press", "project", "school", "service", "society",
    "staff", "team", "trust", "university",
}
PARTICLES = {"da", "de", "del", "della", "den", "der", "di", "du", "la", "le", "van", "von", "zu"}
SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %Y", "%b %Y", "%d/%m/%Y")
ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?$")


def _is_organisation(name: str) -> bool:
    """A name that reads as a body (a site's staff, a society), not a person."""
    words = name.replace(",", " ").split()
    return len(words) < 2 or len(words) > 4 or any(w.lower() in ORGANISATION_WORDS for w in words) \
        or any(ch.isdigit() or ch in "&@" for ch in name)


def csl_name(name: str) -> dict[str, str]:
    """One creator as a CSL name: family and given for a person, literal for an organisation."""
    name = " ".join(name.split())
    if "," in name and not _is_organisation(name):
        family, given = (part.strip() for part in name.split(",", 1))
        return {"family": family, "given": given} if family and given else {"literal": name}
    if _is_organisation(name):
        return {"literal": name}
    words = name.split()
    suffix = words.pop() if words[-1].lower() in SUFFIXES and len(words) > 2 else ""
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    person = {"family": " ".join(words[start:]), "given": " ".join(words[:start])}
    return {**person, "suffix": suffix} if suffix else person


def csl_names(names: str | list[str]) -> list[dict[str, str]]:
    """CSL names from a list of creators, or from one string that may join several with ';' or ' and '."""
    found: list[str] = []
    for text in [names] if isinstance(names, str) else names:
        text = " ".join(str(text).split())
        if not text:
            continue
        if ";" not in text and any(word.lower() in ORGANISATION_WORDS for word in text.split()):
            found.append(text)
            continue
        found.extend(part.strip() for part in re.split(r";|\s+and\s+", text) if part.strip())
    return [csl_name(name) for name in dict.fromkeys(found)]


def csl_date(text: str) -> dict[str, Any] | None:
    """A CSL date from an ISO date (2023, 2023-04, 2023-04-18T08:30) or a written one; literal if neither."""
    text = " ".join(text.split())
    if not text:
        return None
    iso = ISO_DATE.match(text)
    if iso:
        parts = [int(group) for group in iso.groups() if group]
        if len(parts) < 2 or 1 <= parts[1] <= 12 and (len(parts) < 3 or 1 <= parts[2] <= 31):
            return {"date-parts": [parts]}
    for fmt in DATE_FORMATS:
        try:
            when = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return {"date-parts": [[when.year, when.month] + ([when.day] if "%d" in fmt else [])]}
    return {"literal": text}


def source_reference(kind: str, title: str, authors: str | list[str] = "", date: str = "", url: str = "",
                     container: str = "") -> dict[str, Any]:
    """A CSL entry for a source from what it says about itself; only the title is required."""
    entry: dict[str, Any] = {"type": kind, "title": " ".join(title.split())}
    names = csl_names(authors)
    if names:
        entry["author"] = names
    issued = csl_date(date)
    if issued:
        entry["issued"] = issued
    if url.strip():
        entry["URL"] = url.strip()
    if container.strip() and container.strip() != entry["title"]:
        entry["container-title"] = " ".join(container.split())
    return entry
