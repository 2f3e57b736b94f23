"""JSON Schemas for book.yaml and the editorial data files, made from the keys and choices the loaders check.

The loaders stay the authority. Each schema takes its keys from the loader's own key set (settings.py, names.py,
corrections.py, apparatus.py, index_marks.py, boilerplate.py) and its choices from the tables the build uses (source
kinds, creator roles, print editions, papers, page lists, rule roles, the default boilerplate rules and page markers).
A key set and the description table below that disagree stop the generator, so no key can be added, renamed or
dropped on one side only. The schemas ship in the package (octavo/data/schemas/); `init` copies them into the new
book's `.octavo/` folder, which the first line of each file it writes names for the editor's YAML extension
(`# yaml-language-server: $schema=.octavo/book.schema.json`). A build never reads them.

`python -m octavo.schemas` writes the package's files again from the code (run it after changing a loader);
`python -m octavo.schemas --book FOLDER` copies the installed package's files into a book's `.octavo/`.
"""

from __future__ import annotations

import argparse
import json
import shutil
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any

from octavo.core.language import PLURAL_CATEGORIES
from octavo.core.resources import DATA
from octavo.editions.print.profiles import PAPERS
from octavo.labels import FALLBACK, allowed_fields, label_names, shipped
from octavo.manuscript import BookMetadata
from octavo.settings import (
    COVER_KEYS,
    CREATOR_KEYS,
    CREATOR_ROLES,
    EPUB_KEYS,
    HANDOUT_PAGES,
    PAGE_LISTS,
    PAPER_THICKNESS,
    PART_KEYS,
    PRINT_KEYS,
    SOURCE_KEYS,
    THICKEST_PAPER,
    TOP_KEYS,
    EpubSettings,
    PrintSettings,
)
from octavo.sources.names import PERSON_KEYS
from octavo.sources.readers import READERS
from octavo.sources.readers.boilerplate import FILE_KEYS, ROLES, RULE_KEYS, load_boilerplate
from octavo.transforms.apparatus import CITATION_KEYS, NOTE_KEYS
from octavo.transforms.corrections import KEYS as CORRECTION_KEYS
from octavo.transforms.index_marks import KEYS as INDEX_KEYS
from octavo.transforms.index_marks import SUB

Schema = dict[str, Any]

DIALECT = "http://json-schema.org/draft-07/schema#"
SHIPPED = DATA / "schemas"
"""Where the package keeps the schema files."""
BOOK_FOLDER = ".octavo"
"""The folder, inside a book, that holds the copies its files name in their `$schema` line."""
SUFFIX = ".schema.json"
PRINT_EDITIONS = tuple(name for name in PAGE_LISTS if name != "none")
"""The print editions (profiles): the page lists other than none."""


class SchemaDrift(Exception):
    """A loader's key set and the schema's descriptions no longer name the same keys."""


def _text(description: str, **more: Any) -> Schema:
    """Text, which may be written as a number too (the loaders read any scalar as its text)."""
    return {"description": description, "type": ["string", "number"], **more}


def _texts(description: str) -> Schema:
    """A list of texts."""
    return {"description": description, "type": "array", "items": {"type": ["string", "number"]}}


def _path(description: str) -> Schema:
    """A file named relative to the book folder (the build refuses one outside it)."""
    return {"description": description, "type": "string", "minLength": 1}


def _choice(description: str, values: Sequence[str], default: str | None = None) -> Schema:
    """One of a fixed set of words."""
    schema: Schema = {"description": description, "enum": list(values)}
    return schema if default is None else {**schema, "default": default}


def _properties(keys: Collection[str], described: dict[str, Schema], what: str) -> dict[str, Schema]:
    """The described keys, in the table's order, once they are checked to be exactly the loader's keys."""
    missing, extra = sorted(set(keys) - set(described)), sorted(set(described) - set(keys))
    if missing or extra:
        raise SchemaDrift(f"{what}: the loader accepts {missing or 'no more'} but the schema describes "
                          f"{extra or 'no more'}; describe each key the loader accepts, and only those")
    return described


def _object(description: str, keys: Collection[str], described: dict[str, Schema], what: str,
            required: Sequence[str] = ()) -> Schema:
    """A mapping with exactly the loader's keys: any other is an error, as in the build."""
    schema: Schema = {"description": description, "type": "object",
                      "properties": _properties(keys, described, what), "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    return schema


def _document(title: str, body: Schema, definitions: dict[str, Schema]) -> Schema:
    """A whole schema file: its dialect and title, what the file is, and the parts it refers to."""
    return {"$schema": DIALECT, "title": title, **body, "definitions": definitions}


def _list_file(title: str, description: str, name: str, entry: Schema, empty_allowed: bool = True) -> Schema:
    """A data file that lists entries called `name` (an empty file is an empty list where the loader allows it)."""
    kind = ["array", "null"] if empty_allowed else "array"
    body = {"description": description, "type": kind, "items": {"$ref": f"#/definitions/{name}"}}
    return _document(title, body, {name: entry})


def _label(name: str) -> Schema:
    """One label of `labels:`: a text, a text per plural category for a label that counts, or the ordinals."""
    english = shipped(FALLBACK).get(name)
    fields = sorted(allowed_fields(name))
    fills = f" The build fills in {', '.join('{' + field + '}' for field in fields)}." if fields else ""
    if name == "ordinals":
        return {"description": "The words that number parts in order (First, Second…), for `part_ordinal`.",
                "type": "array", "items": {"type": "string", "minLength": 1}}
    if name == "part_ordinal":
        return _text(f"A part's label in words, e.g. \"{{ordinal}} partie\" (parts beyond `ordinals` take "
                     f"`part`).{fills}")
    if isinstance(english, dict):
        forms = {form: {"description": f"The text for numbers in the language's `{form}` plural category.",
                        "type": "string"} for form in PLURAL_CATEGORIES}
        return {"description": f"Counts something; in English “{english['other']}”.{fills} Give one text, or one "
                               "for each plural category of the language (other is required).",
                "anyOf": [{"type": "string"}, {"type": "object", "properties": forms, "required": ["other"],
                                               "additionalProperties": False}]}
    return _text(f"In English “{english}”.{fills}")


def labels_schema() -> Schema:
    """`labels:`: the book's own words for any label the editions generate, over its language's."""
    names = label_names()
    return _object("The book's own words for what the editions generate (Contents, Index, Part I, see p. …), over "
                   "those of its language; the names are those of Octavo's language files.", names,
                   {name: _label(name) for name in sorted(names)}, "`labels:`")


def book_schema() -> Schema:
    """book.yaml: catalogue facts, the editorial files, the contents and each edition's settings."""
    metadata_default = BookMetadata(title="")
    source = _object("One source: a file in the book, read into one or more chapters.", SOURCE_KEYS, {
        "file": _path("The source file in the book folder, e.g. sources/interview.md; it is kept unchanged."),
        "kind": _choice("What the source is, which chooses its reader; left out, the kind is detected at each build.",
                        list(READERS)),
        "reference": _text("The bibliography id of the source itself; left out, one is made from its title."),
    }, "a source", required=["file"])
    source_item = {"anyOf": [_path("A source file in the book folder, its kind detected at each build."),
                             {"$ref": "#/definitions/source"}]}
    part = _object("A part of the book: a title over the sources it holds.", PART_KEYS, {
        "part": _text("The part's title, printed on its part-title page."),
        "sources": {"description": "The part's sources, in reading order.", "type": "array", "minItems": 1,
                    "items": source_item},
    }, "a part", required=["part", "sources"])
    creator = _object("A person or body credited for the book.", CREATOR_KEYS, {
        "name": _text("The name as the title page and the catalogue record print it."),
        "role": _choice("What they did for the book.", sorted(CREATOR_ROLES), default="author"),
    }, "a creator", required=["name"])
    print_settings = _object("The print edition: profile, paper and the book's own stylesheet.", PRINT_KEYS, {
        "profile": _choice("The print edition a build makes when --profile does not choose: a handout on A4 or "
                           "Letter, or the 6 × 9 in trade edition with bleed and crop marks.", PRINT_EDITIONS),
        "paper": _choice("The handout's paper size (--paper may choose another).", list(PAPERS)),
        "stylesheet": _path("A CSS file in the book, applied after the print sheets: trim size, fonts, spacing."),
        "handout_pages": _choice("How chapter handouts (--formats handouts) number their pages: as the book's "
                                 "handout edition does, so page 37 is the same page for everyone, or from 1.",
                                 HANDOUT_PAGES, default=PrintSettings().handout_pages),
        "paper_thickness": {"description": "The thickness of one leaf of the trade edition's paper (a leaf is two "
                                           "pages), in inches, for the cover wrap's spine: the leaves times this.",
                            "type": "number", "exclusiveMinimum": 0, "maximum": THICKEST_PAPER,
                            "default": PAPER_THICKNESS},
    }, "`print:`")
    cover = _object("The book's own cover picture, instead of the cover drawn from the title and creators.",
                    COVER_KEYS, {
                        "image": _path("A PNG or JPEG picture in the book, e.g. images/cover.jpg: the EPUB's cover, "
                                       "the web edition's first page and the front of the print cover wrap.")
                        | {"pattern": "[.]([Pp][Nn][Gg]|[Jj][Pp][Ee]?[Gg])$"},
                        "alt": _text("What the cover shows, in words, for readers who cannot see it.", minLength=1),
                    }, "`cover:`", required=["image", "alt"])
    epub_settings = _object("The EPUB edition.", EPUB_KEYS, {
        "page_list": _choice("The print edition whose page numbers the EPUB's page list and page-break markers "
                             "follow, or none.", PAGE_LISTS, default=EpubSettings().page_list),
    }, "`epub:`")
    top = _object("The book's settings: catalogue facts, editorial files, contents, editions.", TOP_KEYS, {
        "title": _text("The book's title, for the title page, the cover and the catalogue record."),
        "subtitle": _text("The subtitle, printed under the title."),
        "language": _text("The language of the text, as a language tag such as en, en-GB or fr.",
                          default=metadata_default.language),
        "creators": {"description": "Who made the book: authors, editors, compilers, translators, contributors.",
                     "type": "array", "items": {"$ref": "#/definitions/creator"}},
        "publisher": _text("The publisher named on the title page and in the imprint."),
        "date": _text("The publication date, e.g. 2026 or 2026-03-01."),
        "rights": _text("The copyright statement printed in the imprint."),
        "description": _text("The blurb for the catalogue record; left out, the front matter's first paragraph."),
        "identifier": _text("The book's identifier, an ISBN or a URN; left out, one is made from title and creators."),
        "subjects": _texts("Subject headings for the catalogue record."),
        "labels": labels_schema(),
        "bibliography": _path("The works the book cites: a CSL JSON file (references.json) or a BibTeX .bib file."),
        "boilerplate": _path("A rules file that adds to or changes the default rules for captured pages' site "
                             "furniture (see boilerplate.schema.json)."),
        "names": _path("The names authority: one entry per person, with the forms the sources use (names.yaml)."),
        "corrections": _path("Corrections to the sources' text, applied at every build (corrections.yaml)."),
        "citations": _path("Citations placed after words of the text (citations.yaml)."),
        "editorial_notes": _path("The editor's notes, called after words of the text (editorial-notes.yaml)."),
        "index": _path("The index's subjects, beside the people of the names authority (index.yaml)."),
        "style": _path("A CSL citation style (.csl) in the book; left out, Chicago notes and bibliography."),
        "contents": {"description": "The book's sources in reading order: parts holding sources, or sources on "
                                    "their own.", "type": "array", "minItems": 1,
                     "items": {"anyOf": [{"$ref": "#/definitions/part"}, *source_item["anyOf"]]}},
        "print": {"$ref": "#/definitions/print"},
        "epub": {"$ref": "#/definitions/epub"},
        "cover": {"$ref": "#/definitions/cover"},
    }, "book.yaml", required=["title", "contents"])
    return _document("Octavo book.yaml", top, {"creator": creator, "source": source, "part": part,
                                               "print": print_settings, "epub": epub_settings, "cover": cover})


def names_schema() -> Schema:
    """names.yaml: the names authority, one entry per person."""
    person = _object("A person: the canonical name, the forms the sources use, one line about them.", PERSON_KEYS, {
        "name": _text("The canonical name, which replaces every variant in attributions and the index."),
        "sort_as": _text("The form the index and the who's who sort by, e.g. \"Trotsky, Leon\"; left out, the "
                         "last word goes first."),
        "variants": _texts("Other forms of the name the sources use; each may belong to one person only."),
        "description": _text("One line about the person for the who's who."),
    }, "a person", required=["name"])
    return _list_file("Octavo names.yaml", "The names authority: one entry per person.", "person", person,
                      empty_allowed=False)


def corrections_schema() -> Schema:
    """corrections.yaml: corrections to the sources' text."""
    correction = _object("A correction, applied to titles and text at every build and logged.", CORRECTION_KEYS, {
        "find": _text("The text to correct, exactly as the sources have it.", minLength=1),
        "replace": _text("The corrected text."),
        "whole_word": {"description": "Correct whole words only (the default), or the text inside words too.",
                       "type": "boolean", "default": True},
        "reason": _text("Why, for the log of editorial changes in the review manuscript."),
    }, "a correction", required=["find", "replace"])
    return _list_file("Octavo corrections.yaml", "Corrections to the sources' text.", "correction", correction)


def citations_schema() -> Schema:
    """citations.yaml: citations anchored to words of the text."""
    citation = _object("A citation placed right after the anchor words; citeproc makes the note.", CITATION_KEYS, {
        "anchor": _text("Words exactly as they stand in the text."),
        "cite": _text("The id of the cited work in the bibliography."),
        "locator": _text("Where in the work, e.g. \"p. 33\" or \"chap. 4\"."),
    }, "a citation", required=["anchor", "cite"])
    return _list_file("Octavo citations.yaml", "Citations placed after words of the text.", "citation", citation)


def editorial_notes_schema() -> Schema:
    """editorial-notes.yaml: the editor's notes, anchored to words of the text."""
    note = _object("An editor's note, called after the anchor words and any punctuation closing them.", NOTE_KEYS, {
        "anchor": _text("Words exactly as they stand in the text."),
        "note": _text("The note as the reader will read it."),
    }, "an editorial note", required=["anchor", "note"])
    return _list_file("Octavo editorial-notes.yaml", "The editor's notes, called after words of the text.", "note",
                      note)


def index_schema() -> Schema:
    """index.yaml: the index's subjects, with sub-entries and cross-references."""
    subject = _object("An index subject.", INDEX_KEYS, {
        "term": _text(f"The heading the index prints (without {SUB!r}: give sub-entries under `sub`).",
                      pattern=f"^[^{SUB}]*$"),
        "match": _texts("The words that mark the subject in the text; left out, the term itself."),
        "sub": {"description": "Sub-entries, printed under this term.", "type": "array",
                "items": {"$ref": "#/definitions/subject"}},
        "see": _text("A cross-reference: the term of another entry (or a person's name) to look under instead."),
    }, "an index entry", required=["term"])
    return _list_file("Octavo index.yaml", "The index's subjects, beside the people of the names authority.", "subject",
                      subject)


def boilerplate_schema() -> Schema:
    """A boilerplate rules file: rules for captured pages' site furniture, applied on top of the defaults."""
    defaults = load_boilerplate()
    rule = _object("A rule: a whole line that is site furniture, not the text.", RULE_KEYS, {
        "id": _text("A short name for the rule; a default rule's id replaces that rule."),
        "pattern": {"description": "A regular expression (RE2) matching the whole line, ignoring case.",
                    "type": "string", "minLength": 1},
        "role": _choice("separator: the line stands between two answers; drop: the line is simply removed. "
                        "Either way it leaves the text.", ROLES, default="drop"),
    }, "a rule", required=["id", "pattern"])
    markers = _object("Page markers to redefine, each a regular expression matching the whole line.",
                      defaults.markers, {
                          "quick-answer": {"description": "The line that opens a captured page's quick answer.",
                                           "type": "string", "minLength": 1},
                          "answers": {"description": "The line that opens the expert answers.", "type": "string",
                                      "minLength": 1},
                      }, "`markers:`")
    body = _object("Rules for captured pages' site furniture, on top of the default rules.", FILE_KEYS, {
        "rules": {"description": "Rules to add, or to replace default rules with the same id.", "type": "array",
                  "items": {"$ref": "#/definitions/rule"}},
        "markers": {"$ref": "#/definitions/markers"},
        "disable": {"description": "Ids of rules to switch off: default rules or this file's own.", "type": "array",
                    "items": {"anyOf": [{"enum": [rule.id for rule in defaults.rules]}, {"type": "string"}]}},
    }, "a boilerplate file")
    return _document("Octavo boilerplate rules", body, {"rule": rule, "markers": markers})


MAKERS: dict[str, Callable[[], Schema]] = {
    "book": book_schema,
    "names": names_schema,
    "corrections": corrections_schema,
    "citations": citations_schema,
    "editorial-notes": editorial_notes_schema,
    "index": index_schema,
    "boilerplate": boilerplate_schema,
}
"""Each schema file's name (before .schema.json) and what makes it."""


def schema_name(stem: str) -> str:
    """The file name of a schema: `book` → `book.schema.json`."""
    return f"{stem}{SUFFIX}"


def schema_text(schema: Schema) -> str:
    """A schema as its file holds it: indented JSON, UTF-8 text, one newline at the end."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def generated() -> dict[str, str]:
    """Every schema file's name and text, made from the code as it is now."""
    return {schema_name(stem): schema_text(make()) for stem, make in MAKERS.items()}


def write_package_schemas(folder: Path = SHIPPED) -> list[Path]:
    """Write every schema into the package's folder (after a loader changed), and return the files."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in generated().items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written


def install_schemas(book: Path) -> Path:
    """Copy the package's schema files into the book's `.octavo/` folder, and return that folder."""
    target = book / BOOK_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for stem in MAKERS:
        shutil.copyfile(SHIPPED / schema_name(stem), target / schema_name(stem))
    return target


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m octavo.schemas [--book FOLDER]`: regenerate the package's schemas, or copy them into a book."""
    parser = argparse.ArgumentParser(prog="python -m octavo.schemas", description=main.__doc__)
    parser.add_argument("--book", type=Path, help="copy the installed schemas into this book's .octavo/ folder")
    args = parser.parse_args(argv)
    if args.book is not None:
        if not (args.book / "book.yaml").is_file():
            parser.error(f"{args.book} has no book.yaml")
        print(f"copied the schemas into {install_schemas(args.book)}")
    else:
        for path in write_package_schemas():
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
