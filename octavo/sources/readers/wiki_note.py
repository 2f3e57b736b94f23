"""Reader for a podcast-wiki note: front matter, wiki-links, video time stamps and callouts."""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date
from typing import Any

from octavo.core.images import media_type
from octavo.core.sanitise import clean_markdown_links, strip_markup, unescape_entities
from octavo.core.text import normalise_space
from octavo.core.yamlfile import parse_yaml
from octavo.errors import BookError
from octavo.manuscript import Block, BlockKind, Chapter, Note, Provenance
from octavo.sources.readers.base import ReaderOptions, SourceDocument
from octavo.sources.readers.timestamps import at_time, display_stamp, parse_stamp, video_url
from octavo.sources.sourcetext import SourceText

KIND = "wiki-note"
WIKI_EMBED = re.compile(r"!\[\[([^\[\]|#\n]+)(?:\|([^\[\]\n]*))?\]\]")
WIKI_LINK = re.compile(r"\[\[([^\[\]|#]+)(?:#[^\[\]|]*)?(?:\|([^\[\]]*))?\]\]")
# A time anchor is `<a … yt-timestamp …>words</a>` with the white space before it; _time_anchors finds each one in
# linear time (a pattern for it backtracks: a 64 KB line of `<a yt-timestamp ` took minutes).
ANCHOR_OPEN = re.compile(r"<a\b", re.IGNORECASE)
ANCHOR_CLOSE = re.compile(r"</a>", re.IGNORECASE)
STAMP_WORD = re.compile(r"\byt-timestamp\b", re.IGNORECASE)
DATA_T = re.compile(r"""data-t\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
# White space before a break is taken from where its run starts only, so no run is scanned twice.
BREAK = re.compile(r"(?:(?<!\s)\s+)?<br\s*/?>\s*", re.IGNORECASE)
OTHER_TAG = re.compile(r"</?(?:span|div|font|small|b|i|u|em|strong|p)\b[^<>]*>", re.IGNORECASE)
ATTRIBUTION = re.compile(r"(?:From|By|Source|Host):\s*", re.IGNORECASE)
CALLOUT = re.compile(r"^\[!(\w[\w-]*)\][+-]?\s*(.*)$")
HEADING = re.compile(r"(#{1,6})\s+")
QUOTE_KINDS = {"quote", "cite"}
CROSSREF_SCHEME = "#wiki:"
BARE_AT = re.compile(r"(?<![\\\w])@(?=\w)")


def split_front_matter(source: SourceText) -> tuple[dict[str, Any], int]:
    """Parse YAML front matter; return it and the index of the first body line."""
    lines = source.lines
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            data = parse_yaml("\n".join(lines[1:end]), source.shown_as, first_line=2)
            if data is None:
                data = {}
            if not isinstance(data, dict):
                raise BookError(
                    "front matter is not a list of `key: value` lines",
                    "write the front matter as `title: ...` lines between `---` lines",
                    source.shown_as,
                    2,
                )
            return data, end + 1
    raise BookError(
        "front matter opened with `---` is never closed",
        "add a line `---` after the front matter",
        source.shown_as,
        1,
    )


def wiki_label(target: str, label: str | None) -> str:
    """The words a wiki-link shows: its label, or its target made readable."""
    if label and label.strip():
        return label.strip()
    return target.strip().replace("_", " ")


def _embed(match: re.Match[str]) -> str:
    """An embedded picture, `![[map.png|A map]]`, as a Markdown image (a number after | is a width, not words)."""
    target, label = match.group(1).strip(), (match.group(2) or "").strip()
    if media_type(target) is None:
        return match.group(0)[1:]
    alt = "" if re.fullmatch(r"\d+(x\d+)?", label) else label
    return f"![{alt}](<{target}>)"


class _NoteMaker:
    """Turns time anchors into numbered notes that cite the video at that time."""

    def __init__(self, shown_as: str, options: ReaderOptions, video: str) -> None:
        self.shown_as = shown_as
        self.options = options
        self.video = video
        self.notes: list[Note] = []

    def anchor(self, whole: str, words: str, line: int) -> str:
        """Replace one anchor (its whole markup, and the words it shows) by a note call."""
        found = DATA_T.search(whole)
        stamp = found.group(1) if found else words.strip("[] ")
        seconds = parse_stamp(stamp)
        if seconds is None:
            self.options.warnings.add(f"time stamp {stamp!r} is not a time; left out", self.shown_as, line)
            return ""
        note_id = f"t{len(self.notes) + 1}"
        shown = display_stamp(seconds)
        link = at_time(self.video, seconds) if self.video else ""
        where = f"[{shown}]({link})" if link else shown
        key = self.options.reference_key
        text = f"[@{key}, at {where}]." if key else f"At {where}."
        self.notes.append(Note(note_id, "source-time", text, Provenance(self.shown_as, line), key, link, seconds))
        return f"[^{note_id}]"


def _time_anchors(text: str) -> list[tuple[int, int, int, int]]:
    r"""Each time anchor's (start, end, words start, words end): `\s*<a\b[^>]*\byt-timestamp\b[^>]*>(.*?)</a>`."""
    stamps = [found.start() for found in STAMP_WORD.finditer(text)]
    anchors: list[tuple[int, int, int, int]] = []
    done = tag_end = close = 0  # the first `>` and `</a>` found last, kept while later openings share them
    for opened in ANCHOR_OPEN.finditer(text):
        if opened.start() < done:
            continue
        if tag_end < opened.end():
            tag_end = text.find(">", opened.end())
            if tag_end == -1:
                break
        stamp = bisect_left(stamps, opened.end())
        if stamp == len(stamps) or stamps[stamp] > tag_end:
            continue
        if close <= tag_end:
            closing = ANCHOR_CLOSE.search(text, tag_end + 1)
            if closing is None:
                break
            close = closing.start()
        start = opened.start()
        while start > done and text[start - 1].isspace():
            start -= 1
        anchors.append((start, close + 4, tag_end + 1, close))
        done = close + 4
    return anchors


def _replace_time_anchors(text: str, line: int, notes: _NoteMaker) -> str:
    """Each time anchor replaced by its note call."""
    if "<" not in text:
        return text
    pieces, done = [], 0
    for start, end, words_start, words_end in _time_anchors(text):
        pieces += [text[done:start], notes.anchor(text[start:end], text[words_start:words_end], line)]
        done = end
    return "".join(pieces) + text[done:]


def _heading(line: str) -> tuple[int, str] | None:
    r"""A heading's level and words: `^(#{1,6})\s+(.*?)\s*#*\s*$`, without backtracking."""
    opened = HEADING.match(line)
    return (len(opened.group(1)), line[opened.end():].rstrip().rstrip("#").rstrip()) if opened else None


def _attribution(line: str) -> str | None:
    r"""The name in a `By: …` line (stripped): `^(?:From|By|Source|Host):\s*(.+?)\s*$`, without backtracking."""
    opened = ATTRIBUTION.match(line)
    return (line[opened.end():].rstrip() or None) if opened else None


def _inline(text: str, line: int, notes: _NoteMaker) -> str:
    """Clean one line of note Markdown: anchors to notes, wiki-links, stray markup."""
    text = BARE_AT.sub(r"\\@", text)
    text = _replace_time_anchors(text, line, notes)
    text = BREAK.sub(" ", text)
    hostile = strip_markup(OTHER_TAG.sub("", text))[1]
    text = strip_markup(text)[0]
    text, unlinked = clean_markdown_links(text)
    if hostile or unlinked:
        notes.options.warnings.add("HTML markup or an unsafe link was removed", notes.shown_as, line)
    text = WIKI_EMBED.sub(_embed, text) if "![[" in text else text
    text = WIKI_LINK.sub(
        lambda m: f"[{wiki_label(m.group(1), m.group(2))}]({CROSSREF_SCHEME}{m.group(1).strip()})", text
    )
    text = unescape_entities(text)
    return normalise_space(text)


def _blocks(body: list[tuple[int, str]], notes: _NoteMaker, shown_as: str) -> tuple[list[Block], str]:
    """Cut the body into headings, paragraphs and callouts; return them and the attribution."""
    blocks: list[Block] = []
    attribution = ""
    index = 0
    while index < len(body):
        number, line = body[index]
        stripped = line.strip()
        index += 1
        if not stripped or BREAK.fullmatch(stripped):
            continue
        who = _attribution(BREAK.sub(" ", stripped).strip()) if not blocks and not attribution else None
        if who:
            found = WIKI_LINK.search(who)
            attribution = wiki_label(found.group(1), found.group(2)) if found else who
            continue
        heading = _heading(stripped)
        if heading:
            text = _inline(heading[1], number, notes)
            blocks.append(Block("heading", text, Provenance(shown_as, number), level=heading[0]))
            continue
        if stripped.startswith(">"):
            quoted = [(number, stripped)]
            while index < len(body) and body[index][1].strip().startswith(">"):
                quoted.append((body[index][0], body[index][1].strip()))
                index += 1
            blocks.append(_quotation(quoted, notes, shown_as))
            continue
        para = [(number, stripped)]
        while index < len(body) and body[index][1].strip() and not _starts_block(body[index][1]):
            para.append((body[index][0], body[index][1].strip()))
            index += 1
        text = " ".join(_inline(t, n, notes) for n, t in para)
        if text:
            blocks.append(Block("paragraph", text, Provenance(shown_as, number)))
    return blocks, attribution


def _starts_block(line: str) -> bool:
    """Whether a line opens a heading or a quotation."""
    stripped = line.strip()
    return bool(_heading(stripped)) or stripped.startswith(">")


def _quotation(quoted: list[tuple[int, str]], notes: _NoteMaker, shown_as: str) -> Block:
    """A `>` run: a titled quotation or callout when it opens with `[!kind] Title`."""
    first_line = quoted[0][0]
    inner = [(n, re.sub(r"^>\s?", "", text)) for n, text in quoted]
    title, style = "", ""
    callout = CALLOUT.match(inner[0][1].strip())
    if callout:
        style = callout.group(1).lower()
        title = _inline(callout.group(2), first_line, notes)
        inner = inner[1:]
    paragraphs: list[str] = []
    current: list[str] = []
    for number, text in inner:
        if text.strip():
            current.append(_inline(text, number, notes))
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    kind: BlockKind = "quotation" if not style or style in QUOTE_KINDS else "callout"
    return Block(kind, "\n\n".join(paragraphs), Provenance(shown_as, first_line), title=title, style=style)


def read_wiki_note(source: SourceText, options: ReaderOptions) -> SourceDocument:
    """Read a podcast-wiki note into one chapter with its time notes and attribution."""
    front, start = split_front_matter(source)
    title = str(front.get("title") or "").strip()
    video_id = str(front.get("videoId") or front.get("video_id") or front.get("youtube") or "").strip()
    video = video_url(video_id) if video_id else str(front.get("url") or front.get("source") or "").strip()
    notes = _NoteMaker(source.shown_as, options, video)
    body = [(n, line) for n, line in enumerate(source.lines, start=1)][start:]
    blocks, attribution = _blocks(body, notes, source.shown_as)
    if blocks and blocks[0].kind == "heading" and blocks[0].level == 1:
        title = title or blocks[0].text
        if blocks[0].text == title:
            blocks = blocks[1:]
    if not title:
        title = source.path.stem.replace("_", " ").replace("-", " ").strip().capitalize()
        options.warnings.add("has no title in its front matter; named after the file", source.shown_as, 1)
    if not blocks:
        raise BookError("has front matter but no text", "add the note's text below the front matter", source.shown_as)
    if notes.notes and not video:
        options.warnings.add(
            "has time stamps but no `videoId` or `url` in its front matter; the notes cannot link to the video",
            source.shown_as,
            1,
        )
    chapter = Chapter(
        title,
        blocks,
        Provenance(source.shown_as, start + 1),
        attribution=attribution,
        notes=notes.notes,
        metadata={k: front[k] for k in sorted(front) if isinstance(front[k], (str, int, float))},
    )
    reference: dict[str, Any] = {"type": "motion_picture", "genre": "Video", "title": title}
    if video:
        reference["URL"] = video
    if attribution:
        reference["author"] = [{"literal": attribution}]
    # Dates as ISO text, like every other value a reader gives: the content cache keeps plain data only.
    kept = {key: value.isoformat() if isinstance(value, date) else value for key, value in front.items()}
    return SourceDocument(KIND, title, [chapter], reference, {"front_matter": kept})
