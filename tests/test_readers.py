"""Readers one by one: pandoc's Markdown, HTML and DOCX chapters; detection; random input."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pypandoc
import pytest
from conftest import SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from octavo.errors import BookError, Warnings
from octavo.sources.readers import READERS, ReaderOptions, detect_kind
from octavo.sources.readers.boilerplate import load_boilerplate
from octavo.sources.sourcetext import SourceText, read_source

CHAPTER_MD = """# The Lighthouse Keepers

The keepers wrote *daily* logs. Write to keeper@example.org for copies.

## Storms

- wind
- rain

# A Second Chapter

It ends here.
"""


def read(path: Path, kind: str) -> list:
    warnings = Warnings()
    source = read_source(path, path.name, warnings, binary=kind == "docx")
    return READERS[kind](source, ReaderOptions(warnings)).chapters


def test_markdown_chapters_split_at_level_one_headings(tmp_path: Path) -> None:
    path = tmp_path / "ch.md"
    path.write_text(CHAPTER_MD, encoding="utf-8")
    chapters = read(path, "markdown")
    assert [c.title for c in chapters] == ["The Lighthouse Keepers", "A Second Chapter"]
    first = chapters[0]
    assert first.blocks[0].text.startswith("The keepers wrote *daily* logs.")
    assert first.blocks[0].provenance.line == 3
    assert any(b.text.startswith("## Storms") for b in first.blocks)
    assert chapters[1].blocks[0].provenance.line == 12


def test_html_chapter(tmp_path: Path) -> None:
    path = tmp_path / "ch.html"
    path.write_text("<html><body><h1>On Bells</h1><p>Bells <em>ring</em> at noon.</p></body></html>")
    [chapter] = read(path, "html")
    assert chapter.title == "On Bells"
    assert chapter.blocks[0].text == "Bells *ring* at noon."


def test_docx_chapter(tmp_path: Path) -> None:
    path = tmp_path / "ch.docx"
    subprocess.run([pypandoc.get_pandoc_path(), "-f", "markdown", "-o", str(path)], input=CHAPTER_MD, text=True,
                   check=True)
    chapters = read(path, "docx")
    assert [c.title for c in chapters] == ["The Lighthouse Keepers", "A Second Chapter"]
    assert "*daily*" in chapters[0].blocks[0].text


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("a.txt", SEEDS[0].read_bytes(), "qa-page"),
        ("b.txt", SEEDS[1].read_bytes(), "wiki-note"),
        ("c.md", b"# Title\n\nText.\n", "markdown"),
        ("d.md", b"---\ntitle: T\n---\n\nText.\n", "markdown"),
        ("e.htm", b"<p>x</p>", "html"),
        ("f.txt", b"Just some notes.\n", "markdown"),
    ],
)
def test_detection(name: str, data: bytes, kind: str) -> None:
    assert detect_kind(Path(name), data, load_boilerplate()) == kind


def test_detection_rejects_binary() -> None:
    with pytest.raises(BookError, match="not a source Octavo can read"):
        detect_kind(Path("x.pdf"), b"%PDF-1.7\x00\x01\x02", load_boilerplate())


TEXT_READERS = ["qa-page", "wiki-note"]
MUTATIONS = st.sampled_from(["", "---", "---\n", "> [!quote]", "[[", "]]", "<a class=\"yt-timestamp\" data-t=\"9:99\">",
                             "\x00", "Quick answer:", "Expert Answers", "?", "\n\n", "&amp;", "<br/>", "#", ">"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TEXT_READERS), st.integers(0, 1), st.lists(st.tuples(st.integers(0, 5000), MUTATIONS),
                                                                 max_size=6), st.text(max_size=80))
def test_readers_raise_only_book_errors(kind: str, seed: int, cuts: list, noise: str) -> None:
    text = SEEDS[seed].read_text(encoding="utf-8")
    for position, insert in cuts:
        text = text[:position] + insert + text[position:]
    text += noise
    source = SourceText(Path("random.txt"), "random.txt", text, "utf-8")
    try:
        document = READERS[kind](source, ReaderOptions(Warnings(), reference_key="k"))
    except BookError as error:
        assert "random.txt" in str(error)
    else:
        assert document.chapters


def test_markdown_footnotes_stay_with_their_chapter(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# One\n\nFirst claim.[^a]\n\n[^a]: Note for one.\n\n# Two\n\nSecond claim.[^b]\n\n"
                    "[^b]: Note for two.\n", encoding="utf-8")
    one, two = read(path, "markdown")
    assert any(b.text.startswith("[^1]: Note for one.") for b in one.blocks)
    assert any(b.text.startswith("[^2]: Note for two.") for b in two.blocks)
    assert not any("Note for two" in b.text for b in one.blocks)


def test_a_multiline_table_stays_one_block() -> None:
    from octavo.sources.readers.pandoc_doc import _split_blocks

    markdown = ("Before.\n\n  ----------\n  a      b\n  --- ------\n  1      2\n\n  3      4\n  ----------\n\n"
                "  : Cap\n\n------------------------------------------------------------------------\n\nAfter.")
    assert _split_blocks(markdown) == [
        "Before.", "  ----------\n  a      b\n  --- ------\n  1      2\n\n  3      4\n  ----------\n\n  : Cap",
        "------------------------------------------------------------------------", "After."]


def test_an_escaped_tag_in_a_note_stays_text(tmp_path: Path) -> None:
    from octavo.errors import Warnings
    from octavo.sources.readers import ReaderOptions
    from octavo.sources.readers.wiki_note import read_wiki_note

    text = "---\ntitle: Tags\n---\nWrite &lt;img src=x onerror=alert(1)&gt; to show a tag &eacute;.\n"
    document = read_wiki_note(SourceText(tmp_path / "n.md", "sources/n.md", text, "utf-8"), ReaderOptions(Warnings()))
    [block] = document.chapters[0].blocks
    assert block.text == "Write &lt;img src=x onerror=alert(1)&gt; to show a tag é."


def test_a_titled_markdown_document_is_one_chapter_with_sections(tmp_path: Path) -> None:
    path = tmp_path / "worksheet.md"
    path.write_text("---\ntitle: \"Worksheet: Pollen\"\n---\n\n# Warm-up\n\nLook closely.\n\n# Main task\n\n"
                    "## Step one\n\nDraw it.\n", encoding="utf-8")
    [chapter] = read(path, "markdown")
    assert chapter.title == "Worksheet: Pollen"
    assert [b.text for b in chapter.blocks] == ["## Warm-up", "Look closely.", "## Main task", "### Step one",
                                                "Draw it."]


def test_blocks_after_a_note_keep_their_source_lines(tmp_path: Path) -> None:
    path = tmp_path / "hive.md"
    path.write_text("# Hive\n\nBees make wax.[^1]\n\n![](figs/bee.png)\n\nForagers fly far.\n\n"
                    "[^1]: Worker bees only.\n", encoding="utf-8")
    warnings = Warnings()
    [chapter] = READERS["markdown"](read_source(path, path.name, warnings), ReaderOptions(warnings)).chapters
    assert [block.provenance.line for block in chapter.blocks] == [3, 9, 5, 7]  # the note follows its paragraph
