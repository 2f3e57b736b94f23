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

# patches/weasyprint-70-layout-setup.diff: every Pango layout WeasyPrint made (several for each line it breaks, and
# one more for each text box it draws) created a new Pango context and font description and worked out its font
# features again, about a tenth of laying out and drawing a book. What a layout needs besides its text depends on
# a few font properties only: it is now made once per font configuration for each set of them, and each layout
# gets only its own PangoLayout. The laid-out pages and the PDF bytes are unchanged.
LAYOUT_SETUP = Patch("weasyprint-70-layout-setup", "weasyprint", "70.0", (
    Change("weasyprint.text.fonts", "FontConfiguration", "__init__",
           "        self.font_features = {}\n",
           "        self.font_features = {}\n"
           "        self.layout_setups = {}  # What Layout.setup makes for each set of font properties\n"),
    Change("weasyprint.text.line_break", "Layout", "setup",
           "        font_map = style.font_config.font_map\n"
           "        pango_context = ffi.gc(\n"
           "            pango.pango_font_map_create_context(font_map),\n"
           "            gobject.g_object_unref)\n"
           "        pango.pango_context_set_round_glyph_positions(pango_context, False)\n"
           "        pango.pango_context_set_base_dir(\n"
           "            pango_context, PANGO_DIRECTION[style['direction']])\n"
           "\n"
           "        if style['font_language_override'] != 'normal':\n"
           "            lang_p, lang = unicode_to_char_p(LST_TO_ISO.get(\n"
           "                style['font_language_override'].lower(),\n"
           "                style['font_language_override']))\n"
           "        elif style['lang']:\n"
           "            lang_p, lang = unicode_to_char_p(style['lang'])\n"
           "        else:\n"
           "            lang = None\n"
           "            self.language = pango.pango_language_get_default()\n"
           "        if lang:\n"
           "            self.language = pango.pango_language_from_string(lang_p)\n"
           "            pango.pango_context_set_language(pango_context, self.language)\n"
           "\n"
           "        assert not isinstance(style['font_family'], str), (\n"
           "            'font_family should be a list')\n"
           "        font_description = get_font_description(style)\n"
           "        self.layout = ffi.gc(\n"
           "            pango.pango_layout_new(pango_context),\n"
           "            gobject.g_object_unref)\n"
           "        pango.pango_layout_set_auto_dir(self.layout, False)\n"
           "        pango.pango_layout_set_font_description(self.layout, font_description)\n"
           "\n"
           "        text_decoration = style['text_decoration_line']\n"
           "        if text_decoration != 'none':\n"
           "            metrics = ffi.gc(\n"
           "                pango.pango_context_get_metrics(\n"
           "                    pango_context, font_description, self.language),\n"
           "                pango.pango_font_metrics_unref)\n"
           "            self.ascent = FROM_UNITS * (\n"
           "                pango.pango_font_metrics_get_ascent(metrics))\n"
           "            self.underline_position = FROM_UNITS * (\n"
           "                pango.pango_font_metrics_get_underline_position(metrics))\n"
           "            self.strikethrough_position = FROM_UNITS * (\n"
           "                pango.pango_font_metrics_get_strikethrough_position(metrics))\n"
           "            self.underline_thickness = FROM_UNITS * (\n"
           "                pango.pango_font_metrics_get_underline_thickness(metrics))\n"
           "            self.strikethrough_thickness = FROM_UNITS * (\n"
           "                pango.pango_font_metrics_get_strikethrough_thickness(metrics))\n"
           "        else:\n"
           "            self.ascent = None\n"
           "            self.underline_position = None\n"
           "            self.strikethrough_position = None\n"
           "\n"
           "        features = font_features(\n"
           "            style['font_kerning'], style['font_variant_ligatures'],\n"
           "            style['font_variant_position'], style['font_variant_caps'],\n"
           "            style['font_variant_numeric'], style['font_variant_alternates'],\n"
           "            style['font_variant_east_asian'], style['font_feature_settings'])\n"
           "        if features:\n"
           "            features = ','.join(\n"
           "                f'{key} {value}' for key, value in features.items()).encode()\n"
           "            # In the meantime, keep a cache to avoid leaking too many of them.\n"
           "            attr = style.font_config.font_features.setdefault(\n"
           "                features, pango.pango_attr_font_features_new(features))\n"
           "            attr_list = pango.pango_attr_list_new()\n"
           "            pango.pango_attr_list_insert(attr_list, attr)\n"
           "            pango.pango_layout_set_attributes(self.layout, attr_list)\n",
           "        # A layout's Pango context, font description, decoration metrics and\n"
           "        # font features depend only on these properties: they are made once\n"
           "        # per font configuration, and each layout gets its own PangoLayout.\n"
           "        key = (\n"
           "            style['direction'], style['font_language_override'], style['lang'],\n"
           "            style['font_family'], style['font_style'], style['font_stretch'],\n"
           "            style['font_weight'], style['font_size'], style['font_variant_caps'],\n"
           "            style['font_variation_settings'],\n"
           "            style['text_decoration_line'] != 'none',\n"
           "            style['font_kerning'], style['font_variant_ligatures'],\n"
           "            style['font_variant_position'], style['font_variant_numeric'],\n"
           "            style['font_variant_alternates'], style['font_variant_east_asian'],\n"
           "            style['font_feature_settings'])\n"
           "        setups = style.font_config.layout_setups\n"
           "        try:\n"
           "            setup = setups.get(key)\n"
           "        except TypeError:  # a value that cannot be hashed: made for this layout only\n"
           "            setup = key = None\n"
           "        if setup is None:\n"
           "            font_map = style.font_config.font_map\n"
           "            pango_context = ffi.gc(\n"
           "                pango.pango_font_map_create_context(font_map),\n"
           "                gobject.g_object_unref)\n"
           "            pango.pango_context_set_round_glyph_positions(pango_context, False)\n"
           "            pango.pango_context_set_base_dir(\n"
           "                pango_context, PANGO_DIRECTION[style['direction']])\n"
           "\n"
           "            if style['font_language_override'] != 'normal':\n"
           "                lang_p, lang = unicode_to_char_p(LST_TO_ISO.get(\n"
           "                    style['font_language_override'].lower(),\n"
           "                    style['font_language_override']))\n"
           "            elif style['lang']:\n"
           "                lang_p, lang = unicode_to_char_p(style['lang'])\n"
           "            else:\n"
           "                lang = None\n"
           "                language = pango.pango_language_get_default()\n"
           "            if lang:\n"
           "                language = pango.pango_language_from_string(lang_p)\n"
           "                pango.pango_context_set_language(pango_context, language)\n"
           "\n"
           "            assert not isinstance(style['font_family'], str), (\n"
           "                'font_family should be a list')\n"
           "            font_description = get_font_description(style)\n"
           "\n"
           "            decoration = None\n"
           "            if style['text_decoration_line'] != 'none':\n"
           "                metrics = ffi.gc(\n"
           "                    pango.pango_context_get_metrics(\n"
           "                        pango_context, font_description, language),\n"
           "                    pango.pango_font_metrics_unref)\n"
           "                decoration = tuple(FROM_UNITS * value for value in (\n"
           "                    pango.pango_font_metrics_get_ascent(metrics),\n"
           "                    pango.pango_font_metrics_get_underline_position(metrics),\n"
           "                    pango.pango_font_metrics_get_strikethrough_position(metrics),\n"
           "                    pango.pango_font_metrics_get_underline_thickness(metrics),\n"
           "                    pango.pango_font_metrics_get_strikethrough_thickness(metrics)))\n"
           "\n"
           "            features = font_features(\n"
           "                style['font_kerning'], style['font_variant_ligatures'],\n"
           "                style['font_variant_position'], style['font_variant_caps'],\n"
           "                style['font_variant_numeric'], style['font_variant_alternates'],\n"
           "                style['font_variant_east_asian'], style['font_feature_settings'])\n"
           "            attr = None\n"
           "            if features:\n"
           "                features = ','.join(\n"
           "                    f'{name} {value}' for name, value in features.items()).encode()\n"
           "                # In the meantime, keep a cache to avoid leaking too many of them.\n"
           "                attr = style.font_config.font_features.setdefault(\n"
           "                    features, pango.pango_attr_font_features_new(features))\n"
           "\n"
           "            setup = (pango_context, language, font_description, decoration, attr)\n"
           "            if key is not None:\n"
           "                setups[key] = setup\n"
           "        pango_context, self.language, font_description, decoration, attr = setup\n"
           "\n"
           "        self.layout = ffi.gc(\n"
           "            pango.pango_layout_new(pango_context),\n"
           "            gobject.g_object_unref)\n"
           "        pango.pango_layout_set_auto_dir(self.layout, False)\n"
           "        pango.pango_layout_set_font_description(self.layout, font_description)\n"
           "\n"
           "        if decoration is None:\n"
           "            self.ascent = None\n"
           "            self.underline_position = None\n"
           "            self.strikethrough_position = None\n"
           "        else:\n"
           "            (self.ascent, self.underline_position, self.strikethrough_position,\n"
           "             self.underline_thickness, self.strikethrough_thickness) = decoration\n"
           "\n"
           "        if attr is not None:\n"
           "            attr_list = pango.pango_attr_list_new()\n"
           "            pango.pango_attr_list_insert(attr_list, attr)\n"
           "            pango.pango_layout_set_attributes(self.layout, attr_list)\n"),
), "each text layout creates its own Pango context")

# patches/weasyprint-70-shared-page-styles.diff: every page is its own page type (its index is part of it, for
# :nth()), so each page had its @page rules matched again and its page and margin-box styles computed anew: about
# 1 ms a page, more than 4 % of laying out the 30-chapter trade edition. Without :nth() selectors, pages of the same
# side, blankness, firstness and name match the same rules, so they now share the styles the first of them computed
# (what layout writes into them, the overflow and the page counters, is the same for every page). The laid-out
# pages and the PDF bytes are unchanged.
SHARED_PAGE_STYLES = Patch("weasyprint-70-shared-page-styles", "weasyprint", "70.0", (
    Change("weasyprint.css", "StyleFor", "__init__",
           "        self._sheets = sheets\n"
           "        self.font_config = font_config\n",
           "        self._sheets = sheets\n"
           "        self.font_config = font_config\n"
           "\n"
           "        # Without :nth() page selectors, pages of the same side, blankness,\n"
           "        # firstness and name match the same @page rules: the first of them\n"
           "        # computes styles that the others share. None when they cannot.\n"
           "        self.page_type_styles = None if any(\n"
           "            page_selector_type.index is not None\n"
           "            for sheet, _, _ in sheets\n"
           "            for _, selector_list, _ in sheet.page_rules\n"
           "            for _, _, page_selector_type in selector_list) else {}\n"),
    Change("weasyprint.layout.page", "", "set_page_type_computed_styles",
           "    \"\"\"Set style for page types and pseudo-types matching ``page_type``.\"\"\"\n"
           "    style_for.add_page_declarations(page_type)\n",
           "    \"\"\"Set style for page types and pseudo-types matching ``page_type``.\"\"\"\n"
           "    shared = style_for.page_type_styles\n"
           "    key = (\n"
           "        page_type.side, page_type.blank, page_type.index == 0, page_type.name)\n"
           "    computed_styles = style_for.get_computed_styles()\n"
           "    if shared is not None and key in shared:\n"
           "        for pseudo_type, style in shared[key]:\n"
           "            computed_styles[page_type, pseudo_type] = style\n"
           "        return\n"
           "\n"
           "    style_for.add_page_declarations(page_type)\n"),
    Change("weasyprint.layout.page", "", "set_page_type_computed_styles",
           "    # Apply style for page pseudo-elements (margin boxes)\n"
           "    for element, pseudo_type in style_for.get_cascaded_styles():\n"
           "        if pseudo_type and element == page_type:\n"
           "            style_for.set_computed_styles(\n"
           "                element, pseudo_type=pseudo_type,\n"
           "                # The pseudo-element inherits from the element.\n"
           "                root=html.etree_element, parent=element,\n"
           "                base_url=html.base_url)\n",
           "    # Apply style for page pseudo-elements (margin boxes)\n"
           "    pseudo_types = [None]\n"
           "    for element, pseudo_type in style_for.get_cascaded_styles():\n"
           "        if pseudo_type and element == page_type:\n"
           "            pseudo_types.append(pseudo_type)\n"
           "            style_for.set_computed_styles(\n"
           "                element, pseudo_type=pseudo_type,\n"
           "                # The pseudo-element inherits from the element.\n"
           "                root=html.etree_element, parent=element,\n"
           "                base_url=html.base_url)\n"
           "\n"
           "    if shared is not None:\n"
           "        shared[key] = [\n"
           "            (pseudo_type, computed_styles[page_type, pseudo_type])\n"
           "            for pseudo_type in pseudo_types]\n"),
), "every page computes its page and margin-box styles anew")

PATCHES = (FOOTNOTES, PAGE_REFERENCES, TABLE_SCOPE, CROP_MARKS, LAYOUT_SETUP, SHARED_PAGE_STYLES)
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
