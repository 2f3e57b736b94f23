"""Boilerplate rules for captured pages, kept as data and overridable per book, run by a linear-time engine (RE2)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import re2

from octavo.core.keys import check_keys
from octavo.core.resources import DATA
from octavo.core.yamlfile import line_of, load_yaml
from octavo.errors import BookError

DEFAULT_RULES = DATA / "boilerplate.yaml"
ROLES = ("separator", "drop")
FILE_KEYS = {"rules", "markers", "disable"}
RULE_KEYS = {"id", "pattern", "role"}


class Pattern(Protocol):
    """A compiled rule: RE2's, which takes time linear in the line whatever the pattern."""

    def fullmatch(self, text: str) -> object:
        """A match of the whole text, or None."""


@dataclass(frozen=True)
class Rule:
    """One boilerplate rule: an id, a whole-line pattern and what the line is."""

    id: str
    pattern: Pattern
    role: str


@dataclass
class Boilerplate:
    """The rules and page markers in force for one book."""

    rules: list[Rule]
    markers: dict[str, Pattern]

    def match(self, line: str) -> Rule | None:
        """The rule a line is boilerplate under, if any."""
        text = line.strip()
        for rule in self.rules:
            if rule.pattern.fullmatch(text):
                return rule
        return None

    def is_marker(self, name: str, line: str) -> bool:
        """Whether a line is the named page marker (e.g. quick-answer)."""
        pattern = self.markers.get(name)
        return bool(pattern and pattern.fullmatch(line.strip()))


def _compile(pattern: Any, shown_as: str, line: int | None) -> Pattern:
    """Compile a rule's pattern with RE2 (ignoring case), naming the file and line if it is broken or cannot run so."""
    if not isinstance(pattern, str) or not pattern:
        raise BookError("a rule needs a `pattern` text", "add `pattern: ...`", shown_as, line)
    try:
        re.compile(pattern, re.IGNORECASE)
    except (re.error, RecursionError, OverflowError) as exc:
        raise BookError(
            f"the pattern {pattern!r} is not a valid regular expression ({exc})",
            "fix the pattern",
            shown_as,
            line,
        ) from exc
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    try:
        compiled: Pattern = re2.compile(pattern, options)  # re2 has no type hints
        return compiled
    except re2.error as exc:
        reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise BookError(
            f"the pattern {pattern!r} cannot be run in time linear in the line ({reason})",
            "rewrite it without backreferences (\\1), lookaround ((?=, (?!, (?<=, (?<!) or counts over 1000: "
            "rules run on RE2, which never backtracks, so no rule can hang the build",
            shown_as,
            line,
        ) from exc


def _merge(base: Boilerplate, data: Any, shown_as: str) -> Boilerplate:
    """Apply one rules file on top of another."""
    if not isinstance(data, dict):
        raise BookError("must be a mapping with `rules:`", "see the README for the form", shown_as)
    check_keys(data, FILE_KEYS, shown_as, "a boilerplate file")
    rules = {rule.id: rule for rule in base.rules}
    for entry in data.get("rules") or []:
        line = line_of(entry)
        if isinstance(entry, dict):  # first, so a misspelt required key is named
            check_keys(entry, RULE_KEYS, shown_as, "a rule")
        if not isinstance(entry, dict) or not entry.get("id"):
            raise BookError("each rule needs an `id`", "add `id: a-short-name`", shown_as, line)
        role = entry.get("role", "drop")
        if role not in ROLES:
            raise BookError(f"role {role!r} is not known", "use separator or drop", shown_as, line)
        rules[str(entry["id"])] = Rule(str(entry["id"]), _compile(entry.get("pattern"), shown_as, line), role)
    for rule_id in data.get("disable") or []:
        if rule_id not in rules:
            raise BookError(f"cannot disable unknown rule {rule_id!r}", "check the id", shown_as, line_of(data))
        del rules[rule_id]
    markers = dict(base.markers)
    if base.markers and isinstance(data.get("markers"), dict):  # a book redefines the default file's markers only
        check_keys(data["markers"], base.markers, shown_as, "`markers:`")
    for name, pattern in (data.get("markers") or {}).items():
        markers[str(name)] = _compile(pattern, shown_as, line_of(data.get("markers")) or line_of(data))
    return Boilerplate(list(rules.values()), markers)


def load_boilerplate(book_file: Path | None = None, shown_as: str = "") -> Boilerplate:
    """The default rules, with the book's own file applied on top when it has one."""
    rules = _merge(Boilerplate([], {}), load_yaml(DEFAULT_RULES, "octavo/data/boilerplate.yaml"), "boilerplate.yaml")
    if book_file is not None:
        rules = _merge(rules, load_yaml(book_file, shown_as), shown_as)
    return rules
