"""The print edition: a PDF laid out by WeasyPrint, as a tagged handout or a trade book for the printer."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from octavo.config import inside_book
from octavo.epub.metadata import identifier, modified_time
from octavo.errors import BookError
from octavo.fonts import BOOK_FAMILY, missing_glyphs
from octavo.print.context import PrintContext
from octavo.print.layout import STYLES, first_pages, make_layout, report, write_joined
from octavo.print.profiles import Profile, profile
from octavo.renderers.base import Renderer
from octavo.renderers.epub import book_slug

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates" / "print"


class PdfRenderer(Renderer):
    """Lays out the body, then the front matter with the body's folios, and joins them."""

    name = "pdf"

    def chosen(self) -> Profile:
        """The profile: --profile/--paper, else book.yaml's `print:`, else a handout on A4."""
        settings = {**self.book.print_settings, **{k: v for k, v in self.options.items() if v}}
        return profile(settings.get("profile", "handout"), settings.get("paper", "a4"))

    def output_name(self) -> str:
        """The PDF's file name (trade editions end in -trade)."""
        return f"{book_slug(self.book.metadata.title)}{self.chosen().suffix}.pdf"

    def _check_glyphs(self, *documents: str) -> None:
        """Warn about characters the book font cannot draw."""
        for char in missing_glyphs("".join(documents)):
            self.warnings.add(f"the book font {BOOK_FAMILY} has no glyph for {char!r} (U+{ord(char):04X}); "
                              "the print edition draws it from a fallback font — check it on the page")

    def pdf_bytes(self) -> bytes:
        """The finished PDF."""
        chosen = self.chosen()
        env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, trim_blocks=True,
                          lstrip_blocks=True, autoescape=select_autoescape(["j2"]))
        template = env.get_template("book.html.j2")
        created = modified_time().strftime("%Y-%m-%dT%H:%M:%SZ")
        context = PrintContext(self.book, self.typeset_book, chosen.name, created)
        book_folder = Path(self.book.folder) if self.book.folder else None
        extra = self.book.print_settings.get("stylesheet")
        book_sheet = inside_book(book_folder, extra) if extra and book_folder else None
        if book_sheet is not None and not book_sheet.is_file():
            raise BookError(f"the print stylesheet {extra!r} is missing", "create it or remove `stylesheet:`",
                            "book.yaml")
        layout = make_layout([STYLES / "print.css", STYLES / chosen.stylesheet], book_sheet, chosen.size,
                             chosen.pdf_variant, book_folder)
        body_html = template.render(context.body())
        body = layout.render(body_html)
        folios = first_pages(body, context.body_ids())
        start = len(body.pages) + 1
        pad = chosen.recto_openings and start % 2 == 0
        if context.index:
            folios["index"] = start + pad
        front_html = template.render(context.front(folios, pad=False))
        front = layout.render(front_html)
        if chosen.recto_openings and len(front.pages) % 2:
            front = layout.render(template.render(context.front(folios, pad=True)))
        index = None
        if context.index:
            index_context = context.index_document(first_pages(body, context.index_ids()),
                                                   first_pages(front, context.index_ids()), start + pad, pad)
            index = layout.render(template.render(index_context), first_page=index_context["first_page"])
        self._check_glyphs(front_html, body_html)
        data = write_joined(front, [body, *([index] if index else [])], layout, identifier(self.book.metadata))
        report(layout.log, layout.fetcher, self.warnings)
        return data

    def write(self, target: Path) -> None:
        """Write the PDF file."""
        target.write_bytes(self.pdf_bytes())
