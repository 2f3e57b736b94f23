"""Fixes to WeasyPrint applied at run time, only to the version they were written for (patches/ holds the diffs)."""

from __future__ import annotations

import importlib
import inspect
import os
import warnings
from dataclasses import dataclass
from types import FunctionType

import weasyprint

# patches/weasyprint-70-footnotes.diff: the footnotes waiting to be laid out were a list, and every line of the
# document asked `footnote in context.footnotes` of each of its descendants (most of them `None`, which scans the
# whole list); laying a footnote out removed it from the front of that list. A dict used as an ordered set makes
# both constant-time, so a chapter with thousands of notes no longer lays out in time that grows with their square.
KNOWN_VERSION = "70.0"


@dataclass(frozen=True)
class Change:
    """One line of one WeasyPrint function replaced by another, as in the upstream diff."""

    module: str
    owner: str
    function: str
    old: str
    new: str


FOOTNOTES_AS_SET = (
    Change("weasyprint.layout", "LayoutContext", "__init__",
           "        self.footnotes = []\n",
           "        self.footnotes = {}  # Used as an ordered set: membership and removal in constant time\n"),
    Change("weasyprint.layout", "LayoutContext", "layout_footnote",
           "        self.footnotes.remove(footnote)\n",
           "        del self.footnotes[footnote]\n"),
    Change("weasyprint.layout", "LayoutContext", "unlayout_footnote",
           "            self.footnotes.append(footnote)\n",
           "            self.footnotes[footnote] = None\n"),
    Change("weasyprint.layout.page", "", "make_page",
           "        context.footnotes.append(reported_footnote)\n",
           "        context.footnotes[reported_footnote] = None\n"),
    Change("weasyprint.formatting_structure.build", "", "element_to_box",
           "            footnotes.append(footnote)\n",
           "            footnotes[footnote] = None\n"),
)


class PatchMismatch(Exception):
    """WeasyPrint's source is not what a patch was written against."""


def holder(change: Change) -> object:
    """The module or class that holds the function a change patches."""
    module = importlib.import_module(change.module)
    return getattr(module, change.owner) if change.owner else module


def original(change: Change) -> FunctionType:
    """The function a change patches, as WeasyPrint ships it (even after patching)."""
    function: FunctionType = vars(holder(change))[change.function]
    unpatched: FunctionType = getattr(function, "__octavo_original__", function)
    return unpatched


def patched(changes: list[Change]) -> FunctionType:
    """One function with its changes made, compiled from WeasyPrint's own source so line numbers stay true."""
    function = original(changes[0])
    if function.__code__.co_freevars:
        raise PatchMismatch(f"{changes[0].module}.{function.__qualname__} has become a closure")
    lines, first = inspect.getsourcelines(function)
    source = "".join(lines)
    for change in changes:
        if source.count(change.old) != 1:
            raise PatchMismatch(f"{change.module}.{function.__qualname__} no longer holds {change.old.strip()!r}")
        source = source.replace(change.old, change.new)
    indented = source[:1].isspace()
    # A method's source is indented: an `if True:` block takes it as it is, on the same line numbers as the file.
    padding = "\n" * (first - 1 - indented) + ("if True:\n" if indented else "")
    code = compile(padding + source, inspect.getsourcefile(function) or "", "exec", dont_inherit=True)
    namespace: dict[str, object] = {}
    exec(code, function.__globals__, namespace)  # noqa: S102 - WeasyPrint's own source with lines changed
    made = namespace[changes[0].function]
    if not isinstance(made, FunctionType):
        raise PatchMismatch(f"{changes[0].module}.{function.__qualname__} did not compile to a function")
    made.__qualname__ = function.__qualname__
    made.__octavo_original__ = function  # type: ignore[attr-defined]
    return made


def apply_patches(changes: tuple[Change, ...] = FOOTNOTES_AS_SET) -> str:
    """Apply every change, or none (with a warning) if the version or a source line is not the one expected."""
    if os.environ.get("OCTAVO_NO_PATCHES"):
        return "not applied: OCTAVO_NO_PATCHES is set"
    if weasyprint.__version__ != KNOWN_VERSION:
        status = (f"not applied: WeasyPrint {weasyprint.__version__} is not {KNOWN_VERSION}, the version Octavo's "
                  "layout fixes were written for; pages with many footnotes may lay out slowly")
        warnings.warn(status, RuntimeWarning, stacklevel=2)
        return status
    grouped: dict[tuple[str, str, str], list[Change]] = {}
    for change in changes:
        grouped.setdefault((change.module, change.owner, change.function), []).append(change)
    try:
        made = [(group[0], patched(group)) for group in grouped.values()]
    except (PatchMismatch, OSError, SyntaxError, TypeError) as exc:
        status = f"not applied: {exc}"
        warnings.warn(status, RuntimeWarning, stacklevel=2)
        return status
    for change, function in made:
        setattr(holder(change), change.function, function)
    return "applied"


STATUS = apply_patches()
