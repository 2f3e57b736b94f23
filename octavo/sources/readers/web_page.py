"""Reader for a web page saved from a browser: the article and its metadata, without the site's chrome."""

from __future__ import annotations

import copy
import re
from dataclasses import replace

from lxml import etree, html

from octavo.core.text import normalise_space
from octavo.sources.readers.base import ReaderOptions, SourceDocument, credit
from octavo.sources.readers.pandoc_doc import read_html, read_pandoc_document
from octavo.sources.references import source_reference
from octavo.sources.sourcetext import SourceText

FULL_DOCUMENT = re.compile(r"<(?:!doctype\s+html|html|head)\b", re.IGNORECASE)
# A tag's attributes stop at the next `<`, so no run of unclosed `<meta ` is scanned once for each.
PAGE_CHROME = re.compile(
    r"<(?:nav|header|footer|aside|form)\b"
    r"|<meta\s[^<>]*\b(?:property|name)\s*=\s*[\"']?(?:og|article|twitter):"
    r"|<link\s[^<>]*\brel\s*=\s*[\"']?canonical"
    r"|<!--\s*saved from url=",
    re.IGNORECASE,
)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
METADATA = ("title", "author", "sitename", "date", "url")
SITE_SEPARATORS = (" | ", " – ", " — ", " - ", " · ", " • ", " :: ", ": ")
# Dates in the page's own metadata only (no guessing from its text), and none refused for being "in the future".
DATE_SEARCH = {"original_date": True, "extensive_search": False, "max_date": "2999-12-31"}


def looks_like_saved_page(text: str) -> bool:
    """A whole HTML document with a site's furniture (menus, header, footer, forms, social metadata)."""
    head = text[:200_000]
    return bool(FULL_DOCUMENT.search(head[:4000]) and PAGE_CHROME.search(head))


def _parse(page: str) -> html.HtmlElement | None:
    """The page as an lxml HTML tree (the HTML parser loads no DTD, entity or URL), or None if it has none."""
    try:
        return html.document_fromstring(XML_DECLARATION.sub("", page))
    except (etree.ParserError, ValueError):
        return None


def _cells(table: html.HtmlElement) -> list[str]:
    """The non-empty cell texts of a table, in order."""
    return [text for cell in table.iter("td", "th") if (text := normalise_space(cell.text_content()))]


def _restore_tables(body: html.HtmlElement, page: html.HtmlElement) -> None:
    """Put back each table as the page wrote it (caption, head rows), where the extractor flattened it."""
    originals = []
    for table in page.iter("table"):
        caption = table.find("caption")
        originals.append((normalise_space(caption.text_content()) if caption is not None else "", table))
    for table in list(body.iter("table")):
        cells = _cells(table)
        for caption, original in originals:
            wanted = _cells(original)
            if cells == wanted or caption and cells == [caption, *wanted]:
                table.getparent().replace(table, _detached(original, table.tail))
                break


def _detached(element: html.HtmlElement, tail: str | None) -> html.HtmlElement:
    """A deep copy of an element from the page, with the tail of the element it stands in for."""
    found = copy.deepcopy(element)
    found.tail = tail
    return found


def _restore_figures(body: html.HtmlElement, page: html.HtmlElement) -> None:
    """Put an image back in its figure with its caption, where the page gave it one."""
    captions: dict[str, html.HtmlElement] = {}
    for figure in page.iter("figure"):
        caption = figure.find(".//figcaption")
        images = figure.findall(".//img")
        if caption is not None and len(images) == 1 and images[0].get("src"):
            captions.setdefault(images[0].get("src"), caption)
    for image in list(body.iter("img")):
        caption = captions.get(image.get("src", ""))
        if caption is None or any(a.tag == "figure" for a in image.iterancestors()):
            continue
        holder = image.getparent()
        stand_in = holder if holder.tag == "p" and len(holder) == 1 and not normalise_space(holder.text_content()) \
            else image
        figure = html.Element("figure")
        figure.append(_detached(image, None))
        figure.append(_detached(caption, None))
        figure.tail = stand_in.tail
        stand_in.getparent().replace(stand_in, figure)


def _leads(body: html.HtmlElement, element: html.HtmlElement) -> bool:
    """No words of the body come before the element (a picture may)."""
    for node in body.iter():
        if node is element:
            return True
        if normalise_space(node.text or "") or node is not body and normalise_space(node.tail or ""):
            return False
    return False


def _page_title(page: html.HtmlElement, sitename: str) -> str:
    """The title the page declares: og:title or twitter:title, else its <title> without a trailing site name."""
    for name in ("og:title", "twitter:title"):
        for meta in page.xpath(f'//meta[@property="{name}" or @name="{name}"]'):
            if normalise_space(meta.get("content", "")):
                return normalise_space(meta.get("content", ""))
    found = page.find(".//title")
    title = normalise_space(found.text_content()) if found is not None else ""
    if sitename:
        for separator in SITE_SEPARATORS:
            if title.endswith(f"{separator}{sitename}") and len(title) > len(separator + sitename):
                return title[: -len(separator + sitename)].strip()
    return title


def _place_title(body: html.HtmlElement, page: html.HtmlElement, metadata: dict[str, str]) -> str:
    """The article's title: the heading that opens it, else the page's own, else the extractor's guess.

    That opening heading leaves the body; if other level-one headings remain, every heading moves down a level.
    """
    headings = list(body.iter("h1"))
    title = ""
    if headings and _leads(body, headings[0]):
        title = normalise_space(headings[0].text_content())
    title = title or _page_title(page, metadata["sitename"]) or metadata["title"]
    if headings and normalise_space(headings[0].text_content()) == title:
        headings[0].drop_tree()
        headings = headings[1:]
    if headings:
        for element in list(body.iter("h1", "h2", "h3", "h4", "h5")):
            element.tag = f"h{int(element.tag[1]) + 1}"
    return title


def extract_article(page: str) -> tuple[str, dict[str, str]] | None:
    """The article as a plain HTML document titled by it, and the page's metadata; None when none is found."""
    import trafilatura
    from trafilatura.settings import use_config

    settings = use_config()
    # A short article is still the article: never swap it for the whole page's text (menus and footer included).
    settings.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    try:
        extracted = trafilatura.extract(
            page, output_format="html", with_metadata=True, include_comments=False, include_images=True,
            include_tables=True, include_formatting=True, include_links=True, date_extraction_params=DATE_SEARCH,
            config=settings,
        )
    except (ValueError, TypeError, LookupError, RecursionError, etree.LxmlError):
        return None  # a page the extractor cannot take apart is read as plain HTML instead
    found = _parse(extracted) if extracted else None
    original = _parse(page)
    body = found.find("body") if found is not None else None
    if found is None or body is None or original is None or not normalise_space(body.text_content()):
        return None
    metadata = {name: "" for name in METADATA}
    for meta in found.iter("meta"):
        if meta.get("name") in metadata:
            metadata[meta.get("name")] = normalise_space(meta.get("content", ""))
    _restore_tables(body, original)
    _restore_figures(body, original)
    metadata["title"] = _place_title(body, original, metadata)
    document = html.Element("html")
    head = etree.SubElement(document, "head")
    if metadata["title"]:
        etree.SubElement(head, "title").text = metadata["title"]
    document.append(body)
    return html.tostring(document, encoding="unicode", method="html"), metadata


def read_web_page(source: SourceText, options: ReaderOptions) -> SourceDocument:
    """Read a saved web page: its article as one chapter, and a web-page reference from its metadata."""
    extracted = extract_article(source.text)
    if extracted is None:
        options.warnings.add("no article found in this web page; read as plain HTML, so its menus and footer "
                             "may come through — save the article alone, or cut the rest with corrections",
                             source.shown_as)
        return read_html(source, options)
    article, metadata = extracted
    document = read_pandoc_document(replace(source, text=article), options, "html")
    document.kind = "web-page"
    credit(document, metadata["author"].split(";"))
    document.reference = source_reference("webpage", metadata["title"] or document.title, metadata["author"],
                                          metadata["date"], metadata["url"], metadata["sitename"])
    return document
