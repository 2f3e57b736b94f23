"""Load the book's YAML files safely, keeping the line of every mapping for messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from octavo.errors import BookError

MAX_YAML_BYTES = 2 * 1024 * 1024
MAX_YAML_NODES = 200_000


class Mapping(dict):
    """A YAML mapping that remembers the line it started on, and the line of each key."""

    line: int | None = None
    key_lines: dict[Any, int] | None = None


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records the line of each mapping."""


def _expanded_size(node: yaml.Node, sizes: dict[int, int], limit: int) -> int:
    """How many values a node stands for once every alias is expanded (stops counting past the limit)."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    sizes[id(node)] = limit + 1  # a node that contains itself is over any limit
    total = 1
    if isinstance(node, yaml.SequenceNode):
        children = node.value
    elif isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    else:
        children = []
    for child in children:
        total += _expanded_size(child, sizes, limit)
        if total > limit:
            break
    sizes[id(node)] = total
    return total


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Mapping:
    """Build a Mapping with its start line."""
    loader.flatten_mapping(node)
    result = Mapping()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml(text: str, shown_as: str, first_line: int = 1) -> Any:
    """Parse YAML text, turning syntax errors into a BookError with the line."""
    try:
        loader = _LineLoader(text)
    except yaml.YAMLError as exc:
        raise BookError("has characters YAML does not allow", "remove control characters", shown_as,
                        first_line) from exc
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded_size(node, {}, MAX_YAML_NODES) > MAX_YAML_NODES:
            raise BookError(
                f"stands for more than {MAX_YAML_NODES:,} values once its aliases (*name) are expanded",
                "remove the repeated aliases; settings files need none",
                shown_as,
                node.start_mark.line + first_line,
            )
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + first_line if mark is not None else None
        problem = getattr(exc, "problem", None) or "is not valid YAML"
        raise BookError(
            f"YAML error: {problem}",
            "fix the YAML (check indentation, colons and quotes)",
            shown_as,
            line,
        ) from exc
    finally:
        loader.dispose()


def load_yaml(path: Path, shown_as: str) -> Any:
    """Read and parse a YAML file of the book."""
    if not path.is_file():
        raise BookError("is missing", "create it or remove its name from book.yaml", shown_as)
    if path.stat().st_size > MAX_YAML_BYTES:
        raise BookError("is too large for a settings file", "keep it under 2 MiB", shown_as)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BookError("is not UTF-8", "save it as UTF-8", shown_as) from exc
    return parse_yaml(text, shown_as)


def line_of(value: Any, key: Any = None) -> int | None:
    """The line of a key of a parsed mapping, else the line the mapping started on, if known."""
    lines = getattr(value, "key_lines", None) or {}
    if key is not None and key in lines:
        return lines[key]
    return getattr(value, "line", None)
