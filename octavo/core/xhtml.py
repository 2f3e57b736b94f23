"""XHTML fragments shared by every edition: parse, serialise, and turn titled boxes into figures."""

from __future__ import annotations

from lxml import etree, html

# The one XML parser for files a book brings or Octavo writes: no entities, no DTD, no network.
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def parse_fragment(text: str) -> html.HtmlElement:
    """Parse an XHTML fragment under a wrapper div."""
    return html.fragment_fromstring(text or "", create_parent="div")


def outer(element: html.HtmlElement) -> str:
    """An element serialised as well-formed XHTML."""
    return etree.tostring(element, encoding="unicode", method="xml", with_tail=False)


def inner(element: html.HtmlElement) -> str:
    """The XHTML inside an element."""
    text = outer(element)
    start, end = text.find(">") + 1, text.rfind("</")
    return text[start:end] if end > start else ""


def plain(fragment: str) -> str:
    """A fragment's text without markup (a title for `<title>` or a table of contents)."""
    # lxml-stubs leave html.fragment_fromstring untyped.
    text: str = html.fragment_fromstring(fragment or " ", create_parent="span").text_content().strip()
    return text


def html_children(root: html.HtmlElement) -> str:
    """A wrapper's content serialised as HTML, so an empty `<span/>` cannot open a span in an HTML parser."""
    return (root.text or "") + "".join(html.tostring(child, encoding="unicode", method="html") for child in root)


def figures(root: html.HtmlElement) -> None:
    """A titled quotation or callout becomes a figure with a caption; an attribution a paragraph."""
    for box in root.xpath("//div[contains(concat(' ', @class, ' '), ' quotation ') or "
                          "contains(concat(' ', @class, ' '), ' callout ')]"):
        box.tag = "figure"
        for title in box.xpath("./p[span[@class='title']]"):
            title.tag = "figcaption"
            title.find("span").drop_tag()
    for attribution in root.xpath("//div[@class='attribution']"):
        attribution.tag = "p"
        attribution.set("class", "attribution")
        for para in attribution.xpath("./p"):
            para.drop_tag()
