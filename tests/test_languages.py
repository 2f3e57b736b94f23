"""Books in other languages: every word the editions generate comes from the book's language file or its labels."""

from __future__ import annotations

import re
import shutil
import string
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, run_cli
from epub_checks import run_epubcheck
from lxml import etree, html

from octavo.errors import BookError
from octavo.labels import FALLBACK, book_labels, label_names, shipped, shipped_languages
from octavo.settings import load_settings

FRENCH = FIXTURES / "francais"
NARROW = "\u202f"
# Generated words that French writes the same way, and so cannot tell the languages apart.
SAME_IN_FRENCH = {"Index", "Notes", "Sources", "Colophon", "Pages", "page"}
PRODUCT = "Ace by DAISY"  # a checker's name, kept in every language


def english_words() -> list[str]:
    """Every fixed run of words of the English catalogue (between its {fields}), four letters or more."""
    texts: list[str] = []
    for value in shipped(FALLBACK).values():
        texts += list(value.values()) if isinstance(value, dict) else [value] if isinstance(value, str) else []
    runs = {run.strip(" ,.:()") for text in texts for run, *_ in string.Formatter().parse(text)}
    return sorted(run for run in runs if sum(char.isalpha() for char in run) >= 2 and run not in SAME_IN_FRENCH)


def english_in(text: str) -> list[str]:
    """The English catalogue's words found in a text, as whole words."""
    text = " ".join(text.replace(NARROW, " ").replace("\u00a0", " ").replace(PRODUCT, "").split())
    return [run for run in english_words() if re.search(rf"(?<!\w){re.escape(run)}(?!\w)", text)]


def shown_text(document: bytes) -> str:
    """What a reader meets in an (X)HTML document: its text, and its titles, labels and alternative texts."""
    root = html.fromstring(document)
    for script in root.xpath("//script"):
        script.drop_tree()
    said = [value for element in root.iter() if isinstance(element.tag, str)
            for name, value in element.attrib.items() if name in ("aria-label", "alt", "title", "data-missing")]
    return " ".join([root.text_content(), *said])


def build(book: Path, out: Path, *formats: str) -> subprocess.CompletedProcess[str]:
    """Build the book into `out` (the formats given, else every edition), expecting success."""
    done = run_cli("--book", str(book), "--out", str(out), *(["--formats", ",".join(formats)] if formats else []))
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The French fixture book, every edition built."""
    out = tmp_path_factory.mktemp("francais")
    build(FRENCH, out)
    return out


def variant(tmp_path_factory: pytest.TempPathFactory, name: str, **changes: object) -> Path:
    """A copy of the French book with book.yaml changed, its EPUB without a page list (no print edition needed)."""
    book = tmp_path_factory.mktemp(name) / "book"
    shutil.copytree(FRENCH, book)
    settings = yaml.safe_load((book / "book.yaml").read_text(encoding="utf-8"))
    settings.update(changes, epub={"page_list": "none"})
    (book / "book.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return book


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same book in German, with its own word for the contents, as an EPUB and a SCORM package."""
    book = variant(tmp_path_factory, "deutsch", language="de", labels={"contents": "Übersicht"})
    out = book.parent / "out"
    build(book, out, "epub", "scorm12")
    return out


def epub_documents(out: Path) -> dict[str, bytes]:
    """The EPUB's XHTML documents and package document, by name."""
    epub, = out.glob("*.epub")
    with zipfile.ZipFile(epub) as package:
        return {Path(name).name: package.read(name) for name in package.namelist()
                if name.endswith((".xhtml", ".opf"))}


def package_files(archive: Path) -> dict[str, bytes]:
    """An LMS package's manifest and HTML pages, by name."""
    with zipfile.ZipFile(archive) as package:
        return {name: package.read(name) for name in package.namelist() if name.endswith((".xml", ".html"))}


def test_the_catalogues_name_only_english_labels_with_the_same_fields() -> None:
    names = label_names()
    assert shipped_languages() == ["de", "en", "es", "fr"]
    for language in shipped_languages():
        labels = shipped(language)
        assert set(labels) <= names, language
        assert set(shipped(FALLBACK)) <= set(labels), f"{language} lacks labels"
        for name, value in labels.items():
            english = shipped(FALLBACK).get(name)
            if isinstance(english, dict):
                assert isinstance(value, dict) and "other" in value, (language, name)
            fields = [{f for _, f, *_ in string.Formatter().parse(text) if f} for text in
                      (value.values() if isinstance(value, dict) else [value] if isinstance(value, str) else [])]
            wanted = {f for _, f, *_ in string.Formatter().parse(english) if f} if isinstance(english, str) else None
            assert wanted is None or all(found == wanted for found in fields), (language, name)


def test_french_typography_has_a_narrow_space_before_high_punctuation_and_inside_guillemets() -> None:
    for name, value in shipped("fr").items():
        for text in value.values() if isinstance(value, dict) else [value] if isinstance(value, str) else []:
            assert not re.search(r"[^\u202f][:;?!](\s|$)", text), (name, text)
            assert not re.search(r"«[^\u202f]|[^\u202f]»", text), (name, text)
            assert '"' not in text and "'" not in text, (name, text)
    assert shipped("de")["quoted"] == "„{text}“"


def test_a_regional_tag_falls_back_to_its_language_and_dates_follow_it() -> None:
    assert book_labels("fr-CA", {}).language == "fr"
    assert book_labels("de-AT", {}).text("contents") == "Inhalt"
    assert book_labels("tlh", {}).language == "en"
    assert book_labels("fr", {}).date("2026-03-01") == "1 mars 2026"
    assert book_labels("de", {}).date("2026-03") == "März 2026"
    assert book_labels("es", {}).date("2026") == "2026"
    assert book_labels("fr", {}).part(2) == "Deuxième partie"
    assert book_labels("fr", {}).part(21) == "Partie XXI"
    assert book_labels("en", {}).part(4) == "Part IV"
    assert book_labels("fr", {"part": "Livre {roman}"}).part(2) == "Livre II"
    french = book_labels("fr", {})
    assert french.count("corrections", 0).startswith("L’éditeur a corrigé 0 faute ou")  # French's `one` holds 0
    assert book_labels("en", {}).count("corrections", 0).startswith("The editor corrected 0 misspellings")


def test_the_french_epub_speaks_french_and_passes_epubcheck(french: Path, tmp_path: Path) -> None:
    documents = epub_documents(french)
    nav = shown_text(documents["toc.xhtml"])
    for words in ("Table des matières", "Repères", "Début du texte", "Liste des pages", "Première partie : Les "
                  "gardiens", "Bibliographie", "Notices biographiques"):
        assert words in nav.replace(NARROW, " "), words
    imprint = shown_text(documents["imprint.xhtml"]).replace(NARROW, " ")
    for words in ("Mentions d’édition", "Publié par Éditions du Large, 1 mars 2026.", "Identifiant : urn:uuid:",
                  "phares.md : « Les feux de la côte bretonne »", "Réalisé avec Octavo"):
        assert words in imprint, words
    assert "Couverture : Les Phares" in shown_text(documents["cover.xhtml"]).replace(NARROW, " ")
    assert ", voir lentille" in shown_text(documents["index.xhtml"])
    assert "Sous la direction de" in shown_text(documents["titlepage.xhtml"])
    summary = etree.fromstring(documents["content.opf"]).xpath("//*[@property='schema:accessibilitySummary']")[0]
    assert summary.text.startswith("Cette publication satisfait aux WCAG 2.2")
    for name, document in documents.items():
        text = shown_text(document) if name.endswith(".xhtml") else summary.text
        assert not english_in(text), (name, english_in(text))
    epub, = french.glob("*.epub")
    checker = run_epubcheck(epub, tmp_path / "epubcheck.json")["checker"]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0)


def test_citations_print_the_terms_of_the_books_language(french: Path) -> None:
    chapter = shown_text(epub_documents(french)["les-feux-de-la-cote-bretonne.xhtml"])
    assert "Anne Lemoine et Yves Kerbrat" in chapter
    assert "Paul Marin, éd.," in chapter
    assert " and Yves" not in chapter and ", ed.," not in chapter


def test_the_french_handout_prints_french_words(french: Path) -> None:
    handout, = (pdf for pdf in french.glob("*.pdf") if not pdf.stem.endswith(("-trade", "-cover")))
    text = subprocess.run(["pdftotext", "-layout", str(handout), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.replace(NARROW, " ").split())
    for words in ("Table des matières", "Première partie", "Bibliographie", "Notices biographiques", "Sources :",
                  "Publié par Éditions du Large, 1 mars 2026.", "(voir p. 1)", "Composé en Linux Libertine."):
        assert words in flat, words
    assert not english_in(text), english_in(text)


def test_the_french_web_edition_and_packages_speak_french(french: Path) -> None:
    pages = {path.name: path.read_bytes() for path in (french / "web").glob("*.html")}
    contents = shown_text(pages["00-contents.html"]).replace(NARROW, " ")
    for words in ("Aller au texte", "Table des matières", "À propos de cette édition", "Établie à partir de ces "
                  "sources :", "Suivant :"):
        assert words in contents, words
    cartridge, = french.glob("*.imscc")
    scorm, = french.glob("*-scorm12.zip")
    packaged = {**package_files(cartridge), **{f"scorm/{n}": data for n, data in package_files(scorm).items()}}
    assert "Téléchargements" in packaged["imsmanifest.xml"].decode() and "Le livre au format EPUB" in \
        packaged["imsmanifest.xml"].decode()
    assert "Fin de «\u202fLes feux de la côte bretonne\u202f»." in packaged[
        "scorm/01-les-feux-de-la-cote-bretonne.html"].decode()
    for name, data in [*pages.items(), *packaged.items()]:
        text = shown_text(data) if name.endswith(".html") else etree.fromstring(data).xpath("string(/*)")
        assert not english_in(text), (name, english_in(text))


def test_a_german_book_quotes_with_german_marks_and_its_own_label_wins(german: Path) -> None:
    documents = epub_documents(german)
    assert "phares.md: „Les feux de la côte bretonne“" in shown_text(documents["imprint.xhtml"])
    assert "Übersicht" in shown_text(documents["toc.xhtml"]) and "Inhalt" not in shown_text(documents["toc.xhtml"])
    assert "Erster Teil: Les gardiens" in shown_text(documents["toc.xhtml"])
    scorm, = german.glob("*-scorm12.zip")
    assert "Ende von „Les feux de la côte bretonne“." in package_files(scorm)[
        "01-les-feux-de-la-cote-bretonne.html"].decode()


@pytest.mark.parametrize("language", ["ar", "ja", "xx"])
def test_a_language_without_labels_warns_at_book_yaml_and_falls_back_to_english(
        tmp_path_factory: pytest.TempPathFactory, language: str) -> None:
    book = variant(tmp_path_factory, f"lang-{language}", language=language)
    done = build(book, book.parent / "out", "epub")
    assert f"book.yaml:3: Octavo has no labels in '{language}'" in done.stderr
    assert "`labels:`" in done.stderr
    documents = epub_documents(book.parent / "out")
    assert "Contents" in shown_text(documents["toc.xhtml"])
    assert f'xml:lang="{language}"' in documents["toc.xhtml"].decode()


def test_a_book_that_sets_every_label_is_not_warned(tmp_path_factory: pytest.TempPathFactory) -> None:
    english = shipped(FALLBACK)
    book = variant(tmp_path_factory, "all-labels", language="xx", labels=dict(english))
    assert "no labels" not in build(book, book.parent / "out", "manuscript").stderr


@pytest.mark.parametrize(("labels", "message", "at"), [
    ({"contnts": "Sommaire"}, "unknown key 'contnts' in `labels:` — did you mean 'contents'?", "contnts:"),
    ({"part": "Teil {nummer}"}, "label 'part' has {nummer}, which the build does not fill in — use {number}, {roman}",
     "part:"),
    ({"corrections": {"one": "une", "autres": "x"}}, "unknown key 'autres' in label 'corrections'", "autres:"),
    ({"corrections": {"one": "une correction"}}, "label 'corrections' has no `other:` form", "corrections:"),
    ({"ordinals": "Premier"}, "label 'ordinals' must list the words that number parts", "ordinals:"),
    ({"contents": ["Sommaire"]}, "label 'contents' must be a text", "contents:"),
])
def test_a_wrong_label_is_refused_at_its_line(tmp_path: Path, labels: dict[str, object], message: str,
                                              at: str) -> None:
    book = tmp_path / "book"
    shutil.copytree(FRENCH, book)
    text = (book / "book.yaml").read_text(encoding="utf-8") + yaml.safe_dump({"labels": labels}, allow_unicode=True)
    (book / "book.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(BookError) as raised:
        load_settings(book)
    assert message in str(raised.value)
    line = re.match(r"book\.yaml:(\d+): ", str(raised.value))
    assert line is not None and text.splitlines()[int(line.group(1)) - 1].strip().startswith(at), str(raised.value)
