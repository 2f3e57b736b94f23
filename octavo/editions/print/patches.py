"""Fixes to WeasyPrint and pydyf applied at run time, only to the versions they were written for (diffs in patches/)."""

from __future__ import annotations

import importlib
import inspect
import os
import warnings
from dataclasses import dataclass
from importlib import metadata
from types import FunctionType


@dataclass(frozen=True)
class Change:
    """One line (or run of lines) of one function replaced by another, as in the upstream diff."""

    module: str
    owner: str
    function: str
    old: str
    new: str


@dataclass(frozen=True)
class Patch:
    """Changes to one dependency, for the one version they were written against, kept upstream-ready in patches/."""

    name: str
    package: str
    version: str
    changes: tuple[Change, ...]
    unpatched: str

    @property
    def diff(self) -> str:
        """The file in patches/ that holds the upstream-ready diff."""
        return f"{self.name}.diff"


# patches/weasyprint-70-footnotes.diff: the footnotes waiting to be laid out were a list, and every line of the
# document asked `footnote in context.footnotes` of each of its descendants (most of them `None`, which scans the
# whole list); laying a footnote out removed it from the front of that list. A dict used as an ordered set makes
# both constant-time, so a chapter with thousands of notes no longer lays out in time that grows with their square.
# And each page laid its footnote area out twice over: once when its last note joined it, to measure it, and again
# when the page was done. The page now takes the first layout when nothing that could change it has changed since
# (the same area, the same notes, the same floats beside it, and nothing positioned inside).
FOOTNOTES = Patch("weasyprint-70-footnotes", "weasyprint", "70.0", (
    Change("weasyprint.layout", "LayoutContext", "__init__",
           "        self.footnotes = []\n",
           "        self.footnotes = {}  # Used as an ordered set: membership and removal in constant time\n"),
    Change("weasyprint.layout", "LayoutContext", "__init__",
           "        self.current_footnote_area = None  # Not initialized yet\n",
           "        self.current_footnote_area = None  # Not initialized yet\n"
           "        self.footnote_area_layout = None  # The last layout of the area and what it depended on\n"),
    Change("weasyprint.layout", "LayoutContext", "_update_footnote_area",
           "            footnote_area = block_level_layout(\n"
           "                self, footnote_area, -inf, None,\n"
           "                self.current_footnote_area.page)[0]\n",
           "            positioned = []\n"
           "            footnote_area = block_level_layout(\n"
           "                self, footnote_area, -inf, None,\n"
           "                self.current_footnote_area.page,\n"
           "                absolute_boxes=positioned, fixed_boxes=positioned)[0]\n"
           "            self.footnote_area_layout = None if positioned else (\n"
           "                self.current_footnote_area, tuple(self.current_page_footnotes),\n"
           "                self.excluded_shapes, tuple(self.excluded_shapes), footnote_area)\n"),
    Change("weasyprint.layout", "LayoutContext", "layout_footnote",
           "        self.footnotes.remove(footnote)\n",
           "        del self.footnotes[footnote]\n"),
    Change("weasyprint.layout", "LayoutContext", "unlayout_footnote",
           "            self.footnotes.append(footnote)\n",
           "            self.footnotes[footnote] = None\n"),
    Change("weasyprint.layout.page", "", "make_page",
           "        context.footnotes.append(reported_footnote)\n",
           "        context.footnotes[reported_footnote] = None\n"),
    Change("weasyprint.layout.page", "", "make_page",
           "    footnote_area = build.create_anonymous_boxes(footnote_area.deepcopy())\n"
           "    footnote_area = block_level_layout(\n"
           "        context, footnote_area, bottom_space=-inf, skip_stack=None,\n"
           "        containing_block=footnote_area.page, page_is_empty=True,\n"
           "        absolute_boxes=positioned_boxes, fixed_boxes=positioned_boxes)[0]\n",
           "    # The area as last laid out while the page was made, if nothing it depends on has changed since.\n"
           "    area, notes, shapes, floats, laid_out = (\n"
           "        context.footnote_area_layout or (None,) * 5)\n"
           "    context.footnote_area_layout = None  # A laid-out box goes on one page only\n"
           "    if not (area is footnote_area and notes == tuple(footnote_area.children) and\n"
           "            shapes is context.excluded_shapes and floats == tuple(shapes)):\n"
           "        footnote_area = build.create_anonymous_boxes(footnote_area.deepcopy())\n"
           "        laid_out = block_level_layout(\n"
           "            context, footnote_area, bottom_space=-inf, skip_stack=None,\n"
           "            containing_block=footnote_area.page, page_is_empty=True,\n"
           "            absolute_boxes=positioned_boxes, fixed_boxes=positioned_boxes)[0]\n"
           "    footnote_area = laid_out\n"),
    Change("weasyprint.formatting_structure.build", "", "element_to_box",
           "            footnotes.append(footnote)\n",
           "            footnotes[footnote] = None\n"),
), "pages with many footnotes may lay out slowly, and every footnote area is laid out twice")

# patches/pydyf-0.13-page-references.diff: `PDF.page_references` built a new tuple of every page's reference each
# time it was read, and WeasyPrint's tagging reads it once per structure element, so writing a tagged PDF took time
# that grew with pages × elements. The tuple is now kept until the next page is added.
PAGE_REFERENCES = Patch("pydyf-0.13-page-references", "pydyf", "0.13.0", (
    Change("pydyf", "PDF", "add_page",
           "        self.pages['Kids'].extend([page.number, 0, 'R'])\n",
           "        self.pages['Kids'].extend([page.number, 0, 'R'])\n"
           "        self._page_references = None  # Made again on the next read\n"),
    Change("pydyf", "PDF", "page_references",
           "        return tuple(\n"
           "            f'{object_number} 0 R'.encode('ascii')\n"
           "            for object_number in self.pages['Kids'][::3])\n",
           "        if getattr(self, '_page_references', None) is None:\n"
           "            self._page_references = tuple(\n"
           "                f'{object_number} 0 R'.encode('ascii')\n"
           "                for object_number in self.pages['Kids'][::3])\n"
           "        return self._page_references\n"),
), "long tagged PDFs may be written slowly")

# patches/weasyprint-70-table-scope.diff: a tagged table's header cells got IDs that its data cells name in /Headers,
# but no /Scope of their own; PDF/UA accepts either, and checkers (pdfua's UA-15-003) look for /Scope on the header
# cell itself. Each header cell now also says whether it heads its column or, with scope="row", its row.
TABLE_SCOPE = Patch("weasyprint-70-table-scope", "weasyprint", "70.0", (
    Change("weasyprint.pdf.tags", "", "_build_box_tree",
           "                        row_headers[i].append(key)\n",
           "                        row_headers[i].append(key)\n"
           "                        cell.mark['A']['Scope'] = '/Row'\n"),
    Change("weasyprint.pdf.tags", "", "_build_box_tree",
           "                        column_headers[j].append(key)\n",
           "                        column_headers[j].append(key)\n"
           "                        cell.mark['A']['Scope'] = '/Column'\n"),
), "table header cells in tagged PDFs have no /Scope")

# patches/weasyprint-70-crop-marks.diff: every page of an edition with bleed and crop marks built the marks as an SVG
# document, parsed it and drew it through the SVG renderer, about 2 ms a page; eight strokes are now drawn straight
# onto the page (after its background layers, as the SVG was). Registration crosses still go through the SVG.
CROP_MARKS = Patch("weasyprint-70-crop-marks", "weasyprint", "70.0", (
    Change("weasyprint.draw", "", "draw_background",
           "        # Draw crop marks and crosses.\n"
           "        if bleed and marks:\n",
           "        # Draw crop marks and crosses (crop marks alone are drawn after the layers, as strokes).\n"
           "        crop_only = bleed and 'crop' in marks and 'cross' not in marks\n"
           "        if bleed and marks and not crop_only:\n"),
    Change("weasyprint.draw", "", "draw_background",
           "        for layer in reversed(background.layers):\n"
           "            draw_background_image(stream, layer, background.style)\n",
           "        for layer in reversed(background.layers):\n"
           "            draw_background_image(stream, layer, background.style)\n"
           "        if crop_only:\n"
           "            x, y, width, height = painting_area\n"
           "            top, right, bottom, left = (\n"
           "                bleed[side] for side in ('top', 'right', 'bottom', 'left'))\n"
           "            with stream.artifact(), stream.stacked():\n"
           "                stream.set_color_rgb(0, 0, 0, stroke=True)\n"
           "                stream.set_line_width(1)\n"
           "                for x1, y1, x2, y2 in (\n"
           "                        (0, top, left / 2, top),\n"
           "                        (width, top, width - right / 2, top),\n"
           "                        (width, height - bottom, width - right / 2, height - bottom),\n"
           "                        (0, height - bottom, left / 2, height - bottom),\n"
           "                        (left, 0, left, top / 2),\n"
           "                        (width - right, height, width - right, height - bottom / 2),\n"
           "                        (left, height, left, height - bottom / 2),\n"
           "                        (width - right, 0, width - right, top / 2)):\n"
           "                    stream.move_to(x + x1, y + y1)\n"
           "                    stream.line_to(x + x2, y + y2)\n"
           "                stream.stroke()\n"),
), "each page's crop marks are drawn through an SVG document")

PATCHES = (FOOTNOTES, PAGE_REFERENCES, TABLE_SCOPE, CROP_MARKS)
_ORIGINALS: dict[tuple[str, str, str], object] = {}


class PatchMismatch(Exception):
    """A dependency's source is not what a patch was written against."""


def holder(change: Change) -> object:
    """The module or class that holds the function a change patches."""
    module = importlib.import_module(change.module)
    return getattr(module, change.owner) if change.owner else module


def shipped(change: Change) -> object:
    """What the dependency ships under the changed name (a function or a property), even after patching."""
    key = (change.module, change.owner, change.function)
    return _ORIGINALS.get(key, vars(holder(change))[change.function])


def original(change: Change) -> FunctionType:
    """The function a change patches as shipped (a property's getter for a property)."""
    found = shipped(change)
    function = found.fget if isinstance(found, property) else found
    if not isinstance(function, FunctionType):
        raise PatchMismatch(f"{change.module}.{change.owner}.{change.function} is not a function")
    return function


def patched(changes: list[Change]) -> object:
    """One function (or property) with its changes made, compiled from the shipped source so line numbers stay."""
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
    exec(code, function.__globals__, namespace)  # noqa: S102 - the dependency's own source with lines changed
    made = namespace[changes[0].function]
    made_function = made.fget if isinstance(made, property) else made
    if not isinstance(made_function, FunctionType) or isinstance(made, property) != isinstance(shipped(changes[0]),
                                                                                               property):
        raise PatchMismatch(f"{changes[0].module}.{function.__qualname__} did not compile to what it replaces")
    made_function.__qualname__ = function.__qualname__
    return made


def apply_patch(patch: Patch) -> str:
    """Apply every change of a patch, or none (with a warning) if the version or a source line is not the one known."""
    if os.environ.get("OCTAVO_NO_PATCHES"):
        return "not applied: OCTAVO_NO_PATCHES is set"
    installed = metadata.version(patch.package)
    if installed != patch.version:
        status = (f"not applied: {patch.package} {installed} is not {patch.version}, the version patches/{patch.diff} "
                  f"was written for; {patch.unpatched}")
        warnings.warn(status, RuntimeWarning, stacklevel=2)
        return status
    grouped: dict[tuple[str, str, str], list[Change]] = {}
    for change in patch.changes:
        grouped.setdefault((change.module, change.owner, change.function), []).append(change)
    try:
        made = [(key, group[0], patched(group)) for key, group in grouped.items()]
    except (PatchMismatch, OSError, SyntaxError, TypeError) as exc:
        status = f"not applied: {exc}"
        warnings.warn(status, RuntimeWarning, stacklevel=2)
        return status
    for key, change, replacement in made:
        _ORIGINALS.setdefault(key, vars(holder(change))[change.function])
        setattr(holder(change), change.function, replacement)
    return "applied"



STATUS: dict[str, str] = {patch.name: apply_patch(patch) for patch in PATCHES}
