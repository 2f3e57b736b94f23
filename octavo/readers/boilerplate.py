"""Boilerplate rules for captured pages, kept as data and overridable per book."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from octavo.errors import BookError
from octavo.yamlfile import line_of, load_yaml

DEFAULT_RULES = Path(__file__).resolve().parent.parent / "data" / "boilerplate.yaml"
ROLES = ("separator", "drop")


@dataclass(frozen=True)
class Rule:
    """One boilerplate rule: an id, a whole-line pattern and what the line is."""

    id: str
    pattern: re.Pattern[str]
    role: str


@dataclass
class Boilerplate:
    """The rules and page markers in force for one book."""

    rules: list[Rule]
    markers: dict[str, re.Pattern[str]]

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


def _compile(pattern: Any, shown_as: str, line: int | None) -> re.Pattern[str]:
    """Compile a rule's pattern, naming the file and line if it is broken."""
    if not isinstance(pattern, str) or not pattern:
        raise BookError("a rule needs a `pattern` text", "add `pattern: ...`", shown_as, line)
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise BookError(
            f"the pattern {pattern!r} is not a valid regular expression ({exc})",
            "fix the pattern",
            shown_as,
            line,
        ) from exc


def _merge(base: Boilerplate, data: Any, shown_as: str) -> Boilerplate:
    """Apply one rules file on top of another."""
    if not isinstance(data, dict):
        raise BookError("must be a mapping with `rules:`", "see the README for the form", shown_as)
    unknown = set(data) - {"rules", "markers", "disable"}
    if unknown:
        raise BookError(
            f"has unknown key {sorted(unknown)[0]!r}",
            "use rules, markers or disable",
            shown_as,
            line_of(data),
        )
    rules = {rule.id: rule for rule in base.rules}
    for entry in data.get("rules") or []:
        line = line_of(entry)
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
    for name, pattern in (data.get("markers") or {}).items():
        markers[str(name)] = _compile(pattern, shown_as, line_of(data))
    return Boilerplate(list(rules.values()), markers)


def load_boilerplate(book_file: Path | None = None, shown_as: str = "") -> Boilerplate:
    """The default rules, with the book's own file applied on top when it has one."""
    rules = _merge(Boilerplate([], {}), load_yaml(DEFAULT_RULES, "octavo/data/boilerplate.yaml"), "boilerplate.yaml")
    if book_file is not None:
        rules = _merge(rules, load_yaml(book_file, shown_as), shown_as)
    return rules
