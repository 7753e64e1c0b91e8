"""The plain-text (and markdown) cleaner: page noise out, the article and its metadata kept.

Scraped text is a column of lines: site chrome at the top, the headline (sometimes twice),
a byline and date, the body, then link lists, bios, prompts and footers. The cleaner
labels each line with general evidence, in this order:

1. user-editable patterns of calls to action, navigation, ads, credits, footers
   (`data/boilerplate.yaml`, short lines only) and lines another document of the same
   publisher also has (`boilerplate`, counted by the stage's `prepare`);
2. link lists ("LABEL: Some Headline" without a sentence end);
3. metadata lines (dates, bylines, "Written By", copyright), which are moved to fields;
4. repetition inside the document (a bio printed twice is dropped entirely, other
   repeats keep their first copy) and author bios near the end;
5. position: the headline is the first heading-like line (short lines above it are site
   chrome); short non-sentence lines after the last sentence are trailing chrome.

The title line is removed from `text` (reason "metadata:title") and reported in `title`;
body headings stay. Bullet glyphs and indentation are stripped, the item is kept. Lines of
one block that are a hard-wrapped paragraph are joined with a space; blocks are separated
by a blank line. Every removal is recorded with its reason and 1-based input line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from ..model import Removal
from . import metadata as meta
from .patterns import Pattern, match_reason

# Line breaks of all kinds; the line numbers in removals count these.
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x7f\u200b-\u200d\u2060\ufeff\ufffe]")
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_UNTIDY = re.compile(r"[^\S ]|  |[\x00-\x08\x0e-\x1b\x7f\u200b-\u200d\u2060\ufeff\ufffe]")
_BULLET = re.compile(r"^[•◦▪▫●○·‣⁃∙■□➢►▶✓✔*+\-–—]\s+")
_FOOTNOTES = re.compile(r"(?:\s*\[\d{1,3}\])+$")
_TERMINAL = re.compile(r"[.!?…:;][\"'”’»)\]]*$|[\"'”’»]$")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})
_NON_WORD = re.compile(r"[\W_]+")
_NO_WORDS = re.compile(r"^[\W_]*$")
# "MORE: Some Headline", "WATCH - Some Headline": an upper-case label introducing a link.
_LINK_LABEL = re.compile(r"^(?P<label>[A-Z][A-Z'’ ]{1,24})\s*[:|»›>]\s+(?P<rest>\S.*)$")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*$")
_MARKDOWN_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^)]*\))+(?:\s+\"[^\"]*\")?\)")
_MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MARKDOWN_RULE = re.compile(r"^(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")

TITLE_MAX_WORDS = 30
CHROME_MAX_WORDS = 12  # trailing lines longer than this are never "chrome"
BYLINE_AREA = 12  # content lines at the top where a bare date or a byline belongs


@dataclass
class Line:
    number: int  # 1-based line number in the input
    source: str  # the stripped input line (what a removal quotes)
    text: str  # the line as it goes into the body (bullet glyph and extra spaces gone)
    block: int  # paragraph index: blank lines separate blocks
    bullet: bool = False
    heading: bool = False  # a markdown heading
    reason: str | None = None

    # Computed on first use, after `split_lines` has settled `text` (bullet and markdown stripped).
    @cached_property
    def words(self) -> int:
        return len(self.text.split())

    @cached_property
    def key(self) -> str:
        """Normalised form, to recognise the same line printed twice."""
        return _key(self.text)


@dataclass
class Cleaned:
    text: str
    removed: list[Removal] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    published: str | None = None
    publisher: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)


def _key(text: str) -> str:
    """Case, spacing and punctuation folded. Long lines only fold quotes and spacing: a
    Unicode-wide punctuation regex costs about a millisecond per paragraph, and a paragraph
    printed twice differs, if at all, in its quote characters."""
    folded = text.casefold()
    if len(folded) <= 200:
        return _NON_WORD.sub(" ", folded).strip()
    return " ".join(folded.translate(_QUOTES).split())


def normalise_key(line: str) -> str:
    """The repetition key of a raw line (used across documents by the stage's prepare)."""
    return _key(_SPACES.sub(" ", _INVISIBLE.sub("", line)).strip())


def split_lines(text: str, *, markdown: bool = False) -> list[Line]:
    """Cut the input into non-blank lines, remembering blocks, bullets and markdown headings."""
    lines: list[Line] = []
    block = 0
    for number, raw in enumerate(_LINE_BREAK.split(text), start=1):
        source = raw.strip()
        # Most lines are already tidy: one scan to check is cheaper than two substitutions.
        display = _SPACES.sub(" ", _INVISIBLE.sub("", raw)).strip() if _UNTIDY.search(raw) else source
        if not display:
            block += 1
            continue
        line = Line(number, source or display, display, block)
        if markdown:
            _apply_markdown(line)
        bullet = _BULLET.match(line.text)
        if bullet and len(line.text) > bullet.end():
            line.text, line.bullet = line.text[bullet.end():], True
        lines.append(line)
    return lines


def _apply_markdown(line: Line) -> None:
    if _MARKDOWN_RULE.match(line.text):
        line.reason = "separator"
        return
    heading = _MARKDOWN_HEADING.match(line.text)
    if heading:
        line.text, line.heading = heading.group(1) or line.text, True
    if line.text.startswith(">"):
        line.text = line.text.lstrip("> ").strip() or line.text
    without_images = _MARKDOWN_IMAGE.sub("", line.text).strip()
    if not without_images:
        line.reason = "image"
        return
    text = _MARKDOWN_LINK.sub(r"\1", without_images)
    line.text = _MARKDOWN_EMPHASIS.sub(r"\2", text)


def is_sentence(text: str) -> bool:
    """Ends like a sentence (footnote markers aside) and is more than a word or two."""
    core = _FOOTNOTES.sub("", text)
    return bool(_SENTENCE_END.search(core)) and len(core.split()) >= 3


def is_heading_like(line: Line) -> bool:
    core = _FOOTNOTES.sub("", line.text)
    return 3 <= len(core.split()) <= TITLE_MAX_WORDS and not core.endswith((".", ",", ";", ":"))


def clean_plain(
    text: str,
    patterns: tuple[Pattern, ...],
    *,
    markdown: bool = False,
    boilerplate: frozenset[str] = frozenset(),
    positional: bool = True,
) -> Cleaned:
    """Clean one plain-text or markdown article.

    `boilerplate` holds keys of lines seen in other documents of the same group.
    `positional=False` skips the rules based on position (headline, leading and trailing
    chrome), for text an extractor has already cut to the article body.
    """
    lines = split_lines(text, markdown=markdown)
    found: dict[str, list[meta.Found]] = {"published": [], "author": [], "publisher": []}
    _mark_patterns(lines, patterns)
    _mark_cross_document(lines, boilerplate)
    _mark_link_lists(lines)
    _mark_metadata(lines, found)
    _mark_repeats_and_bios(lines, found)
    title = _mark_title(lines) if positional else None
    if positional:
        _mark_trailing_chrome(lines)
    _keep_something(lines)
    cleaned = Cleaned(_assemble(lines))
    cleaned.removed = [Removal(line.source, line.reason, line.number) for line in lines if line.reason]
    if title is not None and title.reason == "metadata:title":
        cleaned.title = title.text
        cleaned.provenance["title"] = "text: headline line"
    for name, candidates in found.items():
        if candidates:
            best = _best(name, candidates)
            setattr(cleaned, name, best.value)
            cleaned.provenance[name] = best.how
    return cleaned


def _content(lines: list[Line]) -> list[Line]:
    return [line for line in lines if line.reason is None]


def _mark_patterns(lines: list[Line], patterns: tuple[Pattern, ...]) -> None:
    for line in lines:
        if line.reason is None:
            if _NO_WORDS.match(line.text):
                line.reason = "separator"
            else:
                line.reason = match_reason(patterns, line.text, line.words)


def _mark_cross_document(lines: list[Line], boilerplate: frozenset[str]) -> None:
    """Lines that other documents of the same publisher also print are chrome, unless that would gut the text."""
    if not boilerplate:
        return
    hits = [line for line in _content(lines) if line.key in boilerplate]
    total = sum(line.words for line in _content(lines))
    if hits and sum(line.words for line in hits) <= total / 2:  # two copies of one article: keep it
        for line in hits:
            line.reason = "boilerplate:publisher"


def _mark_link_lists(lines: list[Line]) -> None:
    for line in _content(lines):
        match = _LINK_LABEL.match(line.text)
        if match and len(match.group("label").split()) <= 3 and not is_sentence(match.group("rest")):
            line.reason = "link-list"


def _mark_metadata(lines: list[Line], found: dict[str, list[meta.Found]]) -> None:
    """Dates, bylines and copyright lines: record the value, drop the line."""
    content = _content(lines)
    top = {id(line) for line in content[:BYLINE_AREA]}
    for index, line in enumerate(content):
        if line.words > 16:
            continue
        author, dated = meta.byline(line.text)
        if author:
            found["author"].append(author)
            if dated:
                found["published"].append(dated)
            line.reason = "metadata:author"
            continue
        if meta.is_written_by_label(line.text):
            line.reason = "metadata:author"
            following = content[index + 1] if index + 1 < len(content) else None
            name = following and meta.name_line(following.text)
            if name:
                found["author"].append(meta.Found("author", name, "text: 'Written By' line"))
                following.reason = "metadata:author"
            continue
        near_byline = id(line) in top or any(
            other.reason == "metadata:author" for other in content[max(0, index - 2): index + 3]
        )
        dated = meta.date_line(line.text, in_byline_area=near_byline)
        if dated:
            found["published"].append(dated)
            line.reason = "metadata:published"
    for line in lines:
        if line.reason in ("footer", None) and line.words <= 20:
            holder = meta.copyright_holder(line.text)
            if holder:
                found["publisher"].append(holder)
                line.reason = line.reason or "footer"


def _mark_repeats_and_bios(lines: list[Line], found: dict[str, list[meta.Found]]) -> None:
    """A block printed twice keeps its first copy; an author bio (once or twice, near the end) goes."""
    copies: dict[str, list[Line]] = {}
    for line in lines:
        if line.reason is None:
            copies.setdefault(line.key, []).append(line)
    content = _content(lines)
    late = {id(line) for line in content[int(len(content) * 0.6):]}
    for same in copies.values():
        profile = meta.bio(same[0].text)
        repeated_bio = len(same) > 1 and profile is not None
        if profile and (repeated_bio or id(same[0]) in late):
            author, publisher = profile
            found["author"].append(author)
            if publisher:
                found["publisher"].append(publisher)
            for line in same:
                line.reason = "author-bio"
        elif len(same) > 1:
            for line in same[1:]:
                line.reason = "repeated"


def _mark_title(lines: list[Line]) -> Line | None:
    """The headline is the first heading-like content line; short lines above it are site chrome."""
    above: list[Line] = []
    title = None
    content = _content(lines)
    for index, line in enumerate(content):
        following = content[index + 1] if index + 1 < len(content) else None
        wrapped = following is not None and following.block == line.block and _continues(line, following)
        if line.heading or (is_heading_like(line) and not line.bullet and not wrapped):
            title = line
            break
        if line.words <= 3 and not is_sentence(line.text) and not line.bullet:
            above.append(line)
            continue
        break
    if title is None:
        if above and any(is_sentence(line.text) for line in _content(lines)):
            for line in above:
                line.reason = "site-chrome"
        return None
    for line in above:
        line.reason = "site-chrome"
    title.reason = "metadata:title"
    for line in lines:
        if line is not title and line.key == title.key and line.reason in (None, "repeated"):
            line.reason = "repeated-title"
    return title


def _mark_trailing_chrome(lines: list[Line]) -> None:
    """After the last sentence, short lines that are not sentences or list items are page furniture."""
    content = _content(lines)
    if not any(is_sentence(line.text) for line in content):
        return
    for line in reversed(content):
        if line.bullet or is_sentence(line.text) or line.words > CHROME_MAX_WORDS:
            return
        line.reason = "trailing-chrome"


def _keep_something(lines: list[Line]) -> None:
    """When the evidence removed every line, put back what only position removed (a one-line input is its own body)."""
    if _content(lines):
        return
    for line in lines:
        if line.reason in ("metadata:title", "site-chrome", "trailing-chrome", "repeated-title"):
            line.reason = None


def _continues(previous: Line, line: Line) -> bool:
    """True when `line` continues a hard-wrapped paragraph instead of starting a new line of its own."""
    if line.bullet or previous.bullet or line.heading or previous.heading:
        return False
    first = line.text[0]
    if first.islower():
        return True
    tail = previous.text[-1]
    return tail in ",;-–—" or (len(previous.text) >= 60 and tail.isalnum() and not _TERMINAL.search(previous.text))


def _assemble(lines: list[Line]) -> str:
    paragraphs: list[str] = []
    previous: Line | None = None
    for line in _content(lines):
        if previous is None or line.block != previous.block:
            paragraphs.append(line.text)
        elif _continues(previous, line):
            paragraphs[-1] += " " + line.text
        else:
            paragraphs[-1] += "\n" + line.text
        previous = line
    return "\n\n".join(paragraphs).strip()


_PRIORITY = {
    "published": ("'published", "'posted", "'first published", "'originally published", "'released", "byline", "'date", "'dated", "'last updated", "'updated", "'modified", "'last modified", "date line"),
    "author": ("'by' line", "'author:' line", "'written by' line", "author bio"),
    "publisher": ("author bio", "copyright line"),
}


def _best(name: str, candidates: list[meta.Found]) -> meta.Found:
    """The most explicit of several findings (a "Published" line beats an "Updated" one), earliest first on ties."""
    order = _PRIORITY[name]

    def rank(item: tuple[int, meta.Found]) -> tuple[int, int]:
        index, found = item
        how = found.how.lower()
        for position, cue in enumerate(order):
            if cue in how:
                return position, index
        return len(order), index

    return min(enumerate(candidates), key=rank)[1]
