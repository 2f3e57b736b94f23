"""The words every edition generates, in the book's language: the shipped language files and book.yaml's `labels:`.

Each language is one YAML file in octavo/data/languages/ (en.yaml is complete; the others fall back to it label
by label). A label is a text with `{fields}` the build fills in, a mapping of CLDR plural categories for a label
that counts, or (`ordinals`) a list of words. `book_labels` is the one place that builds a book's label set.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from octavo.core.keys import check_keys
from octavo.core.language import PLURAL_CATEGORIES, language_tags, plural_category, written_date
from octavo.core.resources import DATA
from octavo.core.yamlfile import line_of, load_yaml
from octavo.errors import BookError, Warnings
from octavo.manuscript import BookMetadata

Label = str | list[str] | dict[str, str]
"""A text, a text for each plural category, or a list of words."""

LANGUAGES = DATA / "languages"
FALLBACK = "en"
BOOK_FILE = "book.yaml"
# Labels a language may give that English does not: parts numbered in words ("Première partie").
NUMBERED_IN_WORDS = {"part_ordinal": "{ordinal} part", "ordinals": ""}
# Fields the build fills in beyond those the English text shows.
MORE_FIELDS = {"part": {"number"}, "part_ordinal": {"ordinal", "roman", "number"}}
NUMERALS = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
            (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


@functools.cache
def shipped(language: str) -> dict[str, Label]:
    """The labels of one shipped language file."""
    loaded: dict[str, Label] = yaml.safe_load((LANGUAGES / f"{language}.yaml").read_text(encoding="utf-8"))
    return loaded


def shipped_languages() -> list[str]:
    """The languages Octavo has labels for."""
    return sorted(path.stem for path in LANGUAGES.glob("*.yaml"))


def catalogue_language(tag: str) -> str | None:
    """The shipped language for a book's language tag (`fr-CA` falls back to `fr`), or None."""
    known = shipped_languages()
    return next((candidate for candidate in language_tags(tag) if candidate in known), None)


def label_names() -> frozenset[str]:
    """Every label a book may set: English's, and the part-numbering words other languages may give."""
    return frozenset(shipped(FALLBACK)) | frozenset(NUMBERED_IN_WORDS)


def _fields(text: str) -> set[str]:
    """The `{fields}` of a label's text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def allowed_fields(name: str) -> set[str]:
    """The fields the build fills in for a label."""
    english = shipped(FALLBACK).get(name, NUMBERED_IN_WORDS.get(name, ""))
    texts = english.values() if isinstance(english, dict) else [english] if isinstance(english, str) else []
    found = set(MORE_FIELDS.get(name, set()))
    for text in texts:
        found |= _fields(text)
    return found | ({"count"} if isinstance(english, dict) else set())


def roman(number: int) -> str:
    """A number in lower-case roman numerals (folios of the front matter; parts take them in capitals)."""
    text = ""
    for value, letters in NUMERALS:
        count, number = divmod(number, value)
        text += letters * count
    return text


@dataclass(frozen=True)
class Labels:
    """A book's labels: the shipped language's words under the book's own, and the language they are written in."""

    language: str
    texts: Mapping[str, Label]

    def text(self, name: str, **fields: object) -> str:
        """A label with its fields filled in."""
        value = self.texts[name]
        assert isinstance(value, str), f"label {name!r} is not a text"
        return value.format(**fields) if fields else value

    def count(self, name: str, count: int, **fields: object) -> str:
        """A label that counts, in the plural category `count` takes in the labels' language."""
        value = self.texts[name]
        forms = value if isinstance(value, dict) else {"other": str(value)}
        form = forms.get(plural_category(self.language, count)) or forms["other"]
        return form.format(count=count, **fields)

    def part(self, number: int) -> str:
        """A part's label: `Part IV`, `Quatrième partie`."""
        ordinals = self.texts.get("ordinals")
        if "part_ordinal" in self.texts and isinstance(ordinals, list) and number <= len(ordinals):
            return self.text("part_ordinal", ordinal=ordinals[number - 1], roman=roman(number).upper(),
                             number=number)
        return self.text("part", roman=roman(number).upper(), number=number)

    def date(self, text: str) -> str:
        """A date from book.yaml as the labels' language writes it."""
        return written_date(text, self.language)

    @property
    def words(self) -> dict[str, str]:
        """The labels that are plain texts, for templates."""
        return {name: value for name, value in self.texts.items() if isinstance(value, str)}


def book_labels(language: str, overrides: Mapping[str, Label]) -> Labels:
    """The labels of a book in `language` (English when Octavo has none for it), with the book's own on top."""
    chosen = catalogue_language(language) or FALLBACK
    texts: dict[str, Label] = {**shipped(FALLBACK), **shipped(chosen), **overrides}
    if "part" in overrides and "part_ordinal" not in overrides:
        texts.pop("part_ordinal", None)  # the book numbers its parts as its own `part:` says
    return Labels(chosen, texts)


def _checked_text(name: str, value: Any, shown_as: str, line: int | None) -> str:
    """One text of a label, its fields those the build fills in."""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise BookError(f"label {name!r} must be a text", f"write `{name}: ...` under `labels:`", shown_as, line)
    text = str(value)
    allowed = allowed_fields(name)
    try:
        fields = _fields(text)
        text.format(**dict.fromkeys(fields, ""))
    except (ValueError, IndexError, KeyError):
        fields = {"?"}
    unknown = sorted(fields - allowed)
    if unknown:
        use = f"use {', '.join('{' + f + '}' for f in sorted(allowed))}" if allowed else "it takes no {fields}"
        raise BookError(f"label {name!r} has {{{unknown[0]}}}, which the build does not fill in",
                        f"{use}, and write a brace as {{{{ or }}}}", shown_as, line)
    return text


def _checked(name: str, value: Any, shown_as: str, line: int | None) -> Label:
    """One label of book.yaml, in the shape its English label has."""
    english = shipped(FALLBACK).get(name)
    if name == "ordinals":
        if not isinstance(value, list) or not all(isinstance(word, str) and word.strip() for word in value):
            raise BookError("label 'ordinals' must list the words that number parts",
                            "write `ordinals: [First, Second, Third]`", shown_as, line)
        return [str(word) for word in value]
    if isinstance(english, dict) and isinstance(value, dict):
        check_keys(value, PLURAL_CATEGORIES, shown_as, f"label {name!r}")
        if "other" not in value:
            raise BookError(f"label {name!r} has no `other:` form", "add `other:`, the form most numbers take",
                            shown_as, line)
        return {form: _checked_text(name, text, shown_as, line_of(value, form)) for form, text in value.items()}
    return _checked_text(name, value, shown_as, line)


def check_labels(section: Any, shown_as: str, line: int | None) -> dict[str, Label]:
    """book.yaml's `labels:`, each a label Octavo has, in its shape, with only the fields the build fills in."""
    if section is None:
        return {}
    if not isinstance(section, dict):
        raise BookError("`labels:` must be a mapping", "write `labels:` then `contents: ...` on the next line",
                        shown_as, line)
    check_keys(section, label_names(), shown_as, "`labels:`")
    return {name: _checked(name, value, shown_as, line_of(section, name)) for name, value in section.items()}


def warn_untranslated(folder: Path, metadata: BookMetadata, warnings: Warnings) -> None:
    """Warn, at book.yaml's `language:`, when the editions' generated words fall back to English."""
    if catalogue_language(metadata.language) is not None or set(shipped(FALLBACK)) <= set(metadata.labels):
        return
    line = line_of(load_yaml(folder / BOOK_FILE, BOOK_FILE), "language")
    warnings.add(f"Octavo has no labels in {metadata.language!r} (it has {', '.join(shipped_languages())}), so "
                 "the words the editions generate (Contents, Index, Notes, Part I…) are in English — write them in "
                 "book.yaml's `labels:` (e.g. `labels: {contents: ...}`; the names are those of Octavo's en.yaml), "
                 "or give a language Octavo has", BOOK_FILE, line)


def labels_of(metadata: BookMetadata) -> Labels:
    """The labels of the book `metadata` describes: its language's, with book.yaml's own on top."""
    return book_labels(metadata.language, metadata.labels)
