"""The review manuscript carries no live markup: pandoc reading it back finds no handlers, styles or raw HTML."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli
from lxml import html

from octavo.core.pandoc import pandoc_path
from octavo.editions.review.safemarkdown import clean_markdown_attributes, inert_markdown, markdown_is_inert

BEACON = "http://127.0.0.1:9/beacon.png"
# What pandoc may write from a manuscript: the elements of prose, and attributes that cannot run or fetch anything.
QUIET_ELEMENTS = {"p", "span", "div", "em", "strong", "code", "pre", "a", "sub", "sup", "del", "h1", "h2", "h3", "h4",
                  "h5", "h6", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "figure", "figcaption", "img", "hr",
                  "br", "table", "thead", "tbody", "tr", "th", "td", "caption", "col", "colgroup", "section", "aside",
                  "math", "q", "cite", "small", "header", "footer", "nav", "mark", "s", "u", "body", "html",
                  "head", "title", "meta", "style"}
QUIET_ATTRIBUTES = {"id", "class", "data-term", "width", "height", "alt", "lang", "dir", "href", "src", "role",
                    "title", "aria-hidden", "tabindex", "colspan", "rowspan", "start", "type", "data-cites", "name",
                    "content", "charset", "xmlns", "data-lang", "data-dir", "data-width", "data-height"}


def pandoc_html(markdown: str) -> str:
    """What a reviewer gets from `pandoc file.md -o file.html` (standalone, so the front matter is read too)."""
    done = subprocess.run([pandoc_path(), "--from", "markdown", "--to", "html5", "--standalone", "--metadata",
                           "title=t"], input=markdown, capture_output=True, text=True, check=True)
    return done.stdout


def assert_quiet(markdown: str, where: str = "") -> None:
    """Pandoc's HTML of the Markdown has nothing that runs, styles or fetches."""
    page = pandoc_html(markdown)
    root = html.document_fromstring(page)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag in QUIET_ELEMENTS, (where, element.tag, markdown)
        if element.tag == "style":
            assert element.getparent().tag == "head", (where, markdown)  # pandoc's own stylesheet
        for name in element.attrib:
            assert name in QUIET_ATTRIBUTES, (where, name, element.get(name), markdown)
        if element.tag == "img":
            assert not element.get("src", "").startswith("http"), (where, markdown)
    assert BEACON not in "".join(v for e in root.iter() if isinstance(e.tag, str) for v in e.attrib.values())


@pytest.mark.parametrize(("text", "expected", "removed"), [
    ('::: {#d .c onclick="alert(1)" style="background:url(http://127.0.0.1:9/a)"}\nText\n:::',
     "::: {#d .c}\nText\n:::", 2),
    ('A [span]{onclick="z" style="w"} and `code`{onclick="q"}.', "A [span]{} and `code`{}.", 3),
    ("# Heading {#h ONCLICK=1 style='x'}", "# Heading {#h}", 2),
    ('[link](http://a){onmouseover="m"} ![p](p.png){width="50%" onload="l"}',
     '[link](http://a){} ![p](p.png){width="50%"}', 2),
    ("```{=html}\n<b onclick=1>\n```", "```{}\n<b onclick=1>\n```", 1),
    ("`<b onclick=1>`{=html}", "`<b onclick=1>`{}", 1),
    ('[s]{title="a\\" onclick=alert(2) x="}', "[s]{}", 1),
    ('[t]{title="a}b" onclick=x}', "[t]{}", 2),
    ("A <img src=x onerror=alert(1)> tag", "A &lt;img src=x onerror=alert(1)> tag", 1),
    ("Prose {a=b} stays words", "Prose &#123;a=b} stays words", 1),
    # What Octavo writes itself, and what only looks like attributes, is kept byte for byte.
    ('[Stalin]{.index term="Joseph Stalin"} and [x](#c){.crossref}', None, 0),
    ('![A map](figs/map.png){.decorative width="50%"} and <https://example.org> and <a@b.org>', None, 0),
    ("Code `{a=1} <b>` and math $x_{i=1} < y$ and a < b.", None, 0),
    ("```python\nd = {a=1} if x < y else {}\n```", None, 0),
])
def test_attribute_lists_keep_only_safe_attributes(text: str, expected: str | None, removed: int) -> None:
    cleaned, count = clean_markdown_attributes(text)
    assert (cleaned, count) == (text if expected is None else expected, removed)
    assert markdown_is_inert(cleaned)
    assert clean_markdown_attributes(cleaned) == (cleaned, 0)  # once is enough


ATOMS = ["[x]", "{", "}", "onclick=", "style=", '"', "'", "\\", "`", "``", "```", "$", " ", "\n", "#i", ".c", "=html",
         "a", "(u)", ":::", "- ", "> ", "# ", "~", "^", "~~~", "-", "term=", "<http://a>", "x=1", "<b>", "&lt;", "</b>",
         "<img/src=x/onerror=alert(1)>", "&#123;", "{onclick=x}", "{=html}", "[r]: http://a ", "| a | b |\n|---|---|\n"]


def test_inert_markdown_is_inert_whatever_the_text() -> None:
    rng = random.Random(12)
    texts = ["".join(rng.choice(ATOMS) for _ in range(rng.randint(3, 30))) for _ in range(40)]
    for text in texts:
        assert markdown_is_inert(inert_markdown(text)), text


def hostile_book(folder: Path) -> Path:
    """A book whose three sources hide handlers, styles and raw HTML where pandoc would bring them back."""
    sources = folder / "sources"
    sources.mkdir(parents=True)
    (sources / "own.md").write_text(f"""# Own chapter

::: {{onclick="alert(1)" style="background:url({BEACON})"}}
A fenced div with a handler and a style that fetches.
:::

A bracketed [span]{{onclick="alert(2)" style="background:url({BEACON})"}} and a
[link](https://example.org){{onmouseover="alert(3)"}} and `code`{{=html}} and a picture of
bells.

``` {{.python onclick="alert(4)"}}
print({{"a": 1}})
```
""", encoding="utf-8")
    (sources / "page.html").write_text(
        "<html><head><title>Page</title></head><body><h1>Page</h1><p>Water is H<sub>2</sub>O and "
        "<sub>x&lt;img/src=x/onerror=alert(5)&gt;</sub> and <sup>[y]{onclick=alert(6)}</sup>.</p>"
        "<p>A quiet paragraph.</p></body></html>", encoding="utf-8")
    rng = random.Random(7)
    noise = "\n\n".join("".join(rng.choice(ATOMS).replace("\n", " ") for _ in range(rng.randint(3, 12)))
                        for _ in range(60))
    (sources / "note.md").write_text(f"""---
title: A wiki note
videoId: abc123def45
---
# A wiki note

Escaped tags come back: &lt;img src=x onerror=alert(7)&gt; and [span]{{onclick="alert(8)"}}.

{noise}
""", encoding="utf-8")
    (folder / "book.yaml").write_text("title: Hostile attributes\ncontents:\n  - file: sources/own.md\n"
                                      "    kind: markdown\n  - file: sources/page.html\n    kind: html\n"
                                      "  - file: sources/note.md\n    kind: wiki-note\n", encoding="utf-8")
    return folder


def test_review_manuscript_has_no_live_markup(tmp_path: Path) -> None:
    book = hostile_book(tmp_path / "book")
    done = run_cli("--book", str(book), "--out", str(tmp_path / "out"), "--formats", "manuscript")
    assert done.returncode == 0, done.stderr
    files = sorted((tmp_path / "out" / "manuscript").glob("*.md"))
    assert len(files) >= 4
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert markdown_is_inert(text), path.name
        assert_quiet(text, path.name)
    own = next(p for p in files if "own-chapter" in p.name).read_text(encoding="utf-8")
    assert "onclick" not in own and "style=" not in own and "{=html}" not in own and BEACON not in own
    assert "A fenced div with a handler" in own and "[span]{}" in own and "``` {.python}" in own
    assert "print({\"a\": 1})" in own
    assert "warning: sources/own.md: 2 attribute(s) or tag(s) that pandoc would make live" in done.stderr
    assert "sources/own.md:7: 3 attribute(s)" in done.stderr
    assert "sources/note.md:7: 1 attribute" in done.stderr  # the escaped tag stays text
    # Pandoc reads escapes in sub- and superscripts twice: that paragraph is written with look-alikes.
    assert "sources/page.html: pandoc still read live markup in this chapter" in done.stderr
    page = next(p for p in files if "page" in p.name).read_text(encoding="utf-8")
    assert "~x\\＜img/src=x/onerror=alert(5)\\＞~" in page and "A quiet paragraph." in page


def test_the_example_manuscript_is_unchanged_by_the_cleaning(example_build: Path) -> None:
    for path in example_build.glob("[0-9]*.md"):
        text = path.read_text(encoding="utf-8")
        assert markdown_is_inert(text), path.name
        body = "\n".join(line for line in text.split("\n---\n", 1)[1].split("\n") if not line.startswith("<!-- "))
        assert clean_markdown_attributes(body) == (body, 0), path.name  # the blocks, without their provenance
