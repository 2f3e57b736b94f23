"""The book's language through Babel: a tag's fallbacks, plural categories, dates as the locale writes them."""

from __future__ import annotations

import datetime
import re

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton

W3C_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
"""CLDR's plural categories; every language has `other`."""


def language_tags(tag: str) -> list[str]:
    """The tag and those it falls back to, most particular first: `fr-CA` gives `fr-ca`, then `fr`."""
    subtags = [part for part in tag.strip().replace("_", "-").lower().split("-") if part]
    return ["-".join(subtags[:count]) for count in range(len(subtags), 0, -1)]


def _locale(language: str) -> Locale:
    """Babel's locale for a language tag, English when Babel does not know it."""
    for tag in language_tags(language):
        try:
            return Locale.parse(tag, sep="-")
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en")


def plural_category(language: str, count: int) -> str:
    """The CLDR plural category of `count` in the language: `one` for 1 in English, for 0 and 1 in French."""
    return str(_locale(language).plural_form(count))


def written_date(text: str, language: str) -> str:
    """A date as the language writes it (`2026-03-01` is `1 mars 2026` in French); a year or other text stays as is."""
    found = W3C_DATE.match(text.strip())
    if found is None or found.group(2) is None:
        return text
    year, month, day = int(found.group(1)), int(found.group(2)), int(found.group(3) or 1)
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        return text
    locale = _locale(language)
    return format_date(date, "long", locale=locale) if found.group(3) else format_skeleton("yMMMM", date,
                                                                                           locale=locale)
