"""The whole-book pandoc + citeproc run, cut into chapter XHTML and notes (shared by the editions)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BOOK
from lxml import etree

from octavo.errors import Warnings
from octavo.settings import DEFAULT_STYLE, load_settings
from octavo.transforms.editing import edited_manuscript
from octavo.typesetting.typeset import typeset


@pytest.fixture(scope="module")
def typeset_book():
    book = edited_manuscript(load_settings(BOOK), Warnings())
    return book, typeset(book, DEFAULT_STYLE)


def test_every_chapter_in_order_with_well_formed_xhtml(typeset_book) -> None:
    book, result = typeset_book
    assert list(result.chapters) == [c.id for c in book.chapters()]
    for chapter in result.chapters.values():
        etree.fromstring(f"<div>{chapter.body}</div>")
        assert "<h1" not in chapter.body and chapter.title


def test_notes_follow_their_chapters(typeset_book) -> None:
    _, result = typeset_book
    counts = {cid: len(c.notes) for cid, c in result.chapters.items() if c.notes}
    assert counts == {"how-did-stalin-come-to-lead-the-soviet": 3, "stalin-and-his-rise-to-power": 13}
    video = result.chapters["stalin-and-his-rise-to-power"].notes
    assert "Lex Fridman" in video[0].html and "t=2742" in video[0].html
    assert all(f'href="#{n.id}"' in result.chapters["stalin-and-his-rise-to-power"].body for n in video)
    answer = result.chapters["how-did-stalin-come-to-lead-the-soviet"]
    assert "<em>Stalin: The Court of the Red Tsar</em>" in answer.notes[-1].html
    assert "footnote-back" not in "".join(n.html for n in answer.notes)


def test_typography_and_bibliography(typeset_book) -> None:
    _, result = typeset_book
    text = "".join(c.body for c in result.chapters.values())
    assert "“man of steel.”" in text and "Lenin’s" in text
    assert result.bibliography.count('class="csl-entry"') == 3
    assert 'id="footnotes"' not in text


def test_same_input_same_html(tmp_path: Path, typeset_book) -> None:
    _, first = typeset_book
    again = typeset(edited_manuscript(load_settings(BOOK), Warnings()), DEFAULT_STYLE)
    assert again == first
