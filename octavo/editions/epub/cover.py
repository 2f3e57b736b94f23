"""A cover image drawn from the book's metadata: title, subtitle and creators on a plain ground."""

from __future__ import annotations

import io
import textwrap

from PIL import Image, ImageDraw, ImageFont

from octavo.core.fonts import font_file
from octavo.labels import labels_of
from octavo.manuscript import BookMetadata

SIZE = (1600, 2560)
GROUND = (92, 26, 27)
INK = (246, 238, 222)
FACES = {"title": "Linux Libertine O:bold", "subtitle": "Linux Libertine O:italic", "creator": "Linux Libertine O"}


def _lines(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Wrap text to the width, trying fewer characters per line until it fits."""
    for chars in range(40, 5, -1):
        lines = textwrap.wrap(text, chars)
        if all(draw.textlength(line, font=font) <= width for line in lines):
            return lines
    return textwrap.wrap(text, 6)


def _block(draw: ImageDraw.ImageDraw, text: str, face: str, size: int, top: int, gap: float) -> int:
    """Draw centred, wrapped text from `top`; return the y below it."""
    font = ImageFont.truetype(str(font_file(FACES[face])), size)
    y = top
    for line in _lines(draw, text, font, SIZE[0] - 240):
        width = draw.textlength(line, font=font)
        draw.text(((SIZE[0] - width) / 2, y), line, font=font, fill=INK)
        y += int(size * gap)
    return y


def cover_png(metadata: BookMetadata) -> bytes:
    """The cover as PNG bytes (the same metadata always gives the same bytes)."""
    image = Image.new("RGB", SIZE, GROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((80, 80, SIZE[0] - 80, SIZE[1] - 80), outline=INK, width=6)
    y = _block(draw, metadata.title, "title", 150, 420, 1.2)
    draw.line((SIZE[0] / 2 - 200, y + 60, SIZE[0] / 2 + 200, y + 60), fill=INK, width=5)
    if metadata.subtitle:
        _block(draw, metadata.subtitle, "subtitle", 72, y + 150, 1.3)
    names = " · ".join(c["name"] for c in metadata.creators)
    if names:
        _block(draw, names, "creator", 80, SIZE[1] - 420, 1.2)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def cover_alt(metadata: BookMetadata) -> str:
    """Alternative text for the cover image, in the book's language."""
    labels = labels_of(metadata)
    title = f"{metadata.title} — {metadata.subtitle}" if metadata.subtitle else metadata.title
    names = ", ".join(c["name"] for c in metadata.creators)
    return labels.text("cover_alt_by", title=title, names=names) if names else labels.text("cover_alt", title=title)
