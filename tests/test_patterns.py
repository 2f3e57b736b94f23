"""Every pattern applied to source text runs in linear time: adversarial lines at n and 4n, and a ceiling.

Each case is timed in a forked process (best of three runs), so a pattern that hangs fails the test at the ceiling
instead of holding the suite. Linear work grows about 4× from n to 4n; the patterns these replace grew 16× or more
(a 64 KB line of `<a yt-timestamp ` took 434 s).
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from octavo.core.sanitise import clean_markdown_links, strip_markup
from octavo.core.svg import CSS_FUNCTION
from octavo.core.text import plain_text
from octavo.errors import BookError, Warnings
from octavo.sources.readers import detect_kind
from octavo.sources.readers.base import ReaderOptions
from octavo.sources.readers.boilerplate import load_boilerplate
from octavo.sources.readers.pandoc_doc import _heading_text
from octavo.sources.readers.qa_page import read_qa_page
from octavo.sources.readers.web_page import looks_like_saved_page
from octavo.sources.readers.wiki_note import read_wiki_note
from octavo.sources.sourcetext import SourceText
from octavo.transforms import crossrefs
from octavo.transforms import index_marks as index
from octavo.transforms.corrections import load_corrections
from octavo.transforms.pictures import HEIGHT, pictures_in

CEILING = 20.0  # seconds for the largest case; they take milliseconds
GROWTH = 10.0  # allowed growth from n to 4n (linear is 4, quadratic 16)
FLOOR = 0.01  # seconds under which timings are noise
N = 32_768  # characters in the smaller line


def _best_of_three(send: Any, call: Callable[[str], object], text: str) -> None:
    """Child process: time the call three times and send the best."""
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        call(text)
        best = min(best, time.perf_counter() - began)
    send.send(best)


def timed(call: Callable[[str], object], text: str) -> float:
    """Seconds the call takes on the text (best of three), in a forked process that is killed at the ceiling."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_best_of_three, args=(send, call, text))
    child.start()
    send.close()
    ready = receive.poll(3 * CEILING)
    if not ready:
        child.kill()
    child.join()
    assert ready, f"did not finish within {3 * CEILING:.0f} s on {len(text):,} characters"
    return receive.recv()


def assert_linear(call: Callable[[str], object], make: Callable[[int], str], n: int = N) -> None:
    """The call on make(4n) takes about 4× what it takes on make(n), and never long."""
    small, large = timed(call, make(n)), timed(call, make(4 * n))
    assert large < CEILING, f"{large:.2f} s on {len(make(4 * n)):,} characters"
    assert large < GROWTH * max(small, FLOOR), f"{small:.4f} s at n, {large:.4f} s at 4n: not linear"


def repeat(piece: str, before: str = "", after: str = "") -> Callable[[int], str]:
    """A line of about n characters: `before`, then `piece` repeated, then `after`."""
    return lambda n: before + piece * (n // len(piece)) + after


def wiki_note(line: str) -> object:
    """Read a wiki note whose body is the line."""
    source = SourceText(Path("note.md"), "note.md", f"---\ntitle: T\nvideoId: v\n---\n\nText.\n\n{line}\n", "utf-8")
    return read_wiki_note(source, ReaderOptions(Warnings(), reference_key="k"))


def qa_page(line: str) -> object:
    """Read a captured Q&A page with the line in its first answer."""
    text = f"Why?\n\nQuick answer:\n\nShort.\n\nExpert Answers\n\n{line}\n"
    return read_qa_page(SourceText(Path("page.txt"), "page.txt", text, "utf-8"), ReaderOptions(Warnings()))


WIKI_LINES = {
    "the reported line: `<a yt-timestamp ` repeated": repeat("<a yt-timestamp "),
    "anchors opened and never closed": repeat("<a yt-timestamp data-t='1:00'>x"),
    "anchors whose tag never ends": repeat("<a yt-timestamp>", after="<"),
    "many `<a` sharing one far `>`": repeat("<a b ", after=">"),
    "a closed anchor after a long unclosed run": repeat("<a yt-timestamp ", after="><a yt-timestamp>1:00</a>"),
    "a heading with a long run of spaces": repeat(" ", before="# a", after="b"),
    "a heading with a long run of #": repeat("#", before="# a", after="b"),
    "an attribution with a long run of spaces": repeat(" ", before="By: a", after="b"),
    "spaces before no break": repeat(" ", before="a", after="<b"),
    "many `<span ` without `>`": repeat("<span "),
    "many `<!--` never closed": repeat("<!--"),
    "wiki-links never closed": repeat("[[x"),
}


@pytest.mark.parametrize("make", WIKI_LINES.values(), ids=WIKI_LINES.keys())
def test_wiki_note_reader_is_linear(make: Callable[[int], str]) -> None:
    assert_linear(wiki_note, make)


MARKUP = {
    "the reported `<!--` repeated": repeat("<!--"),
    "one `<!--` with a long tail": repeat("a", before="<!--"),
    "`<!` never closed": repeat("<!"),
    "CDATA never closed": repeat("<![CDATA["),
    "`<a` without `>`": repeat("<a"),
    "`<a ` without `>`": repeat("<a "),
    "`<script>` never closed": repeat("<script>"),
    "`<script` without `>`": repeat("<script "),
    "`<style x>` never closed, then one `>`": repeat("<style x>", after="</style"),
    "closing tags without openings": repeat("</script>"),
    "`</script` and spaces": repeat("</script   "),
    "mixed openings": repeat("<script><!--<![CDATA[<!<iframe "),
}


@pytest.mark.parametrize("make", MARKUP.values(), ids=MARKUP.keys())
def test_strip_markup_is_linear(make: Callable[[int], str]) -> None:
    assert_linear(strip_markup, make)


def test_strip_markup_still_removes_what_it_did() -> None:
    text = "a<script x>evil()</SCRIPT >b<!-- c -->d<![CDATA[e]]>f<!doctype g>h<em class='i'>j</em><!--k"
    assert strip_markup(text) == ("abdfhj<!--k", True)
    assert strip_markup("<b>x</b><frameset>y</frameset><frame>z") == ("xz", True)
    assert strip_markup("plain") == ("plain", False)


def test_qa_page_reader_is_linear() -> None:
    assert_linear(qa_page, repeat("<!--"))
    assert_linear(qa_page, repeat("<script>"))


DETECTION = {
    "`[[` never closed": (lambda text: detect_kind(Path("x.md"), text.encode(), load_boilerplate()), repeat("[[x")),
    "`<meta ` never closed": (looks_like_saved_page, repeat("<meta ", before="<html>")),
    "`<link ` never closed": (looks_like_saved_page, repeat("<link ", before="<html>")),
}


@pytest.mark.parametrize("call, make", DETECTION.values(), ids=DETECTION.keys())
def test_kind_detection_is_linear(call: Callable[[str], object], make: Callable[[int], str]) -> None:
    assert_linear(call, make, 40_000)  # detection reads the first 200,000 characters


def test_pandoc_headings_are_read_linearly() -> None:
    assert_linear(_heading_text, repeat(" {", before="# a", after="b"))
    assert_linear(_heading_text, repeat("\u00a0", before="# a", after="b"))
    assert _heading_text("# Title {#id .class}") == "Title"
    assert _heading_text("## A {b} {#c}") == "A {b}"
    assert _heading_text("# {x}") == "{x}"


TRANSFORMS = {
    "picture: `![` without `]`": (pictures_in, repeat("![")),
    "picture: `![a` without `]`": (pictures_in, repeat("![a")),
    "picture: `![a](` without `)`": (pictures_in, repeat("![a](b")),
    "picture height after spaces": (lambda text: HEIGHT.sub("", text), repeat(" ", after="x")),
    "cross-reference: `[x` never closed": (lambda text: crossrefs.LINK.sub("", text), repeat("[x")),
    "cross-reference: target never closed": (lambda text: crossrefs.LINK.sub("", text), repeat("[a](#wiki:")),
    "index: `<!--` never closed": (lambda text: list(index.PROTECTED.finditer(text)), repeat("<!--")),
    "index: `[` never closed": (lambda text: list(index.PROTECTED.finditer(text)), repeat("[")),
    "index: link target never closed": (lambda text: list(index.PROTECTED.finditer(text)), repeat("[a](")),
    "index: attributes never closed": (lambda text: list(index.PROTECTED.finditer(text)), repeat("[a]{")),
    "plain text: `[@` never closed": (plain_text, repeat("[@")),
    "plain text: `[^` never closed": (plain_text, repeat("[^")),
    "plain text: link target never closed": (plain_text, repeat("[a](")),
    "plain text: spaces before no citation": (plain_text, repeat(" ", before="a", after="x")),
    "Markdown link: `[a](<` never closed": (lambda text: clean_markdown_links(text), repeat("[a](<")),
    "SVG style: a long word and no `(`": (lambda text: list(CSS_FUNCTION.finditer(text)), repeat("a")),
    "SVG style: words and no `(`": (lambda text: list(CSS_FUNCTION.finditer(text)), repeat("ab ")),
}


@pytest.mark.parametrize("call, make", TRANSFORMS.values(), ids=TRANSFORMS.keys())
def test_transform_patterns_are_linear(call: Callable[[str], object], make: Callable[[int], str]) -> None:
    assert_linear(call, make)


def test_corrections_are_linear(tmp_path: Path) -> None:
    (tmp_path / "corrections.yaml").write_text("- find: aaaa b\n  replace: x\n", encoding="utf-8")
    pattern = load_corrections(tmp_path / "corrections.yaml", "corrections.yaml")[0].pattern
    assert_linear(lambda text: pattern.subn("x", text), repeat("a"))
    assert_linear(lambda text: pattern.subn("x", text), repeat("aaaa "))


def rules_file(tmp_path: Path, pattern: str) -> Path:
    """A book's boilerplate file whose second rule, from line 4, has the pattern."""
    path = tmp_path / "site-rules.yaml"
    path.write_text("rules:\n  - id: share\n    pattern: 'Share on \\w+'\n"
                    f"  - pattern: '{pattern}'\n    id: mine\n    role: drop\n", encoding="utf-8")
    return path


def test_a_backtracking_rule_runs_in_linear_time(tmp_path: Path) -> None:
    rules = load_boilerplate(rules_file(tmp_path, "(a+)+b"), "site-rules.yaml")
    assert_linear(rules.match, repeat("a"), 100_000)
    assert rules.match("aaab") is not None and rules.match("aaaa") is None
    assert rules.match("APPROVED BY someone") is not None  # the default rules still ignore case


@pytest.mark.parametrize("pattern", [r"(a)\1", "(?=a)a", "a(?!b)", "(?<=a)b", "(?<!a)b", "a{1001}"])
def test_a_rule_re2_cannot_run_is_refused_with_its_file_and_line(tmp_path: Path, pattern: str) -> None:
    with pytest.raises(BookError) as refused:
        load_boilerplate(rules_file(tmp_path, pattern), "site-rules.yaml")
    message = str(refused.value)
    assert message.startswith("site-rules.yaml:4: the pattern")
    assert "cannot be run in time linear" in message and "backreferences" in message


def test_a_broken_rule_is_refused_with_its_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(BookError, match=r"^site-rules.yaml:4: the pattern '\[' is not a valid regular expression"):
        load_boilerplate(rules_file(tmp_path, "["), "site-rules.yaml")
