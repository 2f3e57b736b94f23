"""The JSON Schemas of book.yaml and the data files: made from the loaders, shipped, written by init, and the
"did you mean" of every unknown key."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import BOOK, FIXTURES, ROOT, run_cli

from octavo import schemas
from octavo.editions.print.profiles import PAPERS, profile
from octavo.errors import BookError
from octavo.manuscript import Book, BookMetadata
from octavo.settings import DATA_FILES, load_settings
from octavo.sources.names import load_names
from octavo.sources.readers.boilerplate import DEFAULT_RULES, load_boilerplate
from octavo.transforms.apparatus import apply_citations, apply_editorial_notes
from octavo.transforms.corrections import load_corrections
from octavo.transforms.index_marks import load_subjects

MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")
# book.yaml's key for each data file that has a schema → that schema's name.
SCHEMA_OF_KEY = {key: key.replace("_", "-") for key in DATA_FILES if key.replace("_", "-") in schemas.MAKERS}


def schema(stem: str) -> dict[str, Any]:
    return json.loads((schemas.SHIPPED / schemas.schema_name(stem)).read_text(encoding="utf-8"))


def problems(stem: str, data: Any) -> list[str]:
    """Every schema error of a parsed YAML file, as `path: message`."""
    validator = jsonschema.Draft7Validator(schema(stem))
    return [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(data)]


def test_the_shipped_schemas_are_what_the_code_makes_now() -> None:
    made = schemas.generated()
    assert sorted(path.name for path in schemas.SHIPPED.glob("*.json")) == sorted(made), \
        "run `python -m octavo.schemas`"
    for name, text in made.items():
        assert (schemas.SHIPPED / name).read_text(encoding="utf-8") == text, \
            f"{name} is stale: run `python -m octavo.schemas`"


def test_every_schema_is_valid_draft_7_and_describes_each_key() -> None:
    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for name, value in (node.get("properties") or {}).items():
                assert "description" in value or "$ref" in value, name
                assert "\n" not in value.get("description", ""), name
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for stem in schemas.MAKERS:
        jsonschema.Draft7Validator.check_schema(schema(stem))
        walk(schema(stem))


def test_the_package_carries_the_schemas() -> None:
    assert '"data/schemas/*.schema.json"' in (ROOT / "setup.py").read_text(encoding="utf-8")


def test_the_choices_are_the_builds_own() -> None:
    book = schema("book")["definitions"]
    for name in book["print"]["properties"]["profile"]["enum"]:
        assert profile(name).name == name
    assert book["print"]["properties"]["paper"]["enum"] == list(PAPERS)
    assert "qa-page" in book["source"]["properties"]["kind"]["enum"]
    assert book["epub"]["properties"]["page_list"]["enum"] == ["trade", "handout", "none"]
    rules = schema("boilerplate")["definitions"]
    assert set(rules["markers"]["properties"]) == set(load_boilerplate().markers)


def test_a_key_the_loader_gains_stops_the_generator(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schemas, "PRINT_KEYS", {*schemas.PRINT_KEYS, "margin"})
    with pytest.raises(schemas.SchemaDrift, match="margin"):
        schemas.book_schema()


@pytest.mark.parametrize("folder", [BOOK, FIXTURES / "small-book"], ids=["example", "small-book"])
def test_the_books_files_validate(folder: Path) -> None:
    config = yaml.safe_load((folder / "book.yaml").read_text(encoding="utf-8"))
    assert problems("book", config) == []
    checked = 0
    for key, stem in SCHEMA_OF_KEY.items():
        if key in config:
            data = yaml.safe_load((folder / config[key]).read_text(encoding="utf-8"))
            assert problems(stem, data) == [], config[key]
            checked += 1
    assert checked == (5 if folder == BOOK else 0)


def test_the_default_boilerplate_rules_validate() -> None:
    assert problems("boilerplate", yaml.safe_load(DEFAULT_RULES.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize(("change", "wrong"), [
    (("title: How", "titel: How"), "'titel' was unexpected"),
    (("kind: wiki-note", "kind: podcast"), "contents"),
    (("role: compiler", "role: illustrator"), "creators"),
    (("language: en", "language: en\nprint:\n  paper: a5"), "'a5' is not one of"),
    (("language: en", "language: en\ncover:\n  image: images/cover.jpg"), "'alt' is a required property"),
    (("language: en", "language: en\ncover:\n  image: images/cover.gif\n  alt: A bell"), "does not match"),
    (("language: en", "language: en\nprint:\n  paper_thickness: 0"), "less than or equal to the minimum"),
])
def test_a_mistake_in_book_yaml_fails_the_schema(change: tuple[str, str], wrong: str) -> None:
    text = (BOOK / "book.yaml").read_text(encoding="utf-8")
    assert change[0] in text
    found = problems("book", yaml.safe_load(text.replace(*change)))
    assert found and any(wrong in line for line in found), found


def test_a_cover_and_a_paper_thickness_validate() -> None:
    text = (BOOK / "book.yaml").read_text(encoding="utf-8").replace(
        "language: en", "language: en\ncover:\n  image: images/cover.JPG\n  alt: A harbour at dusk\n"
                        "print:\n  paper_thickness: 0.004")
    assert problems("book", yaml.safe_load(text)) == []


SOURCE = "# A Short Note\n\nA paragraph about the harbour.\n"


@pytest.mark.parametrize(("text", "message"), [
    ("title: T\ntitel: U\ncontents: [sources/a.md]\n",
     "book.yaml:2: unknown key 'titel' in book.yaml — did you mean 'title'? (keys: bibliography, "),
    ("title: T\nprint:\n  papr: a4\ncontents: [sources/a.md]\n",
     "book.yaml:3: unknown key 'papr' in `print:` — did you mean 'paper'? "
     "(keys: handout_pages, paper, paper_thickness, profile, stylesheet)"),
    ("title: T\nepub:\n  pagelist: none\ncontents: [sources/a.md]\n",
     "book.yaml:3: unknown key 'pagelist' in `epub:` — did you mean 'page_list'? (keys: page_list)"),
    ("title: T\ncontents:\n  - file: sources/a.md\n    knd: markdown\n",
     "book.yaml:4: unknown key 'knd' in a source — did you mean 'kind'? (keys: file, kind, reference)"),
    ("title: T\ncontents:\n  - fil: sources/a.md\n",
     "book.yaml:3: unknown key 'fil' in a source — did you mean 'file'?"),
    ("title: T\ncontents:\n  - part: One\n    source: [sources/a.md]\n",
     "book.yaml:4: unknown key 'source' in a part — did you mean 'sources'? (keys: part, sources)"),
    ("title: T\ncreators:\n  - name: A\n    rol: editor\ncontents: [sources/a.md]\n",
     "book.yaml:4: unknown key 'rol' in a creator — did you mean 'role'? (keys: name, role)"),
    ("title: T\nEditorial_Notes: notes.yaml\ncontents: [sources/a.md]\n",
     "did you mean 'editorial_notes'?"),
    ("title: T\nxyzzy: 1\ncontents: [sources/a.md]\n",
     "book.yaml:2: unknown key 'xyzzy' in book.yaml — use one of: bibliography, "),
])
def test_did_you_mean_in_book_yaml(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "book.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(BookError) as caught:
        load_settings(tmp_path)
    assert message in str(caught.value)


def empty_book() -> Book:
    return Book(BookMetadata(title="T"))


@pytest.mark.parametrize(("name", "text", "load", "message"), [
    ("names.yaml", "- name: Leon Trotsky\n  sortas: Trotsky, Leon\n", lambda p, s: load_names(p, s),
     "names.yaml:2: unknown key 'sortas' in a person — did you mean 'sort_as'? (keys: description, name, sort_as, "
     "variants)"),
    ("names.yaml", "- nmae: Leon Trotsky\n", lambda p, s: load_names(p, s),
     "names.yaml:1: unknown key 'nmae' in a person — did you mean 'name'?"),
    ("corrections.yaml", "- find: Kaminev\n  replace: Kamenev\n  wholeword: false\n",
     lambda p, s: load_corrections(p, s), "corrections.yaml:3: unknown key 'wholeword' in a correction — did you "
     "mean 'whole_word'? (keys: find, reason, replace, whole_word)"),
    ("citations.yaml", "- anchor: words\n  cite: key\n  locater: p. 3\n",
     lambda p, s: apply_citations(empty_book(), p, s, {"key"}),
     "citations.yaml:3: unknown key 'locater' in a citation — did you mean 'locator'? (keys: anchor, cite, locator)"),
    ("editorial-notes.yaml", "- anchor: words\n  notes: A note.\n",
     lambda p, s: apply_editorial_notes(empty_book(), p, s),
     "editorial-notes.yaml:2: unknown key 'notes' in an editorial note — did you mean 'note'? (keys: anchor, note)"),
    ("index.yaml", "- term: Politburo\n  matches: [Politburo]\n", lambda p, s: load_subjects(p, s, []),
     "index.yaml:2: unknown key 'matches' in an index entry — did you mean 'match'? (keys: match, see, sub, term)"),
    ("index.yaml", "- term: Party\n  sub:\n    - term: Congress\n      sea: Politburo\n",
     lambda p, s: load_subjects(p, s, []), "index.yaml:4: unknown key 'sea' in an index entry — did you mean 'see'?"),
    ("rules.yaml", "rule:\n  - id: x\n", lambda p, s: load_boilerplate(p, s),
     "rules.yaml:1: unknown key 'rule' in a boilerplate file — did you mean 'rules'? (keys: disable, markers, rules)"),
    ("rules.yaml", "rules:\n  - id: x\n    patern: 'Share .*'\n", lambda p, s: load_boilerplate(p, s),
     "rules.yaml:3: unknown key 'patern' in a rule — did you mean 'pattern'? (keys: id, pattern, role)"),
    ("rules.yaml", "markers:\n  answer: 'Replies:?'\n", lambda p, s: load_boilerplate(p, s),
     "rules.yaml:2: unknown key 'answer' in `markers:` — did you mean 'answers'? (keys: answers, quick-answer)"),
])
def test_did_you_mean_in_the_data_files(tmp_path: Path, name: str, text: str, load: Any, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BookError) as caught:
        load(path, name)
    assert message in str(caught.value)
    stem = {"rules.yaml": "boilerplate"}.get(name, name.removesuffix(".yaml"))
    assert problems(stem, yaml.safe_load(text)), "the schema refuses it too"


def test_init_names_the_schemas_it_writes_into_the_book_and_the_book_builds(tmp_path: Path) -> None:
    source = tmp_path / "harbour.md"
    source.write_text(SOURCE, encoding="utf-8")
    book = tmp_path / "newbook"
    done = run_cli("init", str(book), str(source))
    assert done.returncode == 0, done.stderr
    written = sorted(book.glob("*.yaml"))
    assert [path.name for path in written] == ["book.yaml", "citations.yaml", "corrections.yaml",
                                               "editorial-notes.yaml", "names.yaml"]
    for path in written:
        first = MODELINE.match(path.read_text(encoding="utf-8"))
        assert first, path.name
        named = path.parent / first.group(1)
        assert named.is_file() and named.resolve().is_relative_to(book.resolve()), first.group(1)
        assert named.name == schemas.schema_name(path.stem)
        validator = jsonschema.Draft7Validator(json.loads(named.read_text(encoding="utf-8")))
        assert [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))] == []
    for stem in schemas.MAKERS:  # the files init does not write (index, boilerplate) have theirs ready too
        copy = book / schemas.BOOK_FOLDER / schemas.schema_name(stem)
        assert copy.read_bytes() == (schemas.SHIPPED / schemas.schema_name(stem)).read_bytes()
    done = run_cli("--book", str(book), "--out", str(tmp_path / "out"), "--formats", "manuscript", "-q")
    assert done.returncode == 0, done.stderr
    assert "A paragraph about the harbour." in "".join(
        path.read_text(encoding="utf-8") for path in (tmp_path / "out" / "manuscript").glob("*.md"))


def test_the_module_copies_the_schemas_into_an_existing_book(tmp_path: Path) -> None:
    (tmp_path / "book.yaml").write_text("title: T\ncontents: [sources/a.md]\n", encoding="utf-8")
    assert schemas.main(["--book", str(tmp_path)]) == 0
    assert sorted(p.name for p in (tmp_path / ".octavo").iterdir()) == sorted(schemas.generated())


@pytest.mark.parametrize(("stem", "load"), [
    ("names", lambda p, s: load_names(p, s)),
    ("corrections", lambda p, s: load_corrections(p, s)),
    ("citations", lambda p, s: apply_citations(empty_book(), p, s, {"k"})),
    ("editorial-notes", lambda p, s: apply_editorial_notes(empty_book(), p, s)),
    ("index", lambda p, s: load_subjects(p, s, [])),
])
def test_the_required_keys_are_the_loaders(tmp_path: Path, stem: str, load: Any) -> None:
    """An entry of the schema's required keys passes the loader's checks; one without any of them does not."""
    entry_schema = next(iter(schema(stem)["definitions"].values()))
    required = entry_schema["required"]
    path = tmp_path / f"{stem}.yaml"

    def complaint(entry: dict[str, str]) -> str:
        path.write_text(yaml.safe_dump([entry]), encoding="utf-8")
        try:
            load(path, path.name)
        except BookError as error:
            return str(error)
        return ""

    full = {key: "k" for key in required}
    assert "need" not in complaint(full)  # citations and notes go on to look for the anchor, and say so
    for key in required:
        short = {k: v for k, v in full.items() if k != key}
        assert "need" in complaint(short), key
        assert problems(stem, [short]), key
