"""Load the book's YAML files safely, keeping the line of every mapping for messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from octavo.errors import BookError

MAX_YAML_BYTES = 2 * 1024 * 1024
MAX_YAML_NODES = 200_000
# Settings files need a few levels. PyYAML composes and constructs nested values recursively, so nesting about
# 1,000 deep (or a chain of aliases as long) would exhaust Python's stack; it is refused long before.
MAX_YAML_DEPTH = 64


class Mapping(dict):
    """A YAML mapping that remembers the line it started on, and the line of each key."""

    line: int | None = None
    key_lines: dict[Any, int] | None = None


class _TooDeep(Exception):
    """Raised while composing a value nested deeper than MAX_YAML_DEPTH; carries its 0-based line."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records the line of each mapping and refuses values nested too deep to compose."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        """Compose one node, counting how deep it stands."""
        self.depth += 1
        try:
            if self.depth > MAX_YAML_DEPTH:
                raise _TooDeep(self.peek_event().start_mark.line)
            # types-PyYAML says `index: int`, but PyYAML passes None (a document or a key) or a key's node too.
            return super().compose_node(parent, index)  # type: ignore[arg-type]
        finally:
            self.depth -= 1


def _children(node: yaml.Node) -> list[yaml.Node]:
    """The nodes directly inside a node (an alias is the node it names, so one node may sit in many places)."""
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _measure(root: yaml.Node, limit: int) -> tuple[int, int, yaml.Node]:
    """(values once every alias is expanded, capped past `limit`; levels; the node deepest down), without recursion."""
    done: dict[int, tuple[int, int, yaml.Node]] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        if finished:
            open_nodes.discard(id(node))
            measured = [done[id(child)] for child in _children(node)]
            size = min(limit + 1, 1 + sum(size for size, _, _ in measured))
            depth, deepest = max(((d + 1, n) for _, d, n in measured), key=lambda pair: pair[0], default=(1, node))
            done[id(node)] = (size, depth, deepest)
            continue
        if id(node) in done:
            continue
        if id(node) in open_nodes:
            return limit + 1, len(open_nodes), node  # a node that contains itself is over any limit
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in done)
    return done[id(root)]


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
        size, depth, deepest = _measure(node, MAX_YAML_NODES)
        if size > MAX_YAML_NODES:
            raise BookError(
                f"stands for more than {MAX_YAML_NODES:,} values once its aliases (*name) are expanded",
                "remove the repeated aliases; settings files need none",
                shown_as,
                node.start_mark.line + first_line,
            )
        if depth > MAX_YAML_DEPTH:
            raise _TooDeep(deepest.start_mark.line)
        return loader.construct_document(node)
    except _TooDeep as exc:
        raise BookError(f"nests values more than {MAX_YAML_DEPTH} levels deep (counting what aliases stand for)",
                        "flatten it: settings files need a few levels", shown_as, exc.line + first_line) from None
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
    lines: dict[Any, int] = getattr(value, "key_lines", None) or {}
    if key is not None and key in lines:
        return lines[key]
    line: int | None = getattr(value, "line", None)
    return line
