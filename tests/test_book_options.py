"""Per-book options: boilerplate rules, wiki-links to chapters, BibTeX references."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import yaml
from conftest import NOTE, run_cli
from manuscript_text import unindexed
from pdf_pages import flat, page_texts, text_start


def build(book: Path, out: Path) -> Path:
    done = run_cli("--book", str(book), "--out", str(out), "-q")
    assert done.returncode == 0, done.stderr
    return out / "manuscript"


def all_text(manuscript: Path) -> str:
    return unindexed("\n".join(p.read_text(encoding="utf-8") for p in sorted(manuscript.glob("*.md"))))


def test_book_boilerplate_rules_override_the_defaults(book_copy: Path, tmp_path: Path) -> None:
    (book_copy / "site-rules.yaml").write_text(
        "rules:\n  - id: trial-line\n    pattern: 'Start your .*'\n    role: drop\n"
        "  - id: stalin-cunning\n    pattern: 'Joseph Stalin came to lead the Soviet Union through .*'\n"
        "    role: drop\ndisable: [free-trial]\n", encoding="utf-8")
    config = (book_copy / "book.yaml").read_text(encoding="utf-8")
    (book_copy / "book.yaml").write_text(config.replace("names: names.yaml", "names: names.yaml\n"
                                                        "boilerplate: site-rules.yaml"), encoding="utf-8")
    text = all_text(build(book_copy, tmp_path / "out"))
    assert "Joseph Stalin came to lead the Soviet Union through" not in text
    assert "Start your 48-hour" not in text
    assert "Stalin got into position to compete" in text


def test_wiki_link_to_a_chapter_becomes_a_cross_reference(book_copy: Path, tmp_path: Path) -> None:
    note = (book_copy / NOTE).read_text(encoding="utf-8")
    note = note.replace("[[stalins_policies_and_their_consequences | Tsarist regime]]",
                        "[[How was Stalin able to rise to power as the leader of the Soviet Union? | Tsarist regime]]")
    (book_copy / NOTE).write_text(note, encoding="utf-8")
    manuscript = build(book_copy, tmp_path / "out")
    assert "[Tsarist regime](#how-was-stalin-able-to-rise-to-power){.crossref}" in all_text(manuscript)
    pages = page_texts(next(pdf for pdf in (tmp_path / "out").glob("*.pdf") if not pdf.stem.endswith("-cover")))
    [calling] = [p for p in pages if "Tsarist regime (see p." in flat(p)]
    number = re.search(r"Tsarist regime \(see p\.\s(\d+)\)", flat(calling)).group(1)
    target = pages[text_start(pages) + int(number) - 1]
    assert flat(target).startswith("How was Stalin able to rise to power")
    epub = next((tmp_path / "out").glob("*.epub"))
    with zipfile.ZipFile(epub) as archive:
        chapter = archive.read("EPUB/text/stalin-and-his-rise-to-power.xhtml").decode("utf-8")
    assert 'href="how-was-stalin-able-to-rise-to-power.xhtml#how-was-stalin-able-to-rise-to-power"' in chapter
    log = yaml.safe_load((manuscript / "manuscript.yaml").read_text(encoding="utf-8"))["editorial_log"]
    assert any(entry["action"] == "cross-reference" for entry in log)


def test_bibtex_references(book_copy: Path, tmp_path: Path) -> None:
    (book_copy / "refs.bib").write_text(
        "@book{montefiore2003, author = {Sebag Montefiore, Simon}, title = {Stalin: The Court of the Red Tsar},"
        " publisher = {Weidenfeld \\& Nicolson}, address = {London}, year = {2003}}\n"
        "@misc{fridman2020kotkin, author = {Fridman, Lex}, title = {Stephen Kotkin: Stalin, Putin, and the Nature"
        " of Power}, year = {2020}, url = {https://www.youtube.com/watch?v=oCkkjnpS2f8}}\n", encoding="utf-8")
    config = (book_copy / "book.yaml").read_text(encoding="utf-8")
    (book_copy / "book.yaml").write_text(config.replace("bibliography: references.json", "bibliography: refs.bib"),
                                         encoding="utf-8")
    manuscript = build(book_copy, tmp_path / "out")
    bibliography = (manuscript / "bibliography.md").read_text(encoding="utf-8")
    assert "Sebag Montefiore, Simon. *Stalin: The Court of the Red Tsar*" in bibliography
    # The Q&A page's reference is not in refs.bib, so Octavo made one from the page.
    assert "how did joseph stalin come to power?" in bibliography.lower()
