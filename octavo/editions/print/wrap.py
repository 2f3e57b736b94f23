"""The trade edition's cover wrap laid out by WeasyPrint: back, spine and front on one sheet, for the printer.

It is not tagged: a cover wrap is printed and folded round the book block, never read on a screen. It carries the
title and language in its metadata, and the back's text is real text (the printer's preflight reads it).
"""

from __future__ import annotations

import io
from typing import Any

import weasyprint
from PIL import Image

from octavo.core.images import edition_picture
from octavo.core.resources import STYLES
from octavo.core.templates import template
from octavo.core.text import plain_text
from octavo.editions.base import RenderContext
from octavo.editions.cover import own_cover
from octavo.editions.epub.cover import GROUND, INK
from octavo.editions.print.layout import collecting, make_layout, report
from octavo.editions.print.spine import POINTS_PER_INCH, WrapMeasures
from octavo.errors import Warnings

STYLESHEET = STYLES / "print-cover.css"
# The spine is lettered only when it is at least this wide (printers ask for about an eighth of an inch), in type
# half its width, at most 12 pt.
LETTERED_SPINE = 0.125 * POINTS_PER_INCH
SPINE_TYPE = 12.0
SPINE_SHARE = 0.5
# The back: its text's margins, and the barcode area (width, height) half an inch inside its lower right corner.
BACK_MARGINS = (0.75 * POINTS_PER_INCH, 0.6 * POINTS_PER_INCH, 2.2 * POINTS_PER_INCH)  # top, sides, foot
BARCODE = (2 * POINTS_PER_INCH, 1.2 * POINTS_PER_INCH)
BARCODE_INSET = 0.5 * POINTS_PER_INCH
PUBLISHER_FOOT = 0.6 * POINTS_PER_INCH
DARK_INK = (28, 24, 22)
Colour = tuple[int, int, int]


def ground_of(context: RenderContext) -> Colour:
    """The colour of the back and spine: the mean colour of the book's own cover picture, else the drawn cover's."""
    own = own_cover(context.settings)
    if own is None:
        return GROUND
    with Image.open(io.BytesIO(edition_picture(context.folder, own.src, 64))) as picture:
        red, green, blue = picture.convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    return int(red), int(green), int(blue)


def ink_for(ground: Colour) -> Colour:
    """Light ink on a dark ground, dark ink on a light one (by the ground's relative luminance)."""
    linear = [(c / 255) / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in ground]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return INK if luminance < 0.18 else DARK_INK


def _rgb(colour: Colour) -> str:
    """A colour as CSS."""
    return f"rgb({colour[0]}, {colour[1]}, {colour[2]})"


def measures_css(measures: WrapMeasures, ground: Colour) -> str:
    """Where back, spine and front stand on the sheet, the spine's lettering and the colours, in points."""
    width, height, spine, bleed = measures.trim_width, measures.trim_height, measures.spine, measures.bleed
    spine_type = min(SPINE_TYPE, spine * SPINE_SHARE)
    top, side, foot = BACK_MARGINS
    return (
        f"@page {{ background: {_rgb(ground)}; }}\n"
        f"html {{ color: {_rgb(ink_for(ground))}; }}\n"
        f"section.back {{ left: {side}pt; top: {top}pt; width: {width - 2 * side}pt;"
        f" height: {height - top - foot}pt; }}\n"
        f".barcode {{ left: {width - BARCODE_INSET - BARCODE[0]}pt; top: {height - BARCODE_INSET - BARCODE[1]}pt;"
        f" width: {BARCODE[0]}pt; height: {BARCODE[1]}pt; }}\n"
        f"p.publisher {{ bottom: {PUBLISHER_FOOT}pt; }}\n"
        f"section.spine {{ left: {width}pt; width: {spine}pt; height: {height}pt; }}\n"
        # A line as long as the spine is tall, turned a quarter clockwise about its centre onto the spine's centre.
        f".spine-line {{ width: {height}pt; height: {spine}pt; line-height: {spine}pt; font-size: {spine_type}pt;"
        f" left: {(spine - height) / 2}pt; top: {(height - spine) / 2}pt; margin: 0; }}\n"
        f"section.front {{ left: {width + spine}pt; top: -{bleed}pt; width: {width + bleed}pt;"
        f" height: {height + 2 * bleed}pt; }}\n"
        f".drawn {{ margin: {bleed}pt {bleed}pt {bleed}pt 0; }}\n"  # the frame measured from the trim
    )


def wrap_html(context: RenderContext, measures: WrapMeasures) -> str:
    """The wrap's HTML: the back's title, description and publisher, the spine's lettering, the front."""
    meta = context.book.metadata
    own = own_cover(context.settings)
    creators = [creator["name"] for creator in meta.creators]
    return template("print/cover.html.j2").render(
        language=meta.language, document_title=f"{meta.title}: cover", created=context.modified.strftime(
            "%Y-%m-%dT%H:%M:%SZ"), book_title=meta.title, subtitle=meta.subtitle,
        description=plain_text(meta.description), publisher=meta.publisher,
        spine=measures.spine >= LETTERED_SPINE, creator=creators[0] if creators else "",
        picture=own.src if own else "", alt=own.alt if own else "", creators=" · ".join(creators))


def _runs_into_barcode(document: weasyprint.Document) -> bool:
    """Whether the back's description runs below the back's text area, towards the barcode area."""
    found: dict[str, Any] = {}
    for box in document.pages[0]._page_box.descendants(placeholders=True):  # into the absolutely placed sides
        element = getattr(box, "element", None)
        kind = (element.get("class") or "") if element is not None else ""
        if kind in ("back", "description"):
            found.setdefault(kind, box)
    if "description" not in found:
        return False
    back, description = found["back"], found["description"]
    return bool(description.position_y + description.margin_height() > back.content_box_y() + back.height + 0.5)


def wrap_pdf(context: RenderContext, measures: WrapMeasures, warnings: Warnings) -> bytes:
    """The wrap as one PDF page: TrimBox the trimmed wrap, MediaBox with the bleed, crop marks as the trade edition."""
    layout = make_layout([STYLESHEET], None, f"{measures.sheet_width}pt {measures.trim_height}pt", "", context.folder)
    layout.options = {}  # untagged: see the module's note
    with collecting(layout.log):
        layout.stylesheets.append(weasyprint.CSS(string=measures_css(measures, ground_of(context)),
                                                 font_config=layout.fonts))
    document = layout.render(wrap_html(context, measures))
    if len(document.pages) > 1 or _runs_into_barcode(document):
        warnings.add("the description on the back of the cover wrap runs into the barcode area — shorten "
                     "`description:` (about 250 words fit)", "book.yaml")
        document = document.copy(document.pages[:1])  # one sheet, whatever overflows
    with collecting(layout.log):
        pdf: bytes = document.write_pdf()  # WeasyPrint has no type hints
    report(layout.log, layout.fetcher, warnings)
    return pdf
