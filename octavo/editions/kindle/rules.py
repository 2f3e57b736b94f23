"""The rules that make the EPUB safe for Amazon's Send to Kindle conversion, each with where it is said.

Send to Kindle takes EPUB and converts it (with the same tools as Kindle Direct Publishing); what it refuses
or spoils is documented only in parts, so each rule names its source:

- `utf8-declaration` — Send to Kindle reads a document that declares no encoding as ISO-8859-1.
  Source: Kindle EPUB Fix, https://github.com/innocenat/kindle-epub-fix (README; fixEncoding).
- `language` — dc:language must be there and a language tag; without it the conversion stops ("E23006:
  Language not recognized in metadata. The dc:Language field is mandatory").
  Source: KindleGen's error, https://www.mobileread.com/forums/showthread.php?p=2453934; Kindle EPUB Fix
  (fixBookLanguage).
- `body-id-links` — a link to a body's id shows on Kindle as an unresolved link.
  Source: Kindle EPUB Fix (fixBodyIdLink).
- `picture-formats` — Kindle's Enhanced Typesetting shows GIF, JPEG and PNG, not SVG ("SVG rasterization is
  partially supported") and not WebP. WebP is converted to JPEG; SVG is reported.
  Source: KDP Help, Image Guidelines – Reflowable, https://kdp.amazon.com/en_US/help/topic/G75V4YX5X8GRGXWV.
- `opaque-pictures` — "Kindle devices and reading applications do not support TIFF, multi-frame GIFs, or any
  image with a transparency": such pictures are flattened onto white, first frame only.
  Source: the same KDP page.
- `contents-depth` — Kindle shows two levels of the table of contents; deeper entries join the second level.
  Source: Amazon Kindle Publishing Guidelines 2019.2, revision notes ("Updated 5.2 NCX Guidelines to specify
  that Kindle devices and applications support two levels of nesting"); Standard Ebooks' `se build --kindle`
  flattens the same way (https://github.com/standardebooks/tools, se/se_epub_build.py).
- `zero-width-spaces` — "Kindle doesn't recognize most zero-width spaces": they are removed.
  Source: Standard Ebooks' tools, se/se_epub_build.py.
- `pop-up-notes` — Kindle pops a note up when the call is `epub:type="noteref"` and the note an `aside` marked
  as a footnote that links back to its call; a note kept in a div, section or paragraph becomes an aside, a
  missing note or back link is reported. Source: "Footnotes and Endnotes in Print and Ebook" (ebookpbook.com,
  2026: Kindle's pop-up and KDP's requirement of links both ways); Standard Ebooks' tools, which rework notes
  for Kindle pop-ups.
- `guide` — without at least one guide reference Kindle shows a wrong current chapter (as of August 2024):
  a guide is made from the landmarks. Source: Standard Ebooks' tools, se/se_epub_build.py.
- `file-size` — Send to Kindle takes at most 50 MB by e-mail (200 MB through its web page and app); reported.
  Source: Amazon's Send to Kindle help, as quoted in https://leafbind.io/guides/send-to-kindle-error-e999.

Not rules here, because Octavo's EPUB never has them or EPUBCheck already refuses them: embedded or obfuscated
fonts (the EPUB embeds none), images without a source and badly nested XHTML (the EPUB and this edition pass
EPUBCheck with nothing to report).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from octavo.editions.epub.archive import EpubArchive
from octavo.editions.kindle import package, pictures, text
from octavo.editions.kindle.problems import Problem

KDP_IMAGES = "KDP Help, Image Guidelines – Reflowable (kdp.amazon.com/en_US/help/topic/G75V4YX5X8GRGXWV)"
KINDLE_EPUB_FIX = "Kindle EPUB Fix (github.com/innocenat/kindle-epub-fix)"
STANDARD_EBOOKS = "Standard Ebooks' tools, se/se_epub_build.py (github.com/standardebooks/tools)"


@dataclass(frozen=True)
class Rule:
    """One thing Send to Kindle refuses or spoils: its name, where that is said, how to find it and fix it."""

    name: str
    source: str
    check: Callable[[EpubArchive], list[Problem]]
    fix: Callable[[EpubArchive], None]


RULES: tuple[Rule, ...] = (
    Rule("utf8-declaration", KINDLE_EPUB_FIX, text.undeclared, text.declare),
    Rule("language", f"KindleGen error E23006 (mobileread.com/forums/showthread.php?p=2453934); {KINDLE_EPUB_FIX}",
         package.language_problems, package.set_language),
    Rule("body-id-links", KINDLE_EPUB_FIX, text.body_links, text.unlink_bodies),
    Rule("picture-formats", KDP_IMAGES, pictures.format_problems, pictures.convert_pictures),
    Rule("opaque-pictures", KDP_IMAGES, pictures.transparency_problems, pictures.flatten_pictures),
    Rule("contents-depth", f"Amazon Kindle Publishing Guidelines 2019.2, 5.2 NCX Guidelines; {STANDARD_EBOOKS}",
         package.depth_problems, package.flatten_contents),
    Rule("zero-width-spaces", STANDARD_EBOOKS, text.zero_width, text.remove_zero_width),
    Rule("pop-up-notes", f"ebookpbook.com, Footnotes and Endnotes in Print and Ebook (2026); {STANDARD_EBOOKS}",
         text.note_problems, text.notes_as_asides),
    Rule("guide", STANDARD_EBOOKS, package.guide_problems, package.add_guide),
    Rule("file-size", "Amazon's Send to Kindle help (50 MB by e-mail), as quoted by "
         "leafbind.io/guides/send-to-kindle-error-e999", package.size_problems, package.nothing),
)


def apply_rules(archive: EpubArchive, rules: tuple[Rule, ...] = RULES) -> list[tuple[Rule, Problem]]:
    """Check and fix each rule in turn; returns what is still wrong afterwards, by rule."""
    left = []
    for rule in rules:
        if rule.check(archive):
            rule.fix(archive)
            left += [(rule, problem) for problem in rule.check(archive)]
    return left
