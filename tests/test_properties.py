"""Property-based tests: random and mutated input only ever raises the project's own BookError."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from octavo.core.sanitise import clean_xhtml, strip_markup
from octavo.core.yamlfile import parse_yaml
from octavo.errors import BookError, Warnings
from octavo.sources.readers import READERS, ReaderOptions, detect_kind
from octavo.sources.readers.boilerplate import load_boilerplate
from octavo.sources.sourcetext import SourceText, decode

RULES = load_boilerplate()
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MARKUP = st.sampled_from(["<script>", "</script>", "<a href='javascript:x'>", "<img src=/etc/passwd>", "[[", "]]",
                          "---\n", "> [!quote] T\n", "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>",
                          "&e;", "\x00", "\ufeff", "# ", "\n\n", "[x](javascript:y)", "![i](http://127.0.0.1/p)"])
UNSAFE = re.compile(r"(?<!\\)<script|(?<!\\)\]\(\s*javascript:", re.IGNORECASE)
CODE_SPAN = re.compile(r"`[^`\n]*`")  # `<script>` shown as code is text, not markup
HOSTILE_TEXT = st.lists(st.one_of(st.text(max_size=40), MARKUP), max_size=12).map("".join)


@FAST
@given(st.binary(max_size=400), st.sampled_from(["a.txt", "b.md", "c.html", "d.docx", "e.pdf", "f"]))
def test_decoding_and_detection(data: bytes, name: str) -> None:
    try:
        text, encoding = decode(data, name, Warnings())
        assert isinstance(text, str) and encoding
    except BookError:
        pass
    try:
        assert detect_kind(Path(name), data, RULES) in READERS
    except BookError as error:
        assert name in str(error)


@FAST
@given(HOSTILE_TEXT)
def test_yaml(text: str) -> None:
    try:
        parse_yaml(text, "random.yaml")
    except BookError as error:
        assert "random.yaml" in str(error)


@FAST
@given(HOSTILE_TEXT, st.sampled_from(["qa-page", "wiki-note"]))
def test_text_readers(text: str, kind: str) -> None:
    source = SourceText(Path("random.txt"), "random.txt", text, "utf-8")
    try:
        document = READERS[kind](source, ReaderOptions(Warnings(), reference_key="key"))
    except BookError as error:
        assert "random.txt" in str(error)
    else:
        for chapter in document.chapters:
            for block in chapter.blocks:
                assert not UNSAFE.search(CODE_SPAN.sub("", block.text)), block.text


@SLOW
@given(HOSTILE_TEXT, st.sampled_from(["markdown", "html"]))
def test_pandoc_readers(text: str, kind: str) -> None:
    source = SourceText(Path("random.md"), "random.md", text, "utf-8")
    try:
        document = READERS[kind](source, ReaderOptions(Warnings()))
    except BookError as error:
        assert "random.md" in str(error)
    else:
        for chapter in document.chapters:
            for block in chapter.blocks:
                assert not UNSAFE.search(CODE_SPAN.sub("", block.text)), block.text


@FAST
@given(HOSTILE_TEXT)
def test_sanitisers(text: str) -> None:
    cleaned, _ = strip_markup(text)
    assert "<script" not in cleaned.lower()
    fragment = clean_xhtml(text)
    assert "<script" not in fragment.lower() and 'href="javascript:' not in fragment.lower()
