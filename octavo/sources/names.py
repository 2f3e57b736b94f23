"""The names authority: one canonical form for each person, their variants and a line about them."""

from __future__ import annotations

import re
from pathlib import Path

from octavo.core.keys import check_keys
from octavo.core.yamlfile import line_of, load_yaml
from octavo.errors import BookError
from octavo.manuscript import Person, Provenance

PERSON_KEYS = {"name", "sort_as", "variants", "description"}


def load_names(path: Path, shown_as: str) -> list[Person]:
    """Read names.yaml into people; a variant may belong to one person only."""
    data = load_yaml(path, shown_as)
    if not isinstance(data, list):
        raise BookError("must be a list of people", "start each person with `- name: ...`", shown_as, 1)
    people: list[Person] = []
    owners: dict[str, str] = {}
    for entry in data:
        line = line_of(entry)
        if isinstance(entry, dict):  # first, so a misspelt required key is named
            check_keys(entry, PERSON_KEYS, shown_as, "a person")
        if not isinstance(entry, dict) or not entry.get("name"):
            raise BookError("each person needs a `name`", "write `- name: ...`", shown_as, line)
        name = str(entry["name"]).strip()
        variants = [str(v).strip() for v in entry.get("variants") or []]
        for variant in [name, *variants]:
            key = name_key(variant)
            if key in owners and owners[key] != name:
                raise BookError(
                    f"the name {variant!r} is given to both {owners[key]} and {name}",
                    "keep each variant under one person",
                    shown_as,
                    line,
                )
            owners[key] = name
        sort_as = str(entry.get("sort_as") or _sort_form(name))
        people.append(Person(name, sort_as, variants, str(entry.get("description") or "").strip(),
                             Provenance(shown_as, line)))
    return people


def _sort_form(name: str) -> str:
    """`Family, Given` from `Given Family`."""
    words = name.split()
    return f"{words[-1]}, {' '.join(words[:-1])}" if len(words) > 1 else name


def name_key(text: str) -> str:
    """A form of a name for matching: lower case, no spaces, underscores or dots."""
    return re.sub(r"[\s_.\-]+", "", text.lower())


def canonical(people: list[Person], text: str) -> str | None:
    """The canonical name a variant stands for, if any."""
    key = name_key(text)
    for person in people:
        if key in {name_key(v) for v in [person.name, *person.variants]}:
            return person.name
    return None
