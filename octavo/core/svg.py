"""SVG pictures cut down to drawing: no scripts, handlers, foreign content, loading styles or outside links."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import cast

from lxml import etree

from octavo.core.xhtml import SAFE_XML
from octavo.errors import BookError

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
FILTERS = {"feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix",
           "feDiffuseLighting", "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA",
           "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feMerge", "feMergeNode", "feMorphology", "feOffset",
           "fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence"}
ELEMENTS = {"svg", "g", "defs", "desc", "title", "symbol", "use", "image", "switch", "path", "rect", "circle",
            "ellipse", "line", "polyline", "polygon", "text", "tspan", "textPath", "linearGradient",
            "radialGradient", "stop", "pattern", "clipPath", "mask", "marker", "filter", "style", *FILTERS}
UNWRAPPED = {"a"}  # a link's drawing stays, the link goes
REFERRING = {"use", "image", "linearGradient", "radialGradient", "pattern", "textPath", "filter"}
ATTRIBUTES = {
    "id", "class", "style", "transform", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy",
    "fr", "width", "height", "d", "points", "pathLength", "viewBox", "preserveAspectRatio", "version", "fill",
    "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin",
    "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset", "stroke-opacity", "opacity", "color", "display",
    "visibility", "overflow", "clip", "clip-path", "clip-rule", "mask", "filter", "marker-start", "marker-mid",
    "marker-end", "markerWidth", "markerHeight", "markerUnits", "refX", "refY", "orient", "font-family",
    "font-size", "font-size-adjust", "font-style", "font-weight", "font-variant", "font-stretch", "text-anchor",
    "dominant-baseline", "alignment-baseline", "baseline-shift", "letter-spacing", "word-spacing",
    "text-decoration", "writing-mode", "direction", "unicode-bidi", "dx", "dy", "rotate", "textLength",
    "lengthAdjust", "startOffset", "method", "spacing", "side", "offset", "stop-color", "stop-opacity",
    "gradientUnits", "gradientTransform", "spreadMethod", "patternUnits", "patternContentUnits",
    "patternTransform", "clipPathUnits", "maskUnits", "maskContentUnits", "mask-type", "filterUnits",
    "primitiveUnits", "in", "in2", "result", "stdDeviation", "mode", "operator", "k1", "k2", "k3", "k4", "values",
    "type", "tableValues", "slope", "intercept", "amplitude", "exponent", "flood-color", "flood-opacity",
    "lighting-color", "baseFrequency", "numOctaves", "seed", "stitchTiles", "scale", "xChannelSelector",
    "yChannelSelector", "radius", "order", "kernelMatrix", "kernelUnitLength", "divisor", "bias", "targetX",
    "targetY", "edgeMode", "preserveAlpha", "surfaceScale", "diffuseConstant", "specularConstant",
    "specularExponent", "azimuth", "elevation", "pointsAtX", "pointsAtY", "pointsAtZ", "limitingConeAngle", "z",
    "color-interpolation", "color-interpolation-filters", "shape-rendering", "text-rendering", "image-rendering",
    "vector-effect", "paint-order", "isolation", "mix-blend-mode", "systemLanguage", "role", "lang", "tabindex",
    "aria-label", "aria-labelledby", "aria-describedby", "aria-hidden", "focusable", "media",
}
# CSS functions that only compute; anything else (image-set, src, element, cross-fade…) could load something.
CSS_FUNCTIONS = {"url", "rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch", "color", "calc",
                 "min", "max", "clamp", "var", "matrix", "translate", "translatex", "translatey", "scale", "scalex",
                 "scaley", "rotate", "skew", "skewx", "skewy", "blur", "drop-shadow", "brightness", "contrast",
                 "grayscale", "hue-rotate", "invert", "opacity", "saturate", "sepia", "cubic-bezier", "steps",
                 "attr", "counter", "format", "local", "not", "is", "where", "nth-child", "nth-of-type", "lang"}
CSS_FUNCTION = re.compile(r"(?<![A-Za-z-])([A-Za-z-]+)\s*\(")  # one try per word, not per letter
CSS_URL = re.compile(r"url\(\s*['\"]?\s*(.?)", re.IGNORECASE)
FRAGMENT = re.compile(r"#[A-Za-z_][\w.:-]*")
RASTER_DATA = re.compile(r"data:image/(?:png|jpeg|gif|webp)[;,]", re.IGNORECASE)

Inline = Callable[[str], "str | None"]


def safe_css(text: str) -> bool:
    """Whether style text only draws: no at-rules, escapes or markup, and no url() but to a place in the picture."""
    lowered = text.lower()
    if any(mark in lowered for mark in ("@", "\\", "<", "javascript:", "expression", "behavior", "binding")):
        return False
    if any(name.lower() not in CSS_FUNCTIONS for name in CSS_FUNCTION.findall(text)):
        return False
    return all(first == "#" for first in CSS_URL.findall(text))


def _detach(node: etree._Element) -> None:
    """Remove a node and what it holds, keeping the text that follows it."""
    parent = node.getparent()
    assert parent is not None, "only a child is detached"
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def _unwrap(element: etree._Element) -> None:
    """Replace an element by what it holds (its text and children take its place)."""
    parent = element.getparent()
    assert parent is not None, "only a child is unwrapped"
    at = parent.index(element)
    element.tail, tail = None, element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + (element.text or "")
    else:
        parent.text = (parent.text or "") + (element.text or "")
    children = list(element)
    for offset, child in enumerate(children):
        parent.insert(at + offset, child)
    parent.remove(element)
    if children:
        children[-1].tail = (children[-1].tail or "") + tail
    elif at > 0:
        parent[at - 1].tail = (parent[at - 1].tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail


def _reference(element: etree._Element, value: str, inline: Inline) -> str | None:
    """What a reference may become: a place in the picture, a raster data: URL, or a book picture inlined."""
    value = value.strip()
    local = etree.QName(element).localname
    if local not in REFERRING:
        return None
    if FRAGMENT.fullmatch(value):
        return value
    if local != "image":
        return None
    if RASTER_DATA.match(value):
        return value
    return inline(value)


def _clean_element(element: etree._Element, inline: Inline) -> bool:
    """Keep an element's allowed attributes with safe values; False if it refers to something it may not have."""
    # lxml-stubs type attribute names and values as str | bytes; on Python 3 lxml always gives str.
    for name, value in list(cast("list[tuple[str, str]]", element.attrib.items())):
        qname = etree.QName(name)
        keep: str | None = None
        if qname.localname == "href" and qname.namespace in (None, XLINK):
            keep = _reference(element, value, inline)
            if keep is None:
                return False  # a picture or a use without its reference cannot be drawn
        elif qname.namespace == XML and qname.localname in ("space", "lang"):
            keep = value
        elif qname.namespace is None and qname.localname in ATTRIBUTES:
            keep = value if safe_css(value) else None
        if keep is None:
            del element.attrib[name]
        elif keep != value:
            element.set(name, keep)
    if etree.QName(element).localname in ("image", "use"):
        return any(etree.QName(name).localname == "href" for name in element.attrib)
    return True


def clean_svg(data: bytes, src: str, inline: Inline) -> bytes:
    """An SVG picture reduced to drawing (an allow-list of elements and attributes); an error if it is not SVG."""
    try:
        root = etree.fromstring(data, parser=SAFE_XML)
    except etree.XMLSyntaxError as error:
        raise BookError(f"the SVG picture {src!r} cannot be read as XML ({error})",
                        "save it again from a drawing program, or convert it to PNG") from None
    if not isinstance(root.tag, str) or root.tag != f"{{{SVG}}}svg":
        raise BookError(f"the picture {src!r} is not an SVG drawing (its root is not <svg> in the SVG namespace)",
                        f'add xmlns="{SVG}" to its <svg> element, or convert it to PNG')
    _clean_element(root, inline)
    stack = [root]
    while stack:
        element = stack.pop()
        at = 0
        while at < len(element):
            child = element[at]
            if not isinstance(child.tag, str) or etree.QName(child).namespace != SVG:
                _detach(child)  # comments, processing instructions, entities, foreign content
            elif etree.QName(child).localname in UNWRAPPED:
                _unwrap(child)  # what it held is looked at next, in its place
            elif etree.QName(child).localname not in ELEMENTS or not _clean_element(child, inline) or \
                    etree.QName(child).localname == "style" and not safe_css(child.text or ""):
                _detach(child)
            else:
                stack.append(child)
                at += 1
    etree.cleanup_namespaces(root)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)
